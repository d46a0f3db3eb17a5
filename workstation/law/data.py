"""Reading the legal data files of ``resources/law`` (parsed once per process) and the small helpers every
law module shares: Chinese explanation templates from the files' ``[texts]`` tables, input checks that name
the bad field, dates, amounts as officers read them and exact ratios written as decimals."""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import re
import threading
import tomllib
from contextlib import AbstractContextManager
from fractions import Fraction
from pathlib import Path
from stat import S_ISREG

from workstation import read_once
from workstation.errors import ValidationError, WorkstationError, join_sentences, os_reason
from workstation.i18n import N_, _
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


def keep_aside(name: str, data_dir: str | Path | None = None) -> Path:
    """Move the bureau's copy of ``<name>.toml`` (``own_file``) aside, to ``law/<name>.<YYYYmmddTHHMMSS>.toml`` beside
    it (Beijing time; ``-2``, ``-3`` … after it when that name is taken), where the program no longer reads it: what
    ``law reset`` and ``law copy --force`` do with the copy they replace, so that an edit is never lost. Where it
    went; OSError when it cannot be moved (it is then left in place)."""
    import os

    from workstation.records import now

    path = own_file(name, data_dir)
    stamp = dt.datetime.fromisoformat(now()).strftime("%Y%m%dT%H%M%S")
    kept, n = path.with_name(f"{name}.{stamp}.toml"), 1
    while kept.exists():
        n += 1
        kept = path.with_name(f"{name}.{stamp}-{n}.toml")
    os.replace(path, kept)
    return kept


def load(name: str) -> dict:
    """The parsed legal data file ``<name>.toml`` in force: the bureau's own copy in the data directory in use
    (``own_file``: read again as soon as it changes) when it passes the file's checks, else the shipped
    ``resources/law/<name>.toml``, parsed once per process (one dict shared by every caller, which must not change
    it); WorkstationError naming the file if the shipped one is missing or damaged. A copy that fails its checks is
    not used: the shipped values are, and the problem is logged and said (``problems``). Within ``law_read_once``
    the bureau's copy is looked at once (the file in force then given again)."""
    if read_once.active(_READ_ONCE):  # read again when another data directory was chosen since
        return read_once.held(_READ_ONCE, None, name, lambda: _in_force(name), (resolve_data_dir(None),))
    return _in_force(name)


def _in_force(name: str) -> dict:
    own = _own(name)
    return own if own is not None else _shipped(name)


#: the files in force within ``law_read_once`` in this thread, by name (``read_once.held``)
_READ_ONCE = read_once.kept("law_read_once")


def law_read_once() -> AbstractContextManager[None]:
    """Within it, ``load`` looks at the bureau's copy of each file once (a stat each time otherwise: a case context
    loads the files a hundred times) and gives the file in force then; a copy written, changed or removed in the
    meantime is read at the next ``load`` after it ends. Nested, the outermost one holds. Per thread
    (``read_once.scope``: the background's reading ahead, ``workstation.warmup``, looks as before). Also a
    decorator."""
    return read_once.scope(_READ_ONCE)


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


#: ``own_file`` of the data directory in use as a string, by (data directory, name): ``load`` runs tens of thousands of
#: times a session, and the path's joins cost more than the stat that tells whether the copy changed
_OWN_PATHS: dict[tuple[Path, str], str] = {}


def _own(name: str) -> dict | None:
    """The bureau's copy of ``<name>.toml`` in the data directory in use, when there is one that passes its checks:
    looked at with one stat on every call (read again as soon as it appears, changes or goes), its parse taken from
    ``_OWN`` while its size and modification time are those it was read at (``read_when_changed``'s key)."""
    folder = resolve_data_dir(None)
    where = _OWN_PATHS.get((folder, name))
    if where is None:
        if len(_OWN_PATHS) > 256:  # data directories of a long session (tests): kept small
            _OWN_PATHS.clear()
        where = _OWN_PATHS[(folder, name)] = str(own_file(name, folder))
    try:
        stat = os.stat(where)
    except (OSError, ValueError) as exc:
        # none there: the usual case, told without more; any other error as ``Path.is_file`` tells it (raised or not)
        if getattr(exc, "errno", None) in (errno.ENOENT, errno.ENOTDIR) or not Path(where).is_file():
            return None
    else:
        if not S_ISREG(stat.st_mode):
            return None
        kept = _OWN.get(name)
        read = kept.get((where, stat.st_mtime_ns, stat.st_size)) if kept else None
        if read is not None:
            return read[0]
    return _own_read(name, Path(where))[0]


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
    file = _LawFile(path, text, own=name if own is not None else None)
    if check is not None:
        check(file, data)
    if own is not None:  # a bureau's copy: what the law fixes kept, no amount ten times away from the shipped one
        _check_against_shipped(file, data)
    return data


def _bureau_end(said: str, name: str) -> str:
    """A bureau's copy's problem with what to do: correct the copy, or remove it."""
    return join_sentences([said, _("Until it is corrected the values supplied with the program are used; correct the "
                                   "copy, or remove it with `law reset {name}`.").format(name=name)])


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
            found = list(_header_pattern(header).finditer(self.text))
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

    def headed(self, header: str) -> bool:
        """Whether a table of the file is headed ``header`` ([legal_review.party_classes]), not written inline."""
        return _header_pattern(header).search(self.text) is not None


def _header_pattern(header: str) -> re.Pattern:
    """The line of a table's header ``header`` ([hearing], [[clock]]), a comment after it allowed."""
    return re.compile(rf"^[ \t]*{re.escape(header)}[ \t]*(?:#.*)?$", re.MULTILINE)


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


#: the longest period of a time limit in each unit (ten years): no time limit of the law comes near it, a longer one
#: is a slip of the keyboard (15000 for 15)
CLOCK_PERIOD_MAX = {"wd": 2_500, "cd": 3_650, "months": 120, "hours": 87_600}
#: the keys of a [[clock]] naming a case status (``clocks.ClockRule.running``, ``outlives``)
_CLOCK_STATUS_LISTS = ("running", "outlives")
#: the keys of a [[clock]] naming a kind of clock event (an interval not counted, the event deferring or redoing it)
_CLOCK_EVENT_TEXTS = ("deferred_by", "start_deferred_by", "redone_by")


