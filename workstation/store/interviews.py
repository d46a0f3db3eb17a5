"""Administrative interviews (行政约谈) with one or several parties — the register with its attendees, topics,
provisions explained, commitments, rectification deadline, follow-up and escalation to a case. (Publicity
activities live in ``workstation.store.publicity``; their two functions are still importable from here.)"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from workstation.audit import AuditWriter
from workstation.case_reference import case_named
from workstation.db import Database
from workstation.errors import NotFound, ValidationError, WorkstationError
from workstation.i18n import N_, _, ngettext
from workstation.masking import mask_text
from workstation.records import Interview, Lead, program_time, today
from workstation.store.base import dumps, fetch_dict, fetch_dicts, from_row, like_contains, save_audited
from workstation.store.drafts import Draft, get_draft
from workstation.store.publicity import list_publicity, save_publicity  # noqa: F401 - older callers import them here
from workstation.validators import far_ahead, normalize_phone, parse_date, parse_time_of_day, year_slip

TEXT_FIELDS = ("subject", "summary", "place", "topics", "provisions", "commitments", "follow_up_result",
               "contact_phone")
#: an attendee's fields, by the names the interview editor's columns give them (its columns are these; a field
#: holding a tab or a line break is refused, named so)
ATTENDEE_FIELDS = {"name": N_("Attendee name"), "organisation": N_("Organisation"), "post": N_("Post")}
ATTENDEE_KEYS = tuple(ATTENDEE_FIELDS)
STATES = ("scheduled", "held", "absent")  # and ``void``, set only by ``void_interview``; ``absent`` (当事人未到场):
# the party summoned did not attend, set by ``mark_absent`` (a value of the same column: no migration)


def rectification_workdays() -> int:
    """The working days after the interview a party that made commitments has to report its rectification in
    writing, as the 约谈记录 words it (自约谈之日起15个工作日内书面报送整改情况): REFERENCE §2.4 gives 15 as an example,
    not as law (UNCONFIRMED), so it is the legal data's ``[rectification_check] interview_report_working_days`` of
    thresholds.toml, which a bureau's copy may change (``law.data.load``); it only prefills the 整改期限, which the
    officer may change, and counts the 约谈纪要's deadline where the register has none."""
    from workstation.law.data import load

    return int(load("thresholds")["rectification_check"]["interview_report_working_days"])


#: how the refusal of an interview's date in a year before ``validators.EARLIEST_YEAR``, or years ahead
#: (``validators.far_ahead``), names it, by field
DATE_NAMES = {"held_on": N_("The interview date"), "rectification_due": N_("The rectification deadline"),
              "follow_up_on": N_("The follow-up date")}


def _attendee_stored_so(stored: Interview | None, key: str, value: str) -> bool:
    """Whether an attendee of ``stored`` (the interview as stored; in any row) holds ``value`` in its field ``key``:
    a value saved before it was refused (a tab or a line break, ``_broken_attendee_field``; a control character,
    ``_text_errors``) is not refused again: kept as it is, none of its text lost, it does not keep the interview
    from a follow-up or a correction."""
    return stored is not None and any(str(kept.get(key) or "").strip() == value.strip() for kept in stored.attendees)


def _broken_attendee_field(attendee: dict, stored: Interview | None) -> str | None:
    """The first field of ``attendee`` holding a tab or a line break (rows copied from a spreadsheet pasted into one
    cell: a block never stored as one name), None when none does, or only one the interview already stores so
    (``_attendee_stored_so``)."""
    for key in ATTENDEE_FIELDS:
        value = str(attendee.get(key) or "").strip()
        if any(mark in value for mark in "\t\r\n") and not _attendee_stored_so(stored, key, value):
            return key
    return None


#: the interview's texts typed or pasted that are refused holding a control character or a text-direction control
#: (``_text_errors``); its contact phone is read as a number
CHECKED_TEXTS = tuple(field for field in TEXT_FIELDS if field != "contact_phone")


def _text_errors(interview: Interview, stored: Interview | None) -> dict[str, str]:
    """The texts of ``interview`` and of its attendees holding a control character or a text-direction control, by
    field (the attendees' under ``attendees``), refused as the party editor and the register import refuse them
    (``store.parties.changed_text_errors``; Word's line and page breaks are line breaks, stored so: ``word_breaks``):
    neither shows, and a control character breaks the deadline list's XLSX and the printed documents. A value the
    interview already stores so (``stored``; an attendee's in any row,
    ``_attendee_stored_so``) is not refused again."""
    from workstation.store.parties import changed_text_errors, control_problem

    errors = changed_text_errors(
        (field, str(getattr(interview, field) or ""), None if stored is None else str(getattr(stored, field) or ""))
        for field in CHECKED_TEXTS)
    for row, attendee in enumerate(interview.attendees, start=1):
        for key in ATTENDEE_FIELDS:
            value = str(attendee.get(key) or "")
            if _attendee_stored_so(stored, key, value):
                continue
            if problem := control_problem(value):
                errors["attendees"] = _("Attendee {row}, {field}: {problem}").format(
                    row=row, field=_(ATTENDEE_FIELDS[key]), problem=problem)
                return errors
    return errors


def _date(value, field: str, errors: dict[str, str], required_message: str | None = None) -> str | None:
    try:
        iso = parse_date(value)
    except ValueError as exc:
        errors[field] = str(exc)
        return None
    if iso is None and required_message:
        errors[field] = required_message
    elif slip := year_slip(iso, _(DATE_NAMES[field])) or far_ahead(iso, _(DATE_NAMES[field])):
        errors[field] = slip  # a year before 2000, or years ahead (2926 for 2026: never overdue, never held)
        return None  # not compared with the interview's other dates: the year is to be written again
    return iso


def _future_follow_up(on: str | None) -> str | None:
    """Why a follow-up done on ``on`` (an ISO date) cannot be recorded: a day still to come; None otherwise."""
    if on and on > today():
        return _("{date} is still to come: record the follow-up with the day it was made (today at the latest, "
                 "{today}).").format(date=on, today=today())
    return None


#: what an interview its party did not attend (``absent``) does not hold: it made no commitment, so it has no
#: rectification deadline and no follow-up (``interview_field_errors``)
ABSENT_REFUSED = {
    "commitments": N_("The party did not attend the interview: it made no commitment. Clear the commitments, or "
                      "record the interview as held if the party did attend."),
    "rectification_due": N_("The party did not attend the interview: it has no rectification deadline. Clear the "
                            "deadline, or record the interview as held if the party did attend."),
    "follow_up_on": N_("The party did not attend the interview: there is no rectification to follow up. Clear the "
                       "follow-up, or record the interview as held if the party did attend."),
    "follow_up_result": N_("The party did not attend the interview: there is no rectification to follow up. Clear "
                           "the follow-up, or record the interview as held if the party did attend."),
}


def _same_value(old, new) -> bool:
    """Whether a text or date field holds the same value (a date typed otherwise, the same day)."""
    old, new = (old or "").strip(), (new or "").strip()
    try:
        return old == new or (parse_date(old) or "") == (parse_date(new) or "")
    except ValueError:
        return False


def absent_errors(interview: Interview, stored: Interview | None = None) -> dict[str, str]:
    """The field errors of an interview its party did not attend (``absent``) holding a commitment, a rectification
    deadline or a follow-up (``ABSENT_REFUSED``), each under its field; {} for another. ``stored``: the interview as
    stored, whose values kept unchanged since it was recorded absent (by a version that kept them) are not refused
    again, so that it can still be escalated or corrected."""
    if interview.status != "absent":
        return {}
    kept = stored if stored is not None and stored.status == "absent" else None
    return {field: _(message) for field, message in ABSENT_REFUSED.items()
            if (getattr(interview, field) or "").strip()
            and not (kept is not None and _same_value(getattr(kept, field), getattr(interview, field)))}


def interview_field_errors(db: Database, interview: Interview, stored: Interview | None = None) -> dict[str, str]:
    """Field errors of an interview as the register's editor shows them ({} when valid). A follow-up without a
    result is a planned one and may lie ahead; with its result it was done, so not on a day still to come. One its
    party did not attend holds no commitment, deadline or follow-up (``absent_errors``; ``stored``: the interview
    as stored, whose values kept since are not refused again). An attendee's field holding a tab or a line break is
    refused unless stored so (``_broken_attendee_field``), and a text or an attendee's field holding a control
    character unless stored so (``_text_errors``)."""
    errors: dict[str, str] = _text_errors(interview, stored)
    if not interview.subject.strip():
        errors["subject"] = _("Enter the subject of the interview, a short title.")
    if db.execute("SELECT 1 FROM agencies WHERE id = ?", [interview.agency_id]).fetchone() is None:
        errors["agency_id"] = _("Choose the agency holding the interview.")
    held = _date(interview.held_on, "held_on", errors, _("Enter the date of the interview."))
    try:
        parse_time_of_day(interview.held_at)
    except ValueError as exc:
        errors["held_at"] = str(exc)
    if not interview.party_ids:
        errors["party_ids"] = _("Add at least one interviewed party.")
    elif any(db.execute("SELECT 1 FROM parties WHERE id = ?", [p]).fetchone() is None for p in interview.party_ids):
        errors["party_ids"] = _("An interviewed party does not exist.")
    for row, attendee in enumerate(interview.attendees, start=1):
        if (broken := _broken_attendee_field(attendee, stored)) is not None:
            errors["attendees"] = _("Attendee {row}, {field}: it holds a tab or a line break, as rows copied from a "
                                    "spreadsheet pasted into one cell do. Put each person in a row of their own, "
                                    "each value in its column.").format(row=row, field=_(ATTENDEE_FIELDS[broken]))
            break
        if not str(attendee.get("name", "")).strip():
            errors["attendees"] = _("Attendee {row}: enter the name.").format(row=row)
            break
    for field, message in (("rectification_due", _("The rectification deadline cannot be before the interview "
                                                    "({date}).")),
                           ("follow_up_on", _("The follow-up cannot be before the interview ({date})."))):
        value = _date(getattr(interview, field), field, errors)
        if value and held and value < held:
            errors[field] = message.format(date=held)
    if interview.follow_up_result.strip() and "follow_up_on" not in errors:  # a follow-up done
        if not interview.follow_up_on:
            errors["follow_up_on"] = _("Enter the date of the follow-up.")
        elif refusal := _future_follow_up(parse_date(interview.follow_up_on)):
            errors["follow_up_on"] = refusal
    if "party_ids" not in errors and stored is not None and (
            refusal := removed_party_refusal(db, stored, interview.party_ids)):
        errors["party_ids"] = refusal
    if interview.case_id and db.execute("SELECT 1 FROM cases WHERE id = ?", [interview.case_id]).fetchone() is None:
        errors["case_id"] = _("The case this interview was escalated to does not exist.")
    lead = linked_lead(db, interview.lead_id)
    if interview.lead_id and lead is None:
        errors["lead_id"] = _("The lead {ref} does not exist: choose the lead among those found by number or "
                              "business.").format(ref=interview.lead_id)
    elif lead is not None and held and lead.received_at and str(lead.received_at)[:10] > held:
        # held because of the lead: after it came in (a case opened from the interview takes the lead's receipt)
        errors["lead_id"] = _("The lead was received on {received}, after the interview of {held}: an interview is "
                              "held because of a lead received before it. Choose that lead, or none.").format(
            received=str(lead.received_at)[:10], held=held)
    elif lead is not None and not (stored is not None and stored.lead_id == interview.lead_id) \
            and (refusal := foreign_lead_refusal(db, interview.agency_id, lead)):
        # another agency's lead: escalating the interview would take it over (a link stored before is kept)
        errors["lead_id"] = refusal
    phone = interview.contact_phone.strip()
    if phone:
        try:
            normalize_phone(phone)
        except ValueError as exc:
            errors["contact_phone"] = str(exc)
    if interview.status not in STATES:
        errors["status"] = _("Unknown state {state}: scheduled or held.").format(state=interview.status)
    if refusal := not_held_follow_up(interview, held, stored):
        errors.setdefault("follow_up_result" if interview.follow_up_result.strip() or own_follow_ups(interview)
                          else "follow_up_outcome", refusal)
    errors.update(absent_errors(interview, stored))
    return errors


def removed_party_refusal(db: Database, stored: Interview, party_ids: list[str]) -> str | None:
    """Why a party of ``stored`` (the interview as stored) left out of ``party_ids`` cannot be removed from it (None
    when each can): it was escalated to a case of its own from it — the case's history names this interview
    (``interviews_escalated_to``), and the register would list a case against a party no longer interviewed — or it
    has a follow-up of its own recorded (``party_results``), which belongs to this interview. Names the party and
    the case, or the day of its follow-up."""
    kept = set(party_ids)
    own = _own_follow_up_values(stored)
    for party_id in stored.party_ids:
        if party_id in kept:
            continue
        row = db.execute("SELECT name FROM parties WHERE id = ?", [party_id]).fetchone()
        name = row[0] if row else party_id
        if case_id := party_result(stored, party_id).case_id:
            case = db.execute("SELECT case_number, party_names, cause FROM cases WHERE id = ?", [case_id]).fetchone()
            return _("{party} was escalated from this interview to case {case}: that case's history names the "
                     "interview, so the party cannot be removed from it. Keep {party} among the parties "
                     "interviewed.").format(party=name, case=case_named(*case) if case else case_id)
        if party_id in own:
            return _("{party} has a follow-up of its own recorded on {date} in this interview: the party cannot be "
                     "removed from it. Keep {party} among the parties interviewed.").format(
                party=name, date=own[party_id][0] or "—")
    return None


def not_held_follow_up(interview: Interview, held: str | None, stored: Interview | None = None) -> str | None:
    """Why ``interview`` (dated ``held``, its ISO date) cannot hold a follow-up result or outcome — its own, or one
    of its parties' own (``own_follow_ups``) — (None when it can): it is not held — not marked held, or set for a
    day or time still to come —, and a follow-up finds what the party did after the interview, as
    ``not_held_refusal`` refuses recording one. A planned follow-up date without its result may be set ahead.
    ``stored``: the interview as stored, whose follow-ups kept unchanged while it was scheduled (the interview's and
    each party's own: stored so by a version before this check) are not refused again. A party's own follow-up is
    cleared in the editor with “Use the follow-up above for every party”, as the refusal says."""
    result, outcome = interview.follow_up_result.strip(), interview.follow_up_outcome
    own = own_follow_ups(interview)
    if interview.status not in ("scheduled", "held") or not (result or outcome or own):
        return None
    try:
        clock = parse_time_of_day(interview.held_at)
    except ValueError:
        clock = None
    ahead = bool(held) and still_to_come(held, clock[1] if clock else None)
    if interview.status == "held" and not ahead:
        return None
    if stored is not None and stored.status == "scheduled" and _same_value(stored.follow_up_result, result) \
            and stored.follow_up_outcome == outcome and _own_follow_up_values(stored) == _own_follow_up_values(
                interview):
        return None
    if ahead and own:
        return _("The interview is set for {date}, still to come: a follow-up is recorded after it was held, and "
                 "some parties have one of their own. Correct the interview's date if it was held earlier; else "
                 "click “Use the follow-up above for every party” and clear the follow-up result.").format(
            date=_set_at(interview, held))
    if ahead:
        return _("The interview is set for {date}, still to come: a follow-up is recorded after it was held. Clear "
                 "the follow-up result, or correct the interview's date if it was held earlier.").format(
            date=_set_at(interview, held))
    if own:
        return _("The interview is not marked held: a follow-up is recorded after it was held, and some parties "
                 "have one of their own. Tick Held if it was held; else click “Use the follow-up above for every "
                 "party” and clear the follow-up result.")
    return _("The interview is not marked held: a follow-up is recorded after it was held. Tick Held if it was "
             "held, else clear the follow-up result.")


def edited_follow_up_refusal(interview: Interview) -> str:
    """What `interviews edit` says instead of ``not_held_follow_up`` when its change leaves ``interview`` (as edited)
    holding a follow-up while it is not held — set for a day still to come —: the command has no option clearing a
    follow-up, so it names the day the follow-up was recorded and what to give instead."""
    on = interview.follow_up_on or next((r.follow_up_on for r in party_results(interview) if r.follow_up_on), None)
    if interview.status == "held" or still_to_come(interview.held_on, interview.held_at):
        return _("The interview's follow-up was recorded on {on}: a follow-up is recorded after the interview was "
                 "held, so the interview cannot be set for {date}, still to come. Give with --date the day it was "
                 "held, on or before {on}.").format(on=on or "—", date=set_for(interview))
    return _("The interview's follow-up was recorded on {on}, and the interview is not marked held: record it as "
             "held with `interviews held {id}`.").format(on=on or "—", id=interview.id)


def own_follow_ups(interview: Interview) -> list[str]:
    """The parties of ``interview`` (ids, in its order) holding a follow-up result or outcome of their own
    (``party_results``: recorded for that party alone, ``record_follow_up(..., party_id)``), not the interview's."""
    return list(_own_follow_up_values(interview))


def _own_follow_up_values(interview: Interview) -> dict[str, tuple]:
    """{party id: (day, result, outcome)} of the parties' own follow-ups in ``interview`` (``own_follow_ups``)."""
    values = {}
    for party_id in interview.party_ids:
        own = interview.party_results.get(party_id) or {}
        result = str(own.get("follow_up_result") or "").strip()
        if result or own.get("follow_up_outcome"):
            values[party_id] = (own.get("follow_up_on") or None, result, own.get("follow_up_outcome") or None)
    return values


def foreign_lead_refusal(db: Database, agency_id: str, lead: Lead) -> str | None:
    """Why an interview of ``agency_id`` is not held because of ``lead`` (None when it may be): the lead is another
    agency's — assigned to an agency that does not file its cases with the interviewing one (``case_agency``: not
    that agency, its district bureau or that bureau's town offices) — or, at a station, re-assigned to another
    agency by headquarters (``leads_workflow.others_lead_refusal``); escalating the interview would take it over.
    Named with its agency. A lead not assigned yet is no agency's."""
    from workstation.leads_workflow import others_lead_refusal

    if not lead.agency_id:
        return None
    named = db.execute("SELECT name FROM agencies WHERE id = ?", [lead.agency_id]).fetchone()
    agency = named[0] if named else lead.agency_id
    if case_agency(db, lead.agency_id) != case_agency(db, agency_id):
        own = db.execute("SELECT name FROM agencies WHERE id = ?", [agency_id]).fetchone()
        return _("The lead {lead} is assigned to {agency}, not to {own} or its offices: it is that agency's to decide, "
                 "and escalating the interview would take it over. Choose a lead of {own}, or none.").format(
            lead=lead_summary(lead), agency=agency, own=own[0] if own else agency_id)
    if others_lead_refusal(db, {"id": lead.id, "agency_id": lead.agency_id}):
        return _("The lead {lead} is assigned to {agency} (re-assigned by headquarters): it is that agency's to "
                 "decide, not this station's. Choose another lead, or none.").format(lead=lead_summary(lead),
                                                                                    agency=agency)
    return None


def interview_state(interview: Interview, on: str | None = None) -> str:
    """``scheduled`` (已安排) while the interview is still to come on ``on`` (default today: ``still_to_come``, its
    day or today its time of day) or was not marked held yet, ``held`` (已约谈) once it was held; ``void`` (已作废)
    once voided (``void_interview``); ``absent`` (当事人未到场) once recorded that the party did not attend
    (``mark_absent``)."""
    if interview.status == "void":
        return "void"
    if interview.status == "absent" and not still_to_come(interview.held_on, interview.held_at, on):
        return "absent"
    if interview.status == "scheduled" or still_to_come(interview.held_on, interview.held_at, on):
        return "scheduled"
    return "held"


def past_unrecorded(interview: Interview, on: str | None = None) -> bool:
    """Whether ``interview`` is still marked scheduled (已安排) though its day passed before ``on`` (default today):
    neither recorded as held nor as not attended (``mark_absent``) — its outcome is still to be recorded."""
    return interview.status == "scheduled" and bool(interview.held_on) and interview.held_on < (on or today())


def still_to_come(held_on: str | None, held_at: str | None, on: str | None = None) -> bool:
    """Whether an interview of ``held_on`` (ISO) at ``held_at`` (HH:MM, or none) is still to come on ``on``
    (default today): dated after it, or dated today at a time of day the program's clock has not reached yet."""
    day = on or today()
    if (held_on or "") != day or day != today():
        return (held_on or "") > day
    return bool(held_at) and held_at > program_time().strftime("%H:%M")


def set_for(interview: Interview) -> str:
    """When the interview is set, as its refusals name it: its date, with its time of day when that is today."""
    if interview.held_at and interview.held_on == today():
        return f"{interview.held_on} {interview.held_at}"
    return interview.held_on


def _set_at(interview: Interview, day: str | None) -> str | None:
    """``day`` with the interview's time of day (2026-12-09 10:00), as a message names the meeting it is set for."""
    return f"{day} {interview.held_at}" if interview.held_at else day


