"""Headquarters' holiday calendar in bundles (format 3): headquarters counts its stations' deadlines with the year
files it imported (``<data dir>/calendar/<year>.toml``, ``workdays.import_year_file``), and a station counting a
year otherwise would give the same case another due date. So:

- a bundle written at headquarters carries the year files of its calendar folder that are in use (valid; the files
  shipped with the program are not carried) as members ``calendar/<year>.toml``, listed with their sha256 in the
  signed manifest like every member;
- a station importing it takes a year it has no file for (checked as ``calendar import`` checks it, audited as an
  import naming the bundle, the interviews' rectification defaults then counted again), says nothing of an identical
  file, replaces a file it took from an earlier hand-out and left unchanged (``TAKEN_KEY``: headquarters' correction
  reaches it), replaces its own file when the calendar refuses that one (broken: kept in ``REPLACED_DIR``, and
  said), and keeps its own file (imported or edited there) when it differs: headquarters' copy is put aside
  (``ASIDE_DIR``) and the summary gives the command that takes it. Only a bundle signed by the station's own
  headquarters (``station.headquarters``) gives year files: another signer's are ignored, and the summary says so;
- every bundle's manifest says with which holiday data its writer counted the years about its writing
  (``MANIFEST_KEY``: {year: sha256 of the year file, "shipped" (the program's own data) or "none"}, as every
  version of format 3 writes and checks it) and the days each year file gives (``DAYS_KEY``: {year:
  ``workdays.days_digest``}, a key an installation of before ignores), and headquarters importing a station's
  bundle warns of each year the station counted otherwise than it does: with other days, not a file of the same
  days written with another source text, comments or line ends. A year the manifest gives no days for (a bundle
  written before the days were given) is compared by the bytes: a file of the same days written otherwise is warned
  of as differing (a station's bundle carries no year file to read the days from). A bundle of an older version
  says nothing of it, and nothing is said. (A manifest written for a while on this machine put both under
  ``MANIFEST_KEY``, {"sha256", "days"}: read as the two keys.)
- a station, likewise, takes headquarters' copy of a year as the same as its own when both give the same days
  (``workdays.same_days``), whatever their bytes: nothing is said, nothing put aside.

Each summary entry ({"year", "status", "message", ...}) is said as it is by the command line and the window."""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path

from workstation.errors import WorkstationError, os_reason
from workstation.i18n import _

MEMBER = re.compile(r"calendar/([0-9]{4})\.toml")
MAX_BYTES = 1 << 20  # a year file is a few hundred bytes: a larger member is no year file
MANIFEST_KEY = "calendar"
# the manifest's {year: ``workdays.days_digest``} of the year files counted with (``MANIFEST_KEY`` gives their bytes'
# sha256): a key apart, so that an installation of before (the same format 3) reads ``MANIFEST_KEY`` as it knows it
DAYS_KEY = "calendar_days"
SHIPPED, NONE = "shipped", "none"
# where a station keeps headquarters' copy of a year file that differs from its own, for the officer to take
ASIDE_DIR = "headquarters-calendar"
# where a station keeps its own year file that the calendar refused (broken) when headquarters' copy took its place
REPLACED_DIR = "calendar-replaced"
# settings "calendar_from_headquarters.<year>": the sha256 of the year file the station took from headquarters'
# hand-out (or took by the command given for a copy put aside); the file still holding it is headquarters' own
TAKEN_KEY = "calendar_from_headquarters."
_COUNTED = re.compile(r"[0-9a-f]{64}|shipped|none")
_SHA256 = re.compile(r"[0-9a-f]{64}")
# the keys of a year counted with a year file under ``MANIFEST_KEY`` in a manifest written on this machine for a while
# (before ``DAYS_KEY``): read, never written
COUNTED_FILE_KEYS = ("sha256", "days")


def member_name(year: int) -> str:
    return f"calendar/{year}.toml"


def year_of(member: str) -> int | None:
    """The year of a member ``calendar/<year>.toml``, or None for any other member."""
    found = MEMBER.fullmatch(member)
    return int(found.group(1)) if found else None


