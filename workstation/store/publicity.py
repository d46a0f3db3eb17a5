"""The publicity log (宣传活动登记): the campaign's publicity activities — when, by which agency, what kind,
and how many flyers, SMS and participants — validated field by field, listed for a period, updated and
deleted with every change audited — a deletion with its reason, the activity kept to be brought back."""

from __future__ import annotations

import functools
import io
import json
import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from workstation.audit import AuditWriter, digest
from workstation.db import Database
from workstation.errors import NotFound, ValidationError, WorkstationError, join_sentences
from workstation.fullwidth import DIGITS, to_ascii
from workstation.i18n import _, language
from workstation.records import Publicity, id_stream, new_id, now, today
from workstation.sheet_cells import csv_writer
from workstation.store.agencies import agency_condition
from workstation.store.base import fetch_dict, fetch_dicts, from_row, save_audited
from workstation.validators import parse_count, parse_date, year_slip
from workstation.vocabulary import label, labels, shown_label

KINDS = "publicity_kinds"
COUNT_FIELDS = ("flyers", "sms", "participants")
# the three figures of an activity, named alike wherever they are shown (Chinese content, like the kinds'
# labels): {field: (name, unit)} — the log's table heads a column with the name, the editor and the CSV export
# name the figure with its unit ("宣传资料（份）"), the totals say "宣传资料 1,200 份"
FIGURES = {"flyers": ("宣传资料", "份"), "sms": ("提示短信", "条"), "participants": ("参与人数", "人")}


def figure_name(field: str, unit: bool = False) -> str:
    """The name of the figure ``field`` (one of ``COUNT_FIELDS``), with ``unit``: followed by its unit."""
    name, its_unit = FIGURES[field]
    return f"{name}（{its_unit}）" if unit else name


def figures_text(totals: dict[str, int]) -> str:
    """The figures of ``totals`` (``publicity_totals``) as a sentence names them: "宣传资料 1,200 份，…"."""
    return "，".join(f"{FIGURES[f][0]} {totals[f]:,} {FIGURES[f][1]}" for f in COUNT_FIELDS)


# the figures in English (WORKSTATION_LANG=en), as the window shows them: {field: (name, unit, counted as in a
# sentence)}; the CSV export keeps the Chinese names, as it keeps the kinds' Chinese labels
FIGURES_EN = {"flyers": ("Leaflets", "copies", "leaflets"), "sms": ("Reminder texts", "messages", "reminder texts"),
              "participants": ("Participants", "people", "participants")}


def shown_figure_name(field: str, unit: bool = False) -> str:
    """``figure_name`` in the window's language: "Leaflets (copies)" in English."""
    if language() != "en":
        return figure_name(field, unit)
    name, its_unit, _counted = FIGURES_EN[field]
    return f"{name} ({its_unit})" if unit else name


def shown_figures_text(totals: dict[str, int]) -> str:
    """``figures_text`` in the window's language: "41,800 leaflets, 1,620,000 reminder texts, …" in English."""
    if language() != "en":
        return figures_text(totals)
    return ", ".join(f"{totals[f]:,} {FIGURES_EN[f][2]}" for f in COUNT_FIELDS)


#: the most one activity counts of a figure: a billion flyers, SMS or people in one activity of a city's campaign is a
#: slip of the keyboard (999,999,999,999,999 typed for 999,999), which would swell every total it reaches — and a
#: spreadsheet shows no more than fifteen digits of a total
MAX_FIGURE = 999_999_999
# a figure written in 万 (ten thousands), as reports and notes write the people reached: 1.2万, 3万, 1,200万
_IN_WAN = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)万$")
_TYPED = to_ascii(DIGITS + ",.")


def parse_figure(value, field: str | None = None) -> int:
    """A figure of an activity as typed: a whole number, zero or more, with or without thousands separators
    (``parse_count``), or a number of 万 that makes one (1.2万: 12,000 people); at most ``MAX_FIGURE``. With
    ``field`` (one of ``COUNT_FIELDS``), followed or not by that figure's own unit (1200人, 1.2万条, 300份).
    ValueError naming the value otherwise; one left blank (spaces alone) is refused as ``publicity add`` refuses it,
    not read as 0 (None, a figure not given, is 0)."""
    typed = value
    if isinstance(value, str):
        text = value.translate(_TYPED).strip().replace(" ", "").replace("\u3000", "")
        if not text:  # refused as ``publicity add`` refuses it
            raise ValueError(_("Write a number; if there were none, write 0."))
        if field in FIGURES and text.endswith(FIGURES[field][1]):
            text = text[:-len(FIGURES[field][1])]
        if wan := _IN_WAN.match(text):
            full = Decimal(wan.group(1).replace(",", "")) * 10_000
            if full == full.to_integral_value():  # 1.23456万 is no whole number: said so below
                text = str(int(full))
        if not re.fullmatch(r"-?[\d,]+", text):  # 很多, 3.5, 1200人 for the flyers, 份 alone: digits or 万 are read
            raise ValueError(_("{text} is not a whole number: write it in digits, or in 万, such as 1,200 or "
                               "1.2万.").format(text=typed))
        value = text
    number = parse_count(value)
    if number > MAX_FIGURE:
        raise ValueError(_("{text} is more than one activity can count: check the digits (at most {most}).")
                         .format(text=typed, most=f"{MAX_FIGURE:,}"))
    return number