def typed_values_read(interview: Interview) -> Interview:
    """``interview`` with its dates and its time of day as they are stored (2026-12-01, 09:30, 14:30), each that reads
    (2026年12月1日, 2026/12/1, 9:30, 下午2时30分 …); one that does not is left as typed (its field refuses it): what an
    editor compares, counts or looks up before saving reads what Save stores."""
    values: dict = {}
    for field in ("held_on", "rectification_due", "follow_up_on"):
        try:
            values[field] = parse_date(getattr(interview, field))
        except ValueError:
            pass
    try:
        clock = parse_time_of_day(interview.held_at)
        values["held_at"] = clock[1] if clock else ""
    except ValueError:
        pass
    return replace(interview, **values)


def normalized_interview(db: Database, interview: Interview, stored: Interview | None = None) -> Interview:
    """The interview with trimmed text, ISO dates, clean attendee rows and its kind following its parties
    (several parties make a joint interview); ValidationError naming each bad field (``stored``: as
    ``interview_field_errors`` takes it)."""
    from workstation.store.parties import word_breaks

    errors = interview_field_errors(db, interview, stored)
    if errors:
        raise ValidationError(errors)
    read = typed_values_read(interview)  # every date and the time read: the field errors above refused any that do not
    party_ids = list(dict.fromkeys(interview.party_ids))
    attendees = [{key: str(a.get(key, "")).strip() for key in ATTENDEE_KEYS} for a in interview.attendees]
    phone = interview.contact_phone.strip()
    texts = {f: word_breaks(getattr(interview, f)).strip() for f in TEXT_FIELDS}  # Word's breaks as line breaks
    texts["contact_phone"] = normalize_phone(phone) if phone else ""
    return replace(read, **texts, attendees=attendees, party_ids=party_ids,
                   kind="joint" if len(party_ids) > 1 else "single", lead_id=interview.lead_id or None,
                   status="scheduled" if still_to_come(read.held_on, read.held_at) else interview.status)


def rectification_due_default(db: Database, interview: Interview) -> str | None:
    """The 整改期限 an interview held with commitments and no deadline yet is given: ``rectification_workdays``
    working days after it, on the deadlines' calendar (make-up working days and holidays); None for an interview
    still scheduled, without commitments, or with its deadline set."""
    from workstation.clocks import data_dir_of
    from workstation.workdays import default_calendar

    held = parse_date(interview.held_on) if interview.held_on else None
    if (interview.rectification_due or not held or not interview.commitments.strip()
            or interview_state(interview) != "held"):
        return None
    calendar = default_calendar(data_dir_of(db))
    return calendar.add_workdays(dt.date.fromisoformat(held), rectification_workdays()).isoformat()


#: the forms whose text prints the interview's rectification deadline (its 截止日期)
PRINTS_RECTIFICATION_DUE = ("interview_record", "interview_minutes")


def deadline_following_date(db: Database, before: Interview, interview: Interview) -> Interview:
    """``interview`` with its rectification deadline cleared, to be counted again from its new date
    (``rectification_due_default``), when its date changed from ``before``'s while the deadline stayed the one
    counted from the old date (the usual ``rectification_workdays`` working days, as ``_counted_default``, or as
    counted then through a year without holiday data, as ``recount_rectification_defaults`` reads it, or the usual
    period an issued 约谈记录 counted it with, ``record_periods``: one the bureau has changed since); a deadline
    typed by hand (another day, or stored as typed: ``deadline_was_typed``, even on the day the count gives) is kept,
    and so is ``interview`` when a date cannot be read (refused later)."""
    from workstation.clocks import data_dir_of
    from workstation.workdays import default_calendar

    try:
        old, new = parse_date(before.held_on), parse_date(interview.held_on)
        due, old_due = parse_date(interview.rectification_due), parse_date(before.rectification_due)
    except ValueError:
        return interview
    if not (old and new and due) or old == new or due != old_due or deadline_was_typed(db, before.id):
        return interview
    calendar = default_calendar(data_dir_of(db))
    held, counted = dt.date.fromisoformat(old), dt.date.fromisoformat(due)
    if not (_counted_default(calendar, held, counted)
            or any(counted in _assumed_count(calendar, held, {*range(first, held.year + 2)})
                   for first in (held.year + 1, held.year))
            or any(calendar.add_workdays(held, n) == counted for n in record_periods(db, before.id, usual=True))):
        return interview
    return replace(interview, rectification_due=None)


def rest_day_warning(db: Database, interview: Interview, form_id: str | None = None, *, issued: bool = False) -> str:
    """What the officer is told (not refused) of an interview set on a rest day — a weekend or a holiday of the
    deadlines' calendar (``workdays``), or in a year without holiday data a day that may be one (a weekend, a holiday
    fixed by date, a day about a festival), said as unconfirmed —, on saving it and before issuing its notice
    (``form_id`` "interview_notice"; another form: ""), or with ``issued`` once the notice was issued (the command
    line's `interviews issue`: what to check in it, and how to correct it); "" on a working day, and for a date that
    cannot be read."""
    from workstation.clocks import data_dir_of
    from workstation.vocabulary import shown_label
    from workstation.workdays import default_calendar

    if form_id is not None and form_id != "interview_notice":
        return ""
    try:
        held_on = parse_date(interview.held_on)
    except ValueError:
        return ""
    if not held_on:
        return ""
    day = dt.date.fromisoformat(held_on)
    if (rest := rest_day_kind(default_calendar(data_dir_of(db)), day)) is None:
        return ""
    kind, holiday = rest
    message = (_ISSUED_REST_DAY if issued else _REST_DAY)[kind]
    return _(message).format(date=held_on, holiday=shown_label("holidays", holiday) if holiday else "", year=day.year)


def rest_day_kind(calendar, day: dt.date) -> tuple[str, str | None] | None:
    """The kind of rest day ``day`` is, with the holiday naming it (None for a weekend), as an interview or a hearing
    set on it is warned of (``rest_day_warning``, ``stage_rules._hearing_rest_day``): in a year whose holidays
    ``calendar`` knows, a holiday ("holiday") or a weekend ("weekend"); in a year without holiday data, a day that may
    be one (``_uncertain_rest_day``: "fixed", "festival", "maybe"). None on a working day."""
    if not calendar.confirmed(day.year):
        return _uncertain_rest_day(calendar, day)
    if not calendar.is_rest_day(day):
        return None
    holiday = calendar.holiday_name(day)
    return ("holiday" if holiday else "weekend", holiday)


def _uncertain_rest_day(calendar, day: dt.date) -> tuple[str, str | None] | None:
    """In a year without holiday data, the kind of rest day ``day`` may be and the holiday naming it: a holiday fixed
    by date in the law (元旦, 劳动节, 国庆节: "fixed", a rest day whatever the year's notice says), a day about a
    festival ("festival"), a weekend day ("maybe"); None for a day of a year with holiday data or one that is no
    rest day (``Calendar.maybe_rest_day``)."""
    festival = calendar.maybe_rest_day(day)
    if festival is None:
        return None
    holiday = calendar.holiday_name(day)
    return ("fixed", holiday) if holiday else ("festival", festival) if festival else ("maybe", holiday)


#: what ``rest_day_warning`` says before the notice is issued, by the kind of rest day: a holiday or a weekend of a
#: year whose calendar is known, a holiday fixed by date, a day about a festival or a weekend day of a year not known
_REST_DAY = {
    "holiday": N_("The interview is set for {date}, a rest day ({holiday}): interviews are held on working days as a "
                  "rule; check its date before its notice is issued."),
    "weekend": N_("The interview is set for {date}, a rest day (weekend): interviews are held on working days as a "
                  "rule; check its date before its notice is issued."),
    "fixed": N_("The interview is set for {date}, a rest day ({holiday}; the other holidays of {year} are not known "
                "yet): interviews are held on working days as a rule; check its date before its notice is issued."),
    "festival": N_("The interview is set for {date}, which may be a rest day of the {holiday} holidays (the {year} "
                   "calendar is not known yet): interviews are held on working days as a rule; check its date before "
                   "its notice is issued."),
    "maybe": N_("The interview is set for {date}, a weekend day, which may be a rest day (the {year} calendar is not "
                "known yet): interviews are held on working days as a rule; check its date before its notice is "
                "issued."),
}
#: and what it says once the notice was issued (``issued``): what to check in it, and how it is corrected
_ISSUED_REST_DAY = {
    "holiday": N_("Issued; check the interview's date: {date} is a rest day ({holiday}), and interviews are held on "
                  "working days as a rule. If the date is wrong, void the notice, correct the interview's date and "
                  "issue the notice again."),
    "weekend": N_("Issued; check the interview's date: {date} is a rest day (weekend), and interviews are held on "
                  "working days as a rule. If the date is wrong, void the notice, correct the interview's date and "
                  "issue the notice again."),
    "fixed": N_("Issued; check the interview's date: {date} is a rest day ({holiday}; the other holidays of {year} are "
                "not known yet), and interviews are held on working days as a rule. If the date is wrong, void the "
                "notice, correct the interview's date and issue the notice again."),
    "festival": N_("Issued; check the interview's date: {date} may be a rest day of the {holiday} holidays (the "
                   "{year} calendar is not known yet), and interviews are held on working days as a rule. If the date "
                   "is wrong, void the notice, correct the interview's date and issue the notice again."),
    "maybe": N_("Issued; check the interview's date: {date} is a weekend day, which may be a rest day (the {year} "
                "calendar is not known yet), and interviews are held on working days as a rule. If the date is wrong, "
                "void the notice, correct the interview's date and issue the notice again."),
}


def _counted_default(calendar, held: dt.date, due: dt.date) -> bool:
    """Whether ``due`` is ``rectification_workdays`` working days after ``held`` on ``calendar``."""
    return calendar.add_workdays(held, rectification_workdays()) == due


def rectification_unconfirmed_years(db: Database, interview: Interview, *, calendar=None) -> list[int]:
    """The years without holiday data (``workdays``: counted Monday to Friday) that the interview's rectification
    deadline was counted through when it is a count of working days after it — the usual ``rectification_workdays``,
    or the N working days an issued 约谈记录 in force prints as its 整改期限 (``record_periods``) —: such a deadline is
    日历待核实 until the year's holiday file is added. [] when it is confirmed, or when it is no such count (a day
    typed in is the interview's own, not counted here). ``calendar``: the working-day calendar of ``db``'s data
    directory when the caller read it already (a list counting many interviews reads it once)."""
    found = _unconfirmed_count(db, interview, interview.rectification_due, calendar=calendar)
    return found[1] if found else []


def deadline_unconfirmed_years(db: Database, interview: Interview, *, calendar=None) -> list[int]:
    """The years without holiday data that make the interview's rectification deadline 日历待核实, as the register
    marks it and the deadline board does (``interview_deadlines._confirmed``): those a count of working days ran
    through (``rectification_unconfirmed_years``), and for any deadline, typed in too, on a day of such a year that
    may be a rest day (``deadline_maybe_rest_day``), its year — the working day it runs to, which it is judged
    overdue after, is not certain until that year's notice is out. A weekday typed in outside the festivals'
    windows is not marked: whether it has passed does not hang on the calendar. [] otherwise."""
    from workstation.clocks import data_dir_of
    from workstation.workdays import default_calendar

    calendar = default_calendar(data_dir_of(db)) if calendar is None else calendar
    years = rectification_unconfirmed_years(db, interview, calendar=calendar)
    if deadline_maybe_rest_day(calendar, interview.rectification_due) is not None:  # read: a day of its year
        return sorted({*years, int(str(interview.rectification_due)[:4])})
    return years


def record_periods(db: Database, interview_id: str, *, usual: bool = False) -> list[int]:
    """The working days the interview's issued 约谈记录 in force print as their 整改期限 (“10个工作日内书面报送…”), whose
    截止日期 was counted that many working days after the interview (``interview_documents.register_refusal``).
    ``usual``: only those that were the usual period when the record was issued (its ``report_workdays``, the
    ``rectification_workdays`` then; any for a record issued before it was kept) — not a deadline typed by hand,
    which the record words in working days too (``interview_values.rectification_terms``)."""
    from workstation.documents.interview_documents import ONE_PARTY, printed_workdays

    return [n for d in issued_in_force(db, interview_id)
            if d.form_id == ONE_PARTY and (n := printed_workdays(d.values.get("deadline_text")))
            and not (usual and d.values.get("report_workdays") not in (None, "", n, str(n)))]


def _unconfirmed_count(db: Database, interview: Interview, due_on: str | None, *, calendar=None,
                       periods: list[int] | None = None) -> tuple[int, list[int]] | None:
    """(N, the years without holiday data it runs through) when ``due_on`` is N working days after the interview —
    the usual ``rectification_workdays`` or one of ``periods`` (by default those of the records in force,
    ``record_periods``) — counted through a year without holiday data; None otherwise."""
    from workstation.clocks import data_dir_of
    from workstation.workdays import default_calendar

    if not (interview.held_on and due_on):
        return None
    try:
        held, due = dt.date.fromisoformat(interview.held_on[:10]), dt.date.fromisoformat(due_on[:10])
    except ValueError:
        return None
    calendar = default_calendar(data_dir_of(db)) if calendar is None else calendar
    if calendar.span_confirmed(held, due):
        return None
    if _counted_default(calendar, held, due):
        counted = rectification_workdays()
    else:  # the documents are read only for a deadline through such a year
        counted = next((n for n in (record_periods(db, interview.id) if periods is None else periods)
                        if calendar.add_workdays(held, n) == due), None)
    return (counted, calendar.unconfirmed_years(held, due)) if counted else None


def _printed_count(db: Database, interview: Interview, form_id: str, values: dict | None) -> tuple[str | None, list]:
    """(the 截止日期 the form ``form_id`` prints with ``values`` — the form's defaults where they are missing —, the
    working days its 整改期限 names): the date given, else the one it counts for an interview without a deadline
    (``interview_documents.rectification_due_printed``), else the register's."""
    from workstation.documents.drafts import find_form
    from workstation.documents.interview_documents import (
        ONE_PARTY,
        due_field,
        printed_workdays,
        rectification_due_printed,
    )
    from workstation.formkit.interview_values import rectification_terms
    from workstation.formkit.template import render

    form = find_form(form_id)
    if form.id == ONE_PARTY:  # as drafted: the period the register's deadline words, else the form's own, as it
        # prints it: the working days in force (``rectification_workdays``) where it names them ({report_workdays})
        default = render(str(form.field("deadline_text").default or ""),
                         {"report_workdays": rectification_workdays()})
        values = {"deadline_text": rectification_terms(db, interview) or default, **(values or {})}
    values = values or {}
    due = (str(values.get(due_field(form)) or "")[:10] or rectification_due_printed(db, interview, form, values)
           or interview.rectification_due)
    period = printed_workdays(values.get("deadline_text"))
    return due, [period] if period else []


def rectification_calendar_warning(db: Database, interview: Interview, form_id: str | None = None, *,
                                   issued: bool = False, values: dict | None = None) -> str:
    """What the officer is told (not refused) before issuing a document that prints the interview's rectification
    deadline (``PRINTS_RECTIFICATION_DUE``) counted in working days through a year without holiday data — the
    截止日期 it prints with ``values`` (its defaults where not given) and the working days its 整改期限 names, or the
    usual ``rectification_workdays`` —, or with ``issued`` once it was issued (the command line's `interviews issue`:
    what to check in it); any form when ``form_id`` is None, the register's deadline then
    (``rectification_unconfirmed_years``); "" otherwise."""
    if form_id is not None and form_id not in PRINTS_RECTIFICATION_DUE:
        return ""
    if form_id is None:
        due = interview.rectification_due
        found = _unconfirmed_count(db, interview, due)
    else:
        due, periods = _printed_count(db, interview, form_id, values)
        found = _unconfirmed_count(db, interview, due, periods=periods)
    if not found:
        return ""
    days, years = found
    if issued:
        return _("Issued; check the rectification deadline {due} it prints: it is {days} working days after the "
                 "interview counted on a calendar without the holidays of {years} (calendar to be verified). Check "
                 "it against the State Council's holiday notice; if it is wrong, void the document, correct the "
                 "deadline and issue it again.").format(due=due, days=days, years=years_text(years))
    return _("The rectification deadline {due} is {days} working days after the interview counted on a calendar "
             "without the holidays of {years} (calendar to be verified): check it against the State Council's "
             "holiday notice, or add that year's holiday file and count again, before issuing.").format(
        due=due, days=days, years=years_text(years))


def years_text(years) -> str:
    """The years as a list in a sentence of the user's language: 2027、2028 in Chinese, "2027, 2028" in English."""
    text = ""
    for year in years:
        text = _("{list}, {item}").format(list=text, item=year) if text else str(year)
    return text


def _assumed_count(calendar, held: dt.date, unknown: set[int]) -> frozenset[dt.date]:
    """``rectification_workdays`` working days after ``held`` as counted when the ``unknown`` years had no holiday
    data, Monday to Friday less the statutory holidays in them: the days either count may have stored — less all of them (``Festivals.statutory_holidays``: the lunar ones on the days the festivals'
    data gives), as counted since s62, or less only those the law fixes by date (``workdays.fixed_dates``), as
    counted before: a deadline stored by either is the program's count, not typed by hand."""
    from workstation.workdays import FIXED_HOLIDAYS_SINCE, fixed_dates

    days = set()
    for holidays in (calendar.festivals.statutory_holidays, fixed_dates):
        day, left = held, rectification_workdays()
        while left:
            day += dt.timedelta(days=1)
            if day.year in unknown:
                rest = day.weekday() >= 5 or (day.year >= FIXED_HOLIDAYS_SINCE and day in holidays(day.year))
            else:
                rest = calendar.is_rest_day(day)
            left -= not rest
        days.add(day)
    return frozenset(days)


def recount_rectification_defaults(db: Database) -> list[str]:
    """Count again the usual rectification deadlines that were counted in a year without holiday data, once that
    year's data is known (``workdays.reload_calendars`` then this): a deadline is changed (audited) when it is the
    one the Monday-to-Friday count gave, differs from the count now, its report is still awaited and no document
    printing it (``PRINTS_RECTIFICATION_DUE``) was issued. A day typed in by hand is kept: another day, or one stored
    as typed (``deadline_was_typed``) on the day the Monday-to-Friday count gave. The ids changed."""
    from workstation.clocks import data_dir_of
    from workstation.workdays import default_calendar

    calendar = default_calendar(data_dir_of(db))
    period = rectification_workdays()
    changed = []
    rows = db.execute("SELECT id, held_on, rectification_due FROM interviews WHERE rectification_due IS NOT NULL "
                      "AND rectification_due != '' AND held_on IS NOT NULL AND COALESCE(follow_up_result, '') = '' "
                      "AND case_id IS NULL AND status NOT IN ('void', 'absent') "
                      "AND COALESCE(deadline_typed, 0) = 0").fetchall()
    for interview_id, held_on, due_on in rows:
        try:
            held, due = dt.date.fromisoformat(held_on), dt.date.fromisoformat(due_on)
        except ValueError:
            continue
        now_due = calendar.add_workdays(held, period)
        if now_due == due or not calendar.span_confirmed(held, now_due):
            continue
        # the counts the deadline may have come from: the year after the interview's (or it too) not known then
        if not any(due in _assumed_count(calendar, held, {*range(first, held.year + 2)})
                   for first in (held.year + 1, held.year)):
            continue
        printed = db.execute(f"SELECT 1 FROM documents WHERE interview_id = ? AND status = 'issued' AND form_id IN "
                             f"({', '.join('?' * len(PRINTS_RECTIFICATION_DUE))}) LIMIT 1",
                             [interview_id, *PRINTS_RECTIFICATION_DUE]).fetchone()
        if printed:
            continue
        save_interview(db, replace(get_interview(db, interview_id), rectification_due=now_due.isoformat()))
        changed.append(interview_id)
    return changed


#: what each issued document of an interview printed of it, and so what changes only with the officer's word that a
#: corrected document is issued (the notice served again) — as each form prints it (forms/interview_*.toml): the
#: notice its party, day, time, place and 约谈事由, its 约谈人 and 联系人 (``officers``: the bureau's attendees but the
#: recorder, as ``interview_values`` reads them) and the contact phone; the record its time, place, parties, the
#: issues pointed out, the provisions explained, both sides' attendees with the recorder and the rectification
#: required with its deadline; the minutes the parties, day, place, topics, the summary, every attendee, the
#: provisions and what was agreed with its deadline. The planned follow-up the minutes print (复查日期) is left free:
#: the follow-up recorded once made takes its place (``record_follow_up``), which no document is corrected for.
PRINTED_FIELDS = {
    "interview_notice": ("party_ids", "held_on", "held_at", "place", "topics", "officers", "contact_phone"),
    "interview_record": ("party_ids", "held_on", "held_at", "place", "topics", "attendees", "provisions",
                         "commitments", "rectification_due"),
    "interview_minutes": ("party_ids", "held_on", "place", "topics", "summary", "attendees", "provisions",
                          "commitments", "rectification_due"),
}
#: the documents that record the interview as held: while one is in force it cannot go back to 已安排
RECORDS_HELD = ("interview_record", "interview_minutes")
#: the documents that tell the party of the interview: without one on record its absence is asked about first
#: (``absent_without_notice``)
SUMMONS = ("interview_notice", "interview_delivery_receipt")
#: the interview's fields as the messages name them (the labels of its editor)
PRINTED_LABELS = {"party_ids": N_("Parties interviewed"), "held_on": N_("Held on"),
                  "held_at": N_("Time of the interview"), "place": N_("Place"), "topics": N_("Topics raised"),
                  "commitments": N_("Commitments made"), "rectification_due": N_("Rectification deadline"),
                  "officers": N_("Interviewers and contact person"), "contact_phone": N_("Contact phone on the notice"),
                  "attendees": N_("Attendees"), "provisions": N_("Provisions explained"),
                  "summary": N_("Summary of the meeting")}