def _event_kinds() -> tuple[str, ...]:
    """The kinds of clock events the program records or reads from a case's steps and documents (``clocks``)."""
    from workstation import clocks

    return tuple(dict.fromkeys((*clocks.INTERVAL_KINDS, *clocks.POINT_KINDS, clocks.TRANSFERRED,
                                clocks.DECISION_CHANGED, clocks.PERFORMED, clocks.DECLINED)))


#: the shipped files ``_shipped_data`` parsed, by name: ((path, modification time, size), data)
_SHIPPED: dict[str, tuple[tuple[str, int, int], dict]] = {}


def _shipped_data(name: str) -> dict | None:
    """The shipped ``<name>.toml`` as it stands (not checked; kept, read-only, until the file at its path changes):
    what a bureau's copy is compared with, read apart from ``load`` (whose lock the copy's check holds); None when
    it cannot be read — then said of itself."""
    try:
        path = resource("law", f"{name}.toml")
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        kept = _SHIPPED.get(name)
        if kept is not None and kept[0] == key:
            return kept[1]
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    _SHIPPED[name] = (key, data)
    return data


def _shipped_of(file: _LawFile) -> dict:
    """The shipped file a bureau's copy (``file``) is compared with; {} for the shipped file itself."""
    return (_shipped_data(file.own) or {}) if file.own is not None else {}


def _quoted(values) -> str:
    return ", ".join(f'"{v}"' for v in values)


def check_clocks(file: _LawFile, data: dict) -> None:
    """clocks.toml as ``clocks._rules`` reads it: every [[clock]] with an id, a whole period of 0 or more (at most ten
    years) in a unit the engine counts, a start it knows, texts, lists and true/false where those are read; the case
    dates, statuses and kinds of events it names ones the program has. A bureau's copy keeps every time limit of the
    shipped file: the program looks them up by id (T1, T8 …), the events recorded on cases name them and they name
    one another."""
    from workstation.clocks import CASE_DATES
    from workstation.vocabulary import labels

    header = "[[clock]]"
    items = data.get("clock")
    if not isinstance(items, list) or not items or not all(isinstance(item, dict) for item in items):
        raise file.fail(_("the time limits must be written as [[clock]] tables"), "clock")
    ids = [item.get("id") for item in items]
    missing = [item.get("id") for item in _shipped_of(file).get("clock", ()) if isinstance(item, dict)
               and isinstance(item.get("id"), str) and item["id"] not in ids]
    if missing:
        raise file.fail(_("time limit {clock} of the shipped file is missing: the program counts it; copy its "
                          "[[clock]] table back from {shipped}").format(
            clock=missing[0], shipped=resource("law", "clocks.toml")), "clock")
    statuses, kinds = tuple(labels("statuses")), _event_kinds()
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
        if item["period"] > CLOCK_PERIOD_MAX[item["unit"]]:
            raise fail(_("time limit {clock}: period {value} is longer than ten years (at most {limit} in the unit "
                         "{unit}); no time limit of the law is that long").format(
                clock=clock, value=item["period"], limit=CLOCK_PERIOD_MAX[item["unit"]], unit=_shown(item["unit"])),
                       "period")
        start = item["start"]
        kind, _sep, ref = start.partition(":") if isinstance(start, str) else ("", "", "")
        if not (ref and kind in ("event", "end", "clock", "lead") or not _sep and start in CASE_DATES) \
                or kind == "clock" and ref not in ids:
            raise fail(_("time limit {clock}: start {value} is neither a case date ({dates}) nor event:…, end:…, "
                         "lead:… or clock:… naming a time limit of this file").format(
                clock=clock, value=_shown(start), dates=", ".join(CASE_DATES)), "start")
        if kind in ("event", "end") and ref not in kinds:
            raise fail(_("time limit {clock}: {key}: {value} is not a kind of event the program records ({kinds})"
                         ).format(clock=clock, key="start", value=_shown(ref), kinds=_quoted(kinds)), "start")
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
        for met in [done] if isinstance(done, str) else done:
            what, _sep, ref = met.partition(":")
            if met and not (not _sep and met in CASE_DATES or what == "event" and ref in kinds
                            or what == "lead" and ref and kind == "lead"):
                raise fail(_("time limit {clock}: done {value} is neither a case date ({dates}) nor event:… naming a "
                             "kind of event the program records ({kinds})").format(
                    clock=clock, value=_shown(met), dates=", ".join(CASE_DATES), kinds=_quoted(kinds)), "done")
        for key in _CLOCK_STATUS_LISTS:
            unknown = [v for v in item.get(key, ()) if v not in statuses]
            if unknown:
                raise fail(_("time limit {clock}: {key}: {value} is not a case status ({statuses})").format(
                    clock=clock, key=key, value=_shown(unknown[0]), statuses=_quoted(statuses)), key)
        named = [("excluded", v) for v in item.get("excluded", ())] + [
            ("replaced_by", v) for v in item.get("replaced_by", {})] + [
            (key, item[key]) for key in _CLOCK_EVENT_TEXTS if item.get(key)]
        for key, value in named:
            if value not in kinds:
                raise fail(_("time limit {clock}: {key}: {value} is not a kind of event the program records ({kinds})"
                             ).format(clock=clock, key=key, value=_shown(value), kinds=_quoted(kinds)), key)
        for value in item.get("start_instead", ()):
            what, _sep, ref = value.partition(":")
            if not (what == "clock" and ref in ids or what == "end" and ref in kinds):
                raise fail(_("time limit {clock}: {key}: {value} names neither a time limit of this file "
                             "(clock:…) nor the end of a kind of event the program records (end:…)").format(
                    clock=clock, key="start_instead", value=_shown(value)), "start_instead")
        # start_if: the engine starts the clock from the deadline of the time limit named (``clocks._Engine``:
        # clock:<id>, nothing else), and reads it only for a clock itself counted from another (start = "clock:…")
        for value in item.get("start_if", {}).values():
            what, _sep, ref = value.partition(":")
            if not (what == "clock" and ref in ids):
                raise fail(_("time limit {clock}: {key}: {value} does not name a time limit of this file as "
                             "clock:…").format(clock=clock, key="start_if", value=_shown(value)), "start_if")
        if item.get("start_if") and kind != "clock":
            raise fail(_("time limit {clock}: {key} is read only for a time limit counted from another (start = "
                         "\"clock:…\"), not from {value}").format(clock=clock, key="start_if", value=_shown(start)),
                       "start_if")
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


