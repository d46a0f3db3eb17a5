"""Which role this installation plays in the campaign's exchange: a station (a laptop sending its bundles to
headquarters), or headquarters (merging the stations' bundles and handing the result out again).

The role is set explicitly (``station role headquarters`` on the command line, or on the exchange page), never
guessed from the data: a laptop that trusted or imported another station's bundle, or restored headquarters'
backup into a new data directory, stays a station. It is kept beside the database, not in it (``role.json`` in the
data directory, naming the station it was set for), so that neither a bundle nor a restored backup brings it; a
file naming another station than the database's own is not taken. Setting it is audited. Headquarters' hand-outs
carry what a station needs to tell which of its changes headquarters had not seen yet, and they carry the records
merged from the stations since the last hand-out.

An installation set up before the role existed was taken for headquarters when it named no headquarters and trusted
a station. Such an installation that has also merged stations' bundles, not headquarters' hand-outs
(``unset_headquarters_stations``), is not made headquarters now either, but it is told how to set its role
(``role_hint``): on the exchange page, by ``station`` and by ``bundle export``."""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass
from pathlib import Path

from workstation.db import Database
from workstation.errors import ValidationError
from workstation.i18n import _, ngettext
from workstation.records import now, short_time

ROLE_FILE = "role.json"
HEADQUARTERS = "headquarters"
STATION = "station"
ROLES = (HEADQUARTERS, STATION)
#: The audit action setting the role; its entry travels in the installation's bundles like any other.
SET_ROLE = "set_role"


@dataclass(frozen=True)
class InstallationRole:
    """The role, when and by whom it was set (both None when it never was: a station by default)."""

    role: str = STATION
    set_at: str | None = None
    set_by: str | None = None
    #: why a role file that is there was not taken (unreadable, damaged, of another station); None otherwise
    unreadable: str | None = None

    @property
    def headquarters(self) -> bool:
        return self.role == HEADQUARTERS

    @property
    def explicit(self) -> bool:
        return self.set_at is not None


def role_path(data_dir: Path) -> Path:
    return Path(data_dir) / ROLE_FILE


def at_headquarters(db: Database) -> bool:
    """Whether this database is headquarters' (its role set so: ``installation_role`` of its data directory)."""
    from workstation.clocks import data_dir_of

    data_dir = data_dir_of(db)
    return data_dir is not None and installation_role(db, data_dir).headquarters


def installation_role(db: Database, data_dir: Path) -> InstallationRole:
    """The role set for this installation's station; a station when none was set, when the file cannot be read, or
    when it was set for another station (a database of another station put in this data directory)."""
    from workstation.station import this_station

    path = role_path(data_dir)
    if not path.exists():
        return InstallationRole()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        return _not_taken(path, str(exc))
    own = this_station(db)
    if not isinstance(data, dict) or data.get("role") not in ROLES:
        return _not_taken(path, _("it does not name a role"))
    if own is None or data.get("station") != own.id:
        return _not_taken(path, _("it was set for another station"))
    from workstation.audit import acting_officer

    # an earlier version recorded the computer's account when no officer was signed in: never shown
    return InstallationRole(data["role"], str(data.get("set_at") or ""), acting_officer(db, str(data.get("set_by") or "")))


def own_agency(db: Database) -> str | None:
    """The id of the agency this installation works for, whose name and 文号 what it issues itself carries: the
    station's agency when one was chosen (``init --agency``, the first steps, 名称和所属单位…), else, at
    headquarters, the city bureau (a lead headquarters assigns is assigned by the city bureau); None at a station
    that has none."""
    from workstation.clocks import data_dir_of
    from workstation.store.base import get_setting

    chosen = get_setting(db, "station_agency")
    if chosen:
        return chosen
    data_dir = data_dir_of(db)  # where its role.json is
    if data_dir is None or not installation_role(db, data_dir).headquarters:
        return None
    return city_bureau(db)


def city_bureau(db: Database) -> str | None:
    """The id of the city bureau, which headquarters without an agency chosen works as."""
    row = db.execute("SELECT id FROM agencies WHERE level = 'city' ORDER BY code LIMIT 1").fetchone()
    return row[0] if row else None


def _not_taken(path: Path, why: str) -> InstallationRole:
    """A station, saying why the role file ``path`` was not taken: a headquarters whose file was damaged must be told
    it now works as a station (its hand-outs would otherwise go on without the stations' merged records, silently)."""
    import logging

    logging.getLogger(__name__).warning("role file %s not taken: %s", path, why)
    return InstallationRole(unreadable=_("{file} was not taken ({reason})").format(file=path, reason=why))


def _role_record(role: str) -> dict:
    """What the audit entry of a role set records (before and after): its digest tells a role set to headquarters in
    the audit log another installation sends (``handing_out_stations``)."""
    return {"role": role}


def set_installation_role(db: Database, data_dir: Path, role: str) -> InstallationRole:
    """Make this installation headquarters or a station (audited); the station identity is created if needed."""
    from workstation import audit
    from workstation.shared_file import write_whole
    from workstation.station import default_station_name, ensure_station, unnamed

    if role not in ROLES:
        raise ValidationError({"role": _("Choose the role: {roles}.").format(roles=", ".join(ROLES))})
    station = ensure_station(db, data_dir)
    before = installation_role(db, data_dir)
    chosen = InstallationRole(role, now(), audit.acting_officer(db))  # the officer, never the computer's account
    with db.atomic():  # the file is written inside the transaction: a file that cannot be written audits nothing
        audit.append(db, SET_ROLE, "station", station.id, _role_record(before.role), _role_record(role))
        write_whole(role_path(data_dir), json.dumps({"role": role, "station": station.id, "set_at": chosen.set_at,
                                                     "set_by": chosen.set_by}, ensure_ascii=False, indent=1))
        if role == HEADQUARTERS and not before.headquarters and not station.agency_id and unnamed(station.name):
            # a station named by default (站点) that becomes headquarters is named after the city bureau it works as,
            # so that the stations' messages do not read "站点 站点"
            ensure_station(db, data_dir, name=default_station_name(db, city_bureau(db)))
    return chosen