def issued_in_force(db: Database, interview_id: str) -> list:
    """The interview's issued documents in force (not voided), oldest first."""
    from workstation.documents.interview_documents import interview_documents

    return [d for d in interview_documents(db, interview_id) if d.status == "issued"]


def document_named(document) -> str:
    """An issued document as a message names it: its title with its 文号, or (a record has none) with its party
    and the day it was issued."""
    if document.number:
        return f"{document.title}（{document.number}）"
    party = document.values.get("party_name") or ""
    return f"{document.title}（{'，'.join(p for p in (party, document.issued_at[:10]) if p)}）"


def _attendee_rows(interview: Interview) -> list[tuple[str, ...]]:
    return [tuple(str(a.get(key, "")).strip() for key in ATTENDEE_KEYS) for a in interview.attendees]


def _differs(before: Interview, after: Interview, field: str, db: Database | None = None) -> bool:
    from workstation.formkit.interview_values import notice_officers, printed_contact_phone

    if field == "party_ids":
        return sorted(before.party_ids) != sorted(after.party_ids)
    if field == "officers":  # the interviewers and contact person, as the notice prints them
        return db is not None and notice_officers(db, before) != notice_officers(db, after)
    if field == "attendees":
        return _attendee_rows(before) != _attendee_rows(after)
    if field == "contact_phone":  # the number printed: none typed prints the agency's own
        return db is not None and printed_contact_phone(db, before) != printed_contact_phone(db, after)
    old, new = getattr(before, field), getattr(after, field)
    return (old or "").strip() != (new or "").strip() if isinstance(old or "", str) else old != new


class IssuedChange(WorkstationError):
    """A change of what an issued document of the interview printed (``PRINTED_FIELDS``): the message names the
    fields and the documents; saved only with the officer's word (``save_interview(..., despite_issued=True)``)."""

    def __init__(self, message: str, fields: list[str], documents: list[str]):
        super().__init__(message)
        self.fields, self.documents = fields, documents


def issued_changes(db: Database, before: Interview, after: Interview) -> tuple[list[str], list[str]]:
    """The fields of ``after`` that differ from ``before`` and that an issued document in force printed, and those
    documents (``document_named``); ([], []) when none."""
    fields: list[str] = []
    documents: list[str] = []
    for document in issued_in_force(db, before.id):
        changed = [f for f in PRINTED_FIELDS.get(document.form_id, ()) if _differs(before, after, f, db)]
        if changed:
            fields += [f for f in changed if f not in fields]
            documents.append(document_named(document))
    return fields, documents


def issued_change_message(fields: list[str], documents: list[str], notice: bool, passed: bool = False,
                          how: str = "", others: bool = True) -> str:
    """What the officer is told of a change of ``fields`` printed by the issued ``documents`` (``notice``: a
    notice among them, to be served again — unless the interview is moved to a day that has passed, ``passed``:
    no notice is issued for it, so the one issued stays, marked as summoning to the day it printed). An interview's
    document is not corrected by another superseding it (`interviews issue` takes no --supersedes): it is voided and
    issued again, a notice under a new 文号 (REFERENCE §3.1: none is used twice); ``how`` says how each is voided
    (``void_commands`` on the command line, the window's Void…) — with ``passed``, each of the documents other than
    the notice, which stays; ``others``: whether any such document was issued (none: nothing to void is said)."""
    how = how or _("Void… in its documents, saying why")
    if notice and passed and not others:
        then = _("no notice is issued for a day that has passed, so the notice issued stays as it is, marked in the "
                 "register as summoning to the day it printed (void it if it was not served)")
    elif notice and passed:
        then = _("no notice is issued for a day that has passed, so the notice issued stays as it is, marked in the "
                 "register as summoning to the day it printed (void it if it was not served); any other document "
                 "listed must be voided ({how}) and issued again").format(how=how)
    else:
        then = (_("a corrected document must be issued in its place: void the document issued ({how}) and issue it "
                  "again, the notice under a new 文号 and served on the party again") if notice
                else _("a corrected document must be issued in its place: void the document issued ({how}) and issue "
                       "it again")).format(how=how)
    return _("{documents}, already issued, printed the {fields}: after this change {then}.").format(
        fields=years_text(_(PRINTED_LABELS[f]) for f in fields), documents=years_text(documents), then=then)


def held_back_refusal(db: Database, before: Interview, after: Interview) -> str | None:
    """Why an interview held cannot be made scheduled again (None when it can, or stays held): its 约谈记录 or
    约谈纪要 recording it as held is issued and not voided, naming it."""
    if before.status != "held" or after.status not in ("scheduled", "absent"):
        return None
    records = [document_named(d) for d in issued_in_force(db, before.id) if d.form_id in RECORDS_HELD]
    if not records:
        return None
    return _("The interview was held: {documents} recording it was issued. It cannot go back to scheduled while that "
             "is in force: void the document first if the interview was not held.").format(
        documents=years_text(records))


def notice_issued_on(notice) -> str:
    """The day the 约谈通知书 ``notice`` was issued: its 落款日期 as issued, else the day of its issue (ISO)."""
    return str(notice.values.get("issued_on") or notice.issued_at or "")[:10]


def notice_issued_at(notice) -> str:
    """The time of day (HH:MM) the 约谈通知书 ``notice`` was issued, when its 落款日期 is the day of its issue; "" when
    a 落款 typed for another day (a paper notice recorded later) leaves the time it was signed unknown."""
    issued = str(notice.issued_at or "")
    return issued[11:16] if issued[:10] == notice_issued_on(notice) else ""


def _time_of_day(held_at) -> str:
    """``held_at`` as HH:MM, "" for none or one that does not read."""
    try:
        clock = parse_time_of_day(held_at)
    except ValueError:
        return ""
    return clock[1] if clock else ""


def _issued_after(notice, day: str, at: str) -> bool:
    """Whether ``notice`` was issued after an interview of ``day`` at ``at`` (HH:MM or ""): on a later day, or on
    that day later than its time (weighed when both times are known)."""
    issued_on = notice_issued_on(notice)
    if issued_on != day:
        return issued_on > day
    issued_at = notice_issued_at(notice)
    return bool(at and issued_at) and issued_at > at


def notices_after(db: Database, interview: Interview) -> list:
    """The 约谈通知书 of ``interview`` in force issued after it (oldest first): on a later day, or on its day later
    than its time — a notice summons the party to an interview to come, so an interview dated before its notice was
    not the meeting the notice summoned to."""
    day, at = (interview.held_on or "")[:10], _time_of_day(interview.held_at)
    return [d for d in issued_in_force(db, interview.id)
            if d.form_id == "interview_notice" and day and _issued_after(d, day, at)]


def _latest_notice(late: list):
    """The last issued of ``late`` (``notices_after``), by its 落款日期 and time: a joint interview's notices may be
    issued on different days, and the interview is to be after all of them — advice naming an earlier one would be
    refused again for the later."""
    return max(late, key=lambda d: (notice_issued_on(d), notice_issued_at(d)))


def _before_notice_when(interview: Interview, late: list) -> tuple[str, str]:
    """When ``interview`` is dated and when the latest of ``late`` (``notices_after``) was issued, as a refusal names
    them: the days, each with its time when they are the same day (``_before_notice_same_day``)."""
    latest = _latest_notice(late)
    issued = notice_issued_on(latest)
    if not _before_notice_same_day(interview, late):
        return interview.held_on, issued
    return f"{interview.held_on} {_time_of_day(interview.held_at)}", f"{issued} {notice_issued_at(latest)}"


def _before_notice_same_day(interview: Interview, late: list) -> bool:
    """Whether the latest of ``late`` (``notices_after``) was issued on the interview's day (hours after its time):
    then what is to be corrected is the interview's time, not its date."""
    return notice_issued_on(_latest_notice(late)) == (interview.held_on or "")[:10]


def _before_notice_time_how(interview: Interview, command_line: bool) -> str:
    """How the officer corrects the time of ``interview`` dated hours before its notice, as the command line
    (``command_line``) or the window does it."""
    if command_line:
        return _("interviews edit {id} --time HH:MM").format(id=interview.id)
    return _("correct its time in its editor")


def _void_notice_how(notices: list, command_line: bool) -> str:
    if command_line:
        return _("docs void {number} --reason TEXT").format(
            number=next((d.number for d in notices if d.number), notices[0].id))
    return _("Void… in its documents, saying why")


def void_commands(documents: list) -> str:
    """The commands voiding each of ``documents`` (issued documents), as a refusal on the command line gives them:
    `docs void` with the document's 文号, or its id when it has none (a 送达回证, a 约谈记录) — the title and party a
    message names such a document by (``document_named``) are not what `docs void` takes."""
    return _("; ").join(_("docs void {number} --reason TEXT").format(number=d.number or d.id) for d in documents)


def before_notice_refusal(db: Database, before: Interview | None, interview: Interview, *,
                          command_line: bool = False) -> str | None:
    """Why ``interview`` cannot be dated as it is now, nor marked held (None when it can, or neither its date
    changed from ``before`` nor it became held — the editor's Held tick): a 约谈通知书 in force was issued after that
    day (``notices_after``) — the notice cannot be served again for a day that has passed, so no correction of it is
    possible; the notice is named by its 文号, and the officer told to void it first if the interview was held on
    that day after all (as ``mark_held`` says it when only marked held)."""
    if before is None:
        return None
    # its time too: on the day its notice was issued, an interview before the time of the issue is refused as well
    moved = ((before.held_on or ""), _time_of_day(before.held_at)) != ((interview.held_on or ""),
                                                                      _time_of_day(interview.held_at))
    if not moved and not (interview.status == "held" and before.status != "held"):
        return None
    late = notices_after(db, interview)
    if not late:
        return None
    if not moved:
        return held_before_notice_refusal(interview, late, command_line=command_line)
    date, issued = _before_notice_when(interview, late)
    if _before_notice_same_day(interview, late):
        return _("{notices} was issued on {issued} and summoned the party to the interview of {printed}: the "
                 "interview cannot be dated {date}, before its notice was issued. If it was held at {date} after "
                 "all, void the notice first ({how}), then change the time; otherwise give a time after {issued} "
                 "({time_how}).").format(
            notices=years_text(document_named(d) for d in late), issued=issued, printed=notice_printed(late[-1]),
            date=date, how=_void_notice_how(late, command_line),
            time_how=_before_notice_time_how(interview, command_line))
    return _("{notices} was issued on {issued} and summoned the party to the interview of {printed}: the interview "
             "cannot be dated {date}, before its notice was issued. If it was held on {date} after all, void the "
             "notice first ({how}), then change the date; otherwise give a date on or after {issued}.").format(
        notices=years_text(document_named(d) for d in late), issued=issued,
        printed=notice_printed(late[-1]), date=date, how=_void_notice_how(late, command_line))


def held_before_notice_refusal(interview: Interview, late: list, *, command_line: bool = False) -> str:
    """Why ``interview`` is not recorded as held: its 约谈通知书 in force ``late`` were issued after its day
    (``notices_after``), what to do said as the command line (``command_line``) or the window does it."""
    date, issued = _before_notice_when(interview, late)
    if _before_notice_same_day(interview, late):
        return _(
            "{notices} was issued on {issued}, after the interview's time {date}: the interview is not recorded as "
            "held before its notice was issued. Give it a time after {issued} ({time_how}); if it was held at "
            "{date} after all, void the notice first ({how}).").format(
            notices=years_text(document_named(d) for d in late), issued=issued, date=date,
            time_how=_before_notice_time_how(interview, command_line), how=_void_notice_how(late, command_line))
    date_how = (_("interviews edit {id} --date DATE").format(id=interview.id) if command_line
                else _("in its editor, Edit…"))
    return _(
        "{notices} was issued on {issued}, after the interview's date {date}: the interview is not recorded as "
        "held on a day before its notice was issued. Correct its date ({date_how}); if it was held on {date} "
        "after all, void the notice first ({how}).").format(
        notices=years_text(document_named(d) for d in late), issued=issued,
        date=date, date_how=date_how, how=_void_notice_how(late, command_line))


def void_refusal(db: Database, interview: Interview, *, command_line: bool = False) -> str | None:
    """Why ``interview`` cannot be voided (None when it can): voided already, escalated to a case, or with an
    issued document in force (to be voided first), naming it — with ``command_line``, with the commands voiding
    them (``void_commands``: by its id, a document without a 文号)."""
    if interview.status == "void":
        return _("The interview was voided already.")
    if interview.case_id or any(r.get("case_id") for r in getattr(interview, "party_results", {}).values()):
        return _("The interview was escalated to a case: it is part of that case's history and cannot be voided.")
    in_force = issued_in_force(db, interview.id)
    documents = [document_named(d) for d in in_force]
    if documents and command_line:
        return _("{documents} of this interview was issued: void it first, with its reason ({how}), then void the "
                 "interview.").format(documents=years_text(documents), how=void_commands(in_force))
    if documents:
        return _("{documents} of this interview was issued: void it first (with its reason), then void the "
                 "interview.").format(documents=years_text(documents))
    return None


def void_interview(db: Database, interview_id: str, reason: str, *, command_line: bool = False) -> Interview:
    """Void a mistaken interview with its reason (audited): it is then shown greyed out only when the register
    shows voided ones, and left out of the statistics and the deadline board (``restore_interview`` brings it
    back). Refused without a reason and as ``void_refusal`` says (with ``command_line``, giving the commands),
    changing nothing. The state it had is kept with the void (``voided_status``, m075) for the restore."""
    interview = get_interview(db, interview_id)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the interview is voided.")})
    if refusal := void_refusal(db, interview, command_line=command_line):
        raise WorkstationError(refusal)
    voided = replace(interview, status="void", void_reason=reason.strip())
    save_audited(db, "interviews", "interview", {**_stored_row(voided), "voided_status": interview.status})
    return voided


def _stored_row(interview: Interview) -> dict:
    """``interview`` as its row of ``interviews`` stores it (its parties are rows of ``interview_parties``)."""
    row = {k: getattr(interview, k) for k in interview.__dataclass_fields__ if k != "party_ids"}
    row["attendees"] = dumps(interview.attendees)
    if "party_results" in row:
        row["party_results"] = dumps(interview.party_results) if interview.party_results else None
    return row


def restored_status(db: Database, interview: Interview) -> str:
    """The state a voided ``interview`` comes back in (``restore_interview``): the one it had when it was voided
    (``voided_status``). Only for one voided before that state was kept (m075), guessed: ``scheduled`` while its
    day is still to come; ``held`` when the register records what came of the meeting — commitments, a
    rectification deadline, a follow-up or an escalation —; otherwise ``scheduled``, its day passed, so that the
    register asks whether it was held or the party did not attend."""
    kept = db.execute("SELECT voided_status FROM interviews WHERE id = ?", [interview.id]).fetchone()
    if kept is not None and kept[0] in STATES:
        return kept[0]
    if still_to_come(interview.held_on, interview.held_at):
        return "scheduled"
    if (interview.commitments.strip() or interview.rectification_due or interview.follow_up_result.strip()
            or interview.party_results):
        return "held"
    return "scheduled"


def restore_refusal(db: Database, interview: Interview) -> str | None:
    """Why the voided ``interview`` cannot be restored (None when it can): it is not void, or another interview in
    force entered since takes its place — of the same agency, day, time and one of its parties (``same_interview``):
    both in force would record the meeting twice, and the statistics count it twice."""
    if interview.status != "void":
        return _("The interview is not void: there is nothing to restore.")
    twin = same_interview(db, interview)
    if twin is not None:
        return _("{twin} It was entered in place of this one: void it first if this one is to be kept, then "
                 "restore this one.").format(twin=same_interview_message(db, twin))
    return None


def restore_interview(db: Database, interview_id: str) -> Interview:
    """Undo the void of an interview voided by mistake (audited: ``unvoid``, with the reason it was voided for):
    it comes back in the register, the statistics and the deadline board with everything recorded of it, in the
    state it had when voided (``restored_status``). Refused as ``restore_refusal`` says, changing nothing: read and
    checked in the transaction writing it, so that an interview entered in between is not missed."""
    from workstation import audit as audit_trail

    with db.atomic():
        interview = get_interview(db, interview_id)
        if refusal := restore_refusal(db, interview):
            raise WorkstationError(refusal)
        restored = replace(interview, status=restored_status(db, interview), void_reason="")
        save_audited(db, "interviews", "interview", {**_stored_row(restored), "voided_status": ""})
        audit_trail.append(db, "unvoid", "interview", interview.id, {"void_reason": interview.void_reason},
                           {"status": restored.status})
    return restored


class SameInterview(WorkstationError):
    """A new interview refused because the register holds the same one already (``same_interview``: ``twin``)."""

    def __init__(self, message: str, twin: Interview):
        super().__init__(message)
        self.twin = twin


def same_interview(db: Database, interview: Interview) -> Interview | None:
    """Another interview of the register, not voided, that ``interview`` would enter a second time — of the same
    agency, on the same day at the same time (both without one too), with one of its parties —; None when there
    is none. Only asked of a new interview: one stored is not asked about again at each correction."""
    held_on = parse_date(interview.held_on)
    if not held_on or not interview.party_ids:
        return None
    held_at = typed_values_read(interview).held_at.strip()  # HH:MM as stored (9:30, 下午2时30分 read so)
    rows = db.execute("SELECT i.id FROM interviews i WHERE i.agency_id = ? AND i.held_on = ? AND i.id != ? AND "
                      "COALESCE(i.held_at, '') = ? AND i.status != 'void' AND EXISTS (SELECT 1 FROM interview_parties ip "
                      "WHERE ip.interview_id = i.id AND ip.party_id IN (SELECT value FROM json_each(?))) ORDER BY i.rowid",
                      [interview.agency_id, held_on, interview.id, held_at, json.dumps(interview.party_ids)]).fetchone()
    return get_interview(db, rows[0]) if rows else None


def same_interview_message(db: Database, twin: Interview) -> str:
    """How a refusal or question names the interview ``twin`` already in the register."""
    names = "、".join(_party_keys(db, twin.party_ids)[1]) or "—"
    return _("The register already has the interview of {parties} on {when} (id {id}): saving this one records it a "
             "second time, and the statistics count it twice.").format(parties=names, when=f"{twin.held_on} {twin.held_at}".strip(), id=twin.id)


#: what the follow-up dialog shows and records of an interview: another process's follow-up recorded since the
#: dialog opened is not to be written over (``changed_since``)
FOLLOW_UP_FIELDS = ("follow_up_on", "follow_up_result", "follow_up_outcome", "party_results")


def changed_since(db: Database, loaded: Interview, fields: Iterable[str] | None = None) -> str | None:
    """Why ``loaded`` (an interview as an editor opened it) may not be saved over: another process (another window,
    the command line) saved the interview since, and saving the editor's copy, every field of it, would silently
    take back what it saved — a 约谈摘要 set with ``interviews edit --summary`` among them. ``fields``: those
    compared (default: every field but the id). None when the stored interview is still as it was loaded, or is not
    stored (a new interview)."""
    try:
        stored = get_interview(db, loaded.id)
    except NotFound:
        return None
    compared = tuple(fields) if fields is not None else tuple(f for f in loaded.__dataclass_fields__ if f != "id")
    if all(getattr(stored, field) == getattr(loaded, field) for field in compared):
        return None
    return _("The interview “{subject}” of {date} was changed elsewhere since you opened it: reopen it and apply "
             "your changes again.").format(subject=loaded.subject.strip() or stored.subject,
                                            date=loaded.held_on or stored.held_on)