@functools.lru_cache(maxsize=4096)
def _day_of(text: str) -> str | None:
    return parse_date(text)


def activity_day(value) -> str | None:
    """``validators.parse_date`` of an activity's date, a text read once (thousands of activities deleted together
    share a few hundred days, each read several times when they are brought back)."""
    return _day_of(value) if isinstance(value, str) else parse_date(value)


def recordable_agencies(db: Database) -> set[str] | None:
    """The agencies an activity may be recorded for here: at a station with an agency of its own (``init --agency``,
    名称和所属单位…) that agency, its district bureau (a town office's) and the offices under it; None (any agency)
    at headquarters and at a station that has chosen none. A station recording for another district would have its
    activities counted in that district's 各局考评."""
    from workstation.agency_details import acting_agency_id
    from workstation.clocks import data_dir_of
    from workstation.station_role import installation_role
    from workstation.store.agencies import AGENCY_AND_OFFICES
    from workstation.store.base import get_setting

    own = get_setting(db, "station_agency")
    if not own:
        return None
    data_dir = data_dir_of(db)
    if data_dir is not None and installation_role(db, data_dir).headquarters:
        return None
    agencies = {row[0] for row in db.execute(AGENCY_AND_OFFICES, [own, own])}
    return agencies | {acting_agency_id(db, own)}


def publicity_field_errors(db: Database, item: Publicity, *, restored: bool = False, any_agency: bool = False,
                           agencies: set[str] | None = None) -> dict[str, str]:
    """Field errors of a publicity activity as its editor shows them ({} when valid). Its date may not lie after
    today (Beijing time: ``records.today``) nor in a year before ``validators.EARLIEST_YEAR``. Counts may still be
    text as typed (``"1,200"``, ``"1.2万"``, ``"1200人"``); they must be whole numbers, zero or more, up to
    ``MAX_FIGURE`` (``parse_figure``: one left blank refused, as the command line refuses it, not read as 0). Its
    agency must be one this station records for (``recordable_agencies``), unless the activity keeps the agency it
    is stored with. ``restored``: an activity as it was stored (a deletion undone), accepted once, whose date after
    today (a station's clock ahead) and agency are not refused again. ``any_agency``: the activities of the whole city
    loaded at once (the demo campaign), any agency's. ``agencies``: the ids of the agencies stored, read once for many
    activities checked together (``restore_publicities``)."""
    errors: dict[str, str] = {}
    try:
        held_on = activity_day(item.held_on)
        if held_on is None:
            errors["held_on"] = _("Enter the date of the activity.")
        elif held_on > today() and not restored:  # not held yet: the statistics count only what took place (Beijing's day)
            errors["held_on"] = _("{date} is still to come: record the activity with the day it was held (today at "
                                  "the latest, {today}).").format(date=held_on, today=today())
        elif slip := year_slip(held_on, _("The date of the activity")):
            errors["held_on"] = slip
    except ValueError as exc:
        errors["held_on"] = str(exc)
    if not str(item.title or "").strip():
        errors["title"] = _("Enter the title of the activity.")
    elif not restored and (problem := _title_control_problem(item.title)):
        errors["title"] = problem
    if item.kind not in labels(KINDS):
        errors["kind"] = _("{kind} is not a kind of publicity; use one of: {keys}.").format(
            kind=item.kind or "—", keys=", ".join(labels(KINDS)))
    for field in COUNT_FIELDS:
        try:
            parse_figure(getattr(item, field), field)
        except ValueError as exc:
            errors[field] = str(exc)
    if agencies is not None:
        row = (item.agency_id,) if item.agency_id in agencies else None
    else:
        row = db.execute("SELECT short_name FROM agencies WHERE id = ?", [item.agency_id]).fetchone() \
            if item.agency_id else None
    if row is None:
        errors["agency_id"] = _("Choose the agency that held the activity.")
    elif not (restored or any_agency):
        stored = db.execute("SELECT agency_id FROM publicity WHERE id = ?", [item.id]).fetchone()
        # an activity of another agency is not corrected here either, whatever agency the correction gives it
        refusal = other_agency_refusal(db, stored[0]) if stored is not None else None
        if refusal := refusal or other_agency_refusal(db, item.agency_id):
            errors["agency_id"] = refusal
    return errors