#: the party classes of thresholds.toml [party_classes] (``thresholds.party_class``)
PARTY_CLASSES = ("natural_person", "organisation")
#: how a money test counts the fine and the confiscation (``thresholds._money_test``)
COUNTINGS = ("separately", "together")
#: the procedures whose decisions [publication] procedures may name
PROCEDURES = ("ordinary", "simple")
_MONEY_TEST = {"source": "text", "natural_person_fen": "count", "organisation_fen": "count", "inclusive": "flag",
               "count": "text", "penalties": "texts"}
_MONEY_TEST_OPTIONAL = {"unconfirmed": "text", "party_classes": "table"}
#: each table of thresholds.toml: (its required keys, its optional keys), each with the kind ``_value_problem``
#: checks — "grounds" ([[<table>.grounds]]) and "patterns" (kind = [regular expressions]) checked apart; a key of
#: neither is refused (``bindng``), as read it would be passed over and the default used
THRESHOLD_TABLES: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "simple_procedure": ({"source": "text", "effective_from": "date", "natural_person_max_fen": "count",
                          "organisation_max_fen": "count", "penalties": "texts"}, {}),
    "on_the_spot_collection": ({"source": "text", "max_fen": "count"}, {}),
    "rectification_check": ({"working_days": "count", "interview_report_working_days": "positive"},
                            {"unconfirmed": "text"}),
    "hearing": (_MONEY_TEST, {**_MONEY_TEST_OPTIONAL, "negations": "texts", "words": "patterns"}),
    "limitation": ({"source": "text", "years": "count", "long_years": "count", "long_factor": "text"}, {}),
    "legal_review": ({**_MONEY_TEST, "grounds": "grounds"}, {**_MONEY_TEST_OPTIONAL, "binding": "flag"}),
    "collective_discussion": ({**_MONEY_TEST, "grounds": "grounds"}, {**_MONEY_TEST_OPTIONAL, "binding": "flag"}),
    "publication": ({"source": "text", "procedures": "texts", "not_published_alone": "texts",
                     "deadline_working_days": "count", "other_province_working_days": "count",
                     "short_period_months": "count", "long_period_months": "count", "short_period_penalties": "texts",
                     "lower_fine_natural_person_fen": "count", "lower_fine_organisation_fen": "count",
                     "lower_fine_unconfirmed": "text"},
                    {"party_classes": "table", "early_stop_min_months": "count", "early_stop_unconfirmed": "text",
                     "early_stop_barred": "texts", "words": "patterns"}),
    "late_payment": ({"source": "text", "rate_percent": "count", "rounding": "text"}, {"surcharge_base": "text"}),
}
#: the keys of thresholds.toml naming penalty kinds (keys of catalogue.toml [penalty_kinds])
_THRESHOLD_KINDS = ("penalties", "not_published_alone", "short_period_penalties", "early_stop_barred")
#: the most the law allows (fen; a percentage for the surcharge): the simple procedure's fine (Penalty Law art. 51),
#: a fine collected on the spot for its amount (art. 68 (1)), the surcharge a day (art. 72 (1): 3 % of the fine)
#: (lowest, highest, where the law says so)
LAW_LIMITS = {("simple_procedure", "natural_person_max_fen"): (0, 20_000, N_("Penalty Law art. 51")),
              ("simple_procedure", "organisation_max_fen"): (0, 300_000, N_("Penalty Law art. 51")),
              ("on_the_spot_collection", "max_fen"): (0, 10_000, N_("Penalty Law art. 68 (1)")),
              ("late_payment", "rate_percent"): (1, 3, N_("Penalty Law art. 72 (1)"))}


def _penalty_kinds() -> tuple[str, ...]:
    """The penalty kinds (catalogue.toml [penalty_kinds] of the shipped file); () when it cannot be read."""
    kinds = (_shipped_data("catalogue") or {}).get("penalty_kinds")
    return tuple(kinds) if isinstance(kinds, dict) else ()


def _refuse_unknown_keys(file: _LawFile, section: dict, shown: str, header: str | None, known, index: int = 0,
                        table: str | None = None, at_key: str | None = None) -> None:
    """A key of ``section`` the program does not read (a misspelt one: ``bindng``) refused, naming it and the keys it
    reads; ``table`` names the section in the refusal (the file's name for its top level), else ``header``. A table
    of the top level is found by its own header ([hearingg]); ``at_key``: the key whose line holds ``section`` (a
    table written inline, party_classes = { … }), found under ``header`` in place of the unknown key."""
    for key in section:
        if key not in known:
            at = f"[{key}]" if header is None and isinstance(section[key], dict) else header
            raise file.fail(_("{key}: unknown key; the keys of {table} are {known}").format(
                key=f"{shown}.{key}" if shown else key, table=table or header or shown, known=", ".join(known)),
                at_key or key, at, index)


def _check_choice(file: _LawFile, value: object, choices, name: str, key: str, header: str | None,
                  index: int = 0) -> None:
    if value not in choices:
        raise file.fail(_("{key} must be one of {choices}, not {value}").format(
            key=name, choices=_quoted(choices), value=_shown(value)), key, header, index)


def _check_patterns(file: _LawFile, patterns: list, name: str, key: str, header: str | None) -> None:
    """Regular expressions the program can compile (a bracket left open would stop the case's pages)."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise file.fail(_("{key}: {value} is not a regular expression the program can read ({reason})").format(
                key=name, value=_shown(pattern), reason=str(exc)), key, header) from None


def _check_party_classes(file: _LawFile, classes: object, shown: str, header: str, every: bool) -> None:
    """A table of party kinds (vocabulary [party_kinds]) to ``PARTY_CLASSES``; ``every``: each kind there. A refusal
    names the table itself ([legal_review.party_classes], not the [legal_review] it is in) and the line its key is
    on: under its own header, or the line of ``party_classes = { … }`` written inline in ``header``'s table."""
    from workstation.vocabulary import labels

    kinds = tuple(labels("party_kinds"))
    if not isinstance(classes, dict):
        raise file.fail(_("the table {table} is missing").format(table=header), shown.rsplit(".", 1)[-1])
    own = f"[{shown}]"
    at, at_key = (own, None) if own == header or file.headed(own) else (header, shown.rsplit(".", 1)[-1])
    _refuse_unknown_keys(file, classes, shown, at, kinds, table=own, at_key=at_key)
    for kind in kinds:
        if kind not in classes:
            if every:
                raise file.fail(_("{key} is missing").format(key=f"{shown}.{kind}"), at_key or kind, at)
            continue
        _check_choice(file, classes[kind], PARTY_CLASSES, f"{shown}.{kind}", at_key or kind, at)