def save_interview(db: Database, interview: Interview, audit: AuditWriter | None = None, *,
                   despite_issued: bool = False, allow_duplicate: bool = False,
                   deadline_typed: bool = False, loaded: Interview | None = None,
                   command_line: bool = False) -> Interview:
    """Validate and create or update an interview with its parties (audited); one held with commitments and no
    rectification deadline is given the usual one (``rectification_due_default``), which its 约谈记录 prints and
    the deadline board tracks. Refused for a voided interview, for one held made scheduled again while its record
    or minutes are issued (``held_back_refusal``), — ``IssuedChange`` — for a change of what an issued document
    printed (``PRINTED_FIELDS``) unless the officer confirmed it (``despite_issued``; audited as such), and —
    ``SameInterview`` — for a new interview the register holds already (``same_interview``) unless the officer
    said it is another (``allow_duplicate``). A date changed counts the usual deadline again when it was the one
    counted from the old date (``deadline_following_date``), unless the officer gave it (``deadline_typed``: stored
    so, ``deadline_was_typed``, and then never counted again).
    A date moved before the day a notice in force was issued, or an interview so dated marked held (the editor's Held
    tick), is refused (``before_notice_refusal``; what to do said as the command line does it with ``command_line``).
    ``loaded``: the interview as the editor saving it opened it; WorkstationError, nothing written, when the stored
    interview is no longer that (``changed_since``: saved by another process meanwhile) — said before anything
    else is asked, and checked again in the transaction that writes."""
    if loaded is not None and (refusal := changed_since(db, loaded)) is not None:
        raise WorkstationError(refusal)
    stored = db.execute("SELECT 1 FROM interviews WHERE id = ?", [interview.id]).fetchone()
    before = get_interview(db, interview.id) if stored else None
    if before is not None and before.status == "void":
        raise WorkstationError(_("The interview was voided ({reason}): it is no longer changed.").format(
            reason=before.void_reason or "—"))
    if before is not None and not deadline_typed:  # the usual deadline counted from the old date: counted again
        interview = deadline_following_date(db, before, interview)
    interview = normalized_interview(db, interview, before)
    # stored with the interview (m063): a deadline the officer gave is never counted again — neither when its date
    # moves nor when a holiday file arrives —, even on the day the usual count gives; one kept as it was stays as it
    # was stored, and one counted here (the usual one, or none) is no longer typed
    typed = bool(interview.rectification_due) and (deadline_typed or (
        before is not None and interview.rectification_due == before.rectification_due
        and deadline_was_typed(db, before.id)))
    if due := rectification_due_default(db, interview):
        interview, typed = replace(interview, rectification_due=due), False
    if refusal := early_follow_up_refusal(db, before, interview):
        raise ValidationError(refusal)
    if before is None and not allow_duplicate and (twin := same_interview(db, interview)) is not None:
        raise SameInterview(same_interview_message(db, twin), twin)
    locked: dict = {}
    if before is not None:
        if refusal := held_back_refusal(db, before, interview):
            raise WorkstationError(refusal)
        if refusal := before_notice_refusal(db, before, interview, command_line=command_line):
            raise WorkstationError(refusal)
        fields, documents = issued_changes(db, before, interview)
        if fields and not despite_issued:
            printed = [d for d in issued_in_force(db, before.id)
                       if set(PRINTED_FIELDS.get(d.form_id, ())) & set(fields)]
            notice = any(d.form_id == "interview_notice" for d in printed)
            passed = notice and bool({"held_on", "held_at"} & set(fields)) and bool(interview.held_on) \
                and not still_to_come(interview.held_on, interview.held_at)
            # a day passed: the notice stays, only the other documents are to be voided
            voided = [d for d in printed if d.form_id != "interview_notice"] if passed else printed
            raise IssuedChange(issued_change_message(fields, documents, notice, passed, void_commands(voided)
                                                     if command_line else "", others=bool(voided)),
                               fields, documents)
        if fields:
            locked = {"changed_despite_issued": fields, "documents": documents}

    def write_parties() -> None:
        db.execute("DELETE FROM interview_parties WHERE interview_id = ?", [interview.id])
        db.conn.executemany("INSERT INTO interview_parties (interview_id, party_id) VALUES (?, ?)",
                            [(interview.id, pid) for pid in interview.party_ids])

    row = {k: getattr(interview, k) for k in interview.__dataclass_fields__ if k != "party_ids"}
    row["attendees"] = dumps(interview.attendees)
    row["party_results"] = dumps(interview.party_results) if interview.party_results else None
    row["deadline_typed"] = int(typed)
    with db.atomic():
        if loaded is not None and (refusal := changed_since(db, loaded)) is not None:
            raise WorkstationError(refusal)
        save_audited(db, "interviews", "interview", row, audit, then=write_parties)
        if locked:  # the officer's word that a corrected document will be issued, kept apart in the audit trail
            from workstation import audit as audit_trail

            audit_trail.append(db, "change_despite_issued", "interview", interview.id, None, locked)
    return interview


def deadline_was_typed(db: Database, interview_id: str) -> bool:
    """Whether the rectification deadline stored for the interview was given by the officer (typed in the editor,
    ``--deadline``: ``save_interview(..., deadline_typed=True)``), not counted by the program: it is then kept when
    the interview's date moves and when a holiday file is imported (``recount_rectification_defaults``). False for
    one counted, for none, and for an interview stored before m063 (whose typed deadlines were not told apart)."""
    row = db.execute("SELECT deadline_typed FROM interviews WHERE id = ?", [interview_id]).fetchone()
    return bool(row and row[0])


def _interview(row: dict, party_ids: list[str]) -> Interview:
    return from_row(Interview, {**row, "attendees": json.loads(row["attendees"] or "[]"),
                                "party_results": json.loads(row.get("party_results") or "{}")}, party_ids=party_ids)


@dataclass(frozen=True)
class PartyResult:
    """Where one party of an interview stands: its follow-up (date and what was found) and the case it was
    escalated to (None when it was not)."""

    party_id: str
    follow_up_on: str | None
    follow_up_result: str
    case_id: str | None
    follow_up_outcome: str | None = None  # as the officer chose it (``OUTCOMES``); None: read from the text


def party_result(interview: Interview, party_id: str) -> PartyResult:
    """The follow-up and escalation of ``party_id`` in ``interview``: its own (``party_results``, m038) where it
    has one, else the follow-up recorded for the whole interview; escalated only to its own case — an interview
    whose parties have no results of their own (kept by a version before m038) was escalated for all of them."""
    own = interview.party_results.get(party_id) or {}
    case_id = own.get("case_id") if interview.party_results else interview.case_id
    if "follow_up_result" in own:
        return PartyResult(party_id, own.get("follow_up_on"), own.get("follow_up_result") or "", case_id,
                           own.get("follow_up_outcome"))
    return PartyResult(party_id, interview.follow_up_on, interview.follow_up_result, case_id,
                       interview.follow_up_outcome)


def party_results(interview: Interview) -> list[PartyResult]:
    """``party_result`` of each party of the interview, in its order."""
    return [party_result(interview, party_id) for party_id in interview.party_ids]


def _with_party_result(interview: Interview, party_id: str, **values) -> Interview:
    """``interview`` with ``values`` (case_id, follow_up_on, follow_up_result, follow_up_outcome) recorded for ``party_id`` alone; the
    other parties keep where they stand (made explicit when no party had a result of its own yet)."""
    results = {p: {"case_id": r.case_id} for p, r in ((r.party_id, r) for r in party_results(interview))} \
        if not interview.party_results else {p: dict(v) for p, v in interview.party_results.items()}
    results.setdefault(party_id, {"case_id": None}).update(values)
    return replace(interview, party_results=results)


def _party_links(db: Database, interview_id: str | None = None) -> dict[str, list[str]]:
    where, params = ("WHERE interview_id = ?", [interview_id]) if interview_id else ("", [])
    links: dict[str, list[str]] = {}
    for iid, party_id in db.execute(f"SELECT interview_id, party_id FROM interview_parties {where} ORDER BY rowid",
                                    params):
        links.setdefault(iid, []).append(party_id)
    return links


def interview_stored(db: Database, interview_id: str) -> bool:
    """Whether the interview ``interview_id`` is stored (voided ones too): an editor's interview not yet saved is not."""
    return db.execute("SELECT 1 FROM interviews WHERE id = ?", [interview_id]).fetchone() is not None


def get_interview(db: Database, interview_id: str) -> Interview:
    row = fetch_dict(db, "SELECT * FROM interviews WHERE id = ?", [interview_id])
    if row is None:
        raise NotFound(_("No interview {id}: `interviews list` prints the ids of the interviews.").format(
            id=interview_id))
    return _interview(row, _party_links(db, interview_id).get(interview_id, []))


def list_interviews(db: Database, state: str | None = None, on: str | None = None, *,
                    include_void: bool = False) -> list[Interview]:
    """Every interview, the latest first — the voided ones only with ``include_void``; with ``state``, only those
    scheduled or held (on ``on``, default today: ``interview_state``)."""
    rows = fetch_dicts(db, "SELECT * FROM interviews" + ("" if include_void else " WHERE status <> 'void'")
                       + " ORDER BY held_on DESC, created_at DESC")
    links = _party_links(db)
    interviews = [_interview(r, links.get(r["id"], [])) for r in rows]
    return [i for i in interviews if interview_state(i, on) == state] if state else interviews


def interviews_of_lead(db: Database, lead_id: str) -> list[Interview]:
    """The interviews held (or scheduled) because of the lead, the latest first."""
    ids = [r[0] for r in db.execute("SELECT id FROM interviews WHERE lead_id = ? AND status <> 'void' "
                                    "ORDER BY held_on DESC", [lead_id])]
    return [get_interview(db, i) for i in ids]


def default_interview_agency(db: Database, officers: Iterable[str] = ()) -> str | None:
    """The agency a new interview is held by: the station's (``own_agency``), else that of the first of ``officers``
    (the interviewing officers the command line names) in the officers' register with an agency, else that of the
    officer acting (signed in, or ``WORKSTATION_ACTOR``), else None (the first agency of the list; the command line
    asks for ``--agency``)."""
    from workstation.audit import acting_officer
    from workstation.station_role import own_agency

    if chosen := own_agency(db):
        return chosen
    for name in [*officers, acting_officer(db)]:
        row = db.execute("SELECT agency_id FROM officers WHERE name = ? AND agency_id IS NOT NULL "
                         "ORDER BY active DESC LIMIT 1", [name]).fetchone() if name else None
        if row:
            return row[0]
    return None


def last_contact_phone(db: Database, agency_id: str | None) -> str:
    """The contact phone of the agency's latest interview that has one ('' when none): a new interview of the
    agency starts from it, so that the officer types it once."""
    row = db.execute("SELECT contact_phone FROM interviews WHERE agency_id IS ? AND contact_phone != '' "
                     "ORDER BY created_at DESC, rowid DESC LIMIT 1", [agency_id]).fetchone()
    return row[0] if row else ""


def offered_contact_phone(db: Database, agency_id: str | None) -> str:
    """The contact phone a new interview of ``agency_id`` is offered: its latest interview's (``last_contact_phone``),
    else for its first the 联系电话 of the agency's document details (``agency_details.document_details``: a town
    office's own, else its district bureau's), as a case's documents print it; '' when none is known."""
    from workstation.agency_details import document_details

    if phone := last_contact_phone(db, agency_id):
        return phone
    return document_details(db, agency_id)["contact_phone"] if agency_id else ""


def find_leads(db: Database, text: str, limit: int = 50) -> list[Lead]:
    """The leads whose numbers, business names or description contain ``text`` (its digits alone for a number
    written with separators), the latest first; all of them, up to ``limit``, for no text."""
    text = text.strip()
    digits = re.sub(r"\D", "", text)
    where, params = "", []
    if text:
        where = "WHERE id = ? OR " + " OR ".join(f"{column} LIKE ? ESCAPE '\\'" for column in (
            "businesses", "target_name", "description", "phones", "target_phone"))
        words, number = like_contains(text), like_contains(digits if len(digits) >= 3 else text)
        params = [text, words, words, words, number, number]
    rows = fetch_dicts(db, f"SELECT * FROM leads {where} ORDER BY received_at DESC LIMIT ?", [*params, limit])
    return [from_row(Lead, r) for r in rows]


def linked_lead(db: Database, lead_id: str | None) -> Lead | None:
    """The lead an interview names by its id (``lead_id``; None for none, or for one not held here)."""
    row = fetch_dict(db, "SELECT * FROM leads WHERE id = ?", [lead_id]) if lead_id else None
    return from_row(Lead, row) if row else None


def lead_summary(lead: Lead) -> str:
    """A lead as the interview shows it: received, its numbers (masked) and businesses, its complaints."""
    numbers = mask_text(lead.phones or lead.target_phone)
    who = lead.businesses or lead.target_name
    count = _("{n} complaints").format(n=lead.complaint_count) if lead.complaint_count else ""
    return "  ".join(p for p in (lead.received_at[:10], numbers, who, count) if p) or lead.id


def resolve_lead(db: Database, reference: str) -> Lead:
    """The lead ``reference`` names: its id, or a number or business name found in exactly one lead."""
    found = find_leads(db, reference, limit=2)
    exact = [lead for lead in found if lead.id == reference.strip()]
    if exact or len(found) == 1:
        return (exact or found)[0]
    if not found:
        raise NotFound(_("No lead {ref}: give the lead's id, or a phone number or business name found in one "
                         "lead.").format(ref=reference))
    raise WorkstationError(_("{ref} is found in several leads: give the lead's id, or a longer number or "
                             "name.").format(ref=reference))


def interview_search_texts(interview: Interview, *also: str) -> tuple[str, ...]:
    """What the register's search looks in (``interview_register.register_found``), made once for an interview (a
    register of thousands is searched at each keystroke: ``search_texts_found``): its date, subject, place, texts,
    attendees and ``also`` (its parties' names, its cases, the 文号 of its documents), as written and with its
    brackets, digits and letters as the search's forms write them, in lower case — so that the words, read as the
    case list reads them (``store.cases.search_terms``), find a case number or 文号 typed with other brackets,
    spaces, 第 or leading zeros (佛南市监立[2026]9号, （2026）9号) as stored, and a name's brackets or letters typed
    full-width or half-width (（佛山） finds (佛山))."""
    from workstation.case_reference import search_key

    attendees = (f"{a.get('name', '')} {a.get('organisation', '')}" for a in interview.attendees)
    text = "\n".join([interview.held_on, interview.subject, interview.place, interview.topics, interview.provisions,
                      interview.commitments, interview.summary, interview.follow_up_result, *attendees, *also])
    return tuple(t.casefold() for t in dict.fromkeys([text, search_key(text), unicodedata.normalize("NFKC", text)]))


def search_texts_found(texts: tuple[str, ...], terms) -> bool:
    """Whether every term of a search (``store.cases.search_terms`` of what was typed, read once for the register)
    is found, in one of its forms, in ``texts`` (``interview_search_texts``)."""
    return all(any(form.casefold() in t for form in term for t in texts) for term in terms)


def follow_up_errors(db: Database, interview: Interview, on: str | None, result: str,
                     outcome: str | None = None) -> dict[str, str]:
    """Field errors of a follow-up as its editor shows them ({} when valid): it is recorded as done, so its date
    is refused when it is still to come even before its result is typed; an ``outcome`` not of ``OUTCOMES`` is
    refused, and so is one of not rectified before the deadline (``early_not_rectified``)."""
    errors: dict[str, str] = {}
    if not on:
        errors["follow_up_on"] = _("Enter the date of the follow-up.")
    if not result.strip():
        errors["follow_up_result"] = _("Say what the follow-up found.")
    updated = replace(interview, follow_up_on=on or None, follow_up_result=result)
    # the interview as stored: a result kept as it is stored not refused again (``_text_errors``)
    found = interview_field_errors(db, updated, interview)
    if "follow_up_on" in found:
        errors["follow_up_on"] = found["follow_up_on"]
    elif on and (refusal := _future_follow_up(parse_date(on))):
        errors["follow_up_on"] = refusal
    elif on and (refusal := early_not_rectified(interview, parse_date(on) or on, result, outcome, db=db)):
        # under the text when it says so, else under the outcome chosen
        errors["follow_up_result" if NOT_RECTIFIED.search(result) else "follow_up_outcome"] = refusal
    if outcome is not None and outcome not in OUTCOMES:
        errors["follow_up_outcome"] = _("Choose the outcome of the follow-up: {outcomes}.").format(
            outcomes=", ".join(OUTCOMES))
    if "follow_up_result" not in errors and (problem := found.get("follow_up_result")):
        errors["follow_up_result"] = problem  # as the register's editor refuses it: a control character pasted
    return errors


class RecordRecount(NamedTuple):
    """An issued 约谈记录 whose 截止日期 is earlier than the day its 整改期限's working days end on the calendar now in
    force (``record_recount``): the day it prints, those working days, the day they end on now, and the record."""

    printed: str
    days: int
    due: str
    document: object


def record_recount(db: Database, interview: Interview, *, calendar=None,
                   documents: list | None = None) -> RecordRecount | None:
    """The issued 约谈记录 in force of ``interview`` (of ``documents`` when the caller read them: ``register_links``)
    that prints a 整改期限 of N working days (15个工作日内…) and a 截止日期 earlier than the day N working days after the
    interview end on, on the calendar now in force (``calendar`` when read already) — counted when the holidays of a
    year were not known, and a holiday file imported since —; of several, the one ending last. The record was issued
    as the party's notice of its deadline and is not changed: the interview is marked until the record is voided
    and issued again with the day, while its report is awaited (``report_awaited``). None otherwise: for an
    interview voided, followed up or escalated to a case, and for a count now ending on the day printed or earlier
    (a make-up working day): the party keeps the day it was given (``deadline_in_force``)."""
    if not report_awaited(interview):
        return None
    return _later_count(db, interview, calendar=calendar, documents=documents)


def report_awaited(interview: Interview) -> bool:
    """Whether the rectification report of the interview is still awaited: no follow-up recorded and not escalated
    to a case — of a joint interview, of one party at least (each its own, ``party_results``)."""
    results = party_results(interview) or [PartyResult("", interview.follow_up_on, interview.follow_up_result,
                                                       interview.case_id, interview.follow_up_outcome)]
    return any(not r.follow_up_result.strip() and not r.case_id for r in results)


def _later_count(db: Database, interview: Interview, *, calendar=None,
                 documents: list | None = None) -> RecordRecount | None:
    """``record_recount`` of the interview whether or not its report is awaited: the deadline in force is the
    party's even once it was followed up (``deadline_in_force``)."""
    from workstation.documents.interview_documents import ONE_PARTY, printed_workdays

    if interview.status == "void" or not interview.held_on:
        return None
    records = [d for d in (issued_in_force(db, interview.id) if documents is None else documents)
               if d.status == "issued" and d.form_id == ONE_PARTY]
    found = []
    for record in records:
        days, printed = printed_workdays(record.values.get("deadline_text")), str(record.values.get("deadline") or "")
        if not (days and printed):
            continue
        if calendar is None:
            from workstation.clocks import data_dir_of
            from workstation.workdays import default_calendar

            calendar = default_calendar(data_dir_of(db))
        try:
            due = calendar.add_workdays(dt.date.fromisoformat(interview.held_on[:10]), days).isoformat()
        except ValueError:
            continue
        if due > printed[:10]:  # ending earlier, the record still gives the party the day it prints
            found.append(RecordRecount(printed[:10], days, due, record))
    return max(found, key=lambda r: r.due) if found else None


def deadline_in_force(db: Database, interview: Interview, *, calendar=None, documents: list | None = None) -> str | None:
    """The last day the party may rectify in: the interview's 整改期限, or — later — the day the working days its
    issued 约谈记录 gives end on the calendar now in force (``record_recount``: the record tells the party it has
    those working days). ``calendar`` and ``documents`` (the interview's, ``register_links``): when read already."""
    due = interview.rectification_due
    recount = _later_count(db, interview, calendar=calendar, documents=documents)
    found = recount.due if recount is not None and recount.due > (due or "") else due
    return rolled_deadline(db, found, calendar=calendar)


def rolled_deadline(db: Database, due: str | None, *, calendar=None) -> str | None:
    """``due`` moved past the rest days it falls on to the next working day of the deadlines' calendar (``calendar``
    when read already), as REFERENCE §1.2 rule 3 moves a deadline the party must meet; ``due`` as it is on a working
    day, when it cannot be read, or None."""
    if not due:
        return due
    try:
        day = dt.date.fromisoformat(str(due)[:10])
    except ValueError:
        return due
    if calendar is None:
        from workstation.clocks import data_dir_of
        from workstation.workdays import default_calendar

        calendar = default_calendar(data_dir_of(db))
    return calendar.roll_forward(day).isoformat()


def rolled_to(db: Database, due: str | None, calendar=None) -> tuple[str | None, str] | None:
    """(the holiday's name — None for a weekend not worked —, the working day it runs to) for the deadline ``due``
    when it falls on a rest day of a year whose holidays are known: ``rolled_deadline``, the day the deadline board
    counts to; None on a working day, for a day of a year whose holidays are not known yet (marked 日历待核实 instead,
    ``deadline_maybe_rest_day``), or for a date that cannot be read. ``calendar``: the deadlines' calendar when read
    already."""
    try:
        day = dt.date.fromisoformat(str(due or "")[:10])
    except ValueError:
        return None
    if calendar is None:
        from workstation.clocks import data_dir_of
        from workstation.workdays import default_calendar

        calendar = default_calendar(data_dir_of(db))
    if not calendar.confirmed(day.year):  # a day that may be a rest day is marked 日历待核实 instead
        return None
    moved = rolled_deadline(db, day.isoformat(), calendar=calendar)
    return None if moved == day.isoformat() else (calendar.holiday_name(day) or None, moved)


