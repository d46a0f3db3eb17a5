"""A trusted station's name and agency as its signed bundles carry them: a station renamed, or moved to another
agency (a laptop handed from 南海区局 to 顺德区局, ``init --agency``), says so in the card its manifest holds, which
its key signs. Headquarters takes the new name when it merges the bundle (audited as a merge's change of the
station), and the new agency only when the officer says so (the window asks; ``bundle import --take-agency``):
the agency decides which records headquarters' hand-outs give the laptop (``writer.HandoutScope``). A new name
comes with a new agency or not at all: a laptop moved to 顺德区局 and renamed 顺德区局执法一队 whose agency is kept
keeps its old name too, lest it show under 顺德's name while held, and handed out, as 南海区局's. Only a bundle
made after every bundle of the station imported here and after the station's card was last trusted here is read
so: an older one (a bundle of chosen cases imported late) never takes back a name or agency the station has left.
A station first trusted, or trusted again with a new key, takes its whole card as before (``station.trust_station``).
"""

from __future__ import annotations

from dataclasses import dataclass

from workstation.db import Database
from workstation.i18n import _
from workstation.records import now


@dataclass(frozen=True)
class CardChange:
    """What a trusted station's bundle says of it that headquarters holds otherwise: the name and agency held here
    (``old_*``) and those of its card (``new_*``, the same as held when that one did not change). An agency is named
    "南海区局（440605）" (``*_agency``) and kept by id and code."""

    station_id: str
    old_name: str
    new_name: str
    old_agency_id: str | None
    new_agency_id: str | None
    old_code: str = ""
    new_code: str = ""
    old_agency: str = ""
    new_agency: str = ""
    new_level: str = ""  # the new agency's (agencies.level): a city bureau's hand-outs hold every district's records

    @property
    def renamed(self) -> bool:
        return self.new_name != self.old_name

    def name_taken(self, take_agency: bool) -> bool:
        """Whether the merge takes the new name: when the agency did not change, or with the new agency; a station
        whose new agency is not taken keeps the name held here, which goes with the agency held here."""
        return self.renamed and (take_agency or not self.moved)

    @property
    def moved(self) -> bool:
        return self.new_agency_id != self.old_agency_id


def _agency(db: Database, agency_id: str | None) -> tuple[str, str, str]:
    """(code, "南海区局（440605）", level) of ``agency_id``; ('', '', '') for none."""
    row = db.execute("SELECT code, COALESCE(NULLIF(short_name, ''), name), level FROM agencies WHERE id = ?",
                     [agency_id]).fetchone() if agency_id else None
    return (row[0], f"{row[1]}（{row[0]}）", row[2]) if row else ("", "", "")


def card_change(db: Database, card: dict, manifest: dict) -> CardChange | None:
    """What the bundle of ``manifest``, signed with the key trusted here for the station of ``card``, says of the
    station that headquarters holds otherwise; None when nothing, when the station is not one trusted here (its
    card is then trusted whole), or when the bundle is not newer than what headquarters knows of the station (its
    newest bundle imported, the card it last trusted). A card naming no name, or an agency code unknown here, leaves
    the name or agency held."""
    from workstation.bundle.merge import last_bundle_made
    from workstation.station import known_station, unnamed

    known = known_station(db, card["id"])
    if known is None or known.role != "trusted" or known.sign_key != card["sign_key"]:
        return None
    made = manifest.get("created_at")
    if not isinstance(made, str) or not made:
        return None
    newest = last_bundle_made(db, known.id)
    # ``made`` and ``newest`` are both of the station's clock (its manifests); ``trusted_at`` is of this machine's:
    # a card carries no time of its own (a card file is not even signed), so there is none of the station's to
    # compare with. A station clock running behind headquarters' makes a bundle made soon after the card was
    # trusted look older than the card: its new name or agency is then not read (the station's next bundle says it
    # again, or trusting its new card takes it). One running ahead lets a bundle made just before the card was
    # trusted take back the name or agency the card gave (only when that bundle is merged after the card).
    if (newest and made <= newest) or (known.trusted_at and made <= known.trusted_at):
        return None
    name = known.name if unnamed(card["name"]) else card["name"]
    found = db.execute("SELECT id FROM agencies WHERE code = ?", [card["agency_code"]]).fetchone() \
        if card["agency_code"] else None
    agency_id = found[0] if found else known.agency_id
    if name == known.name and agency_id == known.agency_id:
        return None
    old_code, old_agency, _level = _agency(db, known.agency_id)
    new_code, new_agency, new_level = _agency(db, agency_id)
    return CardChange(known.id, known.name, name, known.agency_id, agency_id, old_code, new_code, old_agency,
                      new_agency, new_level)


def take_card_change(db: Database, change: CardChange, take_agency: bool, writer) -> dict:
    """Write ``change`` to the station's record (inside the merge's transaction), the agency only with
    ``take_agency``, audited by ``writer`` as a merge's change of the station; returns ``card_summary``."""
    from workstation.store.base import fetch_dict

    agency_id = change.new_agency_id if take_agency else change.old_agency_id
    name = change.new_name if change.name_taken(take_agency) else change.old_name
    before = fetch_dict(db, "SELECT * FROM stations WHERE id = ?", [change.station_id])
    if name != change.old_name or agency_id != change.old_agency_id:
        db.execute("UPDATE stations SET name = ?, agency_id = ?, updated_at = ? WHERE id = ?",
                   [name, agency_id, now(), change.station_id])
        writer.add("merge_update", "station", change.station_id, before,
                   fetch_dict(db, "SELECT * FROM stations WHERE id = ?", [change.station_id]))
    return card_summary(change, take_agency)