def check_thresholds(file: _LawFile, data: dict) -> None:
    """thresholds.toml as ``thresholds``, ``surcharge`` and the review of a decision read it: each table of
    ``THRESHOLD_TABLES`` with the keys the program reads and no other, its amounts (fen), days, months, years and rates
    whole numbers of 0 or more (above 0 where a deadline needs a day: the interviewed party's report) within what the
    law allows (``LAW_LIMITS``), its flags true or false, its choices
    (``inclusive``, ``count``, a party's class, the rounding …) ones the program knows, the penalty kinds it names those
    of the catalogue, its patterns regular expressions and its [texts] as the program fills them (``_check_texts``)."""
    from workstation.law.surcharge import BASES, ROUNDINGS

    known_tables = ("party_classes", *THRESHOLD_TABLES, "texts", "texts_en")
    _refuse_unknown_keys(file, data, "", None, known_tables, table="thresholds.toml")
    _check_party_classes(file, data.get("party_classes"), "party_classes", "[party_classes]", every=True)
    kinds, shipped = _penalty_kinds(), _shipped_of(file)
    for table, (required, optional) in THRESHOLD_TABLES.items():
        header = f"[{table}]"
        section = data.get(table)
        if not isinstance(section, dict):
            raise file.fail(_("the table {table} is missing").format(table=header), table)
        _refuse_unknown_keys(file, section, table, header, (*required, *optional))
        _check_keys(file, section, table, header, required, optional)
        for key, value in section.items():
            name = f"{table}.{key}"
            limit = LAW_LIMITS.get((table, key))
            if limit is not None and not limit[0] <= value <= limit[1]:
                said = (_("{key} may be at most {high} fen ({amount}: {law}), not {value}") if key.endswith("_fen")
                        else _("{key} must be from {low} to {high} ({law}), not {value}"))
                raise file.fail(said.format(key=name, low=limit[0], high=f"{limit[1]:_}", amount=figures(limit[1]),
                                            law=_(limit[2]), value=f"{value:_}"), key, header)
            if key in _THRESHOLD_KINDS and kinds:
                unknown = [k for k in value if k not in kinds]
                if unknown:
                    raise file.fail(_("{key}: {value} is not a kind of [penalty_kinds]").format(
                        key=name, value=_shown(unknown[0])), key, header)
            if key == "party_classes":
                _check_party_classes(file, value, name, header, every=False)
            elif key == "negations":
                _check_patterns(file, value, name, key, header)
            elif key == "words":
                _check_words(file, value, name, header, kinds)
            elif key == "grounds":
                _check_grounds(file, value, table, (shipped.get(table) or {}).get("grounds"))
        for key, choices in (("count", COUNTINGS), ("rounding", ROUNDINGS), ("surcharge_base", BASES),
                             ("procedures", PROCEDURES)):
            for value in ([] if key not in section else section[key] if key == "procedures" else [section[key]]):
                _check_choice(file, value, choices, f"{table}.{key}", key, header)
    _check_texts(file, data)


def _check_words(file: _LawFile, words: object, name: str, header: str, kinds: tuple[str, ...]) -> None:
    """[<table>.words]: each penalty kind with the regular expressions recognising it in a text."""
    if not isinstance(words, dict):
        raise file.fail(_("{key} must be a table").format(key=name), "words", header)
    for kind, patterns in words.items():
        shown, at = f"{name}.{kind}", f"{header[:-1]}.words]"
        if kinds and kind not in kinds:
            raise file.fail(_("{key}: {value} is not a kind of [penalty_kinds]").format(
                key=name, value=_shown(kind)), kind, at)
        problem = _value_problem(patterns, "texts")
        if problem is not None:
            raise file.fail(_("{key} {problem}").format(key=shown, problem=problem.format(value=_shown(patterns))),
                            kind, at)
        _check_patterns(file, patterns, shown, kind, at)


def _check_grounds(file: _LawFile, grounds: object, table: str, shipped: object) -> None:
    """[[<table>.grounds]]: each ground with its key (once), text and source; a bureau's copy keeping every ground
    of the shipped file (the program and the cases name them: ``decision_review``)."""
    header, shown = f"[[{table}.grounds]]", f"{table}.grounds"
    if not isinstance(grounds, list) or not all(isinstance(g, dict) for g in grounds):
        raise file.fail(_("{key} must be written as {header} tables").format(key=shown, header=header), "grounds")
    keys = []
    for index, ground in enumerate(grounds):
        _refuse_unknown_keys(file, ground, shown, header, ("key", "text", "text_en", "source"), index)
        _check_keys(file, ground, shown, header, {"key": "text", "text": "text", "source": "text"},
                    {"text_en": "text"}, index)
        if ground["key"] in keys:
            raise file.fail(_("{key} is written twice").format(key=f"{shown}.{ground['key']}"), "key", header, index)
        keys.append(ground["key"])
    for ground in shipped if isinstance(shipped, list) else ():
        if isinstance(ground, dict) and ground.get("key") not in keys:
            raise file.fail(_("{key} of the shipped file is missing: the program and the cases name it; copy it back "
                              "from {shipped}").format(key=f"{shown}.{ground.get('key')}",
                                                       shipped=resource("law", "thresholds.toml")), "grounds")


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
    """The [texts] (and [texts_en]) tables of explanation templates: texts in quotes whose braces pair up; in a
    bureau's copy, [texts] with every template of the shipped file and no other, each naming the values the shipped
    one names (``text`` fills those alone: another is a refusal where the explanation is shown, one left out a value
    no longer said), [texts_en] only templates of the shipped file naming values the shipped ones name."""
    _check_keys(file, data, "", None, {"texts": "table"}, {"texts_en": "table"})
    shipped = _shipped_of(file)
    for table in ("texts", "texts_en"):
        header = f"[{table}]"
        for key, template in data.get(table, {}).items():
            _placeholders(file, template, f"{table}.{key}", key, header)
        if not shipped:
            continue
        ours, theirs = data.get(table, {}), shipped.get(table, {})
        for key, new in RETIRED_TEXTS.get(file.own or "", {}).items():
            if key in ours and key not in theirs:  # a copy of an earlier version: said as such, with what to do
                raise file.fail(_("{key} is a text of an earlier version of this file, which the program no longer "
                                  "uses: the file now has {new} in its place, saying something else. Start again "
                                  "from the shipped file with `law copy {name} --force` (the copy is set aside, not "
                                  "lost) and make the bureau's changes in the new copy").format(
                    key=f"{table}.{key}", new=f"{table}.{new}", name=file.own), key, header)
        if table == "texts":
            for key in theirs:
                if key not in ours and key not in ADDED_TEXTS.get(file.own or "", ()):
                    raise file.fail(_("{key} is missing").format(key=f"texts.{key}"), key, header)
        for key, template in ours.items():
            model = theirs.get(key) or (shipped.get("texts", {}).get(key) if table == "texts_en" else None)
            if not isinstance(model, str):
                raise file.fail(_("{key}: unknown key; the keys of {table} are {known}").format(
                    key=f"{table}.{key}", table=header, known=", ".join(theirs)), key, header)
            names, wanted = _placeholders(file, template, f"{table}.{key}", key, header), _template_names(model)
            if names != wanted if table == "texts" or key in theirs else not names <= wanted:
                raise file.fail(_("{key} must name the values {wanted} as the shipped text does, not {names}").format(
                    key=f"{table}.{key}", wanted=_braced(wanted), names=_braced(names)), key, header)