def rest_day_label(holiday: str | None) -> str:
    """The rest day a deadline falls on as the officer is told it: the holiday's label (春节 …), or "weekend" for
    ``holiday`` None or ""."""
    from workstation.vocabulary import shown_label

    return shown_label("holidays", holiday) if holiday else _("weekend")


def deadline_rest_day_warning(db: Database, interview: Interview) -> str:
    """What the officer is told (not refused) of a rectification deadline on a rest day of the deadlines' calendar
    (``deadline_on_rest_day``, the follow-up counting to the day it runs to); "" on a working day, without a deadline,
    or for one that cannot be read."""
    try:
        due = parse_date(interview.rectification_due)
    except ValueError:
        return ""
    if not due:
        return ""
    return deadline_on_rest_day(db, due, _("The rectification deadline {due}").format(due=due), _("the follow-up"))


def deadline_on_rest_day(db: Database, due: str | None, subject: str, counted_by: str, *, calendar=None) -> str:
    """What the officer is told (not refused) of a deadline the party must meet, ``due``, on a rest day of the
    deadlines' calendar (``calendar`` when read already): it runs to the next working day (REFERENCE §1.2 rule 3),
    which ``counted_by`` (the follow-up of an interview, the re-inspection of a 责令改正通知书) and the deadline board
    count to — in a year whose holidays are not known yet, said as unconfirmed (日历待核实) for a day that may be a
    rest day (``deadline_maybe_rest_day``, ``unknown_rest_day_deadline``) —. ``subject``: the deadline named with its
    day and document ("The rectification deadline 2026-10-04", "The 改正期限 2026-10-03 of the 责令改正通知书"). ""
    on a working day, or for a day that cannot be read."""
    try:
        day = dt.date.fromisoformat(str(due or "")[:10])
    except ValueError:
        return ""
    due = day.isoformat()
    if calendar is None:
        from workstation.clocks import data_dir_of
        from workstation.workdays import default_calendar

        calendar = default_calendar(data_dir_of(db))
    if (uncertain := _uncertain_rest_day(calendar, day)) is not None:  # a year whose holidays are not known yet
        return unknown_rest_day_deadline(uncertain, due, rolled_deadline(db, due, calendar=calendar), subject)
    if (rolled := rolled_to(db, due, calendar)) is None:
        return ""
    holiday, moved = rolled
    rest = rest_day_label(holiday)
    return _("{subject} is a rest day ({rest}): a deadline the party must meet runs to the next working day, "
             "{moved}, and {counted_by} and the deadline board count it so. Give {moved} as the deadline if that is "
             "the day the party is told, or choose another working day.").format(
        subject=subject, rest=rest, moved=moved, counted_by=counted_by)


def deadline_maybe_rest_day(calendar, due: str | None) -> tuple[str, str | None] | None:
    """Whether the rectification deadline ``due`` falls, in a year without holiday data, on a day that may be a rest
    day (``Calendar.maybe_rest_day``), so that the day the party's deadline runs to (REFERENCE §1.2 rule 3) is not
    certain until that year's notice is out: the kind of day and its holiday (``_uncertain_rest_day``), what
    ``deadline_on_rest_day`` says as unconfirmed (``unknown_rest_day_deadline``) and the deadline board marks
    日历待核实; None for a day of a year with holiday data, a weekday outside the festivals' windows, or one not read."""
    try:
        day = dt.date.fromisoformat(str(due or "")[:10])
    except ValueError:
        return None
    return _uncertain_rest_day(calendar, day)


def unknown_rest_day_deadline(uncertain: tuple[str, str | None], due: str, moved: str,
                              subject: str | None = None) -> str:
    """What is said of the deadline ``due`` that may be a rest day of a year whose holidays are not known yet
    (``uncertain``: ``deadline_maybe_rest_day``), counted as running to ``moved`` for now: the warnings
    (``deadline_on_rest_day``) and the deadline board's calculation say it alike, never as a fact. ``subject``: the
    deadline named with its day (default: an interview's rectification deadline)."""
    from workstation.vocabulary import shown_label

    kind, holiday = uncertain
    if subject is None:
        subject = _("The rectification deadline {due}").format(due=due)
    return _(_UNKNOWN_REST_DAY_DEADLINE[kind]).format(
        subject=subject, moved=moved, year=due[:4], holiday=shown_label("holidays", holiday) if holiday else "")


#: what ``deadline_on_rest_day`` says of a deadline (``subject``: named with its day and document) in a year whose
#: holidays are not known yet, by the kind of day (as ``_REST_DAY``): a holiday fixed by date, a day about a
#: festival, a weekend day
_UNKNOWN_REST_DAY_DEADLINE = {
    "fixed": N_("{subject} is a rest day ({holiday}; the other holidays of {year} are not known yet, 日历待核实): a "
                "deadline the party must meet runs to the next working day, counted as {moved} until the {year} "
                "calendar is known, which may still be a rest day. Choose a working day, or check the deadline once "
                "the {year} calendar is out."),
    "festival": N_("{subject} may be a rest day of the {holiday} holidays (the {year} calendar is not known yet, "
                   "日历待核实): if it is, a deadline the party must meet runs to the next working day, counted as "
                   "{moved} until then, which may still be a rest day. Choose a day outside the holidays, or check "
                   "the deadline once the {year} calendar is out."),
    "maybe": N_("{subject} is a weekend day, which may be a rest day (the {year} calendar is not known yet, "
                "日历待核实): if it is, a deadline the party must meet runs to the next working day, counted as "
                "{moved} until then. Choose a working day, or check the deadline once the {year} calendar is out."),
}


def _recounted_later(db: Database | None, interview: Interview) -> RecordRecount | None:
    """``record_recount`` of the interview — awaited or not — when its day is after the interview's 整改期限
    (``deadline_in_force``)."""
    recount = _later_count(db, interview) if db is not None else None
    return recount if recount is not None and recount.due > (interview.rectification_due or "") else None


def _in_force(db: Database | None, interview: Interview) -> tuple[str | None, RecordRecount | None]:
    """(``deadline_in_force``, the recount that made it later or None) in one count: without ``db``, the 整改期限."""
    recount = _recounted_later(db, interview)
    due = recount.due if recount is not None else interview.rectification_due
    return (rolled_deadline(db, due) if db is not None else due), recount


def within_deadline(interview: Interview, on: str | None = None, *, db: Database | None = None) -> bool:
    """Whether the party may still rectify on ``on`` (default today): its 整改期限 is that day or later — with ``db``,
    the deadline in force (``deadline_in_force``: the later day an issued 约谈记录's working days end on now)."""
    due = deadline_in_force(db, interview) if db is not None else interview.rectification_due
    return bool(due and (on or today()) <= due)


def early_not_rectified(interview: Interview, on: str, result: str, outcome: str | None = None, *,
                        db: Database | None = None) -> str | None:
    """Why a follow-up of ``on`` whose ``outcome`` is ``not_rectified``, or — no outcome chosen — whose text says the
    rectification was not made (逾期未整改, 未整改 …: ``NOT_RECTIFIED``), is refused (None when it is not): the party
    has until its 整改期限 to rectify — with ``db``, until the day its issued 约谈记录's working days end on now
    (``deadline_in_force``) —, so nothing is overdue or found unrectified before that day is over. An outcome chosen
    is what the follow-up established: an interim one not verified (仍在清理…) is not read."""
    said = outcome == "not_rectified" or (outcome is None and result.strip() and NOT_RECTIFIED.search(result))
    if not said:
        return None
    due, recount = _in_force(db, interview)
    if not (due and on <= due):
        return None
    if recount:
        return _("The 约谈记录 issued gives the party {days} working days to rectify, which end on {due} on the "
                 "calendar now in force (it prints {printed}): on {on} the party still has time to rectify, so the "
                 "follow-up cannot say it was not rectified or is overdue. Record what was found so far, or date the "
                 "follow-up after {due}.").format(days=recount.days, due=recount.due, printed=recount.printed, on=on)
    if due != interview.rectification_due:  # on a rest day: the party has until the next working day
        return _("The rectification deadline {typed} is a rest day: it runs to the next working day, {due}, and on "
                 "{on} the party still has time to rectify, so the follow-up cannot say it was not rectified or is "
                 "overdue. Record what was found so far, or date the follow-up after {due}.").format(
            typed=interview.rectification_due, due=due, on=on)
    return _("The rectification deadline is {due}: on {on} the party still has time to rectify, so the follow-up "
             "cannot say it was not rectified or is overdue. Record what was found so far, or date the follow-up "
             "after {due}.").format(due=interview.rectification_due, on=on)


def early_follow_up_refusal(db: Database, before: Interview | None, interview: Interview) -> dict[str, str]:
    """The field error of ``interview`` (normalized: ISO dates, its deadline counted) whose follow-up, new or changed
    since ``before`` (as stored; None for a new interview), says it was not rectified before its 整改期限
    (``early_not_rectified``) — under the result when its text says so, else under the outcome —; {} otherwise. A
    follow-up stored before, left as it is, is not judged again."""
    result, on = (interview.follow_up_result or "").strip(), interview.follow_up_on
    if not on or (before is not None and (before.follow_up_on, (before.follow_up_result or "").strip(),
                                          before.follow_up_outcome) == (on, result, interview.follow_up_outcome)):
        return {}
    refusal = early_not_rectified(interview, on, result, interview.follow_up_outcome, db=db)
    if refusal is None:
        return {}
    return {"follow_up_result" if NOT_RECTIFIED.search(result) else "follow_up_outcome": refusal}


def early_escalation(interview: Interview, on: str | None = None, *, db: Database | None = None) -> str | None:
    """What the officer is asked to confirm before escalating ``interview`` to a case on ``on`` (default today)
    while its 整改期限 has not passed — with ``db``, the deadline in force (``deadline_in_force``) — (None once it has,
    or without one): the party may still rectify, though a new violation found meanwhile is a reason to open a
    case."""
    due, recount = _in_force(db, interview)
    if not (due and (on or today()) <= due):
        return None
    if recount:
        return _("The 约谈记录 issued gives the party {days} working days to rectify, which end on {due} on the "
                 "calendar now in force (it prints {printed}), not passed yet: the party may still rectify until "
                 "then. Escalate it to a case now all the same (for instance because a new violation was "
                 "found)?").format(days=recount.days, due=recount.due, printed=recount.printed)
    return _("The rectification deadline of this interview is {due}, not passed yet: the party may still rectify "
             "until then. Escalate it to a case now all the same (for instance because a new violation was "
             "found)?").format(due=due)


def records_off_calendar(db: Database) -> list[tuple[Interview, RecordRecount]]:
    """The interviews (not voided) awaiting their report whose issued 约谈记录 prints a 截止日期 earlier than the day
    its working days end on, on the calendar now in force (``record_recount``), with it; the earliest held first."""
    from workstation.clocks import data_dir_of
    from workstation.documents.interview_documents import ONE_PARTY
    from workstation.workdays import default_calendar

    calendar = default_calendar(data_dir_of(db))
    ids = [row[0] for row in db.execute(
        "SELECT DISTINCT i.id FROM interviews i JOIN documents d ON d.interview_id = i.id WHERE d.status = 'issued' "
        "AND d.form_id = ? AND i.status <> 'void' ORDER BY i.held_on, i.id", [ONE_PARTY])]
    found = []
    for interview_id in ids:
        interview = get_interview(db, interview_id)
        if (recount := record_recount(db, interview, calendar=calendar)) is not None:
            found.append((interview, recount))
    return found


class CalendarLines(NamedTuple):
    """What a holiday import or removal says of the interviews (``interview_calendar_lines``): its lines, and the
    ids of the interviews whose issued 约谈记录 prints a day now earlier than the count (``records_off_calendar``)."""

    lines: list[str]
    off_calendar: list[str]


def interview_calendar_lines(db: Database, recounted: list[str]) -> CalendarLines:
    """What `calendar import`, `calendar remove` and the window's holiday import and removal say of the interviews
    once the calendar changed: each whose usual rectification deadline was counted again (``recounted``:
    ``recount_rectification_defaults``) with its new day, then each awaiting its report whose issued 约谈记录 prints a
    截止日期 earlier than the day its working days now end on (``records_off_calendar``), with what to do: the record
    is not changed by the program. Parties named as on the board (numbers masked)."""
    from workstation.interview_deadlines import party_names

    off = records_off_calendar(db)
    names = party_names(db, [*recounted, *(i.id for i, _recount in off)])
    lines = []
    for interview_id in recounted:
        interview = get_interview(db, interview_id)
        lines.append(_("Interview {id} of {date} ({parties}): its rectification deadline was counted again on this "
                       "calendar: now {due}.").format(id=interview_id, date=interview.held_on,
                                                       parties=mask_text(names.get(interview_id, "")),
                                                       due=interview.rectification_due))
    for interview, recount in off:
        lines.append(_("Interview {id} of {date} ({parties}): its 约谈记录 issued prints the deadline {printed}, but "
                       "its {days} working days now end on {due}. Void the record, give the deadline (interviews edit "
                       "{id} --deadline {due}) and issue the record again.").format(
            id=interview.id, date=interview.held_on, parties=mask_text(names.get(interview.id, "")),
            printed=recount.printed, days=recount.days, due=recount.due))
    return CalendarLines(lines, [interview.id for interview, _recount in off])


def _parties_sector(db: Database, party_ids: list[str]) -> str:
    """The sector recorded for the parties elsewhere — the latest case of one of them, else the latest lead naming
    one — '' when none is (never a sector guessed)."""
    if not party_ids:
        return ""
    marks = ", ".join("?" * len(party_ids))
    row = db.execute(f"SELECT c.sector FROM cases c JOIN case_parties p ON p.case_id = c.id WHERE p.party_id IN "
                     f"({marks}) AND c.sector <> '' ORDER BY c.rowid DESC LIMIT 1", party_ids).fetchone()
    if row is None:
        row = db.execute(f"SELECT sector FROM leads WHERE target_party_id IN ({marks}) AND sector <> '' "
                         f"ORDER BY rowid DESC LIMIT 1", party_ids).fetchone()
    return row[0] if row else ""


def case_agency(db: Database, agency_id: str) -> str:
    """The agency that files the case opened from an interview of ``agency_id``: a town office's (市场监管所) district
    bureau, which files cases; a bureau itself."""
    row = db.execute("SELECT level, parent_id FROM agencies WHERE id = ?", [agency_id]).fetchone()
    return row[1] if row is not None and row[0] == "town" and row[1] else agency_id


def interviewing_officers(db: Database, interview: Interview) -> list[str]:
    """The ids of the officers who attended the interview (its attendees by name) among the active officers of the
    interviewing agency, the bureau filing its cases (``case_agency``) and that bureau's offices, in the
    attendees' order."""
    bureau = case_agency(db, interview.agency_id)
    found: list[str] = []
    for attendee in interview.attendees:
        name = str(attendee.get("name", "")).strip()
        row = db.execute("SELECT o.id FROM officers o JOIN agencies a ON a.id = o.agency_id WHERE o.name = ? AND "
                         "o.active = 1 AND (o.agency_id IN (?, ?) OR a.parent_id = ?) ORDER BY o.agency_id = ? DESC "
                         "LIMIT 1", [name, interview.agency_id, bureau, bureau, interview.agency_id]).fetchone() \
            if name else None
        if row is not None and row[0] not in found:
            found.append(row[0])
    return found


def roster_officer(db: Database, agency_id: str, name: str) -> bool:
    """Whether ``name`` is an active officer of the officers' register the interview of ``agency_id`` may name
    (as ``interviewing_officers`` finds them): of that agency, the bureau filing its cases, or that bureau's
    offices."""
    return bool(interviewing_officers(db, Interview(agency_id=agency_id, held_on="", subject="",
                                                    attendees=[{"name": name}])))


def _party_documents(db: Database, interview_id: str, party_id: str) -> list[tuple[str, str, dict, str]]:
    """(文号 or "", title, values, issued_at) of the interview's issued 约谈记录 (that of ``party_id`` for a joint
    interview, which has one for each party) and 约谈纪要, oldest first."""
    from workstation.documents.interview_documents import party_named_in
    from workstation.formkit.spec import load_forms

    interview = get_interview(db, interview_id)
    record = load_forms()[0].get("interview_record")
    found = []
    for number, form_id, title, values_json, issued_at in db.execute(
            "SELECT number, form_id, title, values_json, issued_at FROM documents WHERE interview_id = ? AND "
            "status = 'issued' AND form_id IN ('interview_record', 'interview_minutes') ORDER BY issued_at, rowid",
            [interview_id]):
        values = json.loads(values_json or "{}")
        named = (party_named_in(db, interview, record, values)
                 if form_id == "interview_record" and record is not None and len(interview.party_ids) > 1 else None)
        if named in (None, party_id):
            found.append((number or "", title, values, str(issued_at or "")))
    return found


def _issued_numbers(db: Database, interview_id: str, party_id: str) -> list[str]:
    """The 文号 of the interview's issued 约谈记录 (that of ``party_id`` for a joint interview) and 约谈纪要, oldest
    first."""
    return [number for number, _title, _values, _at in _party_documents(db, interview_id, party_id) if number]


def _issued_references(db: Database, interview_id: str, party_id: str) -> list[str]:
    """The interview's issued 约谈记录 (that of ``party_id`` for a joint interview) and 约谈纪要, oldest first, as a case's
    facts cite them: by 文号, else (a record has none) by title and date — 约谈记录（2026年11月30日）."""
    from workstation.money import chinese_date

    cited = []
    for number, title, values, issued_at in _party_documents(db, interview_id, party_id):
        if number:
            cited.append(number)
        else:  # the day of the meeting it records, else the day it was issued
            try:
                day = parse_date(str(values.get("held_on") or "")) or issued_at[:10]
            except ValueError:
                day = issued_at[:10]
            cited.append(f"{title}（{chinese_date(day)}）" if day else title)
    return list(dict.fromkeys(cited))


def case_facts(db: Database, interview: Interview, party_id: str) -> str:
    """The 违法事实 a case opened from ``interview`` against ``party_id`` starts with, in the words of the case file:
    when and by whom the party was interviewed (with whom, for a joint interview), on which matters, what it
    committed to by which deadline (of a joint interview its own commitments: none naming another party), what the
    follow-up found, and the interview's issued record or minutes (``_issued_references``: by 文号, else by title and
    date); '' for an interview with none of it. Its dates are written as the case file writes them (2026年11月20日).
    The officer rewrites it as the investigation finds."""
    from workstation.formkit.interview_values import party_lines
    from workstation.formkit.template import clause
    from workstation.screening.complaint import rules_or_shipped_for
    from workstation.store.agencies import get_agency

    names = dict(db.execute("SELECT id, name FROM parties WHERE id IN (SELECT value FROM json_each(?))",
                            [json.dumps(interview.party_ids)]).fetchall())
    agency = get_agency(db, interview.agency_id).name
    others = "、".join(names.get(p, "") for p in interview.party_ids if p != party_id)
    topics = "；".join(topic_stated(line) for line in interview.topics.splitlines() if line.strip())
    lines = [f"{_case_file_date(interview.held_on)}，{agency}对{names.get(party_id, '')}进行行政约谈"
             + (f"（与{others}联合约谈）" if others else "") + (f"，约谈事项：{topics}" if topics else "") + "。"]
    numbers = _issued_references(db, interview.id, party_id)
    if numbers:
        lines[0] = lines[0][:-1] + f"（{'、'.join(numbers)}）。"
    # of a joint interview the party's own commitments, as its 约谈记录 prints them: not a line naming another party
    own = party_lines(interview.commitments, names.get(party_id, ""),
                      [names.get(p, "") for p in interview.party_ids if p != party_id], rules_or_shipped_for(db))
    if commitments := clause(own):  # one a line: one sentence, A；B。
        lines.append(f"当事人承诺：{commitments}。")
    if interview.rectification_due:
        lines.append(f"整改期限：{_case_file_date(interview.rectification_due)}。")
    found = party_result(interview, party_id)
    if found.follow_up_result.strip():
        lines.append(f"{_case_file_date(found.follow_up_on)}回访复查情况：{found.follow_up_result.strip().rstrip('。')}。")
    return "\n".join(lines)


def _case_file_date(value: str | None) -> str:
    """An ISO date as the case file writes it (2026年11月20日, ``money.chinese_date``); one that cannot be read as
    stored, none as ''."""
    from workstation.money import chinese_date

    try:
        return chinese_date(value) if value else ""
    except ValueError:
        return str(value)