def card_summary(change: CardChange | None, take_agency: bool) -> dict:
    """What a merge does (or its preview would do) with the station's card: {"name": {"from", "to", "taken"},
    "agency": {"from", "to", "taken", "from_name", "to_name"}} (agencies by code, and named "南海区局（440605）"),
    each key only when it changed; {} for nothing."""
    if change is None:
        return {}
    said: dict = {}
    if change.renamed:
        said["name"] = {"from": change.old_name, "to": change.new_name, "taken": change.name_taken(take_agency)}
    if change.moved:
        said["agency"] = {"from": change.old_code, "to": change.new_code, "taken": bool(take_agency),
                          "from_name": change.old_agency, "to_name": change.new_agency}
    return said


def _names(moved: dict, station: str) -> dict:
    from workstation.station import station_label

    return {"new": moved.get("to_name") or moved.get("to") or "", "old": moved.get("from_name") or _("no agency"),
            "station": station_label(station)}


def card_note(said: dict | None, station: str, *, planned: bool, window: bool = False) -> str:
    """The lines saying what the merge does (``planned``: would do) with the new name and agency of ``station`` (the
    name its card gives, ``card_summary``): the name taken; the agency taken, or, in a preview, kept unless the
    officer says otherwise (the window asks when Merge is pressed; the command line takes it with --take-agency). A
    merge that kept the agency says so in ``agency_kept_text`` instead (a warning). '' for nothing."""
    from workstation.fullwidth import tidy_spaces

    lines = []
    renamed = (said or {}).get("name")
    if renamed and not renamed["taken"]:
        if planned:  # taken (or asked about) with the new agency; a merge says it kept both (``agency_kept_text``)
            lines.append(_("Station {old} now calls itself {new}: the new name is taken only with the new "
                           "agency.").format(new=renamed["to"], old=renamed["from"]))
    elif renamed:
        lines.append((_("Station {old} now calls itself {new}: the merge would take the new name.") if planned
                      else _("Station {old} now calls itself {new}: the new name was taken.")).format(
            new=renamed["to"], old=renamed["from"]))
    moved = (said or {}).get("agency")
    if moved and moved["taken"]:
        lines.append((_("Station {station} now works for {new} (held here under {old}): the merge would take the new "
                        "agency, and headquarters' hand-outs for the station would then hold {new}'s records.")
                      if planned else _("Station {station} now works for {new} (held here under {old}): the new "
                                        "agency was taken; headquarters' hand-outs for the station now hold {new}'s "
                                        "records.")).format(**_names(moved, station)))
    elif moved and planned and window:
        lines.append(_("Station {station} now works for {new} (held here under {old}): you will be asked whether to "
                       "take the new agency when you merge.").format(**_names(moved, station)))
    elif moved and planned:
        lines.append(_("Station {station} now works for {new} (held here under {old}): the agency held here would be "
                       "kept unless --take-agency is given, and headquarters' hand-outs for the station would hold "
                       "the records of the agency held here.").format(**_names(moved, station)))
    return "\n".join(tidy_spaces(line) for line in lines)


def agency_kept_text(said: dict | None, station: str, *, window: bool = False) -> str:
    """What a merge that kept the agency held here, while the bundle of ``station`` names another, says (a warning
    on the command line); '' when it did not."""
    from workstation.fullwidth import tidy_spaces

    moved = (said or {}).get("agency")
    if not moved or moved["taken"]:
        return ""
    renamed = (said or {}).get("name")
    if renamed and not renamed["taken"]:  # the new name goes with the new agency (``CardChange.name_taken``)
        return tidy_spaces(" ".join((_(
            "Station {station} now works for {new} (held here under {old}) and calls itself {name}; the agency and "
            "the name held here were kept, so headquarters' hand-outs for the station still hold {old}'s records.")
            .format(name=renamed["to"], **_names(moved, station)),
            _("You will be asked again with the station's next bundle.") if window else _(
                "To take the new agency and name, import the station's next bundle with --take-agency, or trust its "
                "new card (`station trust FILE`)."))))
    if window:
        return tidy_spaces(_(
            "Station {station} now works for {new} (held here under {old}); the agency held here was kept, so "
            "headquarters' hand-outs for the station still hold {old}'s records. You will be asked again with the "
            "station's next bundle.").format(**_names(moved, station)))
    return tidy_spaces(_(
        "Station {station} now works for {new} (held here under {old}); the agency held here was kept, so "
        "headquarters' hand-outs for the station still hold {old}'s records. To take the new agency, import the "
        "station's next bundle with --take-agency, or trust its new card (`station trust FILE`).").format(
        **_names(moved, station)))


def agency_question(change: CardChange, station: str) -> str:
    """What the window asks (No its default) before taking the new agency of ``station`` (its name held here) from
    its bundle: the answer decides which records the laptop is handed. A city bureau's reach is named: its records
    are every district's. The new name taken with the agency is named too."""
    from workstation.fullwidth import tidy_spaces

    names = {"station": station, "new": change.new_agency, "old": change.old_agency or _("no agency")}
    lines = [_("Station {station} now works for {new}; it is held here under {old}. Take the new agency? "
               "Headquarters' hand-outs for the station then hold {new}'s records instead of {old}'s.").format(**names)]
    if change.new_level == "city":
        lines.append(_("{new} is the city bureau: its records are those of every district bureau and office under it, "
                       "so the laptop would be handed every district's records.").format(**names))
    if change.name_taken(True):
        lines.append(_("The station's new name {name} is taken with the new agency. With No, the bundle is merged "
                       "and the agency and the name held here are kept.").format(name=change.new_name))
    else:
        lines.append(_("With No, the bundle is merged and the agency held here is kept."))
    return tidy_spaces(" ".join(lines))