#: the [texts] templates of earlier versions of a file replaced by another that says something else, by file: {old key:
#: the key in its place}. A bureau's copy made from an earlier version still holding one is refused naming it and how
#: to start again (``_check_texts``), rather than only as lacking the new one: criminal.toml's not_covered said a case
#: of unsolicited messages alone was no ground for the police, which its check_obtained no longer does (session 61)
RETIRED_TEXTS: dict[str, dict[str, str]] = {"criminal": {"not_covered": "check_obtained"}}
#: the [texts] templates added to a file since bureaus may have copied it, by file: a copy without one stays in force,
#: and ``text`` fills the shipped template in its place (catalogue.toml's separate acts, session 66)
ADDED_TEXTS: dict[str, tuple[str, ...]] = {"catalogue": ("acts", "act", "act_separator")}


def _template_names(template: str) -> frozenset[str] | None:
    """The values a template names ({amount}, {party} …); None when its braces do not pair up."""
    import string

    try:
        return frozenset(re.split(r"[.\[!:]", field)[0] for _text, field, _spec, _conv in
                         string.Formatter().parse(template) if field is not None)
    except ValueError:
        return None


def _placeholders(file: _LawFile, template: str, name: str, key: str, header: str) -> frozenset[str]:
    names = _template_names(template)
    if names is None:
        raise file.fail(_("{key}: the braces {{ }} of the text do not pair up").format(key=name), key, header)
    return names


def _braced(names) -> str:
    return ", ".join("{" + n + "}" for n in sorted(names)) or "—"


def check_criminal(file: _LawFile, data: dict) -> None:
    """criminal.toml as ``criminal`` reads it: its amounts (fen), item numbers and years whole numbers of 0 or more,
    each category's threshold, the divisor and the multiple above 0, its lists and labels texts, its violations
    violation types (vocabulary [violations]) and its categories those a case counts (vocabulary
    [record_categories]: trace, sensitive, other), each of them."""
    from workstation.vocabulary import labels

    _check_keys(file, data, "", None, {
        "source": "text", "combined_item": "count", "gains_fen": "count", "gains_item": "count",
        "duty_divisor": "positive", "duty_item": "count", "especially_multiple": "positive", "prior_years": "count",
        "violations": "texts"}, {"effective_from": "date"})
    violations = tuple(labels("violations"))
    unknown = [v for v in data["violations"] if v not in violations]
    if unknown:
        raise file.fail(_("{key}: {value} is not a violation type ({known})").format(
            key="violations", value=_shown(unknown[0]), known=_quoted(violations)), "violations")
    categories = data.get("categories")
    if not isinstance(categories, dict) or not categories:
        raise file.fail(_("the table {table} is missing").format(table="[categories.…]"), "categories")
    # the categories of personal information a case counts (``criminal.assess``: C trace, D sensitive, E other), each
    # with its threshold: one missing would count its records as none, another would stop the assessment
    counted = tuple(labels("record_categories"))
    for key in categories:
        if key not in counted:
            raise file.fail(_("{key}: unknown key; the keys of {table} are {known}").format(
                key=f"categories.{key}", table="[categories.…]", known=", ".join(counted)), "categories",
                f"[categories.{key}]")
    for key in counted:
        if key not in categories:
            raise _bad_file(file.path, None, _("the table {table} is missing").format(table=f"[categories.{key}]"),
                            file.own)
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


#: the tiers of discretion.toml [tiers] no band of a style may name: ``discretion.tiers`` adds 减轻 below the statutory
#: minimum itself, and 不予处罚 imposes no fine
UNBANDED_TIERS = ("reduced", "no_penalty")
#: the effects a circumstance of discretion.toml [[factors]] may have (``discretion.suggest`` …)
FACTOR_EFFECTS = ("must_not_penalise", "may_not_penalise", "must_lighter", "may_lighter", "must_heavier",
                  "limitation_five_years")