def interviews_escalated_to(db: Database, case_id: str) -> list[tuple[str, str]]:
    """(day held, what the case's timeline says) of each interview a party of which was escalated to the case
    ``case_id``: the interview, the parties escalated and the 文号 of its issued 约谈记录 and 纪要."""
    ids = [r[0] for r in db.execute(
        "SELECT id FROM interviews WHERE case_id = ? OR EXISTS (SELECT 1 FROM json_each(COALESCE(party_results, "
        "'{}')) WHERE json_extract(value, '$.case_id') = ?) ORDER BY held_on, rowid", [case_id, case_id])]
    out = []
    for interview in (get_interview(db, i) for i in ids):
        parties = [r.party_id for r in party_results(interview) if r.case_id == case_id]
        if not parties:
            continue
        numbers = list(dict.fromkeys(n for p in parties for n in _issued_numbers(db, interview.id, p)))
        text = _("From an interview ({kind}) of {date} “{subject}”: {party} escalated to this case").format(
            kind=kind_label(interview), date=interview.held_on, subject=interview.subject,
            party="、".join(_party_keys(db, parties)[1]) or "—")
        if numbers:
            text += _("; its record: {numbers}").format(numbers="、".join(numbers))
        out.append((interview.held_on, text))
    return out


def kind_label(interview: Interview) -> str:
    """The interview's kind as the user's language says it (单独约谈, 联合约谈)."""
    from workstation.vocabulary import shown_label

    return shown_label("interview_kinds", interview.kind)


#: what a topic written as the notice speaks to the party starts with: the party addressed (你单位, 贵公司 …)
ADDRESSED = re.compile(r"^(?:你们?(?:单位|公司|协会|企业|店|本人)?|贵(?:单位|公司|协会|企业|店|司))(?=.)")
#: and how the complaints came: (用户)(集中)投诉(集中)反映(的), (被)投诉的, 消费者(集中)投诉 — never a 投诉 or 举报
#: that is the matter itself (举报人信息泄露)
_WHO = r"(?:用户|消费者|群众|市民|业主|借款人|客户)们?"
COMPLAINED = re.compile(rf"^被?(?:(?:{_WHO})?(?:集中|多次|大量)?(?:投诉|举报)(?:集中|多次)?反映的?"
                        rf"|(?:{_WHO})?(?:集中|多次|大量)?(?:投诉|举报|反映)的"
                        rf"|{_WHO}(?:集中|多次|大量)?(?:投诉|举报|反映))(?=.)")
#: a call or message named without its act (骚扰电话, 垃圾短信): the act it is suspected of, and the verbs that name it
UNNAMED_ACTS = (("电话", "拨打", ("拨", "打", "呼")), ("短信", "发送", ("发", "送", "推")))


def cause_matter(topic: str) -> str:
    """An interview's topic (约谈事由, one line) worded to follow 涉嫌 in a case's 案由 (…涉嫌{matter}案): without its
    item number and end, the party it speaks to (你单位, 你公司, 贵公司 …), how the complaints came (用户投诉集中反映
    …), a 涉嫌 or 存在 of its own and a closing 问题 or 情况; a call or message named without its act gets it
    (骚扰电话 → 拨打骚扰电话, 商业短信 → 发送商业短信). The example of REFERENCE §2.4,
    "你单位用户投诉集中反映骚扰电话、未经同意发送商业短信问题", gives "拨打骚扰电话、未经同意发送商业短信"."""
    matter = re.sub(r"^\d+\s*[.、．]\s*", "", topic.strip()).rstrip("。．.；;，,：: 　")
    while True:
        shorter = re.sub(r"^(?:涉嫌|存在)(?=.)", "", COMPLAINED.sub("", ADDRESSED.sub("", matter)))
        if shorter == matter:
            break
        matter = shorter
    matter = re.sub(r"(?<=.)(?:的)?(?:问题|情况)$", "", matter)
    items = matter.split("、")
    for n, item in enumerate(items):
        for thing, act, verbs in UNNAMED_ACTS:
            if item.endswith(thing) and not any(verb in item for verb in verbs):
                items[n] = act + item
    return "、".join(items)


def topic_stated(topic: str) -> str:
    """An interview's topic (one line) as the 约谈纪要 and a case's facts state it, of the party and not to it:
    without its item number and end; one spoken to the party in REFERENCE §2.4's wording (你单位用户投诉集中反映…问题)
    worded as the 案由 words it (``cause_matter``) with its closing 问题 or 情况 — 拨打骚扰电话、未经同意发送商业短信问题 —,
    another as typed."""
    line = re.sub(r"^\d+\s*[.、．]\s*", "", topic.strip()).rstrip("。．.；;，,：: 　")
    if not ADDRESSED.match(line):
        return line
    closing = re.search(r"(?:的)?(?:问题|情况)$", line)
    return cause_matter(line) + (closing.group(0) if closing else "")


def case_prefill(db: Database, interview: Interview, party_id: str | None = None) -> dict:
    """What a case opened from ``interview`` against ``party_id`` (default its first party; of a joint interview,
    the party escalated) starts with: its 案由 from the interview's topics (the party 涉嫌 the first topic worded to
    follow it, ``cause_matter``, 案), its sector from the lead it was held for (not another agency's lead:
    ``foreign_lead_refusal``), its 线索接收日期 — the day its T1 counts from — the day the matter of the case came to
    light (``escalation_found_on``: not the lead's receipt, months before, whose T1 would be over before the case
    is opened), its 违法事实 (``case_facts``), the interviewing officers as its 办案人员 (``interviewing_officers``)
    and the bureau filing it as its 办案机关 (``case_agency``); '' for what is not known."""
    from workstation.store.parties import get_party

    party_id = party_id or (interview.party_ids[0] if interview.party_ids else None)
    lead = linked_lead(db, interview.lead_id)
    if lead is not None and foreign_lead_refusal(db, interview.agency_id, lead):
        lead = None  # another agency's lead (linked by a version before that was refused): not this case's
    topic = cause_matter(next((line.strip() for line in interview.topics.splitlines() if line.strip()), ""))
    party = get_party(db, party_id).name if party_id else ""
    return {"cause": f"{party}涉嫌{topic}案" if topic and party else "",
            "sector": (lead.sector if lead else "") or _parties_sector(db, [party_id] if party_id else []),
            "lead_received_on": escalation_found_on(interview, party_id),
            "facts": case_facts(db, interview, party_id) if party_id else "",
            "officer_ids": interviewing_officers(db, interview),
            "agency_id": case_agency(db, interview.agency_id)}


def escalation_found_on(interview: Interview, party_id: str | None = None) -> str:
    """The day a case opened from ``interview`` against ``party_id`` counts its T1 from (its 线索接收日期): the day the
    party's follow-up found the rectification not made (``follow_up_outcome``), else — no follow-up, one not
    verified or read as rectified, an interview the party did not attend — the day it is escalated, today."""
    found = party_result(interview, party_id) if party_id in interview.party_ids else None
    if found is not None and found.follow_up_on and \
            follow_up_outcome(found.follow_up_result, found.follow_up_outcome) == "not_rectified":
        return found.follow_up_on[:10]
    return today()


def not_held_refusal(interview: Interview, action: str, on: str | None = None, *,
                     command_line: bool = False) -> str | None:
    """Why the follow-up (``action`` "follow_up") or the escalation to a case ("escalate") of ``interview`` is
    refused while it is scheduled (已安排) on ``on`` (default today): dated ahead, or not marked held yet — what to
    do said as the window does it, or with ``command_line`` as the command (``interviews held``) —; or once it was
    voided, with its reason (it is no longer changed, as ``save_interview`` says); None once it was held."""
    if interview.status == "void":
        return _("The interview was voided ({reason}): it is no longer changed.").format(
            reason=interview.void_reason or "—")
    if interview_state(interview, on) == "held":
        return None
    if interview_state(interview, on) == "absent":  # the party ignored the summons: a case, no rectification
        if action == "escalate":
            return None
        return _("The party did not attend the interview of {date}: it made no commitment, so there is no "
                 "rectification to follow up. Escalate it to a case, or register a new interview.").format(
            date=interview.held_on)
    ahead = still_to_come(interview.held_on, interview.held_at, on)
    if action == "follow_up":
        if ahead:
            message = _("The interview is scheduled for {date}, still to come: its follow-up is recorded after it was "
                        "held.")
        elif command_line:
            message = _("The interview of {date} is not marked held yet: record it as held first (interviews held "
                        "{id}), then record its follow-up.")
        else:
            message = _("The interview of {date} is not marked held yet: tick Held in its editor (Edit…) before "
                        "recording its follow-up.")
    elif ahead:
        message = _("The interview is scheduled for {date}, still to come: it is escalated to a case only after it "
                    "was held and the rectification was not made.")
    elif command_line:
        message = _("The interview of {date} is not marked held yet: record it as held first (interviews held "
                    "{id}), then escalate it to a case.")
    else:
        message = _("The interview of {date} is not marked held yet: tick Held in its editor (Edit…) before "
                    "escalating it to a case.")
    return message.format(date=set_for(interview) if ahead else interview.held_on, id=interview.id)


def _not_interviewed(db: Database, interview: Interview, party_id: str) -> str:
    """The refusal of a party ``party_id`` that is not one of the interview's, naming the interview's parties."""
    return _("{party} was not interviewed here: give one of the interview's parties ({parties}).").format(
        party=party_id, parties="、".join(_party_keys(db, interview.party_ids)[1]) or "—")


class OwnResultsReplaced(WorkstationError):
    """A follow-up of every party of a joint interview refused because it would replace the other follow-up some
    parties have of their own (``replaced_own_results``: ``results``); recorded only with the officer's word
    (``record_follow_up(..., replace_own=True)``)."""

    def __init__(self, message: str, results: list[PartyResult]):
        super().__init__(message)
        self.results = results


def replaced_own_results(interview: Interview, on: str | None, result: str,
                         outcome: str | None = None) -> list[PartyResult]:
    """The parties of a joint ``interview`` whose own follow-up (recorded for that party alone, ``party_results``)
    a follow-up of every party made ``on`` finding ``result`` (``outcome``) would replace with another — another
    day, text or outcome —, each as ``party_result`` gives it, in the interview's order; [] for an interview of one
    party, and for parties without a follow-up of their own (they take the interview's)."""
    if len(interview.party_ids) < 2:
        return []
    try:
        day = parse_date(on) if on else None
    except ValueError:
        day = on
    new = (day, result.strip(), follow_up_outcome(result, outcome))
    found = []
    for party_id in interview.party_ids:
        own = interview.party_results.get(party_id) or {}
        if not str(own.get("follow_up_result") or "").strip():
            continue
        mine = party_result(interview, party_id)
        if (mine.follow_up_on, mine.follow_up_result.strip(),
                follow_up_outcome(mine.follow_up_result, mine.follow_up_outcome)) != new:
            found.append(mine)
    return found


def own_results_text(db: Database, results: list[PartyResult]) -> str:
    """The parties' own follow-ups ``results`` as a message lists them, one a line: the party, the day, what was
    found and its outcome (``follow_up_outcome``)."""
    lines = []
    for found in results:
        outcome = follow_up_outcome(found.follow_up_result, found.follow_up_outcome)
        lines.append(_("{party}: {date} {result} ({outcome})").format(
            party="、".join(_party_keys(db, [found.party_id])[1]) or found.party_id, date=found.follow_up_on or "—",
            result=found.follow_up_result.strip(), outcome=_(OUTCOME_LABELS[outcome]) if outcome else "—"))
    return "\n".join(lines)


def record_follow_up(db: Database, interview_id: str, on: str | None, result: str,
                     party_id: str | None = None, outcome: str | None = None, *,
                     loaded: Interview | None = None, replace_own: bool = False) -> Interview:
    """Record the follow-up of the rectification: when it was checked, what was found and its ``outcome`` as the
    officer chose it (``OUTCOMES``; None — a caller of before — leaves it to be read from the text, as before)
    (audited) — of every party, or with ``party_id`` of that party of a joint interview alone (the others keep
    theirs); refused while the interview is scheduled (``not_held_refusal``) and for a party not interviewed.
    Of every party, it is refused — ``OwnResultsReplaced``, naming them — when it would replace another follow-up
    some parties have of their own (``replaced_own_results``: one not rectified, awaiting its escalation, would
    silently become rectified), unless the officer confirmed it (``replace_own``). ``loaded``: the interview as the
    follow-up dialog opened it; WorkstationError, nothing written, when a follow-up was recorded since
    (``FOLLOW_UP_FIELDS`` no longer as loaded: another process's)."""
    with db.atomic():
        return _record_follow_up(db, interview_id, on, result, party_id, outcome, loaded, replace_own)


def _record_follow_up(db: Database, interview_id: str, on: str | None, result: str, party_id: str | None,
                      outcome: str | None, loaded: Interview | None, replace_own: bool = False) -> Interview:
    if loaded is not None and (refusal := changed_since(db, replace(loaded, id=interview_id),
                                                        FOLLOW_UP_FIELDS)) is not None:
        raise WorkstationError(refusal)
    interview = get_interview(db, interview_id)
    if refusal := not_held_refusal(interview, "follow_up"):
        raise WorkstationError(refusal)
    if party_id is not None and party_id not in interview.party_ids:
        raise WorkstationError(_not_interviewed(db, interview, party_id))
    errors = follow_up_errors(db, interview, on, result, outcome)
    if errors:
        raise ValidationError(errors)
    if party_id is not None and len(interview.party_ids) > 1:
        from workstation.store.parties import word_breaks  # Word's line and page breaks as line breaks

        updated = _with_party_result(interview, party_id, follow_up_on=parse_date(on),
                                     follow_up_result=word_breaks(result).strip(),
                                     follow_up_outcome=outcome)
        return save_interview(db, updated)
    # the whole interview's: each party's own follow-up gives way to it (their cases stay) — only with the
    # officer's word when one of them found otherwise
    if not replace_own and (replaced := replaced_own_results(interview, on, result, outcome)):
        raise OwnResultsReplaced(ngettext(
            "This follow-up of every party would replace the follow-up {parties} has of its own:\n{results}\n"
            "Nothing was recorded. Give the party this follow-up is about (--party), or confirm that it replaces "
            "theirs (--replace-own).",
            "This follow-up of every party would replace the follow-ups {parties} have of their own:\n{results}\n"
            "Nothing was recorded. Give the party this follow-up is about (--party), or confirm that it replaces "
            "theirs (--replace-own).", len(replaced)).format(
            parties="、".join(_party_keys(db, [r.party_id for r in replaced])[1]),
            results=own_results_text(db, replaced)), replaced)
    results = {p: {"case_id": v.get("case_id")} for p, v in interview.party_results.items()}
    return save_interview(db, replace(interview, follow_up_on=on, follow_up_result=result, party_results=results,
                                      follow_up_outcome=outcome))


def mark_held(db: Database, interview_id: str, summary: str | None = None, *,
              command_line: bool = False) -> Interview:
    """Record that a scheduled interview was held (已约谈), so that its 约谈记录 can be issued (audited), with the
    summary of the meeting (约谈情况摘要) when one is given, in place of any recorded before; a date still to come
    is refused — what to correct said as the window does it, or with ``command_line`` as the command
    (``interviews edit``). A voided one is refused as such before its date is judged. One recorded as not attended
    (``mark_absent``) does not keep the reason of the absence, its summary until then, as the meeting's summary:
    without a summary given it is left empty for the officer to write (the reason stays in the audit trail, the
    interview's state before; ``absence_reason_dropped`` says what the officer is told)."""
    interview = get_interview(db, interview_id)
    if interview.status == "void":
        raise WorkstationError(_("The interview was voided ({reason}): it is no longer changed.").format(
            reason=interview.void_reason or "—"))
    if (interview.held_on or "") > today():
        raise WorkstationError(_("The interview is dated {date}, still to come: it is recorded as held on that day "
                                 "or later; if it was held earlier, change its date first.").format(
            date=interview.held_on))
    if still_to_come(interview.held_on, interview.held_at):
        if command_line:
            raise WorkstationError(_("The interview is set for {when}, still to come: it is recorded as held once "
                                     "that time has come; if it was held earlier, correct its time first "
                                     "(interviews edit {id} --time HH:MM).").format(when=set_for(interview),
                                                                                    id=interview.id))
        raise WorkstationError(_("The interview is set for {when}, still to come: it is recorded as held once that "
                                 "time has come; if it was held earlier, correct its time in its editor (Edit…) "
                                 "first.").format(when=set_for(interview)))
    if late := notices_after(db, interview):  # summoned after the day: not the meeting its notice summoned to
        raise WorkstationError(held_before_notice_refusal(interview, late, command_line=command_line))
    held = replace(interview, status="held")
    if summary is None and interview.status == "absent":  # the absence reason is not what was said at the meeting
        summary = ""
    return save_interview(db, held if summary is None else replace(held, summary=summary))


def absence_reason_dropped(before: Interview, held: Interview, *, command_line: bool = False) -> str:
    """What the officer is told when an interview recorded as not attended (``before``) was marked held
    (``held``) without a summary of the meeting: the absence reason, its summary until then, was not kept as the
    meeting's, which is to be written — with ``command_line`` as the command says it; "" otherwise."""
    if before.status != "absent" or held.summary.strip() or not before.summary.strip():
        return ""
    if command_line:
        return _("the reason the party was recorded absent (“{reason}”) is not kept as the summary of the meeting: "
                 "write what was said at the interview with interviews edit {id} --summary TEXT before issuing its "
                 "minutes.").format(reason=before.summary.strip(), id=held.id)
    return _("The reason the party was recorded absent (“{reason}”) is not kept as the summary of the meeting: "
             "write what was said at the interview.").format(reason=before.summary.strip())


def absent_refusal(db: Database, interview: Interview, on: str | None = None, *,
                   command_line: bool = False) -> str | None:
    """Why ``interview`` cannot be recorded as not attended by its party on ``on`` (its day, or the day given;
    None when it can): voided, that day still to come, held with its 约谈记录 or 约谈纪要 issued and in force, or held
    with a follow-up or a summary of the meeting recorded — the reason of the absence would take the summary's place
    (the schema has no other) and a follow-up of an interview not attended would no longer count; one marked held
    by mistake, nothing recorded of it, may be; or not held and holding a follow-up all the same (stored so by a
    version before ``not_held_follow_up``), its fields named in words (跟进日期, 跟进结果), and the parties holding one
    of their own named (cleared in the editor with “Use the follow-up above for every party”). What to do is said
    as the window does it, or with ``command_line`` as the commands."""
    if interview.status == "void":
        return _("The interview was voided ({reason}): it is no longer changed.").format(
            reason=interview.void_reason or "—")
    day = on or interview.held_on
    if (day or "") > today() or (day == interview.held_on and still_to_come(interview.held_on, interview.held_at)):
        return _("The interview is set for {when}, still to come: that the party did not attend is recorded once "
                 "that time has come.").format(when=set_for(interview) if day == interview.held_on else day)
    records = [document_named(d) for d in issued_in_force(db, interview.id) if d.form_id in RECORDS_HELD]
    if records:
        return _("{documents} records the interview as held: void it first if the party did not attend.").format(
            documents=years_text(records))
    if interview.status == "scheduled" and (fields := _follow_up_kept(interview)):
        # a follow-up on an interview never held (stored by a version before ``not_held_follow_up``), named in words
        names = years_text(_(label) for label in fields)
        own = [p for p in own_follow_ups(interview) if party_result(interview, p).follow_up_result.strip()]
        if own:  # a party's own follow-up: the editor clears it with “Use the follow-up above for every party”
            parties = "、".join(_party_keys(db, own)[1]) or "、".join(own)
            if command_line:
                return ngettext(
                    "The interview was not held, yet a follow-up is recorded for it ({fields}); {parties} has one "
                    "of its own. A party that did not attend has no rectification to follow up. In the interview's "
                    "editor in the window (Edit… on the interviews page), click “Use the follow-up above for every "
                    "party” and clear the {fields}, then record the absence; or void the interview (interviews void "
                    "{id} --reason TEXT) and record the absence in a new one.",
                    "The interview was not held, yet a follow-up is recorded for it ({fields}); {parties} have "
                    "follow-ups of their own. A party that did not attend has no rectification to follow up. In the "
                    "interview's editor in the window (Edit… on the interviews page), click “Use the follow-up above "
                    "for every party” and clear the {fields}, then record the absence; or void the interview "
                    "(interviews void {id} --reason TEXT) and record the absence in a new one.",
                    len(own)).format(fields=names, parties=parties, id=interview.id)
            return ngettext(
                "The interview was not held, yet a follow-up is recorded for it ({fields}); {parties} has one of its "
                "own. A party that did not attend has no rectification to follow up. In its editor (Edit…), click "
                "“Use the follow-up above for every party” and clear the {fields}, then record the absence.",
                "The interview was not held, yet a follow-up is recorded for it ({fields}); {parties} have follow-ups "
                "of their own. A party that did not attend has no rectification to follow up. In its editor (Edit…), "
                "click “Use the follow-up above for every party” and clear the {fields}, then record the absence.",
                len(own)).format(fields=names, parties=parties)
        if command_line:
            return _("The interview was not held, yet a follow-up is recorded for it ({fields}): a party that did not "
                     "attend has no rectification to follow up. Clear the {fields} in the interview's editor in the "
                     "window (Edit… on the interviews page), then record the absence; or void the interview "
                     "(interviews void {id} --reason TEXT) and record the absence in a new one.").format(
                fields=names, id=interview.id)
        return _("The interview was not held, yet a follow-up is recorded for it ({fields}): a party that did not "
                 "attend has no rectification to follow up. Clear the {fields} in its editor (Edit…), then record "
                 "the absence.").format(fields=names)
    if interview.status != "held":
        return None
    if interview.follow_up_on or interview.follow_up_result.strip() or any(
            r.follow_up_on or r.follow_up_result.strip() for r in party_results(interview)):
        if command_line:
            return _("The interview is recorded as held and its rectification was followed up: it is not recorded "
                     "as not attended. If the party did not attend after all, void it (interviews void {id} "
                     "--reason TEXT) and record the absence in a new interview (interviews add, then interviews "
                     "absent).").format(id=interview.id)
        return _("The interview is recorded as held and its rectification was followed up: it is not recorded as "
                 "not attended. If the party did not attend after all, void it and record the absence in a new "
                 "interview.")
    if interview.summary.strip():
        if command_line:
            return _("The interview is recorded as held, with a summary of the meeting, which the reason of the "
                     "absence would replace. If the party did not attend after all, clear the summary first "
                     "(interviews edit {id} --summary \"\").").format(id=interview.id)
        return _("The interview is recorded as held, with a summary of the meeting, which the reason of the absence "
                 "would replace. If the party did not attend after all, clear the summary in its editor (Edit…) "
                 "first.")
    return None