def imported_year_files(data_dir: Path) -> dict[int, bytes]:
    """{year: content} of the year files of ``data_dir``'s calendar folder that the calendar uses (those it refuses
    left out, as the count leaves them out)."""
    return {year: content for year, (content, _data) in _used_year_files(data_dir).items()}


def _used_year_files(data_dir: Path) -> dict:
    """{year: (content, ``workdays.YearData``)} of the year files of ``data_dir``'s calendar folder that the calendar
    uses."""
    from workstation.workdays import CALENDAR_DIR, read_year_folder

    found: dict = {}
    for year, data in read_year_folder(Path(data_dir) / CALENDAR_DIR, []).items():
        try:
            found[year] = (Path(data.origin).read_bytes(), data)
        except OSError:  # gone since it was read
            continue
    return found


def parsed_year(content: bytes, year: int):
    """The ``workdays.YearData`` of the year file ``content`` carried for ``year``, read as the calendar folder reads
    ``<year>.toml`` (``workdays.checked_year_file``); None when the calendar would refuse it."""
    from workstation.workdays import CalendarFileError, checked_year_file

    with tempfile.TemporaryDirectory(prefix="calendar-read-") as folder:
        path = Path(folder) / f"{year}.toml"
        try:
            path.write_bytes(content)
            return checked_year_file(path)
        except (CalendarFileError, OSError):
            return None


def manifest_entries(data_dir: Path, created_at: str) -> dict[str, dict[str, str]]:
    """What a bundle's manifest says of the holiday data ``data_dir`` counts with: {MANIFEST_KEY: {year: sha256 of
    its year file, "shipped" or "none"} for each year of its own files and the years about ``created_at`` (the one
    before, its own and the next; ``_counted``), DAYS_KEY: {year: ``workdays.days_digest`` of each year file}
    (``_days``)}, the folder read once."""
    files = _used_year_files(data_dir)
    return {MANIFEST_KEY: _counted(files, created_at), DAYS_KEY: _days(files)}


def _days(files: dict) -> dict[str, str]:
    from workstation.workdays import days_digest

    return {str(y): days_digest(data) for y, (_content, data) in sorted(files.items())}


def _counted(files: dict, created_at: str) -> dict[str, str]:
    try:
        year = int(str(created_at)[:4])
    except ValueError:
        from workstation.records import today

        year = int(today()[:4])
    return {str(y): hashlib.sha256(files[y][0]).hexdigest() if y in files else _counted_here(y)
            for y in sorted(set(files) | {year - 1, year, year + 1})}


def _valid_year(value) -> bool:
    """Whether ``value`` says how a year was counted: "shipped", "none", a year file's sha256, or {"sha256",
    "days"} (as a manifest written on this machine for a while said it)."""
    if isinstance(value, str):
        return bool(_COUNTED.fullmatch(value))
    return isinstance(value, dict) and set(value) == set(COUNTED_FILE_KEYS) and all(
        isinstance(v, str) and _SHA256.fullmatch(v) for v in value.values())


def _year_keyed(value, valid) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and re.fullmatch(r"[0-9]{4}", k) and valid(v) for k, v in value.items())


def valid_counted(value) -> bool:
    """Whether ``value`` is a manifest's ``MANIFEST_KEY`` as ``manifest_entries`` (``_counted``) writes it (or as it was written on
    this machine for a while, the days under each year)."""
    return _year_keyed(value, _valid_year)


def valid_days(value) -> bool:
    """Whether ``value`` is a manifest's ``DAYS_KEY`` as ``manifest_entries`` writes it."""
    return _year_keyed(value, lambda v: isinstance(v, str) and bool(_SHA256.fullmatch(v)))


def manifest_days(manifest: dict) -> dict[str, str]:
    """{year: days digest} a bundle's manifest gives (``DAYS_KEY``, or the days under ``MANIFEST_KEY`` as written on
    this machine for a while); {} from a bundle written before the days were given."""
    days = manifest.get(DAYS_KEY)
    found = dict(days) if valid_days(days) else {}
    counted = manifest.get(MANIFEST_KEY)
    if valid_counted(counted):
        found.update({k: v["days"] for k, v in counted.items() if isinstance(v, dict) and k not in found})
    return found