def check_discretion(file: _LawFile, data: dict) -> None:
    """discretion.toml as ``discretion`` and ``case_law`` read it: a style of [styles], the tiers of the shipped
    [tiers], bands of tiers other than 减轻 and 不予处罚 (``UNBANDED_TIERS``) running from and to whole percentages
    0–100 in order without overlapping (gaps allowed), each tier once, circumstances each with its own key and a known
    effect, the first-violation rule's years a whole number and its flags true or false."""
    _check_keys(file, data, "", None, {"style": "text", "tiers": "table"}, {"tiers_en": "table"})
    # the tiers the program names (``discretion.suggest``, the penalty choice's tiers): a bureau's copy keeps them
    for tier in _shipped_of(file).get("tiers", {}):
        if tier not in data["tiers"]:
            raise file.fail(_("{key} is missing").format(key=f"tiers.{tier}"), tier, "[tiers]")
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
        # in order, each tier once, a band starting where the one before it ends (that edge the lower tier's) or
        # further up (a gap, whose amounts belong to no tier): ``discretion.tiers`` cuts them so
        below: dict | None = None
        seen: set[str] = set()
        for band in bands:  # each band checked before it is read: one without its tier refused by name
            _check_keys(file, band, f"{shown}.bands", header, {"tier": "text", "from": "count", "to": "count"})
            if band["tier"] not in data["tiers"]:
                raise file.fail(_("{key}: {value} is not a tier of [tiers]").format(
                    key=f"{shown}.bands.tier", value=_shown(band["tier"])), "bands", header)
            if band["tier"] in UNBANDED_TIERS:
                raise file.fail(_("{key}: {value} has no band of the range: the program puts 减轻 (reduced) below "
                                  "the range's minimum itself, and 不予处罚 (no_penalty) imposes no fine; the bands "
                                  "are of the other tiers ({tiers})").format(
                    key=f"{shown}.bands.tier", value=_shown(band["tier"]),
                    tiers=", ".join(t for t in data["tiers"] if t not in UNBANDED_TIERS)), "bands", header)
            if not band["from"] <= band["to"] <= 100:
                raise file.fail(_("{key}: a band must run from a percentage to a larger one of at most 100, not "
                                  "{low} to {high}").format(key=f"{shown}.bands", low=band["from"], high=band["to"]),
                                "bands", header)
            if band["tier"] in seen:
                raise file.fail(_("{key} is written twice").format(key=f"{shown}.bands.{band['tier']}"), "bands",
                                header)
            seen.add(band["tier"])
            if below is not None and band["from"] < below["to"]:
                raise file.fail(_("{key}: the band of {tier} starts at {low} %, inside the band before it ({before}, "
                                  "to {high} %); a band starts where the one before it ends, or above").format(
                    key=f"{shown}.bands", tier=band["tier"], low=band["from"], before=below["tier"],
                    high=below["to"]), "bands", header)
            below = band
    factors = data.get("factors")
    if not isinstance(factors, list) or not all(isinstance(f, dict) for f in factors):
        raise file.fail(_("the circumstances must be written as [[factors]] tables"), "factors")
    keys = [factor.get("key") for factor in factors]
    for index, factor in enumerate(factors):
        _check_keys(file, factor, "factors", "[[factors]]",
                    {"key": "text", "text": "text", "effect": "text", "source": "text"},
                    {"text_en": "text", "unconfirmed": "flag"}, index)
        if keys.count(factor["key"]) > 1:  # the second would stand for the first, its effect the case's
            raise file.fail(_("{key} is written twice").format(key=f"factors.{factor['key']}"), "key", "[[factors]]",
                            keys.index(factor["key"], index + 1))
        if factor["effect"] not in FACTOR_EFFECTS:
            raise file.fail(_("{key}: {value} is not an effect the program knows ({effects})").format(
                key=f"factors.{factor['key']}.effect", value=_shown(factor["effect"]),
                effects=", ".join(FACTOR_EFFECTS)), "effect", "[[factors]]", index)
    _check_keys(file, data.get("first_violation"), "first_violation", "[first_violation]",
                {"years": "count", "same_violation": "flag", "refuse": "flag"})
    _check_texts(file, data)


def check_catalogue(file: _LawFile, data: dict) -> None:
    """catalogue.toml as ``catalogue`` reads it: its instruments' ranks and dates, each norm's instrument, article,
    kind and penalty kinds, fines as whole amounts of fen, the violations' norms known to the file, every violation
    type cases record (vocabulary [violations]) there, its flags true or false."""
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
                     "measures": "texts", "penalty_as": "text", "mandatory": "texts", "fine_optional": "flag"},
                    index)
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
    # every violation type cases record (vocabulary [violations]) and the shipped file gives: a case of one the copy
    # dropped would find no law
    from workstation.vocabulary import labels

    for key in dict.fromkeys((*labels("violations"), *_shipped_of(file).get("violations", {}))):
        if key not in violations:
            raise file.fail(_("{key} is missing: cases record this violation type and its law would no longer be "
                              "found; copy the table back from {shipped}").format(
                key=f"violations.{key}", shipped=resource("law", "catalogue.toml")), "violations")
    for key, violation in violations.items():
        header, shown = f"[violations.{key}]", f"violations.{key}"
        _check_keys(file, violation, shown, header, {}, {"duties": "texts", "penalties": "texts",
                                                        "rectification": "text"})
        groups = [(shown, header, violation)] + [
            (f"{shown}.when.{c}", f"[violations.{key}.when.{c}]", extra)
            for c, extra in (violation.get("when") or {}).items()]
        for group_shown, group_header, group in groups:
            _check_keys(file, group, group_shown, group_header, {}, {"duties": "texts", "penalties": "texts", **(
                {"replaces_own": "flag", "keeps_own": "flag"} if group is not violation else {})})
            for list_key in ("duties", "penalties"):
                unknown = [i for i in group.get(list_key, ()) if i not in ids]
                if unknown:
                    raise file.fail(_("{key}: {value} is not a norm of this file").format(
                        key=f"{group_shown}.{list_key}", value=_shown(unknown[0])), list_key, group_header)
    _check_acts(file, data)
    _check_texts(file, data)


def _check_acts(file: _LawFile, data: dict) -> None:
    """catalogue.toml [acts] as ``case_law.act_groups`` reads it (optional: a copy of an earlier version of the file
    has none, and its violations are then always one act): its ``unconfirmed`` note, and each [[acts.separate]] pair
    two different violation types of [violations] with the fact ``when`` (a key of [conditions]) on which they are
    separate acts — never separate without the officer's finding."""
    if "acts" not in data:
        return
    acts = _check_keys(file, data["acts"], "acts", "[acts]", {"unconfirmed": "text"})
    _refuse_unknown_keys(file, acts, "acts", "[acts]", ("unconfirmed", "separate"))
    pairs = acts.get("separate", [])
    header = "[[acts.separate]]"
    if not isinstance(pairs, list) or not all(isinstance(pair, dict) for pair in pairs):
        raise file.fail(_("{key} must be written as {header} tables").format(key="acts.separate", header=header),
                        "separate", "[acts]")
    for index, pair in enumerate(pairs):
        _check_keys(file, pair, "acts.separate", header, {"violations": "texts", "when": "text"}, {}, index)
        _refuse_unknown_keys(file, pair, "acts.separate", header, ("violations", "when"), index)
        types = pair["violations"]
        if len(types) != 2 or types[0] == types[1]:
            raise file.fail(_("{key} must name two different violation types of [violations], not {value}").format(
                key="acts.separate.violations", value=_shown(types)), "violations", header, index)
        unknown = [t for t in types if t not in data["violations"]]
        if unknown:
            raise file.fail(_("{key}: {value} is not a violation type of [violations]").format(
                key="acts.separate.violations", value=_shown(unknown[0])), "violations", header, index)
        if pair["when"] not in data["conditions"]:
            raise file.fail(_("{key}: {value} is not a condition of [conditions]").format(
                key="acts.separate.when", value=_shown(pair["when"])), "when", header, index)