def other_agency_refusal(db: Database, agency_id: str) -> str | None:
    """Why an activity of ``agency_id`` may not be recorded, corrected or deleted here: the agency is not one this
    station records for (``recordable_agencies``) — its figures count in that agency's 各局考评, and that agency
    keeps them; None when it may."""
    allowed = recordable_agencies(db)
    if allowed is None or agency_id in allowed:
        return None
    row = db.execute("SELECT short_name FROM agencies WHERE id = ?", [agency_id]).fetchone()
    return _("This station records the activities of its own agency, its bureau and its offices, not those of "
             "{agency}: that agency records and corrects its own.").format(agency=row[0] if row else agency_id)


def _title_control_problem(title) -> str | None:
    """Why a title typed cannot be stored: a control character (an ESC, a bell pasted with it) or a text-direction
    control, refused as in a party's name (``store.parties.control_problem``) rather than dropped unsaid; tabs, line
    breaks and Word's breaks are spaces of the title's one line (``one_line``)."""
    from workstation.store.parties import control_problem, word_breaks

    return control_problem(word_breaks(str(title or "")))


def one_line(text) -> str:
    """A single-line field as stored: its control characters dropped (a bell, an escape pasted with it), each run of
    whitespace — line breaks and tabs too — one space, none at either end."""
    return " ".join("".join(ch for ch in str(text or "")
                            if ch.isspace() or unicodedata.category(ch) != "Cc").split())


def normalized_publicity(db: Database, item: Publicity, *, restored: bool = False, any_agency: bool = False,
                         agencies: set[str] | None = None) -> Publicity:
    """The activity with an ISO date, its title on one line (``one_line``) and whole-number counts; ValidationError
    naming each bad field. ``restored``, ``any_agency``, ``agencies``: as ``publicity_field_errors`` takes them."""
    # checked as typed (a control character refused, not dropped), stored on one line
    errors = publicity_field_errors(db, item, restored=restored, any_agency=any_agency, agencies=agencies)
    if errors:
        raise ValidationError(errors)
    return replace(item, title=one_line(item.title), held_on=activity_day(item.held_on),
                   **{field: parse_figure(getattr(item, field), field) for field in COUNT_FIELDS})


def campaign_began(db: Database) -> str | None:
    """The campaign's earliest date the store knows: the earliest day a lead was received or a case filed (a
    lead's, a case's); None when it holds neither."""
    (first,) = db.execute(
        "SELECT MIN(day) FROM (SELECT substr(received_at, 1, 10) AS day FROM leads "
        "UNION ALL SELECT lead_received_on FROM cases UNION ALL SELECT filed_on FROM cases) "
        "WHERE day IS NOT NULL AND day != ''").fetchone()
    return first


#: the figure a kind of activity is counted by, which an activity of that kind recording 0 contradicts: a 短信提醒
#: sends reminder texts
KIND_FIGURES = {"sms": "sms"}


def figures_warning(item: Publicity) -> str | None:
    """Why the figures of ``item`` (counts as stored or still as typed) are worth a second look: its kind's own figure
    (``KIND_FIGURES``: a 短信提醒 sending no text) is 0, or every figure is 0 — it adds nothing to the statistics. None
    otherwise, and when a figure cannot be read (its own error says so). Told, never refused: the activity is saved
    as it is."""
    try:
        counts = {field: parse_figure(getattr(item, field), field) for field in COUNT_FIELDS}
    except ValueError:
        return None
    own = KIND_FIGURES.get(item.kind)
    if own and not counts[own]:
        return _("the activity is of the kind {kind}, yet its figure {figure} is 0: enter how many there were, or "
                 "choose another kind.").format(kind=shown_label(KINDS, item.kind), figure=shown_figure_name(own))
    if not any(counts.values()):
        return _("every figure of the activity is 0 ({figures}): enter how many there were, or the statistics count "
                 "the activity with none.").format(figures="、".join(shown_figure_name(f) for f in COUNT_FIELDS))
    return None


def before_campaign(db: Database, held_on: str) -> str | None:
    """Why the date ``held_on`` (ISO) of an activity is worth a second look: it lies before the campaign's earliest
    date (``campaign_began``), a slip of the year perhaps; None otherwise. The activity is recorded and counted all
    the same."""
    began = campaign_began(db)
    if not began or not held_on or held_on >= began:
        return None
    return _("the date of the activity, {date}, is before the campaign's earliest date, {began} (the first lead "
             "received or case filed): check the year. It was saved and is counted all the same.").format(
        date=held_on, began=began)