def _follow_up_kept(interview: Interview) -> list[str]:
    """The labels of the follow-up fields ``interview`` holds a result in (its own, or a party's of its own), as
    its editor names them — Follow-up on (跟进日期), Follow-up result (跟进结果) —; [] without a follow-up result (a
    planned date alone is cleared with the absence: ``absence_cleared``)."""
    found = [interview, *party_results(interview)]
    if not any(f.follow_up_result.strip() for f in found):
        return []
    dated = any(f.follow_up_on for f in found if f.follow_up_result.strip())
    return [label for label, held in ((N_("Follow-up on"), dated), (N_("Follow-up result"), True)) if held]


def mark_absent(db: Database, interview_id: str, reason: str, on: str | None = None, *,
                command_line: bool = False) -> Interview:
    """Record that the party summoned did not attend the interview (当事人未到场, audited): on its day, or on ``on``
    (the day the party was summoned for, which becomes the interview's date), with the reason (why it is known, what
    the party said), kept as the interview's summary. It counts in the statistics as an interview the party did not
    attend, may be escalated to a case (the summons ignored), and gets no 约谈记录. Refused without a reason and as
    ``absent_refusal`` says (with ``command_line``, naming the commands to give)."""
    interview = get_interview(db, interview_id)
    if not reason.strip():
        raise ValidationError({"reason": _("Say how the party's absence is known, e.g. not attended after the "
                                           "notice was served.")})
    try:
        day = parse_date(on) if on else interview.held_on
    except ValueError as exc:
        raise ValidationError({"held_on": str(exc)}) from None
    if refusal := absent_refusal(db, interview, day, command_line=command_line):
        raise WorkstationError(refusal)
    # nothing was committed at a meeting that did not take place: no deadline, no follow-up planned
    cleared = absence_cleared(interview)
    return save_interview(db, replace(interview, status="absent", held_on=day, summary=reason.strip(),
                                      **{field: "" if field == "commitments" else None for field in cleared}))


def absence_cleared(interview: Interview) -> list[str]:
    """The fields ``mark_absent`` clears in ``interview``, as it holds them: its commitments, rectification deadline
    and planned follow-up date (one with its result is refused first: ``absent_refusal``) — an interview its party
    did not attend holds none of them (``absent_errors``)."""
    return [field for field in ("commitments", "rectification_due", "follow_up_on")
            if (getattr(interview, field) or "").strip()
            and not (field == "follow_up_on" and interview.follow_up_result.strip())]


def absence_cleared_note(interview: Interview) -> str:
    """What the officer is told when recording ``interview`` (as it was before) as not attended clears what it held
    (``absence_cleared``), naming it; "" when nothing is."""
    cleared = absence_cleared(interview)
    if not cleared:
        return ""
    labels = {"commitments": PRINTED_LABELS["commitments"], "rectification_due": PRINTED_LABELS["rectification_due"],
              "follow_up_on": N_("Follow-up on")}
    return _("The party made no commitment at an interview it did not attend: the {fields} recorded before were "
             "cleared.").format(fields=years_text(_(labels[f]) for f in cleared))


def notice_printed(notice) -> str:
    """When the issued 约谈通知书 ``notice`` summoned its party to, as a message names it: its 约谈日期 with its
    约谈时刻 as HH:MM (2026-12-09 10:00), as the register's own day and time are named."""
    day, at = _printed_when(notice)
    return f"{day} {at}" if at else day


def _printed_when(notice) -> tuple[str, str | None]:
    """(ISO day, HH:MM or None) the 约谈通知书 ``notice`` printed: its 约谈日期 and 约谈时刻 as issued."""
    day = str(notice.values.get("interview_on") or "")[:10]
    try:
        read = parse_time_of_day(notice.values.get("interview_time"))
    except ValueError:
        read = None
    return day, read[1] if read else None


def notice_summons_elsewhere(interview, notice) -> str | None:
    """The day and time (``notice_printed``) the issued 约谈通知书 ``notice`` summons its party to when that is not
    ``interview`` as it is set now (moved since it was issued: ``notice_summons_to``); None for one that summons to it,
    for a notice voided or corrected, for another document and for a voided interview. ``interview`` and ``notice``
    need only what is read (held_on, held_at, status; form_id, status, values). The one judgement of the window's
    register, `interviews list` and `docs register` (``stale_notice_mark``)."""
    if notice.form_id != "interview_notice" or notice.status != "issued" or interview.status == "void":
        return None
    return None if notice_summons_to(interview, notice) else notice_printed(notice)


def stale_notice_mark(interview, notice) -> str:
    """What is written after the issued 约谈通知书 ``notice`` in a list when it summons its party to another day or
    time than ``interview`` is set for (``notice_summons_elsewhere``); "" otherwise."""
    printed = notice_summons_elsewhere(interview, notice)
    return _(" (summons to {printed}, not to the interview as set)").format(printed=printed) if printed else ""


def notice_summons_to(interview: Interview, notice, on: str | None = None) -> bool:
    """Whether the issued 约谈通知书 ``notice`` summons its party to ``interview`` as it is set now: it printed the
    interview's day (``on``: the day the party is recorded absent for, when given) and its time of day — a notice
    issued before the interview was moved (``save_interview(..., despite_issued=True)``) summoned the party to
    another meeting, which it may have attended."""
    day, at = _printed_when(notice)
    if day != (on or interview.held_on or "")[:10]:
        return False
    return not (at and interview.held_at) or at == interview.held_at


def receipt_notice(documents: list, receipt):
    """The 约谈通知书 among ``documents`` (the interview's issued documents, voided ones too) that the 送达回证
    ``receipt`` proves served: the one its 送达文书名称及文号 names by its 文号 (however typed), else the latest notice
    to its party issued before it; None when it names none of them."""
    from workstation.documents.stage_rules import names_number, served_numbers

    notices = [d for d in documents if d.form_id == "interview_notice"]
    named = served_numbers(receipt.values.get("served_document"))
    by_number = [d for d in notices if any(names_number(d.number, n) for n in named)]
    if by_number:
        return by_number[-1]
    party = receipt.values.get("party_name")
    earlier = [d for d in notices if d.values.get("party_name") == party and d.issued_at <= receipt.issued_at]
    return earlier[-1] if earlier else None


def receipts_of_notice(db: Database, notice) -> list:
    """The 送达回证 in force of the interview of the 约谈通知书 ``notice`` that prove it served (``receipt_notice``),
    oldest first; [] for another document."""
    from workstation.documents.interview_documents import interview_documents

    if notice.form_id != "interview_notice" or not getattr(notice, "interview_id", None):
        return []
    documents = interview_documents(db, notice.interview_id)
    return [d for d in documents if d.form_id == "interview_delivery_receipt" and d.status == "issued"
            and (found := receipt_notice(documents, d)) is not None and found.id == notice.id]


def notice_receipts_standing(db: Database, notice, *, command_line: bool = False) -> list[str]:
    """What voiding the 约谈通知书 ``notice`` leaves standing, as a sentence for the officer's confirmation
    (``issuing.void_consequences``, said before the void, in the window and on the command line: an interview's
    counterpart of ``stage_rules.standing_receipts``, which reads a case's documents): its 送达回证 in force, which
    record the service of a notice then void — to be voided too, with the reason, if that service is not to stand
    (with ``command_line``, the commands doing it: ``void_commands``); a receipt of a void notice no longer blocks
    the receipt of the notice issued again (``interview_documents.issued_twice_refusal``). [] when it has none."""
    receipts = receipts_of_notice(db, notice)
    if not receipts:
        return []
    how = void_commands(receipts) if command_line else _("Void… in its documents, saying why")
    return [_("{receipts} recording that the notice was served stays in force: void it too if that service is not "
              "to stand ({how}).").format(receipts=years_text(document_named(d) for d in receipts), how=how)]


def standing_summons(db: Database, interview: Interview, on: str | None = None, documents: list | None = None) -> list:
    """The issued documents in force that summon the party to ``interview`` as it is set now (on ``on``, when
    given): each 约谈通知书 printing its day and time (``notice_summons_to``) and each 送达回证 of such a notice
    itself in force (``receipt_notice``) — not one of a notice voided, or printing the day before it was moved.
    ``documents``: the interview's documents (``interview_documents``) when the caller has them already."""
    from workstation.documents.interview_documents import interview_documents

    if documents is None:
        documents = interview_documents(db, interview.id)
    standing = []
    for document in documents:
        if document.status != "issued" or document.form_id not in SUMMONS:
            continue
        notice = document if document.form_id == "interview_notice" else receipt_notice(documents, document)
        if notice is not None and notice.status == "issued" and notice_summons_to(interview, notice, on):
            standing.append(document)
    return standing


def absent_without_notice(db: Database, interview: Interview, on: str | None = None) -> str | None:
    """What the officer is asked to confirm before recording that the party did not attend ``interview`` (on ``on``,
    the day given for it, when given) while no 约谈通知书 nor 送达回证 summoning it to that day and time is on record
    (issued and in force, ``standing_summons``): a party never summoned is not absent, nor one summoned to another
    day — a notice issued before the interview was moved —, unless the notice was served on paper outside the
    workstation; None when one is on record."""
    from workstation.documents.interview_documents import interview_documents

    documents = interview_documents(db, interview.id)
    if standing_summons(db, interview, on, documents):
        return None
    day = on or interview.held_on
    stale = [d for d in documents if d.status == "issued" and d.form_id == "interview_notice"]
    if stale:
        return _("{notice} summoned the party to the interview of {printed}, not to that of {date} as it is set now: "
                 "the party was not summoned to it and did not fail to attend. Record its absence only if it was "
                 "summoned to {date} otherwise (on paper, by telephone), and say so in the reason.").format(
            notice=document_named(stale[-1]), printed=notice_printed(stale[-1]),
            date=_set_at(interview, day))
    return _("No 约谈通知书 or 送达回证 of the interview of {date} is on record: a party that was not summoned did not "
             "fail to attend. Record its absence only if the notice was served otherwise (on paper, by telephone), "
             "and say so in the reason.").format(date=day)


def stale_notice_refusal(db: Database, interview: Interview, form_id: str, party_id: str | None = None) -> str | None:
    """Why the 送达回证 (``form_id``) of ``interview`` cannot be issued to ``party_id`` (default: each of its parties;
    None when it can, or for another form): the 约谈通知书 in force it would prove served (the latest issued to that
    party) printed another day or time than the interview's (it was moved after the notice was issued) — a receipt
    of it would prove a summons to a meeting that is not this one. Named, with what to do: a new notice."""
    if form_id != "interview_delivery_receipt":
        return None
    from workstation.store.parties import get_party

    notices = [d for d in issued_in_force(db, interview.id) if d.form_id == "interview_notice"]
    for party in ([party_id] if party_id else interview.party_ids):
        name = get_party(db, party).name
        own = [d for d in notices if len(interview.party_ids) == 1 or d.values.get("party_name") == name]
        if own and not notice_summons_to(interview, own[-1]):
            return _("{notice} summoned {party} to the interview of {printed}, and the interview is set for {date} "
                     "now: a 送达回证 of it would prove a summons to another meeting. Void that notice (with the "
                     "reason), issue a new 约谈通知书 with the interview's day and time, then its 送达回证.").format(
                notice=document_named(own[-1]), party=name, printed=notice_printed(own[-1]),
                date=_set_at(interview, interview.held_on))
    return None


# what a follow-up result says when the rectification was not made (未整改, 逾期未整改, 拒不整改, 整改不到位, 仍在发送 …);
# not the bureau's own watch that goes on (我局仍在持续跟踪, 仍有待观察: said of a rectification made, too)
NOT_RECTIFIED = re.compile(r"(未|没有?|拒不|拒绝|尚未|仍未)[^，。；,;]{0,6}(整改|改正|纠正)|整改[^，。；,;]{0,4}(不到位|未到位|未完成|"
                           r"不彻底)|逾期未|仍(然|在|有|存在)(?!待|(持续|继续)?(跟踪|跟进|核查|核实|观察|监督|关注|回访|监测))|"
                           r"not rectified", re.IGNORECASE)

#: the outcomes of a follow-up the officer chooses among (m054): the text only suggests one (``suggested_outcome``)
OUTCOMES = ("rectified", "not_rectified", "unverified")
OUTCOME_LABELS = {"rectified": N_("Rectified"), "not_rectified": N_("Not rectified"),
                  "unverified": N_("Not verified")}
# what else tells of a rectification not made, beyond ``NOT_RECTIFIED``: the violation going on (继续发送), the
# rectification or its report not made (整改未落实, 未提交书面报告), a party refusing or not coming (拒不配合, 未参加约谈)
_NOT_DONE = re.compile(r"继续(发送|拨打|实施|违法|从事|推送|外呼)|未(落实|提交|报送|停止|参加|到场|整改)|没有?(提交|报送|停止)|"
                       r"拒不|拒绝(整改|改正|纠正|配合|停止)|仍未|届满未")
# what denies that the violation goes on (未发现继续发送, 未再外呼, 不再发送) — not the rectification itself (未发现整改)
# — or tells of another refusing the bureau's call (投诉人拒绝接受回访): taken out of the text before it is read, so that
# its 未, 继续 or 拒绝 say nothing of a rectification not made
_DENIED = re.compile(r"(未发现|没有发现|没发现|未见|未再|没有再|没再|不再)(?![^，。；,;]{0,8}(整改|改正|纠正|落实))"
                     r"[^，。；,;]{0,16}|(投诉人|举报人|用户|消费者|群众)[^，。；,;]{0,6}(拒绝|不愿|不同意|不接受)[^，。；,;]{0,10}")
# what says nothing could be checked: nobody answered, the party could not be reached, nothing verified yet
_UNVERIFIED = re.compile(r"(未能|无法|不能|尚未|未)(核实|核查|联系|确认|复查)|无人接听|联系不上|失联|待核实|"
                         r"not verified|unverified", re.IGNORECASE)
# what says the rectification was made (已整改, 已按要求整改, 整改完毕, 已报送整改情况 …): a few words between 已 and
# 整改 (已按要求, 已全面), none of negation (未, 没有, 尚未, 不) nor the bureau's demand (已要求其整改, 已责令整改: asked, not
# made; 按要求 is the party's) — taken only without any word of negation or doubt in the whole text either (``_DOUBT``)
_DONE = re.compile(r"已(?:(?!责令|督促|催促|通知|提醒|告知|要求)[^，。；,;未没尚不无拒]|(?<=[按照])要求){0,6}?"
                   r"(整改|改正|纠正|停止)|整改(完毕|完成|到位|已完成|已落实)|完成(了)?整改|"
                   r"已(书面)?报送[^，。；,;]{0,12}整改|^rectified", re.IGNORECASE)
_DOUBT = re.compile(r"[未没不拒仍无否尚待疑]|继续|失败|逾期|\bnot\b|\bno\b", re.IGNORECASE)


def suggested_outcome(result: str) -> str | None:
    """The outcome (``OUTCOMES``) a follow-up's text suggests: ``not_rectified`` when it tells of a rectification
    not made (``NOT_RECTIFIED``, 继续发送, 整改未落实, 未提交报告, 拒不配合 …), ``unverified`` when nothing could be
    checked (无人接听, 未能核实 …), ``rectified`` only when it clearly says so (已整改, 整改完毕, 已报送整改情况 …)
    with no word of negation or doubt; None when it says none of these clearly. What denies the violation goes on
    (未发现继续发送, 不再外呼) or tells of the complainant refusing a call (投诉人拒绝接受回访) is no such word
    (``_DENIED``). A suggestion only: the window pre-selects it and the officer chooses; a follow-up stored without
    an outcome is not read by it (``follow_up_outcome``)."""
    text = _DENIED.sub("", (result or "").strip())  # 未发现继续发送 …: no word of a rectification not made
    if not (result or "").strip():
        return None
    if NOT_RECTIFIED.search(text) or _NOT_DONE.search(text):
        return "not_rectified"
    if _UNVERIFIED.search(text):
        return "unverified"
    if _DONE.search(text) and not _DOUBT.search(text):
        return "rectified"
    return None


def follow_up_outcome(result: str, outcome: str | None) -> str | None:
    """The outcome of a follow-up recorded (None when none was): the one the officer chose (m054), else — a
    follow-up recorded before the outcome was chosen — read from its text exactly as it was then, so that the
    figures reported before do not move: not rectified as ``NOT_RECTIFIED`` finds it, else rectified (never by
    ``suggested_outcome``, which reads more)."""
    if not (result or "").strip():
        return None
    if outcome in OUTCOMES:
        return outcome
    return "not_rectified" if NOT_RECTIFIED.search(result) else "rectified"


class RectifiedFollowUp(WorkstationError):
    """An escalation refused because the follow-up of the party tells of a rectification (``rectified_follow_up``):
    the officer may confirm that it was not made after all."""


def rectified_follow_up(interview: Interview, party_id: str | None = None) -> str | None:
    """Why escalating ``interview`` (with ``party_id``, that party of it: ``party_result``) needs the officer's
    word that the rectification was not made: its follow-up was recorded as rectified (``follow_up_outcome``: the
    officer's choice, or for one recorded before it, a text reading 已报送整改情况); None when no follow-up was
    recorded, or it was recorded as not rectified or not verified."""
    on, result, outcome = interview.follow_up_on, interview.follow_up_result, interview.follow_up_outcome
    if party_id is not None and party_id in interview.party_ids:
        found = party_result(interview, party_id)
        on, result, outcome = found.follow_up_on, found.follow_up_result, found.follow_up_outcome
    result = result.strip()
    if follow_up_outcome(result, outcome) != "rectified":  # the officer's choice; one of before read from its text
        return None
    return _("The follow-up of {date} found: “{result}”. An interview is escalated to a case when the rectification "
             "was not made.").format(date=on or "", result=result.rstrip("。．.；;，, "))  # not “…。”。


def interview_party(db: Database, interview: Interview, reference: str) -> str:
    """The id of the interview's party ``reference`` names: its id, credit code, ID number or (part of) its name,
    found in exactly one of the interview's parties (one named whole — its id, code or exact name — before one whose
    name holds it); WorkstationError naming them otherwise, ``NotInterviewed`` when it names none of them. Read as
    `interviews add --party` reads it (``party_named``: a code with spaces or full-width characters, （） and ()
    alike), a part of a name compared as ``party_name_key`` compares names."""
    from workstation.store.parties import party_name_key, party_named

    given = reference.strip()
    named = party_named(db, given) if given else None
    if named is not None and named.id in interview.party_ids:
        return named.id
    key = party_name_key(given)
    found, exact = [], []
    for party_id in interview.party_ids:
        row = db.execute("SELECT name, uscc, id_number FROM parties WHERE id = ?", [party_id]).fetchone()
        keys = ((party_name_key(row[0] or ""), (row[1] or "").upper(), (row[2] or "").upper()) if row is not None
                else ("", "", ""))
        whole = bool(key) and (given == party_id or key == keys[0] or given.upper() in keys[1:])
        if whole or (key and key in keys[0]):
            found.append(party_id)
        if whole:
            exact.append(party_id)
    if len(exact or found) == 1:
        return (exact or found)[0]
    if found:
        raise WorkstationError(_("{party} names several of the interview's parties ({parties}): give more of the "
                                 "name, or the credit code.").format(
            party=given, parties="、".join(_party_keys(db, found)[1])))
    raise NotInterviewed(_not_interviewed(db, interview, given))


