"""The source ``agency.court``: the people's court a bureau applies to for compulsory enforcement (强制执行申请书;
行政强制法 art. 54, the court where the agency is located), from the editable, UNCONFIRMED table of
``resources/reference/courts.toml`` keyed by the acting agency's code (a district bureau, for its town offices
too; the city bureau only when an entry is added for it). Read only when a form draws on it, again when the file
changed, and checked as read: a damaged file, a key that is not the code of a district or of the city of
``agencies.toml``, or a name that is not a court's is refused naming the file and the key."""

from __future__ import annotations

import tomllib

from workstation.errors import WorkstationError
from workstation.i18n import _
from workstation.paths import read_when_changed, resource

SOURCE = "agency.court"
#: the example of the file's table a refusal shows
EXAMPLE = '"440605" = "佛山市南海区人民法院"'
_read: dict[tuple, dict[str, str]] = {}


def courts_file():
    return resource("reference", "courts.toml")


def court_of(agency_code: str) -> str | None:
    """The court named for the agency ``agency_code`` (the acting agency: a town office's district bureau), or None
    when the file names none (the form's default, 有管辖权的人民法院, applies)."""
    return courts().get(agency_code) if agency_code else None


def courts() -> dict[str, str]:
    """{agency code: court name} of ``courts.toml``, checked; read again when the file changed."""
    return read_when_changed(courts_file(), _read, _checked)


def _agency_codes() -> set[str]:
    """The codes of the city bureau and the district bureaus of ``agencies.toml``: the agencies a court is named for
    (a town office applies in its district bureau's name)."""
    with resource("reference", "agencies.toml").open("rb") as fh:
        entries = tomllib.load(fh).get("agency", [])
    return {str(e.get("code", "")) for e in entries if e.get("level") in ("city", "district")}


def _checked(path) -> dict[str, str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise WorkstationError(_("{file}: {error}; correct the file.").format(file=path, error=exc)) from None
    table = data.get("courts")
    others = sorted(set(data) - {"courts"})
    if not isinstance(table, dict) or others:
        raise WorkstationError(_("{file}, {key}: write the courts under one table [courts], one line each: "
                                 "{example}.").format(file=path, key=others[0] if others else "courts",
                                                      example=EXAMPLE))
    known = _agency_codes()
    result = {}
    for code, name in table.items():
        where = f"courts.{code}"
        if code not in known:
            raise WorkstationError(_("{file}, {key}: {code} is not the code of a district bureau or of the city "
                                     "bureau in agencies.toml (a town office applies through its district); use "
                                     "one of: {codes}.").format(file=path, key=where, code=code,
                                                               codes="、".join(sorted(known))))
        if not isinstance(name, str) or not name.strip().endswith("法院") or "\n" in name:
            raise WorkstationError(_("{file}, {key}: “{value}” is not the name of a court; write the court's full "
                                     "name on one line, e.g. 佛山市南海区人民法院.").format(file=path, key=where,
                                                                                value=name))
        result[code] = name.strip()
    return result
