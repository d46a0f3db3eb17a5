"""Which role this installation plays in the campaign's exchange: a station (a laptop sending its bundles to
headquarters), or headquarters (merging the stations' bundles and handing the result out again).

The role is set explicitly (``station role headquarters`` on the command line, or on the exchange page), never
guessed from the data: a laptop that trusted or imported another station's bundle, or restored headquarters'
backup into a new data directory, stays a station. It is kept beside the database, not in it (``role.json`` in the
data directory, naming the station it was set for), so that neither a bundle nor a restored backup brings it; a
file naming another station than the database's own is not taken. Setting it is audited. Headquarters' hand-outs
carry what a station needs to tell which of its changes headquarters had not seen yet, and they carry the records
merged from the stations since the last hand-out."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from workstation.db import Database
from workstation.errors import ValidationError
from workstation.i18n import _
from workstation.records import now

ROLE_FILE = "role.json"
HEADQUARTERS = "headquarters"
STATION = "station"
ROLES = (HEADQUARTERS, STATION)


@dataclass(frozen=True)
class InstallationRole:
    """The role, when and by whom it was set (both None when it never was: a station by default)."""

    role: str = STATION
    set_at: str | None = None
    set_by: str | None = None

    @property
    def headquarters(self) -> bool:
        return self.role == HEADQUARTERS

    @property
    def explicit(self) -> bool:
        return self.set_at is not None


def role_path(data_dir: Path) -> Path:
    return Path(data_dir) / ROLE_FILE


def installation_role(db: Database, data_dir: Path) -> InstallationRole:
    """The role set for this installation's station; a station when none was set, when the file cannot be read, or
    when it was set for another station (a database of another station put in this data directory)."""
    from workstation.station import this_station

    try:
        data = json.loads(role_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return InstallationRole()
    own = this_station(db)
    if not isinstance(data, dict) or data.get("role") not in ROLES or own is None or data.get("station") != own.id:
        return InstallationRole()
    return InstallationRole(data["role"], str(data.get("set_at") or ""), str(data.get("set_by") or ""))


def set_installation_role(db: Database, data_dir: Path, role: str) -> InstallationRole:
    """Make this installation headquarters or a station (audited); the station identity is created if needed."""
    from workstation import audit
    from workstation.shared_file import write_whole
    from workstation.station import ensure_station

    if role not in ROLES:
        raise ValidationError({"role": _("Choose the role: {roles}.").format(roles=", ".join(ROLES))})
    station = ensure_station(db, data_dir)
    before = installation_role(db, data_dir)
    chosen = InstallationRole(role, now(), audit.current_actor())
    with db.atomic():  # the file is written inside the transaction: a file that cannot be written audits nothing
        audit.append(db, "set_role", "station", station.id, {"role": before.role}, {"role": role})
        write_whole(role_path(data_dir), json.dumps({"role": role, "station": station.id, "set_at": chosen.set_at,
                                                     "set_by": chosen.set_by}, ensure_ascii=False, indent=1))
    return chosen


def role_text(role: InstallationRole) -> str:
    """The sentence saying which role this installation has and how it came to have it."""
    if not role.explicit:
        return _("This installation is a station (no role was set). At headquarters, set it with `station role "
                 "headquarters` or on the exchange page.")
    if role.headquarters:
        return _("This installation is headquarters (set on {when} by {who}).").format(
            when=role.set_at[:16].replace("T", " "), who=role.set_by or "—")
    return _("This installation is a station (set on {when} by {who}).").format(
        when=role.set_at[:16].replace("T", " "), who=role.set_by or "—")