class NotInterviewed(WorkstationError):
    """``interview_party``'s refusal of a reference naming none of the interview's parties (a caller may say it in
    its own words: `interviews issue --party`)."""


def escalated_parties(db: Database, interview: Interview, case_id: str) -> list[str]:
    """The interview's parties the case ``case_id`` is against (by record, credit code, ID number or name)."""
    case_parties = [r[0] for r in db.execute("SELECT party_id FROM case_parties WHERE case_id = ?", [case_id])]
    case_keys = _party_keys(db, case_parties)[0]
    chosen = []
    for party_id in interview.party_ids:
        row = db.execute("SELECT name, uscc, id_number FROM parties WHERE id = ?", [party_id]).fetchone()
        if _keys_of(party_id, tuple(row) if row is not None else None) & case_keys:
            chosen.append(party_id)
    return chosen


def _party_keys(db: Database, party_ids: list[str]) -> tuple[set[str], list[str]]:
    """The ids, credit codes, ID numbers and names of ``party_ids`` (the same business entered twice is found
    by any of them), and their names in order."""
    keys: set[str] = set()
    names: list[str] = []
    for party_id in party_ids:
        row = db.execute("SELECT name, uscc, id_number FROM parties WHERE id = ?", [party_id]).fetchone()
        keys |= _keys_of(party_id, row)
        if row is not None:
            names.append(row[0])
    return keys, names


def _keys_of(party_id: str, row: tuple | None) -> set[str]:
    """The keys (``_party_keys``) of the party ``party_id`` whose (name, uscc, id_number) is ``row`` (None: the
    party is not stored)."""
    keys = {"id:" + party_id}
    if row is not None:
        keys.update(key for key in ("name:" + row[0].strip(), "uscc:" + row[1].strip().upper(),
                                    "idn:" + row[2].strip().upper()) if not key.endswith(":"))
    return keys


def foreign_case_refusal(db: Database, interview: Interview, case_id: str) -> str | None:
    """Why the case ``case_id`` is not one the interview may be escalated to: none of its parties is one of the
    interview's parties (by record, credit code, ID number or name), naming both; None when one is."""
    case_parties = [r[0] for r in db.execute("SELECT party_id FROM case_parties WHERE case_id = ? ORDER BY position",
                                             [case_id])]
    case_keys, case_names = _party_keys(db, case_parties)
    interview_keys, interview_names = _party_keys(db, interview.party_ids)
    if case_keys & interview_keys:
        return None
    number = db.execute("SELECT case_number, party_names, cause FROM cases WHERE id = ?", [case_id]).fetchone()
    return _("Case {number} is against {case_parties}, none of whom was interviewed here ({parties}): escalate the "
             "interview to a case against one of its parties.").format(
        number=case_named(*number) if number else case_id, case_parties="、".join(case_names) or "—",
        parties="、".join(interview_names) or "—")


class SeveralCases(WorkstationError):
    """What the officer gave for the case to escalate an interview to names several cases (``case_ids``, in the
    order they were entered): the message names each with its id, to give instead."""

    def __init__(self, message: str, case_ids: list[str]):
        super().__init__(message)
        self.case_ids = case_ids


# how a case not filed is named where its number would be: 未立案 (the case list), 未立案：当事人 or
# （未立案：当事人，案由）/ (not filed: party, cause) copied from a message (case_reference.case_named)
_UNFILED_NAMED = re.compile(r"^[(（]?\s*(?:未立案|not filed)\s*[：:·,，]?\s*(?P<rest>.*?)\s*[)）]?$", re.IGNORECASE)


# how many of the cases a text names the refusal lists (the officer picks among all of them in the window)
CASES_LISTED = 10


def _matches(text: str, party_names: str, cause: str) -> bool:
    """Whether ``text`` is part of the party names, the cause, or the two as a message joins them (masked too:
    a name holding a phone number is shown masked, and may be copied so)."""
    if not text:
        return True
    shown = [party_names, cause]
    if "*" in text:
        shown = [mask_text(party_names), cause]
    return any(text in joined for joined in (*shown, "，".join(shown), ", ".join(shown)))


def escalation_case(db: Database, interview: Interview, reference: str) -> str:
    """The id of the case the officer names, to escalate ``interview`` to: by its id or case number
    (``store.cases.find_case``), or — a case not filed (待立案) has no number — by its party's name or as the case
    list and messages name it (未立案, 未立案：当事人, （未立案：当事人，案由）). Of the cases the text matches, those
    against one of the interview's parties are taken when there are any. NotFound says what to give when none
    matches, ``SeveralCases`` names each (with its id) when several do."""
    from workstation.case_reference import FILED_NUMBER_SQL, filed_number
    from workstation.store.cases import find_case
    from workstation.vocabulary import shown_label

    given = reference.strip()
    if not given:
        raise NotFound(_("Give the case number or id of the case, or the party's name of a case not filed."))
    try:
        return find_case(db, given).id
    except NotFound:
        pass
    named = _UNFILED_NAMED.match(given)
    unfiled_only, text = (True, named["rest"]) if named else (False, given)
    # filtered in SQL (未立案 alone names every case not filed): a text with * is matched against the masked names,
    # which only Python knows, among the cases the rest of the filter keeps
    clauses, params = [], []
    if unfiled_only:
        clauses.append(f"{FILED_NUMBER_SQL} = ''")
    if "*" not in text:
        haystacks = (["party_names", "cause", "party_names || '，' || cause", "party_names || ', ' || cause"]
                     if unfiled_only else ["party_names"])
        clauses.append("(" + " OR ".join(f"instr({h}, ?) > 0" for h in haystacks) + ")")
        params += [text] * len(haystacks)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    found = [(case_id, number, party_names, cause, status) for case_id, number, party_names, cause, status in
             db.execute(f"SELECT id, case_number, party_names, cause, status FROM cases{where} ORDER BY rowid",
                        params)
             if not (unfiled_only and filed_number(number))
             and (_matches(text, party_names, cause) if unfiled_only else text in party_names
                  or ("*" in text and text in mask_text(party_names)))]
    # those against one of the interview's parties (as ``foreign_case_refusal`` tells), read in one query
    interview_keys, _names = _party_keys(db, interview.party_ids)
    ours_ids = {case_id for case_id, party_id, *row in db.execute(
        "SELECT cp.case_id, cp.party_id, p.name, p.uscc, p.id_number FROM case_parties cp "
        "LEFT JOIN parties p ON p.id = cp.party_id WHERE cp.case_id IN (SELECT value FROM json_each(?))",
        [json.dumps([r[0] for r in found])])
        if _keys_of(party_id, tuple(row) if row[0] is not None else None) & interview_keys}
    found = [row for row in found if row[0] in ours_ids] or found
    if not found:
        raise NotFound(_("No case {ref}: give the case number or id of the case, or for a case not filed (未立案) "
                         "its party's name.").format(ref=given))
    if len(found) > 1:
        cases = _("; ").join(_("{case}, {status}, id {id}").format(
            case=case_named(number, party_names, cause), status=shown_label("statuses", status), id=case_id)
            for case_id, number, party_names, cause, status in found[:CASES_LISTED])
        if len(found) > CASES_LISTED:
            cases = _("{cases}; {more} more not listed").format(cases=cases, more=len(found) - CASES_LISTED)
        raise SeveralCases(_("{ref} names {count} cases: {cases}. Give the id of the one the interview is "
                             "escalated to.").format(ref=given, count=len(found), cases=cases),
                           [row[0] for row in found])
    return found[0][0]


def other_party_case(db: Database, interview: Interview, case_id: str, party_id: str) -> str | None:
    """Why the case ``case_id`` the officer named is not the one to escalate the party ``party_id`` of a joint
    interview to: it is not against that party (but against another of the interview's, or none); None when it
    is, and for a case against none of the parties (``foreign_case_refusal`` names both sides)."""
    parties = escalated_parties(db, interview, case_id)
    if not parties or party_id in parties:
        return None
    number = db.execute("SELECT case_number, party_names, cause FROM cases WHERE id = ?", [case_id]).fetchone()
    return _("Case {number} is against {case_parties}, not against {party}, chosen to be escalated: name that "
             "party's case, or leave the case number empty to open one.").format(
        number=case_named(*number) if number else case_id, case_parties="、".join(_party_keys(db, parties)[1]),
        party="、".join(_party_keys(db, [party_id])[1]) or party_id)


def escalate_to_case(db: Database, interview_id: str, case_id: str, *, not_rectified: bool = False) -> Interview:
    """Link the interview's parties the case is against (``escalated_parties``: of a joint interview, only those)
    to the case opened because they did not rectify (audited); the other parties keep their own follow-up.
    Refused while the interview is scheduled (``not_held_refusal``), for a case against none of its parties
    (``foreign_case_refusal``), for a party escalated to another case already, and, unless the officer confirms
    it was ``not_rectified``, when the party's follow-up tells of a rectification (``RectifiedFollowUp``)."""
    interview = get_interview(db, interview_id)
    if refusal := not_held_refusal(interview, "escalate"):
        raise WorkstationError(refusal)
    number = db.execute("SELECT case_number FROM cases WHERE id = ?", [case_id]).fetchone()
    if number is None:
        raise NotFound(_("No case {ref}: give a case id or case number.").format(ref=case_id))
    if refusal := foreign_case_refusal(db, interview, case_id) or earlier_case_refusal(db, interview, case_id):
        raise WorkstationError(refusal)
    parties = escalated_parties(db, interview, case_id)
    moved: dict[str, str] = {}  # party: the case declined it is moved from
    for party_id in parties:
        linked_id = party_result(interview, party_id).case_id
        if linked_id and linked_id != case_id:
            if linked_id in declined_escalations(db, [linked_id]):  # that escalation ended: moved, audited
                moved[party_id] = linked_id
                continue
            linked = db.execute("SELECT case_number, party_names, cause FROM cases WHERE id = ?",
                                [linked_id]).fetchone()
            raise WorkstationError(_(
                "{party} of this interview was already escalated to case {number}, which stands. An interview is "
                "escalated to one case: go on with that one; if it was opened by mistake, decline its filing "
                "(不予立案), and the interview may then be escalated to {other}.").format(
                party="、".join(_party_keys(db, [party_id])[1]) or party_id,
                number=case_named(*linked) if linked else linked_id,
                other=case_named(*db.execute("SELECT case_number, party_names, cause FROM cases WHERE id = ?",
                                             [case_id]).fetchone())))
    if not not_rectified:
        for party_id in parties:
            if refusal := rectified_follow_up(interview, party_id):
                raise RectifiedFollowUp(refusal)
    updated = interview
    for party_id in parties:
        updated = _with_party_result(updated, party_id, case_id=case_id)
    whole = interview.case_id if interview.case_id and interview.case_id not in moved.values() else None
    with db.atomic():
        saved = save_interview(db, replace(updated, case_id=whole or case_id))
        _link_lead(db, interview, case_id, parties)
        if moved:  # the escalation to a case whose filing was declined, moved to this one: kept apart in the trail
            from workstation import audit as audit_trail

            audit_trail.append(db, "re_escalate", "interview", interview.id, None,
                               {"from_cases": sorted(set(moved.values())), "to_case": case_id,
                                "parties": sorted(moved)})
    return saved


def declined_escalations(db: Database, case_ids: Iterable[str | None]) -> set[str]:
    """The ids among ``case_ids`` of the cases whose filing was declined (不予立案): an escalation to one has ended — never investigated, it counts in the statistics as no escalation
    (``stats.cases_not_declined``) — and the interview is awaited again, overdue once its deadline passed, and may be
    escalated to another case (``escalate_to_case``)."""
    from workstation.stats import cases_not_declined

    ids = {c for c in case_ids if c}
    return ids - cases_not_declined(db, ids) if ids else set()


def escalations_in_force(db: Database, results: list[PartyResult]) -> list[PartyResult]:
    """``results`` (``party_results``) with the escalation to a case whose filing was declined taken off
    (``declined_escalations``: it has ended; the party is awaited again and may be escalated to another case)."""
    declined = declined_escalations(db, [r.case_id for r in results])
    return [replace(r, case_id=None) if r.case_id in declined else r for r in results] if declined else results


def _link_lead(db: Database, interview: Interview, case_id: str, parties: list[str]) -> None:
    """Link the lead ``interview`` was held because of to the case ``case_id`` its ``parties`` were escalated to, as
    a case opened on a lead is linked to it (``leads_workflow.file_case_from_lead``: ``leads.case_id``, audited), so
    that the lead is shown 立案中 — no longer undecided, its own T1 overdue — and is decided with the case's filing
    (``settle_lead``). Only a lead still open and linked to no case, to a case not filed yet and with no lead of its
    own, and — a lead registered against one party — when that party is among those escalated; never a lead of
    another agency than the case's (``foreign_lead_refusal``)."""
    from workstation.leads_workflow import OPEN_STATUSES, _update

    row = fetch_dict(db, "SELECT * FROM leads WHERE id = ?", [interview.lead_id]) if interview.lead_id else None
    if row is None or row["status"] not in OPEN_STATUSES or row["case_id"]:
        return
    if row.get("target_party_id") in interview.party_ids and row["target_party_id"] not in parties:
        return
    case = db.execute("SELECT status, agency_id FROM cases WHERE id = ?", [case_id]).fetchone()
    if case is None or case[0] != "pending_filing" or db.execute(
            "SELECT 1 FROM leads WHERE case_id = ?", [case_id]).fetchone() is not None:
        return
    # never another agency's lead (one linked by a version before ``foreign_lead_refusal``): it is that agency's
    if foreign_lead_refusal(db, case[1], from_row(Lead, row)):
        return
    _update(db, row["id"], {"case_id": case_id}, "open_case")  # decided once the case is filed (settle_lead)


def earlier_case_refusal(db: Database, interview: Interview, case_id: str) -> str | None:
    """Why ``interview`` cannot be escalated to the case ``case_id`` (None when it can): the case was filed before
    the interview was held — escalating names the case opened because the rectification the interview asked for
    was not made, which comes after it; a case already open against the party is no escalation of the interview."""
    row = db.execute("SELECT case_number, party_names, cause, filed_on FROM cases WHERE id = ?", [case_id]).fetchone()
    if row is None or not row[3] or not interview.held_on or row[3][:10] >= interview.held_on[:10]:
        return None
    return _("Case {case} was filed on {filed}, before the interview of {held}: an interview is escalated to the case "
             "opened because the rectification it asked for was not made, which comes after it. Choose that case, "
             "or file one.").format(case=case_named(*row[:3]), filed=row[3][:10], held=interview.held_on[:10])


def kept_drafts(db: Database, form_id: str, interview_id: str) -> list[Draft]:
    """The drafts of ``form_id`` kept (saved) for the interview, the latest first: a document written for each
    party (a notice, the record of a joint interview) may have one kept for each."""
    ids = [r[0] for r in db.execute("SELECT id FROM drafts WHERE form_id = ? AND interview_id = ? AND status = 'saved' "
                                    "ORDER BY saved_at DESC, rowid DESC", [form_id, interview_id])]
    return [get_draft(db, i) for i in ids]


#: where a party followed up stands while it is still awaited (``follow_up_pending``): one found not rectified is
#: to be escalated to a case, one not verified to be verified again (REFERENCE §2.4)
PENDING_LABELS = {"not_rectified": N_("not rectified, to be escalated to a case"),
                  "unverified": N_("not verified, to be verified again")}


def party_awaited(found: PartyResult) -> bool:
    """Whether the party (``party_result``) is still awaited: neither escalated to a case nor followed up as
    rectified (``follow_up_outcome``) — a follow-up not rectified or not verified does not end the tracking."""
    return not found.case_id and follow_up_outcome(found.follow_up_result, found.follow_up_outcome) != "rectified"


def follow_up_pending(interview: Interview) -> str | None:
    """How the interview stands when a party of it was followed up and is still awaited (``party_awaited``):
    ``not_rectified`` (to be escalated to a case) before ``unverified`` (to be verified again); None otherwise."""
    found = {follow_up_outcome(r.follow_up_result, r.follow_up_outcome) for r in party_results(interview)
             if r.follow_up_result.strip() and party_awaited(r)}
    return next((outcome for outcome in PENDING_LABELS if outcome in found), None)


def follow_up_overdue(interview: Interview, on: str, db: Database | None = None, *, calendar=None,
                      documents: list | None = None) -> bool:
    """Whether the rectification deadline passed before ``on`` with a party still awaited (``party_awaited``: not
    followed up, or followed up as not rectified or not verified, and not escalated) — only of an interview held:
    never of one its party did not attend (``mark_absent``: nothing was committed, its follow-up is refused; a
    deadline kept by a version before ``absent_errors`` is not awaited), nor of one still scheduled (已安排: a
    deadline set ahead is awaited once it was held), nor of one voided. With ``db``, the deadline in force
    (``deadline_in_force``: the later day an issued 约谈记录's working days end on now — ``calendar`` and the
    interview's ``documents`` when read already), as a follow-up of not rectified is refused until it passed."""
    if not (interview.status == "held" and interview.rectification_due and interview.rectification_due < on):
        return False
    results = party_results(interview)
    if not any(party_awaited(r) for r in results):
        if db is None:
            return False
        # an escalation to a case whose filing was declined has ended: awaited again, as stats count — asked only of
        # an interview whose parties are all escalated or rectified, so that a register listing many interviews does
        # not query its cases once a row
        if not any(party_awaited(r) for r in escalations_in_force(db, results)):
            return False
    return db is None or (deadline_in_force(db, interview, calendar=calendar, documents=documents) or "") < on


def overdue_follow_ups(db: Database, on: str | None = None) -> list[Interview]:
    """Interviews whose follow-up is overdue on ``on`` (default today: the deadline in force passed,
    ``follow_up_overdue``), the longest overdue first."""
    from workstation.clocks import data_dir_of
    from workstation.workdays import default_calendar

    day = parse_date(on) or today()
    calendar = default_calendar(data_dir_of(db))  # read once for the interviews past their 整改期限
    overdue = [i for i in list_interviews(db) if follow_up_overdue(i, day, db, calendar=calendar)]
    return sorted(overdue, key=lambda i: i.rectification_due or "")


@dataclass(frozen=True)
class RegisterLinks:
    """What the rows of the interview register show of the records each interview names, read for the whole
    register at once (``register_links``): the interviewed parties' names, the number of the case each was escalated
    to (for a case not filed （未立案：当事人，案由）, ``case_named``), the lead it was held because of and its issued documents (oldest first);
    ``filed_numbers`` holds each such case's number as filed ("" for a case not filed yet)."""

    party_names: dict[str, str] = dataclasses.field(default_factory=dict)
    case_numbers: dict[str, str] = dataclasses.field(default_factory=dict)
    leads: dict[str, Lead] = dataclasses.field(default_factory=dict)
    documents: dict[str, list] = dataclasses.field(default_factory=dict)
    filed_numbers: dict[str, str] = dataclasses.field(default_factory=dict)


def register_links(db: Database, interviews: list[Interview]) -> RegisterLinks:
    """The parties, cases, leads and issued documents of ``interviews`` (``RegisterLinks``) in one query for each kind
    of record, however many interviews the register holds."""
    from workstation.documents.issuing import DOCUMENT_COLUMNS, document_from_row

    def each(ids) -> str:
        return json.dumps(sorted({i for i in ids if i}))

    parties = dict(db.execute("SELECT id, name FROM parties WHERE id IN (SELECT value FROM json_each(?))",
                              [each(p for i in interviews for p in i.party_ids)]).fetchall())
    # a case not filed is named by its party and cause, as messages name it (case_named), from the same query
    from workstation.case_reference import filed_number

    cases, filed = {}, {}
    for case_id, number, party_names, cause in db.execute(
            "SELECT id, case_number, party_names, cause FROM cases WHERE id IN (SELECT value FROM json_each(?))",
            [each([*(i.case_id for i in interviews),
                   *(r.get("case_id") for i in interviews for r in i.party_results.values())])]):
        cases[case_id], filed[case_id] = case_named(number, party_names, cause), filed_number(number)
    leads = {row["id"]: from_row(Lead, row) for row in fetch_dicts(
        db, "SELECT * FROM leads WHERE id IN (SELECT value FROM json_each(?))", [each(i.lead_id for i in interviews)])}
    documents: dict[str, list] = {}
    for row in db.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE interview_id IN "
                          "(SELECT value FROM json_each(?)) ORDER BY issued_at, rowid", [each(i.id for i in interviews)]):
        document = document_from_row(row)
        documents.setdefault(document.interview_id, []).append(document)
    return RegisterLinks(parties, cases, leads, documents, filed)