def changed_since(db: Database, loaded: Publicity) -> str | None:
    """Why ``loaded`` (an activity as an editor opened it) may not be saved over: another process (another window,
    the command line) saved the activity since, and saving the editor's copy, every figure of it, would take that
    back; or deleted it since (``publicity delete``, another window, a bundle from headquarters), and saving would
    store it again under its old id, which headquarters keeps deleted: the station would count it, headquarters not.
    None when the stored activity is still as it was loaded (a new activity has no ``loaded``)."""
    stored = fetch_dict(db, "SELECT * FROM publicity WHERE id = ?", [loaded.id])
    if stored is None:
        return _("The publicity activity “{title}” of {date} was deleted elsewhere since you opened it: nothing was "
                 "saved. Copy what you typed if you need it.").format(title=loaded.title.strip(), date=loaded.held_on)
    if from_row(Publicity, stored) == loaded:
        return None
    return _("The publicity activity “{title}” of {date} was changed elsewhere since you opened it: reopen it and "
             "apply your changes again.").format(title=loaded.title.strip() or stored["title"],
                                                 date=loaded.held_on or stored["held_on"])


def save_publicity(db: Database, item: Publicity, audit: AuditWriter | None = None, *,
                   any_agency: bool = False, loaded: Publicity | None = None) -> Publicity:
    """Validate and create or update a publicity activity (audited); ``any_agency``: of any agency, wherever this
    station's own (``publicity_field_errors``). ``loaded``: the activity as the editor saving it opened it;
    WorkstationError, nothing written, when the stored activity is no longer that (another process corrected it
    meanwhile: saving the editor's copy, every figure of it, would take that back), or when it is no longer stored
    (deleted meanwhile: saving would store it again) — said before what is wrong with its fields."""
    if loaded is not None and (refusal := changed_since(db, loaded)):
        raise WorkstationError(refusal)
    item = normalized_publicity(db, item, any_agency=any_agency)
    with db.atomic():
        if loaded is not None and (refusal := changed_since(db, loaded)):
            raise WorkstationError(refusal)
        save_audited(db, "publicity", "publicity", {k: getattr(item, k) for k in item.__dataclass_fields__}, audit)
    return item


def restore_publicities(db: Database, items: list[Publicity], *, allow_duplicate: bool = False) -> list[Publicity]:
    """Bring back the deleted activities ``items`` (as they were stored; several rows of the log deleted at once) as
    new records: all of them, or none. Each gets a new id, the same fields, audited as created; the deleted record
    stays deleted, as the audit log says. Under its old id, a station's bundle would carry it as the copy of a record
    deleted at headquarters, which the merge keeps deleted (``bundle.merge._copy_of_deleted``): it would never be
    counted there. Its date after today and its agency are not refused again (``publicity_field_errors``:
    ``restored``); any other bad field is (ValidationError). The same activity in the log already (``restored_twins``:
    entered again since it was deleted) is refused, nothing written, unless ``allow_duplicate`` (the officer said it
    is another): the statistics would count it twice. Thousands deleted together (Ctrl+A, Delete) are checked as
    one batch — the agencies read once, the twins found in one reading — and written in one transaction, their
    audit entries with them: a bad one refused (its fields named, and, among several, the activity), nothing
    written. One deleted with a reason and brought back already (``put_back_refusal``) is refused too, nothing
    written; one kept is marked brought back as its new id (``restored_as``, ``restored_at``), that update audited
    in the same transaction, so that the audit log links the new id to the old one."""
    agencies = {row[0] for row in db.execute("SELECT id FROM agencies")}
    ids = id_stream() if len(items) > 1 else iter(new_id, None)  # many: a bulk import's ids
    restored = []
    for item in items:
        try:
            restored.append(normalized_publicity(db, replace(item, id=next(ids)), restored=True, agencies=agencies))
        except ValidationError as refused:
            if len(items) == 1:
                raise
            named = activity_named(db, replace(item, title=one_line(item.title)))  # which of them: named
            raise ValidationError({field: _("{activity}: {message}").format(activity=named, message=message)
                                   for field, message in refused.errors.items()}) from None
    with db.atomic():
        kept = _kept_deleted(db, items)  # read in the transaction: one brought back meanwhile is not again
        for row in kept.values():
            if refusal := put_back_refusal(_removed([row[name] for name in _REMOVED_NAMES])):
                raise WorkstationError(refusal)
        if not allow_duplicate and (twins := restored_twins(db, restored)):
            item, twin = twins[0]
            raise WorkstationError(_("{activity} is in the publicity log already (entered again since it was "
                                     "deleted?): bringing back the deleted one would record it a second time, and "
                                     "the statistics would count it twice. Nothing was brought back.").format(
                activity=activity_named(db, twin)))
        stamp, writer = now(), AuditWriter(db)
        rows = [{**{k: getattr(item, k) for k in item.__dataclass_fields__}, "created_at": stamp,
                 "updated_at": stamp} for item in restored]
        if rows:
            columns = list(rows[0])
            db.conn.executemany(f"INSERT INTO publicity ({', '.join(columns)}) VALUES "
                                f"({', '.join('?' * len(columns))})", [[row[c] for c in columns] for row in rows])
        for row in rows:  # each audited as created, as ``save_audited`` audits one, at the time it is stamped with
            writer.add_digests("create", "publicity", row["id"], "", digest(row), at=stamp)
        # the deleted ones kept: brought back, as which (the station's own note, as ``removed_clock_events``'s), each
        # update audited: the entry links the activity created to the one deleted
        updates = []
        for item, new in zip(items, restored, strict=True):
            if (before := kept.get(item.id)) is not None:
                after = {**before, "restored_as": new.id, "restored_at": stamp}
                writer.add_digests("update", "removed_publicity", item.id, digest(before), digest(after), at=stamp)
                updates.append([new.id, stamp, item.id])
        db.conn.executemany("UPDATE removed_publicity SET restored_as = ?, restored_at = ? WHERE id = ?", updates)
        writer.flush()
    return restored