def aside_file(data_dir: Path, year: int) -> Path:
    """Where a station keeps headquarters' copy of the year file of ``year`` (outside the calendar folder: it counts
    only once the officer imports it)."""
    return Path(data_dir) / ASIDE_DIR / f"{year}.toml"


def _checked(content: bytes, year: int, folder: Path) -> str | None:
    """Why the year file ``content`` (carried for ``year``) is refused by the checker of ``calendar import``, or
    None when it is taken; checked as ``folder``/<year>.toml."""
    from workstation.workdays import CalendarFileError, checked_year_file

    path = folder / f"{year}.toml"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        checked_year_file(path, importing=True)
    except CalendarFileError as exc:
        return exc.message
    except OSError as exc:
        return _("{path} cannot be written: {reason}").format(path=path, reason=os_reason(exc))
    return None


def _held_file(data_dir: Path, year: int) -> Path | None:
    """The station's own file for ``year``: ``<year>.toml`` in its calendar folder (used or not), else another file
    of the folder the calendar takes the year from."""
    from workstation.workdays import CALENDAR_DIR, read_year_folder, year_file

    named = year_file(data_dir, year)
    if named.exists():
        return named
    data = read_year_folder(Path(data_dir) / CALENDAR_DIR, []).get(year)
    return Path(data.origin) if data is not None else None


def _broken(held: Path) -> str | None:
    """Why the calendar refuses the station's own year file ``held`` (``checked_year_file``: malformed, a holiday
    too long, a festival left out …), or None when it is used."""
    from workstation.workdays import CalendarFileError, checked_year_file

    try:
        checked_year_file(held)
    except CalendarFileError as exc:
        return exc.reasons()
    return None


def _keep_broken(data_dir: Path, held: Path, year: int) -> Path:
    """A copy of the station's broken year file ``held`` in ``REPLACED_DIR`` (``<year>-<stamp>.toml``, never one
    kept before overwritten), made before headquarters' copy takes its place; OSError when it cannot be written."""
    import datetime as dt

    from workstation.records import now

    folder = Path(data_dir) / REPLACED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.fromisoformat(now()).strftime("%Y%m%d-%H%M%S")
    kept, n = folder / f"{year}-{stamp}.toml", 1
    while kept.exists():
        n += 1
        kept = folder / f"{year}-{stamp}-{n}.toml"
    kept.write_bytes(held.read_bytes())
    return kept


def _taken_unchanged(db, data_dir: Path, year: int, held: Path | None, own: bytes | None) -> bool:
    """Whether the station's file of ``year`` (``held``, holding ``own``) is the one it took from headquarters and
    has not been changed since (``TAKEN_KEY``): headquarters' correction then replaces it."""
    from workstation.store.base import get_setting
    from workstation.workdays import year_file

    if held is None or own is None or held != year_file(data_dir, year):
        return False
    return get_setting(db, f"{TAKEN_KEY}{year}") == hashlib.sha256(own).hexdigest()


def from_headquarters(db, data_dir: Path, data) -> bool:
    """Whether the year file the calendar of ``data_dir`` takes ``data`` (a ``workdays.YearData``) from is the one
    the station took from headquarters' hand-out, unchanged since (``_taken_unchanged``)."""
    held = Path(data.origin)
    try:
        content = held.read_bytes()
    except OSError:
        return False
    return _taken_unchanged(db, data_dir, data.year, held, content)


def _mark_taken(db, year: int, content: bytes) -> None:
    """Keep that the file of ``year`` holding ``content`` is headquarters' (``TAKEN_KEY``); a database that cannot
    take it now leaves it unmarked (headquarters' next correction is then put aside, as for the station's own)."""
    from workstation.db import driver
    from workstation.store.base import set_setting

    try:
        set_setting(db, f"{TAKEN_KEY}{year}", hashlib.sha256(content).hexdigest())
    except (WorkstationError, *driver.Error):
        pass