def role_text(role: InstallationRole) -> str:
    """The sentence saying which role this installation has and how it came to have it."""
    if role.unreadable:
        return _("This installation works as a station: {why}. At headquarters, set the role again with `station role "
                 "headquarters` or on the exchange page.").format(why=role.unreadable)
    if not role.explicit:
        return _("This installation is a station (no role was set). At headquarters, set it with `station role "
                 "headquarters` or on the exchange page.")
    from workstation.audit import no_officer_text

    if role.headquarters:
        return _("This installation is headquarters (set on {when} by {who}).").format(
            when=short_time(role.set_at), who=role.set_by or no_officer_text())
    return _("This installation is a station (set on {when} by {who}).").format(
        when=short_time(role.set_at), who=role.set_by or no_officer_text())


def handing_out_stations(db: Database, station_ids) -> set[str]:
    """Those of ``station_ids`` whose audit log, as received here, says their role was last set to headquarters: their
    bundles are headquarters' hand-outs (only an installation whose role is set to headquarters writes one, and the
    entry setting it comes before the hand-out in the log it sends)."""
    from workstation.audit import digest

    made_headquarters = digest(_role_record(HEADQUARTERS))
    return {station_id for station_id in station_ids if _last_role_set(db, station_id) == made_headquarters}


#: per open database, per station: the head (seq, hash) of the station's audit log as received when it was last read,
#: and the digest of the role its last ``set_role`` entry up to there set (None when it has none)
_ROLE_SETS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _last_role_set(db: Database, station_id: str) -> str | None:
    """The after-digest of the last entry setting the role of ``station_id`` in its audit log as received here. The
    log is read once: later calls read its head (one primary-key look-up) and, when it grew, only the entries after
    the head read last; a log whose old head is gone (a rolled-back import) is read again whole."""
    head = db.execute("SELECT seq, hash FROM station_audit WHERE station_id = ? ORDER BY seq DESC LIMIT 1",
                      [station_id]).fetchone()
    if head is None:
        return None
    known = _ROLE_SETS.setdefault(db, {})
    seen = known.get(station_id)
    if seen is not None and (seen[0], seen[1]) == (head[0], head[1]):
        return seen[2]
    after, found = 0, None
    if seen is not None and db.execute("SELECT 1 FROM station_audit WHERE station_id = ? AND seq = ? AND hash = ?",
                                       [station_id, seen[0], seen[1]]).fetchone():
        after, found = seen[0], seen[2]  # the same log, grown since: only its new entries can set the role again
    last = db.execute("SELECT after_digest FROM station_audit WHERE station_id = ? AND seq > ? AND action = ? "
                      "AND entity = 'station' AND entity_id = ? ORDER BY seq DESC LIMIT 1",
                      [station_id, after, SET_ROLE, station_id]).fetchone()
    if last is not None:
        found = last[0]
    known[station_id] = (head[0], head[1], found)
    return found


def unset_headquarters_stations(db: Database, data_dir: Path, role: InstallationRole | None = None) -> int:
    """How many trusted stations' bundles were merged here, when no role was ever set and no headquarters is named:
    an installation that the guess made before roles were set would have taken for headquarters (it names no
    headquarters, trusts a station) and that works as headquarters does (it merged stations' bundles). 0 otherwise:
    a role set either way, a station naming headquarters, a fresh laptop, or one that only trusted a card. The
    hand-outs of a headquarters (``handing_out_stations``) do not count: a station that trusted headquarters' card
    (``station trust`` rather than ``station headquarters``) and took its hand-outs is not taken for one. ``role``
    is the installation's role when the caller has read it already (the role file is then not read again)."""
    if (role or installation_role(db, data_dir)).explicit:
        return 0
    if db.execute("SELECT 1 FROM stations WHERE role = 'hq'").fetchone():
        return 0
    merged = {row[0] for row in db.execute("SELECT DISTINCT i.station_id FROM bundle_imports i JOIN stations s "
                                           "ON s.id = i.station_id WHERE s.role = 'trusted'")}
    return len(merged - handing_out_stations(db, merged))


def role_hint(db: Database, data_dir: Path) -> str | None:
    """One line telling an installation that may be headquarters (``unset_headquarters_stations``) that it works as
    a station until its role is set, and how to set it, or that its role file was not taken; None when there is
    nothing to say."""
    role = installation_role(db, data_dir)
    if role.unreadable:
        return role_text(role)
    stations = unset_headquarters_stations(db, data_dir, role)
    if not stations:
        return None
    return ngettext("No role is set here, so this installation works as a station, although it names no headquarters "
                    "and has merged the bundles of {n} station. If it is headquarters, set its role with `station role "
                    "headquarters` (or on the exchange page).",
                    "No role is set here, so this installation works as a station, although it names no headquarters "
                    "and has merged the bundles of {n} stations. If it is headquarters, set its role with `station "
                    "role headquarters` (or on the exchange page).", stations).format(n=stations)