def _kept_deleted(db: Database, items: list[Publicity]) -> dict[str, dict]:
    """{id: the row of ``removed_publicity``, as stored} of ``items`` (deleted activities brought back) that were
    kept when deleted."""
    found: dict[str, dict] = {}
    ids = list(dict.fromkeys(item.id for item in items))
    for start in range(0, len(ids), 500):  # a few statements for thousands deleted together
        chunk = ids[start:start + 500]
        cursor = db.execute(f"SELECT * FROM removed_publicity WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
        names = [c[0] for c in cursor.description]
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            found[row["id"]] = row
    return found


def restored_twins(db: Database, items: list[Publicity]) -> list[tuple[Publicity, Publicity]]:
    """The deleted activities ``items`` that the log holds again (``same_activity``), each with the one stored:
    (deleted, stored). Twins among ``items`` themselves, deleted together, were in the log together before. The
    activities stored on their days are read once, not twice an activity (thousands deleted together)."""
    days = [activity_day(item.held_on) for item in items]
    if len(items) < 2 or None in days:
        return [(item, twin) for item in items if (twin := same_activity(db, item)) is not None]
    stored: dict[tuple, list[Publicity]] = {}
    by_id: dict[str, Publicity] = {}
    for row in fetch_dicts(db, "SELECT * FROM publicity WHERE held_on BETWEEN ? AND ? ORDER BY created_at",
                           [min(days), max(days)]):
        kept = from_row(Publicity, row)
        by_id[kept.id] = kept
        stored.setdefault(_activity_key(kept, kept.held_on), []).append(kept)
    twins = []
    for item, day in zip(items, days, strict=True):
        key = _activity_key(item, day)
        if (own := by_id.get(item.id)) is not None and _activity_key(own, own.held_on) == key:
            continue  # itself, as stored: no twin (``same_activity``)
        if twin := next((other for other in stored.get(key, ()) if other.id != item.id), None):
            twins.append((item, twin))
    return twins


def _activity_key(item: Publicity, held_on: str) -> tuple:
    """What two entries of one activity share (``same_activity``): agency, day (ISO), kind and title (``_title_key``)."""
    return item.agency_id, held_on, item.kind, _title_key(item.title)


def _title_key(title) -> str:
    """A title as two entries of one activity match: its spaces (half or full width) left out, letters folded."""
    return "".join(str(title or "").split()).casefold()


def activity_key(item: Publicity) -> tuple:
    """What two entries of one activity share (``same_activity``): its agency, day and kind, and its title with
    spaces and letter case aside — for telling twins apart among activities not stored yet (a bundle's)."""
    return item.agency_id, activity_day(item.held_on), item.kind, _title_key(item.title)


def same_activity(db: Database, item: Publicity) -> Publicity | None:
    """Another stored activity that ``item`` (valid: ``publicity_field_errors`` finds nothing) would enter a second
    time — of the same agency, day and kind, under the same title (spaces and letter case aside) —, None when there
    is none. An edit that keeps the agency, day, kind and title the activity had finds none: a twin accepted when
    it was entered is not asked about again at each correction of its figures."""
    held_on = activity_day(item.held_on)
    stored = db.execute("SELECT agency_id, held_on, kind, title FROM publicity WHERE id = ?", [item.id]).fetchone()
    if stored is not None and tuple(stored[:3]) == (item.agency_id, held_on, item.kind) and \
            _title_key(stored[3]) == _title_key(item.title):
        return None
    rows = fetch_dicts(db, "SELECT * FROM publicity WHERE agency_id = ? AND held_on = ? AND kind = ? AND id != ? "
                           "ORDER BY created_at", [item.agency_id, held_on, item.kind, item.id])
    return next((from_row(Publicity, r) for r in rows if _title_key(r["title"]) == _title_key(item.title)), None)


def activity_named(db: Database, item: Publicity) -> str:
    """``item`` as a message names it: "“进社区宣传” of 南海区局 on 2026-04-01 (社区宣传)"."""
    row = db.execute("SELECT short_name FROM agencies WHERE id = ?", [item.agency_id]).fetchone()
    return _("“{title}” of {agency} on {date} ({kind})").format(
        title=item.title, agency=row[0] if row else "—", date=item.held_on, kind=shown_label(KINDS, item.kind))


def get_publicity(db: Database, publicity_id: str) -> Publicity:
    row = fetch_dict(db, "SELECT * FROM publicity WHERE id = ?", [publicity_id])
    if row is None:
        raise NotFound(_("No publicity activity {id}.").format(id=publicity_id))
    return from_row(Publicity, row)


def _held_where(date_from: str | None, date_to: str | None, agency_id: str | None,
                own: bool) -> tuple[list[str], list]:
    """The conditions (and their parameters) of activities held in a period (inclusive ISO dates, either open) by an
    agency and its offices (with ``own``, by the agency itself only): of the activities and of those deleted alike."""
    where, params = ["1 = 1"], []
    if date_from:
        where.append("held_on >= ?")
        params.append(date_from)
    if date_to:
        where.append("held_on <= ?")
        params.append(date_to)
    if agency_id:
        condition, agency_params = agency_condition(agency_id, own)
        where.append(condition)
        params += agency_params
    return where, params


def list_publicity(db: Database, date_from: str | None = None, date_to: str | None = None,
                   agency_id: str | None = None, *, own: bool = False) -> list[Publicity]:
    """The activities held in a period (inclusive ISO dates, either open) by an agency and its offices (with
    ``own``, by the agency itself only), the latest first."""
    where, params = _held_where(date_from, date_to, agency_id, own)
    rows = fetch_dicts(db, f"SELECT * FROM publicity WHERE {' AND '.join(where)} "
                           "ORDER BY held_on DESC, created_at DESC", params)
    return [from_row(Publicity, r) for r in rows]


def delete_publicity(db: Database, publicity_id: str, reason: str | None = None) -> Publicity:
    """Delete an activity entered by mistake, with the officer's ``reason``: the activity is kept as it was stored,
    with the reason, the officer and the time, among the deleted ones (``removed_publicities``, m077), from which
    ``restore_deleted_publicity`` brings it back; the audit log records the deletion (a digest of what was deleted:
    it travels to headquarters in the bundle as before) and the record kept (a digest naming the reason). Returns
    it as it was stored when deleted (what an undo brings back: not a copy read earlier, which another window may
    have corrected since). An activity of an agency this station does not record for is refused
    (``other_agency_refusal``); a reason left blank too (ValidationError ``reason``), nothing deleted."""
    return delete_publicities(db, [publicity_id], reason)[0]


def delete_publicities(db: Database, publicity_ids: list[str], reason: str | None = None) -> list[Publicity]:
    """``delete_publicity`` for several activities at once (rows of the log selected together), all with the same
    ``reason``: all deleted, or none (NotFound for one deleted meanwhile, a WorkstationError for one of another
    agency, naming it; then a ValidationError ``reason`` for a reason left blank). ``reason`` None (a caller of the
    core that asked none) is kept as "" (listed as "(no reason given)": ``reason_shown``)."""
    said = one_line(reason)
    with db.atomic():
        deleted = []
        for publicity_id in publicity_ids:
            before = fetch_dict(db, "SELECT * FROM publicity WHERE id = ?", [publicity_id])
            if before is None:
                raise NotFound(_("No publicity activity {id}.").format(id=publicity_id))
            deleted.append(before)
        if refusal := deletion_refusal(db, [from_row(Publicity, before) for before in deleted]):
            raise WorkstationError(refusal)
        if reason is not None and not said:  # after the agency: no reason makes another agency's deletable
            raise ValidationError({"reason": _("Say why the activity is deleted: the reason is kept with it, and the "
                                               "activity can be brought back later. Nothing was deleted.")})
        writer, stamp = AuditWriter(db), now()
        kept_rows = []
        for before in deleted:
            db.execute("DELETE FROM publicity WHERE id = ?", [before["id"]])
            writer.add("delete", "publicity", before["id"], before, None)  # travels to headquarters (DELETABLE)
            kept = {"id": before["id"], "agency_id": before["agency_id"], "held_on": before["held_on"],
                    "publicity_json": json.dumps(before, ensure_ascii=False, sort_keys=True), "reason": said,
                    "removed_at": stamp, "removed_by": writer.actor, "restored_as": None, "restored_at": None}
            writer.add("create", "removed_publicity", before["id"], None, kept)  # the record kept, its reason
            kept_rows.append(kept)
        if kept_rows:
            columns = list(kept_rows[0])
            # a plain INSERT: an activity's id is kept once (one brought back gets a new id), so a row kept under it
            # already is a fault that must fail loudly, not be written over under an entry audited as "create"
            db.conn.executemany(f"INSERT INTO removed_publicity ({', '.join(columns)}) VALUES "
                                f"({', '.join('?' * len(columns))})", [[row[c] for c in columns] for row in kept_rows])
        writer.flush()
    return [from_row(Publicity, before) for before in deleted]


@dataclass
class RemovedPublicity:
    """A publicity activity deleted with its reason (``delete_publicities``), as it was stored; ``restored_as``: the
    id of the activity that brought it back, None while none has."""

    item: Publicity
    reason: str
    removed_at: str
    removed_by: str
    restored_as: str | None = None
    restored_at: str | None = None


_REMOVED_COLUMNS = "publicity_json, reason, removed_at, removed_by, restored_as, restored_at"
_REMOVED_NAMES = _REMOVED_COLUMNS.split(", ")


def _removed(row) -> RemovedPublicity:
    text, reason, removed_at, removed_by, restored_as, restored_at = row
    return RemovedPublicity(from_row(Publicity, json.loads(text)), reason, removed_at, removed_by, restored_as,
                            restored_at)


def removed_publicities(db: Database, date_from: str | None = None, date_to: str | None = None,
                        agency_id: str | None = None, *, own: bool = False,
                        restored: bool = True) -> list[RemovedPublicity]:
    """The activities deleted with a reason, held in a period by an agency (as ``list_publicity`` filters them), the
    latest deleted first; without ``restored``, only those not brought back since."""
    where, params = _held_where(date_from, date_to, agency_id, own)
    if not restored:
        where.append("restored_as IS NULL")
    rows = db.execute(f"SELECT {_REMOVED_COLUMNS} FROM removed_publicity WHERE {' AND '.join(where)} "
                      "ORDER BY removed_at DESC, rowid DESC", params).fetchall()
    return [_removed(row) for row in rows]


def reason_shown(removed: RemovedPublicity) -> str:
    """The reason of the deletion ``removed`` as listed: "(no reason given)" for one deleted through the core
    without one (stored as "")."""
    return removed.reason or _("(no reason given)")


def removed_publicity(db: Database, publicity_id: str) -> RemovedPublicity:
    """The activity ``publicity_id`` as it was kept when deleted; NotFound saying where the deleted ones are listed."""
    row = db.execute(f"SELECT {_REMOVED_COLUMNS} FROM removed_publicity WHERE id = ?", [publicity_id]).fetchone()
    if row is None:
        raise NotFound(_("No deleted publicity activity {id}: `publicity list --deleted` lists those deleted, with "
                         "their ids (one deleted before this version of the workstation was not kept: record it "
                         "again).").format(id=publicity_id))
    return _removed(row)


def put_back_refusal(removed: RemovedPublicity) -> str | None:
    """Why the deleted activity ``removed`` cannot be brought back: it was already (the activity it is now named);
    None when it can."""
    if not removed.restored_as:
        return None
    return _("The publicity activity “{title}” of {date} was brought back already on {day}: it is the activity {id} "
             "now. Nothing was changed.").format(title=removed.item.title, date=removed.item.held_on,
                                                 day=(removed.restored_at or "")[:10], id=removed.restored_as)


def restore_deleted_publicity(db: Database, publicity_id: str, *, allow_duplicate: bool = False) -> Publicity:
    """Bring back the activity ``publicity_id`` deleted with a reason (``delete_publicities``), however long ago, as
    ``restore_publicities`` brings back a deletion undone in the window: a new record with the fields it had
    (NotFound for one not kept, a WorkstationError, nothing changed, for one brought back already or entered
    again since, unless ``allow_duplicate``)."""
    return restore_publicities(db, [removed_publicity(db, publicity_id).item], allow_duplicate=allow_duplicate)[0]


def deletion_refusal(db: Database, items: list[Publicity]) -> str | None:
    """Why the activities ``items`` may not be deleted here together, None when they may: one is of an agency this
    station does not record for (``other_agency_refusal``) — named when there are several, nothing is deleted."""
    refusals: dict[str, str | None] = {}  # each agency asked once: thousands of activities of a handful of agencies
    for item in items:
        if item.agency_id not in refusals:
            refusals[item.agency_id] = other_agency_refusal(db, item.agency_id)
        if refusal := refusals[item.agency_id]:
            return refusal if len(items) == 1 else _("{activity}: {reason} Nothing was deleted.").format(
                activity=activity_named(db, item), reason=refusal)
    return None


def after_today(item: Publicity) -> bool:
    """Whether ``item`` is dated after today (Beijing's day, ``records.today``): the store refuses such a date, but a
    bundle from a station whose clock was ahead may bring one. The log lists it, marked (``listed_date``), and
    counts it from its day on, as the statistics do (``stats.HELD_PUBLICITY``)."""
    return str(item.held_on) > today()


def listed_date(item: Publicity) -> str:
    """The date of ``item`` as the log lists it: "2026-02-15", marked when it is after today ("2026-12-20（日期在
    今天之后）")."""
    return _("{date} (after today)").format(date=item.held_on) if after_today(item) else str(item.held_on)


def publicity_totals(items: list[Publicity]) -> dict[str, int]:
    """How many activities, flyers, SMS and participants ``items`` add up to: those held by today, not those dated
    after it (``after_today``), so that the log's 合计 agrees with the statistics of the same period and agency."""
    held = [i for i in items if not after_today(i)]
    return {"campaigns": len(held), **{field: sum(getattr(i, field) for i in held) for field in COUNT_FIELDS}}


def totals_text(items: list[Publicity]) -> str:
    """The log's totals line, as its tab and ``publicity list`` say it: "合计：宣传活动4场，宣传资料 3,250 份，…。",
    followed, when some listed activities are dated after today, by how many it leaves out."""
    totals = publicity_totals(items)
    text = _("Total: {campaigns} activities; {figures}.").format(
        campaigns=f"{totals['campaigns']:,}", figures=shown_figures_text(totals))
    later = sum(after_today(i) for i in items)
    if not later:
        return text
    return join_sentences([text, _("Listed but not counted: activities dated after today ({today}), {count}; "
                                   "they count from their day on, as in the statistics.").format(count=later,
                                                                                                today=today())])


# the log's columns as exported: Chinese content, like the statistics workbook
EXPORT_HEADER = ("日期", "单位", "活动名称", "类型", *(figure_name(f, unit=True) for f in COUNT_FIELDS))


def publicity_scope(db: Database, agency_id: str | None, own: bool = False) -> str:
    """The agency a log filtered by agency covers, as its export names it: its short name (南海区局), with ``own``
    (its own activities only, not its offices') 南海区局（仅本级）; "" for every agency (or one no longer stored)."""
    if not agency_id:
        return ""
    row = db.execute("SELECT short_name, name FROM agencies WHERE id = ?", [agency_id]).fetchone()
    if row is None:
        return ""
    name = row[0] or row[1]
    return f"{name}（仅本级）" if own else name


def publicity_csv(db: Database, items: list[Publicity], *, scope: str = "") -> bytes:
    """The activities as CSV in UTF-8 with BOM (Excel and WPS read the Chinese), one row each in the order
    given, then a 合计 row with their totals (``publicity_totals``: those dated after today left out, and said so in
    a 注 row under it) and, for a log filtered by agency, a 范围 row naming it (``scope``, ``publicity_scope``), so
    that the totals of one district's file are not taken for another's."""
    names = {row[0]: row[1] for row in db.execute("SELECT id, short_name FROM agencies")}
    out = io.StringIO(newline="")
    writer = csv_writer(out)  # a title worded "=…" written as text, not run as a formula
    writer.writerow(EXPORT_HEADER)
    writer.writerows([i.held_on, names.get(i.agency_id, ""), i.title, label(KINDS, i.kind),
                      *(getattr(i, field) for field in COUNT_FIELDS)] for i in items)
    totals = publicity_totals(items)  # the activities dated after today listed, not counted: said under 合计
    writer.writerow(["合计", "", f"{totals['campaigns']}场", "", *(totals[field] for field in COUNT_FIELDS)])
    if later := sum(after_today(i) for i in items):
        writer.writerow(["注", "", f"另有{later}场活动日期在今天（{today()}）之后，已列出，未计入合计"])
    if scope:
        writer.writerow(["范围", "", scope])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_publicity(db: Database, items: list[Publicity], path: str | Path, *, scope: str = "") -> Path:
    """Write the activities ``items`` (the log as listed) to ``path`` as CSV, whole or not at all; ``scope`` the
    agency they are filtered by (``publicity_scope``), "" for every agency. A name ending in another format's
    extension (宣传.xlsx) is refused, nothing written (``output_names.output_format``): CSV under it opens as
    garbage."""
    from workstation.output import write_output
    from workstation.output_names import output_format

    output_format(path, ("csv",))
    return write_output(str(path), publicity_csv(db, items, scope=scope))