def _same_days(held: Path | None, own: bytes | None, content: bytes, year: int) -> bool:
    """Whether the station's file ``held`` of ``year`` (holding ``own``), used by its calendar, gives the days of
    headquarters' copy ``content`` (``workdays.same_days``): another source text, comments or line ends are the same
    file to the count."""
    from workstation.workdays import CalendarFileError, checked_year_file, same_days

    if held is None or not own:
        return False
    theirs = parsed_year(content, year)
    if theirs is None:
        return False
    try:
        ours = checked_year_file(held)
    except CalendarFileError:  # refused: replaced as broken, not the same
        return False
    return same_days(ours, theirs)


def take_year_files(db, data_dir: Path, files: dict[int, bytes], bundle_name: str, *,
                    dry_run: bool = False) -> dict:
    """At a station, the year files ``files`` headquarters' bundle ``bundle_name`` carries: a year the station has
    no file for imported (``workdays.import_year_file``, audited naming the bundle), an identical file — or one of
    the same days (``_same_days``) — left, a file
    taken from an earlier hand-out and unchanged since replaced (``_taken_unchanged``, audited as a replacement
    naming the bundle), a file of the station's that the calendar refuses (``_broken``) kept in ``REPLACED_DIR``
    and replaced (status "replaced_broken", audited as a replacement naming the bundle), any other different one
    kept and headquarters' copy put aside (``aside_file``) with the command that takes it; a file the checker refuses is not taken. After a year was imported or replaced the
    interviews' usual rectification deadlines are counted again (``recount_rectification_defaults``, as ``calendar
    import`` does). ``dry_run``: said, nothing
    written. {"years": [{"year", "status", "message", ...}], "recounted_interviews": [id, ...]}."""
    from workstation.workdays import import_year_file, year_file

    data_dir = Path(data_dir)
    entries: list[dict] = []
    imported = False
    for year, content in sorted(files.items()):
        held = _held_file(data_dir, year)
        try:
            own = held.read_bytes() if held is not None else None
        except OSError:
            own = b""  # there but unreadable: not the same file
        aside = aside_file(data_dir, year)
        if own == content or _same_days(held, own, content, year):  # the same days, whatever the bytes: nothing to do
            if not dry_run and aside.exists():  # a copy put aside by an earlier hand-out, now taken or moot
                if own == content and held == year_file(data_dir, year):  # headquarters' very file
                    _mark_taken(db, year, content)
                aside.unlink(missing_ok=True)
            continue
        if dry_run:
            with tempfile.TemporaryDirectory(prefix="calendar-check-") as folder:
                refusal = _checked(content, year, Path(folder))
        else:
            refusal = _checked(content, year, aside.parent)
        if refusal is not None:
            if not dry_run:
                aside.unlink(missing_ok=True)
            entries.append({"year": year, "status": "refused", "message": _(
                "Headquarters' holiday file of {year} in {bundle} was not taken: {reason}").format(
                year=year, bundle=bundle_name, reason=refusal)})
            continue
        broken = _broken(held) if held is not None else None
        if broken is not None:  # the station's own file cannot be used: headquarters' good copy takes its place
            if dry_run:
                entries.append({"year": year, "status": "replaced_broken", "file": str(held), "message": _(
                    "{file} cannot be used ({reason}): the holidays of {year} in headquarters' bundle would replace "
                    "it, the broken file kept in {folder}.").format(
                    file=held, reason=broken, year=year, folder=Path(data_dir) / REPLACED_DIR)})
                continue
            try:
                kept = _keep_broken(data_dir, held, year)
                import_year_file(data_dir, aside, replace=True, db=db, origin=bundle_name)
            except (WorkstationError, OSError) as exc:
                reason = exc.message if isinstance(exc, WorkstationError) else _(
                    "{file} could not be kept aside ({reason})").format(file=held, reason=os_reason(exc))
                entries.append({"year": year, "status": "refused", "message": _(
                    "Headquarters' holiday file of {year} in {bundle} was not taken: {reason}").format(
                    year=year, bundle=bundle_name, reason=reason)})
                continue
            finally:
                aside.unlink(missing_ok=True)
            _mark_taken(db, year, content)
            imported = True
            entries.append({"year": year, "status": "replaced_broken", "file": str(held), "kept_as": str(kept),
                            "message": _(
                                "{file} could not be used ({reason}): it was replaced by the holidays of {year} in "
                                "headquarters' bundle {bundle}; the broken file is kept as {kept}.").format(
                                file=held, reason=broken, year=year, bundle=bundle_name, kept=kept)})
            continue
        replacing = _taken_unchanged(db, data_dir, year, held, own)
        if own is None or replacing:
            target = year_file(data_dir, year)
            if dry_run and replacing:
                entries.append({"year": year, "status": "replaced", "file": str(target), "message": _(
                    "The holidays of {year} in headquarters' bundle would replace {file}, taken from an earlier "
                    "hand-out of headquarters and unchanged since.").format(year=year, file=target)})
                continue
            if dry_run:
                entries.append({"year": year, "status": "new", "file": str(target), "message": _(
                    "The holidays of {year} in headquarters' bundle would be added to {file}.").format(
                    year=year, file=target)})
                continue
            try:
                import_year_file(data_dir, aside, replace=replacing, db=db, origin=bundle_name)
            except WorkstationError as exc:
                entries.append({"year": year, "status": "refused", "message": _(
                    "Headquarters' holiday file of {year} in {bundle} was not taken: {reason}").format(
                    year=year, bundle=bundle_name, reason=exc.message)})
                continue
            finally:
                aside.unlink(missing_ok=True)
            _mark_taken(db, year, content)
            imported = True
            if replacing:
                entries.append({"year": year, "status": "replaced", "file": str(target), "message": _(
                    "{file}, taken from an earlier hand-out of headquarters and unchanged since, was replaced by "
                    "the holidays of {year} in headquarters' bundle {bundle}.").format(
                    year=year, bundle=bundle_name, file=target)})
                continue
            entries.append({"year": year, "status": "imported", "file": str(target), "message": _(
                "The holidays of {year} were taken from headquarters' bundle {bundle} into {file}.").format(
                year=year, bundle=bundle_name, file=target)})
            continue
        if dry_run:
            entries.append({"year": year, "status": "differs", "file": str(held), "message": _(
                "Headquarters' holiday file of {year} differs from this station's ({file}): the import keeps this "
                "station's and says how to take headquarters'.").format(year=year, file=held)})
            continue
        command = f"calendar import {aside} --replace"
        entries.append({"year": year, "status": "differs", "file": str(held), "headquarters_copy": str(aside),
                        "command": command, "message": _(
                            "Headquarters' holiday file of {year} differs from this station's ({file}), which was "
                            "kept: due dates in {year} may differ from headquarters'. Headquarters' copy is "
                            "{copy}; to take it: `{command}`.").format(year=year, file=held, copy=aside,
                                                                       command=command)})
    recounted: list[str] = []
    if imported:
        from workstation.store.interviews import recount_rectification_defaults

        try:
            recounted = recount_rectification_defaults(db)
        except WorkstationError as exc:  # a database that cannot take it now: the deadlines stay as stored
            entries.append({"year": None, "status": "not_recounted", "message": exc.message})
    return {"years": entries, "recounted_interviews": recounted}