#: What the law itself fixes in the legal data files, by file: a bureau's copy holding another value there is refused
#: as an invalid copy is (``_check_against_shipped``: the shipped values are used, the problem said). A copy may change
#: what REFERENCE leaves to the bureau or marks UNCONFIRMED: the amounts of the legal review and the collective
#: discussion (§1.5, §11 item 3), the publication's lower-fine amounts and early stop (§1.9), the discretion bands
#: (§5), the unit of the transfer rules' 三日 (§1.2 T25–T29, §11 item 13), the filing period of an on-the-spot
#: decision (T31), the period of redoing a revoked decision (T2b, not in REFERENCE) … Keys as ``_values`` names them
#: ("*": any one part or more); "same": the shipped value only; "at_most": the shipped value or less; "may_drop": the
#: shipped value, false, or left out.
STATUTORY: dict[str, dict[str, str]] = {
    "clocks": {
        # REFERENCE §1.2, the table of statutory time limits and its rules (T30's thirty days: §10)
        **{f"clock.{clock}.{key}": "same" for clock in (
            "T1", "T2", "T3", "T4", "T6", "T7", "T8", "T10", "T11", "T12", "T13", "T14", "T15", "T16", "T18", "T19",
            "T20", "T24", "T26", "T30", "T32", "T33") for key in ("period", "unit")},
        # the transfer rules' 三日 (§1.2 T25–T29): three, whether working or calendar days UNCONFIRMED (§11 item 13)
        **{f"clock.{clock}.period": "same" for clock in ("T25", "T27", "T28", "T28b", "T28c", "T29")},
        # the extensions the rules fix (§1.2: T1 15 wd, T2 30 cd, T14 30 cd)
        **{f"clock.{clock}.extension.days": "same" for clock in ("T1", "T2", "T14")},
    },
    "thresholds": {
        # §1.6 (Penalty Law art. 36): two years, five where life, health or financial security was endangered
        "limitation.years": "same", "limitation.long_years": "same",
        # §1.2 T18, T20, §1.9 (信息公示规定 arts. 9, 10, 13): 20 and 10 working days, 3 months and 3 years
        "publication.deadline_working_days": "same", "publication.other_province_working_days": "same",
        "publication.short_period_months": "same", "publication.long_period_months": "same",
        # §1.4 (听证办法 art. 5; Penalty Law art. 63): ¥10,000 / ¥100,000, the amount itself included, the fine and
        # the confiscation each on its own (§2.3). A province may set its own amounts and the 2021 figures are
        # UNCONFIRMED: a copy may lower them (a hearing offered that is not due harms no one), never raise them (a
        # hearing withheld that was due makes the decision unlawful, Penalty Law art. 62)
        "hearing.natural_person_fen": "at_most", "hearing.organisation_fen": "at_most",
        "hearing.inclusive": "same", "hearing.count": "same",
    },
    # §4: the fine ranges of the statutes (消法 art. 56, 处罚办法 art. 15, PIPL art. 66, 广告法 art. 62 …); whether the
    # fine may be left out (消法 art. 56 可以单处或者并处): a copy may require a fine the statute leaves optional (left out,
    # as in a copy of an earlier version of the file, or false), never make one the statute requires optional
    "catalogue": {"norms.*.fine.*": "same", "norms.*.fine_optional": "may_drop"},
    # §4.6: the thresholds of the 2017 SPC/SPP interpretation, arts. 5 and 6
    "criminal": {"gains_fen": "same", "duty_divisor": "same", "especially_multiple": "same", "prior_years": "same",
                 "categories.*.threshold": "same", "lawful_business.profit_fen": "same"},
}
#: how far (a factor) an amount of a bureau's copy may lie from the shipped one before it is taken for yuan written as
#: fen (or fen as yuan: a factor of 100) and refused
AMOUNT_FACTOR = 10


def _values(data: dict, headed=None) -> dict[str, tuple[object, str, str | None, int]]:
    """Each value of a parsed legal data file but its [texts], by the key a refusal names it (limitation.years,
    clock.T4.period, norms.consumer_law_56_9.fine.no_gains_fen: an array of tables' items by their id or key), with
    where its line is (``_LawFile.line``): (value, the key written on that line, the header of its table, the index
    of that table among those so headed). ``headed``: whether the file heads a table [name] (else written inline)."""
    found: dict[str, tuple[object, str, str | None, int]] = {}

    def walk(value: object, shown: str, key: str | None, header: str | None, index: int) -> None:
        if isinstance(value, dict):
            for part, item in value.items():
                name = f"{shown}.{part}" if shown else part
                if not shown and part in ("texts", "texts_en"):
                    continue
                if key is None and isinstance(item, dict) and headed is not None and headed(f"[{name}]"):
                    walk(item, name, None, f"[{name}]", 0)
                elif key is None and isinstance(item, dict) and headed is not None and _has_headed(item, name, headed):
                    # no header of its own, its tables theirs ([categories.trace] of [categories]): each value found
                    # under its own table's header, not as a key of the table's name searched from the top
                    walk(item, name, None, header, index)
                else:
                    walk(item, name, key or part, header, index)
            return
        if key is not None and isinstance(value, list) and value and all(
                isinstance(item, dict) and isinstance(item.get("id", item.get("key")), str) for item in value) \
                and (headed is None or headed(f"[[{shown}]]")):
            for at, item in enumerate(value):
                walk(item, f"{shown}.{item.get('id', item.get('key'))}", None, f"[[{shown}]]", at)
            return
        found[shown] = (value, key or shown, header, index)

    walk(data, "", None, None, 0)
    return found


def _has_headed(table: dict, name: str, headed) -> bool:
    """Whether a table of ``table`` (``name``), or of those within it, has a header of its own ([categories.trace]
    within [categories], [violations.x.when.y] within [violations]) — ``table`` then written only through them."""
    return any(isinstance(item, dict) and (headed(f"[{name}.{part}]") or _has_headed(item, f"{name}.{part}", headed))
               for part, item in table.items())


def _is_amount(name: str) -> bool:
    return name.rsplit(".", 1)[-1].endswith("_fen")


def _shown_value(name: str, value: object) -> str:
    """A value as a refusal names it: an amount (``*_fen``) in yuan as the documents print it, ¥100,000.00."""
    if _is_amount(name):
        if _is_count(value):
            return figures(value)
        if isinstance(value, list) and all(_is_count(v) for v in value):
            return "[" + ", ".join(figures(v) for v in value) + "]"
    return _shown(value)