def station_warnings(data_dir: Path, counted: dict | None, station: str, days: dict | None = None) -> dict:
    """At headquarters, each year the station (its label ``station``) counted with other holiday data than
    headquarters does (``counted``, the manifest's ``MANIFEST_KEY``; None from a bundle of an older version: nothing
    said): other days (``days``: ``manifest_days`` of the manifest, ``workdays.days_digest`` of each year; None: those
    ``counted`` itself gives, as a manifest written on this machine for a while gave them), not a file of the same
    days written otherwise. A year ``days`` does not give (a bundle written before the days were compared) is compared
    by the bytes (a station's bundle carries no year file: ``bundle.writer`` adds them to headquarters' hand-outs only).
    {"years": [{"year", "status", "message", "station_has", "headquarters_has"}], "recounted_interviews": []}: each
    side's file named by its sha256, "shipped" or "none"."""
    entries: list[dict] = []
    if counted:
        from workstation.workdays import days_digest, year_file

        own = _used_year_files(data_dir)
        if days is None:
            days = manifest_days({MANIFEST_KEY: counted})
        for key, value in sorted(counted.items()):
            year = int(key)
            theirs = value["sha256"] if isinstance(value, dict) else value
            ours = hashlib.sha256(own[year][0]).hexdigest() if year in own else _counted_here(year)
            if ours == theirs:
                continue
            if year in own and key in days and days[key] == days_digest(own[year][1]):
                continue  # the same days, written with another source text, comments or line ends
            file = year_file(data_dir, year)
            if ours not in (SHIPPED, NONE) and theirs not in (SHIPPED, NONE):
                status, text = "station_differs", _(
                    "Station {station} counted {year} with a holiday file different from headquarters' ({file}): "
                    "their due dates in {year} may differ. Headquarters' next hand-out for the station carries its "
                    "file.")
            elif ours not in (SHIPPED, NONE):
                status, text = "station_lacks", _(
                    "Station {station} counted {year} without headquarters' holiday file ({file}): their due dates "
                    "in {year} may differ. Headquarters' next hand-out for the station carries it.")
            elif theirs not in (SHIPPED, NONE):
                status, text = "headquarters_lacks", _(
                    "Station {station} counted {year} with a holiday file headquarters does not have: their due "
                    "dates in {year} may differ. Ask the station for its file and import it here (`calendar import "
                    "FILE`).")
            else:
                status, text = "programs_differ", _(
                    "Station {station} and headquarters count {year} with different holiday data (their programs "
                    "differ): their due dates in {year} may differ. Import the holiday file of {year} here "
                    "(`calendar import FILE`); the next hand-out carries it to the station.")
            entries.append({"year": year, "status": status, "station_has": theirs, "headquarters_has": ours,
                            "message": text.format(station=station, year=year, file=file)})
    return {"years": entries, "recounted_interviews": []}


def _counted_here(year: int) -> str:
    """How headquarters counts a year it has no file of: with the program's data, or without any."""
    from workstation.workdays import default_calendar

    return SHIPPED if default_calendar(None).confirmed(year) else NONE


def _of_headquarters(db, card: dict) -> bool:
    """Whether ``card`` (a bundle's signer) is this station's headquarters (``station.headquarters``)."""
    from workstation.station import headquarters

    named = headquarters(db)
    return named is not None and named.id == card.get("id") and named.sign_key == card.get("sign_key")


def calendar_summary(db, data_dir: Path, bundle, card: dict, *, dry_run: bool = False) -> dict:
    """What importing ``bundle`` (from the station ``card``) does with holiday calendars: at headquarters, the
    warnings of ``station_warnings``; at a station, ``take_year_files`` of the year files it carries when its
    headquarters signed it (another signer's are not taken: one entry says so)."""
    from workstation.station import station_label
    from workstation.station_role import installation_role

    data_dir = Path(data_dir)
    label = station_label(card.get("name") or "", card.get("fingerprint") or "")
    if installation_role(db, data_dir).headquarters:
        counted = bundle.manifest.get(MANIFEST_KEY)
        return station_warnings(data_dir, counted if valid_counted(counted) else None, label,
                                manifest_days(bundle.manifest))
    if not bundle.calendar_files:
        return {"years": [], "recounted_interviews": []}
    if not _of_headquarters(db, card):
        return {"years": [{"year": None, "status": "not_headquarters", "message": _(
            "The holiday files in {bundle} were not taken: only this station's headquarters hands out holiday "
            "files, and {station} is not its headquarters.").format(bundle=bundle.path.name, station=label)}],
            "recounted_interviews": []}
    return take_year_files(db, data_dir, bundle.calendar_files, bundle.path.name, dry_run=dry_run)