def _written_value(name: str, value: object) -> str:
    """A value as a refusal asks for it to be written back: as the file writes it, an amount (``*_fen``) in fen with
    its yuan after it, 10_000_000 (¥100,000.00)."""
    if _is_amount(name) and (_is_count(value) or isinstance(value, list) and all(_is_count(v) for v in value)):
        written = f"{value:_}" if _is_count(value) else "[" + ", ".join(f"{v:_}" for v in value) + "]"
        return f"{written} ({_shown_value(name, value)})"
    return _shown(value)


def _law_of(shipped: dict, name: str) -> str:
    """The law the shipped file names for the value ``name``: the ``source`` of its time limit or table, or of the
    file; a norm's instrument and article."""
    from fnmatch import fnmatchcase

    parts = name.split(".")
    if fnmatchcase(name, "norms.*.fine*"):  # its fine, whether the fine is optional
        norm = next((n for n in shipped.get("norms", ()) if isinstance(n, dict) and n.get("id") == parts[1]), {})
        instrument = shipped.get("instruments", {}).get(norm.get("instrument"), {})
        if isinstance(instrument.get("title"), str) and isinstance(norm.get("article"), int):
            from workstation.law.catalogue import chinese_number

            return f"{instrument['title']}第{chinese_number(norm['article'])}条"
    section = shipped.get(parts[0])
    if isinstance(section, list):
        section = next((item for item in section if isinstance(item, dict) and parts[1:2] == [item.get("id")]), {})
    for table in (section, shipped):
        if isinstance(table, dict) and isinstance(table.get("source"), str):
            return table["source"]
    return ""


def _check_against_shipped(file: _LawFile, data: dict) -> None:
    """A bureau's copy (``file``, parsed as ``data``) refused, naming the key, its value and the shipped one, when it
    holds an amount more than ``AMOUNT_FACTOR`` times away from the shipped one (yuan written as fen: both named in
    yuan; nought is no slip: it means "none" where the file allows it), or changes what the law fixes
    (``STATUTORY``)."""
    from fnmatch import fnmatchcase

    shipped = _shipped_of(file)
    if not shipped:
        return
    ours, theirs = _values(data, file.headed), _values(shipped)
    for name, (value, key, header, index) in ours.items():
        model = theirs.get(name, (None,))[0]
        if not _is_amount(name) or model is None:
            continue
        same_length = isinstance(value, list) and isinstance(model, list) and len(value) == len(model)
        pairs = zip(value, model, strict=True) if same_length else [(value, model)]
        for found, kept in pairs:
            if not (_is_count(found) and _is_count(kept) and found and kept):
                continue
            if found > AMOUNT_FACTOR * kept or kept > AMOUNT_FACTOR * found:
                said = (_("{key} is {value}, more than ten times the {shipped} of the shipped file: were yuan and "
                          "fen mixed up? Amounts are written in fen (¥1 is 100 fen); write {fen} back or the amount "
                          "meant, in fen") if found > kept else
                        _("{key} is {value}, less than a tenth of the {shipped} of the shipped file: were yuan and "
                          "fen mixed up? Amounts are written in fen (¥1 is 100 fen); write {fen} back or the amount "
                          "meant, in fen"))
                raise file.fail(said.format(key=name, value=figures(found), shipped=figures(kept), fen=f"{kept:_}"),
                                key, header, index)
    rules = STATUTORY.get(file.own or "", {})
    owners = {".".join(name.split(".")[:2]) for name in theirs}
    for name in dict.fromkeys((*theirs, *ours)):
        rule = next((rule for pattern, rule in rules.items() if fnmatchcase(name, pattern)), None)
        if rule is None or ".".join(name.split(".")[:2]) not in owners:  # a norm or time limit of the bureau's own
            continue
        value, key, header, index = ours.get(name, (None, name.rsplit(".", 1)[-1], None, 0))
        model = theirs.get(name, (None,))[0]
        if value == model and type(value) is type(model) or rule == "at_most" and _is_count(value) \
                and _is_count(model) and value <= model or rule == "may_drop" and (value is None or value is False):
            continue
        law = _law_of(shipped, name) or "—"
        if value is None:
            said = _("{key} is missing; the shipped file has {written}, which the law fixes ({law}): a bureau's copy "
                     "may not change it; write it back")
        elif model is None:
            said = _("{key} is {value}, which the shipped file does not have: the law fixes this ({law}) and a "
                     "bureau's copy may not change it; remove it")
        elif rule == "at_most":
            said = _("{key} is {value}, above the {shipped} of the shipped file: from that amount the law gives the "
                     "party the right to a hearing ({law}), which a higher amount would withhold; a bureau's copy may "
                     "lower it, not raise it; write {written} back or less")
        else:
            said = _("{key} is {value}, but {shipped} in the shipped file: the law fixes it ({law}) and a bureau's "
                     "copy may not change it; write {written} back")
        raise file.fail(said.format(key=name, value=_shown_value(name, value), shipped=_shown_value(name, model),
                                    written=_written_value(name, model), law=law), key, header, index)


#: the checks of the files the program reads values from (``_parsed``), by name
CHECKS = {"clocks": check_clocks, "thresholds": check_thresholds, "criminal": check_criminal,
          "discretion": check_discretion, "catalogue": check_catalogue}


def condition_labels() -> dict[str, str]:
    """The facts an officer may establish on a case that change the law applied (``Case.law_conditions``), each key
    with its wording: catalogue.toml ``[conditions]`` and the 2017 interpretation's lawful business (art. 6,
    criminal.toml ``[lawful_business]``, the key ``criminal.LAWFUL_BUSINESS``). Here, read from the files alone, for
    what lists them without working out the law of a case (``cases facts --help``)."""
    return {**load("catalogue")["conditions"], "lawful_business": load("criminal")["lawful_business"]["label"]}


def text(name: str, key: str, **values: object) -> str:
    """The Chinese template ``key`` of the ``[texts]`` table of ``<name>.toml``, filled with ``values``; in English
    (``WORKSTATION_LANG=en``) the template of its ``[texts_en]`` table when it has one. A template uses the values
    it names and leaves the others (an English one takes item numbers as digits where the Chinese takes 三、六)."""
    from workstation.i18n import language

    data = load(name)
    if key not in data["texts"]:  # a template added since the bureau's copy was made (``ADDED_TEXTS``): the shipped
        data = _shipped(name)
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
