"""The documents of an administrative interview (行政约谈): 约谈通知书 (one for each interviewed party), 约谈记录
(one for each party: of an interview with one party, or of each party of a joint interview, the officer choosing
the party) and 约谈纪要 (the joint meeting of several parties), drafted from the interview
register and issued exactly as a case's documents are — checked values, the next 文号 of the agency, the PDF
kept in the file store, values, form version and sha256 frozen with an audit entry — but owned by the
interview. A refusal (wrong kind of form, wrong number of parties, a party without the code the document
prints, a bad value) issues nothing and takes no number."""

from __future__ import annotations

import re
from pathlib import Path

from workstation.db import Database
from workstation.documents.blocks import Document
from workstation.documents.compose import compose
from workstation.documents.issuing import (
    IssuedDocument,
    future_date_refusal,
    get_document,
    issue_values,
    missing_to_issue,
    number_refusal,
)
from workstation.documents.numbering import number_year
from workstation.errors import NotFound, ValidationError, WorkstationError, join_reasons, join_sentences
from workstation.formkit.interview_values import (
    SAME_DAY,
    PartyNames,
    interview_context,
    notice_issued_to,
    staff_names,
)
from workstation.formkit.refusals import draft_values
from workstation.formkit.spec import FieldSpec, FormSpec, load_forms
from workstation.formkit.values import default_values
from workstation.i18n import _
from workstation.records import Interview, Party, today
from workstation.store import find_case, get_party
from workstation.store.interviews import (
    get_interview,
    interview_state,
    rectification_workdays,
    set_for,
    stale_notice_refusal,
    still_to_come,
)
from workstation.validators import parse_time_of_day

CODE_SOURCE = "interview.party.code"
NAME_SOURCE = "interview.party.name"
ONE_PARTY, SEVERAL_PARTIES = "interview_record", "interview_minutes"
NOTICE = "interview_notice"
RECEIPT = "interview_delivery_receipt"  # the notice's 送达回证, one for each party as its notice


def interview_forms() -> list[FormSpec]:
    """The document types drawn from an interview, notice first."""
    order = {NOTICE: 0, ONE_PARTY: 1, SEVERAL_PARTIES: 2, RECEIPT: 3}  # (the receipt added last: the buttons' keys kept)
    forms = [f for f in load_forms()[0].values() if f.kind == "interview"]
    return sorted(forms, key=lambda f: (order.get(f.id, 9), f.id))


def needs_party_code(form: FormSpec) -> bool:
    """Whether the document prints its party's USCC or ID number as a required value."""
    return any(f.source == CODE_SOURCE and f.required for f in form.fields)


def parties_without_code(db: Database, party_ids: list[str]) -> list[Party]:
    parties = [get_party(db, p) for p in party_ids]
    return [p for p in parties if not (p.uscc or p.id_number)]


def party_code_warning(db: Database, party_ids: list[str]) -> str:
    """What the register's editor says under the parties when one has no code a document needs ('' if none)."""
    missing = parties_without_code(db, party_ids)
    if not missing:
        return ""
    titles = "、".join(f.title for f in interview_forms() if needs_party_code(f))
    # worded for one party and for several alike: it may name both parties of a joint interview
    return _("{names}: no unified social credit code or ID number, which the {titles} print. Enter the missing "
             "code in the party details before issuing them.").format(names="、".join(p.name for p in missing),
                                                                     titles=titles)


def _title(form_id: str) -> str:
    form = load_forms()[0].get(form_id)
    return form.title if form else form_id


def chosen_for_each_party(form: FormSpec, interview: Interview) -> bool:
    """Whether ``form`` is written for one party the officer chooses among the interview's: the 约谈记录 and the
    约谈通知书 of a joint interview (each party gets its own notice, addressed to it: never the first one's
    silently; the register's 签发 issues one to each party at once)."""
    return form.id in (ONE_PARTY, NOTICE, RECEIPT) and len(interview.party_ids) > 1


def party_named_in(db: Database, interview: Interview, form: FormSpec, values: dict) -> str | None:
    """The id of the interview's party whose name ``values`` print as the addressee of ``form`` (its field drawn
    from ``interview.party.name``), None when they name none of them — how a kept draft tells its party."""
    names = {str(values.get(f.name) or "").strip() for f in form.fields if f.source == NAME_SOURCE} - {""}
    return next((p for p in interview.party_ids if get_party(db, p).name in names), None)


def find_interview_for(db: Database, reference: str, form: FormSpec) -> Interview:
    """The interview ``reference`` (its id, as `interviews list` prints it) names, to draw ``form`` from; a case's
    id or number, or no interview at all, is refused naming the form and what to give instead."""
    try:
        return get_interview(db, reference)
    except NotFound:
        pass
    try:
        find_case(db, reference)
    except NotFound:
        raise NotFound(_("No interview {ref}: the {title} is drawn from an administrative interview; give the "
                         "interview's id (`interviews list` prints them).").format(ref=reference, title=form.title)
                       ) from None
    raise WorkstationError(_("{ref} is a case, and the {title} is drawn from an administrative interview: give the "
                             "interview's id (`interviews list` prints them).").format(ref=reference, title=form.title))


def check_interview_form(db: Database, interview: Interview, form: FormSpec, party_id: str | None = None) -> None:
    """Refuse ``form`` for ``interview`` (WorkstationError, or ValidationError on ``party_ids``) when it cannot
    be drawn from it; ``party_id`` names the addressee of a one-party document (default: every party; a record
    of a joint interview needs it)."""
    count = len(interview.party_ids)
    if form.kind != "interview":
        raise WorkstationError(_("The {title} is a case document: draft it from its case.").format(title=form.title))
    if interview.status == "void":  # said before whether it was held: a voided interview gets no document
        raise WorkstationError(_("The interview was voided ({reason}): no {title} is written for it.").format(
            reason=interview.void_reason or "—", title=form.title))
    if party_id is not None and party_id not in interview.party_ids:
        raise NotFound(_("The party {id} was not interviewed in this interview.").format(id=party_id))
    if form.id in (ONE_PARTY, RECEIPT) and chosen_for_each_party(form, interview) and party_id is None:  # a notice: all checked
        raise WorkstationError(_("The {title} of a joint interview is written for each party: choose which of its "
                                 "{n} parties this one is for.").format(title=form.title, n=count))
    if form.id == SEVERAL_PARTIES and count < 2:
        raise WorkstationError(_("The {title} records an interview with several parties; for one party issue the "
                                 "{other}.").format(title=form.title, other=_title(ONE_PARTY)))
    if needs_party_code(form):
        missing = parties_without_code(db, [party_id] if party_id else interview.party_ids)
        if missing:
            raise ValidationError({"party_ids": _(  # one party or several alike
                "{names}: no unified social credit code or ID number, which the {title} prints. Enter the missing "
                "code in the party details first.").format(names="、".join(p.name for p in missing),
                                                           title=form.title)})


def passed_refusal(interview: Interview, form: FormSpec) -> str | None:
    """Why the 约谈通知书 cannot be issued for ``interview`` (None when it can, or for another form): it summons the
    party to an interview to come, so an interview whose day has passed, or that is marked held, gets none — a
    notice dated after it would summon to the past, one dated before it would be backdated. On the interview's day
    its time of day counts (``still_to_come``): at 11:27 an interview of 9:30 that day has passed."""
    if form.id != NOTICE or not interview.held_on:
        return None
    if interview.held_on < today() or (interview.held_on == today() and interview.held_at
                                       and not still_to_come(interview.held_on, interview.held_at)):
        return _("The interview of {date} has passed: the {title} summons the party to an interview still to come "
                 "and is not issued afterwards, nor backdated. To summon the party again, register a new interview "
                 "with its date.").format(date=set_for(interview), title=form.title)
    if interview.status == "held":
        return _("The interview of {date} is marked held: the {title} summons the party before it and is not issued "
                 "afterwards. To summon the party again, register a new interview with its date.").format(
            date=interview.held_on, title=form.title)
    return None


def unserved_refusal(db: Database, interview: Interview, form: FormSpec, party_id: str | None = None) -> str | None:
    """Why the 送达回证 of ``interview``'s notice cannot be issued to ``party_id`` (default: each of its parties; None
    when it can, or for another form): no 约谈通知书 has been issued to that party yet — the receipt proves the
    notice was served and names its 文号. A draft may still be printed, the notice's line left blank."""
    if form.id != RECEIPT:
        return None
    for party in (get_party(db, p) for p in ([party_id] if party_id else interview.party_ids)):
        if not notice_issued_to(db, interview, party, len(interview.party_ids)):
            return _("No {notice} has been issued to {party} for this interview yet: issue it first; the {title} "
                     "proves it was served.").format(notice=_title(NOTICE), party=party.name, title=form.title)
    return None


def issued_twice_refusal(db: Database, interview: Interview, form: FormSpec, party_id: str | None = None,
                         *, command_line: bool = False) -> str | None:
    """Why ``form`` cannot be issued again (None when it can): one is issued for the interview and in force — a
    约谈纪要 for the interview, a 约谈通知书, 约谈记录 or 送达回证 for the same party (``party_id``; of an interview with
    one party, its party) —, and a second would be the same document twice under another 文号, or one contradicting
    it. A wrong one is voided first (with its reason; with ``command_line``, the command doing it, by its id for a
    document without a 文号), then issued again. A 送达回证 of a 约谈通知书 voided since proves the service of no
    notice in force: it does not block the receipt of the notice issued again."""
    from workstation.store.interviews import document_named, receipt_notice, void_commands

    documents = interview_documents(db, interview.id)
    same = [d for d in documents if d.status == "issued" and d.form_id == form.id]
    if form.id == RECEIPT:
        same = [d for d in same if (notice := receipt_notice(documents, d)) is None or notice.status == "issued"]
    if form.id != SEVERAL_PARTIES:
        party = party_id or (interview.party_ids[0] if interview.party_ids else None)
        name = get_party(db, party).name if party else ""
        same = [d for d in same if str(d.values.get("party_name") or "") == name]
    if not same:
        return None
    if command_line:
        return _("{document} is issued for this interview and in force: a second {title} would say it twice, or "
                 "contradict it. If it is wrong, void it first, with the reason ({how}), then issue it again.").format(
            document=document_named(same[0]), title=form.title, how=void_commands(same[:1]))
    return _("{document} is issued for this interview and in force: a second {title} would say it twice, or "
             "contradict it. If it is wrong, void it first (with the reason), then issue it again.").format(
        document=document_named(same[0]), title=form.title)


def held_refusal(interview: Interview, form: FormSpec, *, command_line: bool = False) -> str | None:
    """Why ``form`` cannot be issued yet for a scheduled interview (None when it can): the 约谈记录 and 约谈纪要
    record a meeting that took place; the notice is issued before it (``passed_refusal``, checked after the party's
    code: never after it). An interview dated ahead waits for its day (its Held box cannot be ticked before); one
    whose day has come is to be marked held — said as the window does it, or with ``command_line`` as the command
    (``interviews held``). One its party did not attend (当事人未到场) gets none: no meeting took place."""
    if form.id not in (ONE_PARTY, SEVERAL_PARTIES) or interview_state(interview) == "held" or interview.status == "void":
        return None  # (a voided one is refused as such: ``check_interview_form``)
    if interview_state(interview) == "absent":
        return _("The party did not attend the interview of {date}: no meeting took place for the {title} to "
                 "record. Escalate the interview to a case, or register a new interview.").format(
            date=interview.held_on, title=form.title)
    if (interview.held_on or "") > today():  # the box Held is greyed out until that day: nothing to tick yet
        return _("The interview of {date} is scheduled, not held yet: the {title} can be issued once that day has "
                 "come and the interview was held.").format(date=interview.held_on, title=form.title)
    if command_line:
        return _("The interview of {date} is scheduled, not held yet: the {title} is issued once it was held "
                 "(record it as held first: interviews held {id}).").format(date=interview.held_on, title=form.title,
                                                                              id=interview.id)
    return _("The interview of {date} is scheduled, not held yet: the {title} is issued once it was held (tick "
             "Held in the interview's editor).").format(date=interview.held_on, title=form.title)


def interview_form_refusal(db: Database, interview: Interview, form: FormSpec,
                           party_id: str | None = None, *, issuing: bool = False) -> str | None:
    """Why ``form`` cannot be written (``issuing``: issued) for ``interview`` (None when it can), as the
    register's page says it."""
    if issuing and (refusal := held_refusal(interview, form)):
        return refusal
    try:
        check_interview_form(db, interview, form, party_id)
    except ValidationError as exc:
        return join_reasons(exc.errors.values())
    except WorkstationError as exc:
        return exc.message
    if not issuing:
        return None
    return passed_refusal(interview, form) or unserved_refusal(db, interview, form, party_id) \
        or issued_twice_refusal(db, interview, form, party_id) \
        or join_reasons((attendee_refusal(db, interview, form, None, party_id) or {}).values()) or None


def party_attended_by(db: Database, interview: Interview, party: Party) -> bool:
    """Whether the interview's register lists someone attending for ``party``, as its 约谈记录 prints them
    (``interview_values._party_context``): an attendee not of the agency naming it as the organisation, or naming
    none of the parties (another unit's), or anyone not of the agency when it is the only party."""
    staff = staff_names(db, interview)
    names = {get_party(db, p).name for p in interview.party_ids}
    parties = PartyNames(sorted(names))  # a party named by its full name or a short form only it has
    return any(str(a.get("name", "")).strip() and (
        len(names) == 1 or parties.owner(str(a.get("organisation", ""))) in (party.name, None))
               for a in interview.attendees if a.get("organisation") not in staff)


def attendee_refusal(db: Database, interview: Interview, form: FormSpec, values: dict | None,
                     party_id: str | None = None, *, command_line: bool = False) -> dict[str, str] | None:
    """{field label: why} when the 约谈记录 (of ``party_id``, default the first party) or the 约谈纪要 would be issued
    with nobody of an interviewed party listed as attending — REFERENCE §2.4: the record names 被约谈单位及参加人员
    (name, post, ID) —: the record's values (``values``; None: the register's) print no attendee, the minutes'
    participants name none for a party. Said with where to add them: the editor's Attendees, or with
    ``command_line`` the option of `interviews edit`. None when each has someone."""
    if form.id not in (ONE_PARTY, SEVERAL_PARTIES):
        return None
    if form.id == ONE_PARTY:
        party = get_party(db, party_id or interview.party_ids[0])
        printed = str((values or {}).get("attendee1") or "").strip() if values is not None \
            else party_attended_by(db, interview, party)
        lacking, field = ([] if printed else [party]), "attendee1"
    else:
        participants = str((values or {}).get("participants") or "")
        lacking = [p for p in (get_party(db, i) for i in interview.party_ids)
                   if not party_attended_by(db, interview, p) and p.name not in participants]
        field = "participants"
    if not lacking:
        return None
    names = "、".join(p.name for p in lacking)
    if command_line:
        option = "--attendee NAME:POST" + (f":{lacking[0].name}" if len(interview.party_ids) > 1 else "")
        how = _("Add who attended for it first (interviews edit {id} {option}; the --attendee options given replace "
                "the parties' attendees recorded, so give each of them), then issue the {title}.").format(
            id=interview.id, option=option, title=form.title)
    else:
        how = _("Add who attended for it under Attendees in the interview's editor (Edit interview), then issue the "
                "{title}.").format(title=form.title)
    said = _("Nobody of {party} is listed as attending the interview: the {title} records the interviewed party's "
             "attendees (name, post, ID number).").format(party=names, title=form.title)
    spec = next((f for f in form.fields if f.name == field), None)
    return {spec.label if spec else field: join_sentences([said, how])}


def check_interview_issue(db: Database, interview: Interview, form: FormSpec, overrides: dict | None = None,
                          party_id: str | None = None, *, issuing: bool = True,
                          blanks: list | None = None, command_line: bool = False) -> tuple[dict, dict]:
    """Every check that refuses ``form`` for ``interview`` (``check_interview_form``: the kind of form, the number
    of parties, the party a record of a joint interview is for, a party without the code it prints; then a
    missing or wrong value), run without taking a number or writing anything, so the officer is refused before
    being asked to confirm. Returns the checked values and the interview's context; a kept draft of a record of a
    joint interview (``overrides``) is checked for the party it names. A record or minutes of an interview not
    held yet, a number while the numbering hold of a restore stands, or a number of this station's used-up number
    blocks (``issuing.number_refusal``), is refused when ``issuing`` (``held_refusal``), before the 签发 question;
    its draft may be written beforehand. A draft given a list ``blanks`` prints required fields still empty as
    ruled blanks and adds them to it (``refusals.draft_values``)."""
    # a 文号 is of the year of the document's 落款日期 (``number_year``: today's unless another date is given)
    if issuing and (refusal := held_refusal(interview, form, command_line=command_line)
                    or number_refusal(db, interview.agency_id, form,
                                      year=number_year(str((overrides or {}).get("issued_on") or "")))):
        raise WorkstationError(refusal)
    if party_id is None and chosen_for_each_party(form, interview) and overrides:
        party_id = party_named_in(db, interview, form, overrides)  # a recovered draft names its party
    if party_id is None and chosen_for_each_party(form, interview):  # never the first party's silently
        raise WorkstationError(_("The {title} of a joint interview is written for each party: choose which of its "
                                 "{n} parties this one is for.").format(title=form.title, n=len(interview.party_ids)))
    check_interview_form(db, interview, form, party_id)
    if issuing and (refusal := passed_refusal(interview, form)  # a notice for an interview already past
                    or unserved_refusal(db, interview, form, party_id)  # a receipt of a notice never issued
                    # a receipt of a notice printing the day before the interview was moved
                    or stale_notice_refusal(db, interview, form.id, party_id)
                    or issued_twice_refusal(db, interview, form, party_id,  # one in force already
                                            command_line=command_line)):
        raise WorkstationError(refusal)
    context = interview_context(db, interview, party_id)
    values = draft_values(form, {**default_values(form, context), **(overrides or {})}, context,
                          None if issuing else blanks)
    if due := rectification_due_printed(db, interview, form, values):  # the register has none: the record's own
        values[due_field(form)] = due
    if issuing and (missing := missing_to_issue(form, values)):  # the notice's 约谈时刻 when none was recorded
        raise ValidationError(unrecorded_said(form, missing, values, context))
    if issuing and (message := notice_date_refusal(form, values) or minutes_date_refusal(db, form, values)):
        raise ValidationError({form.field("issued_on").label: message})
    if issuing and (unlike := register_refusal(db, interview, form, values, context, overrides or {},
                                               command_line=command_line)
                    or officers_refusal(db, interview, form, values)):
        raise ValidationError(unlike)  # a party, day, time, place, deadline or officer other than the register's
    if issuing and (message := receipt_date_refusal(interview, form, values)):
        raise ValidationError({form.field("served_on").label: message})
    if issuing and (unattended := attendee_refusal(db, interview, form, values, party_id,
                                                   command_line=command_line)):
        raise ValidationError(unattended)  # a record of nobody of the party (被约谈单位及参加人员)
    if issuing and (future := future_date_refusal(form, values, str(values.get("issued_on") or context["today"]))):
        raise ValidationError(future)  # its 落款日期 after today
    if issuing and (refusal := number_refusal(  # the 落款日期 as checked (a default other than today's)
            db, interview.agency_id, form, year=number_year(str(values.get("issued_on") or "")))):
        raise WorkstationError(refusal)
    if issuing:  # a character no installed font has: refused before the 签发 question, as a case's document is
        from workstation.documents.glyphs import field_texts, missing_glyphs, refuse_missing_glyphs
        from workstation.documents.issuing import database_folder

        refuse_missing_glyphs(missing_glyphs(field_texts(form, values)), database_folder(db))
    return values, context


#: what the interview's register records for its documents to print — its place, time and topics — and the editor
#: records it in: a document is never issued with one invented (本局会议室, 上午9时30分)
REGISTER_SOURCES = ("interview.place", "interview.time_text", "interview.time_from", "interview.topics",
                    "interview.topics_stated")


def unrecorded_said(form: FormSpec, missing: dict[str, str], values: dict, context: dict) -> dict[str, str]:
    """``missing`` (``issuing.missing_to_issue``: the fields to fill before issuing) saying, when some of them are
    what the interview's register records and holds none of (``REGISTER_SOURCES``), where to record them."""
    labels = [f.label for f in form.fields if f.name in form.required_to_issue and f.source in REGISTER_SOURCES
              and values.get(f.name) in (None, "") and not context.get(f.source)]
    if not labels:
        return missing
    said = _("The interview records none: record the {labels} in the interview's editor (Edit interview), and each "
             "of its documents takes it.").format(labels="、".join(labels))
    return {label: join_sentences([message, said]) for label, message in missing.items()}


#: the fields of each form printing what the register holds — the party interviewed (its name and code), the
#: interview's day, time and place, its rectification deadline — which the deadline board, the register's list and the
#: statistics follow: a document issued saying otherwise would contradict it (a document's own date, such as the
#: minutes' 印发日期, only defaults to the day)
REGISTER_FIELDS = {NOTICE: ("party_name", "party_code", "interview_on", "interview_time", "place"),
                   ONE_PARTY: ("party_name", "party_code", "held_on", "time_from", "place", "deadline"),
                   SEVERAL_PARTIES: ("parties", "held_on", "place", "report_by")}
#: the option of `interviews edit` correcting the register's value a field of ``REGISTER_FIELDS`` prints
EDIT_OPTIONS = {"interview.held_on": "--date", "interview.time_text": "--time", "interview.time_from": "--time",
                "interview.place": "--place", "interview.rectification_due": "--deadline"}
#: the sources of the fields naming the party a document is addressed to, as the party's details hold them
PARTY_SOURCES = (NAME_SOURCE, CODE_SOURCE, "interview.parties")
#: how a 整改期限 written as a period begins: 15个工作日内…, 30日内…
_PERIOD = re.compile(r"\s*(\d+)\s*(个工作日|日|天)内")


def register_refusal(db: Database, interview: Interview, form: FormSpec, values: dict, context: dict,
                     overrides: dict, *, command_line: bool = False) -> dict[str, str] | None:
    """{field label: why} when the checked ``values`` of ``form`` given in ``overrides`` name another party (its name or
    code) or say another interview day, time, place or rectification deadline than the register holds
    (``REGISTER_FIELDS``; a blank of the register may be filled: the deadline is then taken into it,
    ``rectification_due_printed``; a deadline left blank prints the period the register's gives), or a 整改期限 whose
    period (15个工作日内, 30日内) does not end on the 截止日期 printed beside it, or names none while the register has no
    deadline either; None when they agree. With ``command_line``, the command correcting the register
    (``interviews edit``) is named."""
    errors: dict[str, str] = {}
    for f in form.fields:
        if f.name not in REGISTER_FIELDS.get(form.id, ()) or f.name not in overrides:
            continue
        held, given = str(context.get(f.source) or "").strip(), str(values.get(f.name) or "").strip()
        if not (held and given and _differs(f, given, held)):
            continue
        if f.source in PARTY_SOURCES:  # the party's own details, not the interview's
            errors[f.label] = _(
                "{given} is not the {label} of the party interviewed, which its details hold as {held}: the {title} "
                "is addressed to the party the interview's register names. Leave the {label} as drafted, or, if the "
                "party's details are wrong, correct them in the party's details first, then issue the {title}."
            ).format(
                given=given, held=held, label=f.label, title=form.title)
            continue
        if command_line and (option := EDIT_OPTIONS.get(f.source)):
            errors[f.label] = _(
                "{given} is not what the interview's register says ({held}), which the deadline board, the register "
                "and the statistics follow: correct the interview first (interviews edit {id} {option} …), then "
                "issue the {title}.").format(given=given, held=held, id=interview.id, option=option, title=form.title)
            continue
        errors[f.label] = _(
            "{given} is not what the interview's register says ({held}), which the deadline board, the register "
            "and the statistics follow: correct the interview first (its {label}), then issue the {title}.").format(
            given=given, held=held, label=f.label, title=form.title)
    if form.id == ONE_PARTY and not interview.rectification_due and not values.get("deadline"):
        errors[form.field("deadline").label] = _(
            "The interview has no rectification deadline and the 整改期限 “{text}” names no period to count it from: "
            "give the {label}, which the register then follows up.").format(
            text=str(values.get("deadline_text") or ""), label=form.field("deadline").label)
    elif form.id == ONE_PARTY and not errors and (period := _PERIOD.match(str(values.get("deadline_text") or ""))) \
            and values.get("deadline") and interview.held_on:
        ends = _period_end(db, interview.held_on, int(period.group(1)), period.group(2))
        if str(values["deadline"])[:10] != ends:
            errors[form.field("deadline_text").label] = _(
                "{text} from the interview of {held} ends on {ends}, not on the {label} printed beside it ({due}): "
                "write the period that ends on that day, or leave the 整改期限 to its default, which follows the "
                "deadline.").format(text=period.group(0).strip(), held=interview.held_on, ends=ends,
                                    label=form.field("deadline").label, due=str(values["deadline"])[:10])
    return errors or None


#: the fields of each form naming the agency's officers who interviewed and kept the record: officers the interview's
#: register lists (``interview_values.officer_names``)
OFFICER_FIELDS = {ONE_PARTY: ("interviewer1", "interviewer2", "interviewer3", "recorder")}


def officers_refusal(db: Database, interview: Interview, form: FormSpec, values: dict) -> dict[str, str] | None:
    """{field label: why} when the checked ``values`` of ``form`` name as an interviewer or the recorder someone the
    interview's register does not list among the agency's officers (``OFFICER_FIELDS``; a line may name several,
    joined with 、, each with the post after it: the third interviewer's); None when they name none."""
    from workstation.formkit.interview_values import officer_names

    officers = officer_names(db, interview)
    errors: dict[str, str] = {}
    for name in OFFICER_FIELDS.get(form.id, ()):
        if strangers := [n for n in _names_in(str(values.get(name) or "")) if n not in officers]:
            errors[form.field(name).label] = _officers_said(form, "、".join(strangers), officers)
    return errors or None


#: the post written after an officer's name: after a space, or in brackets (罗建华（股长）, 罗建华(股长))
_POST_AFTER = re.compile(r"[\s（(].*$")


def _names_in(text: str) -> list[str]:
    """The people a line of officers names: its parts joined with 、, each without the post written after it."""
    return [_POST_AFTER.sub("", part.strip()) for part in text.split("、") if part.strip()]


def _officers_said(form: FormSpec, strangers: str, officers: list[str]) -> str:
    if not officers:
        return _("{names}: the interview's register lists no officer of the agency, and the {title} names only those "
                 "who interviewed and kept the record. Add them to the interview's attendees (Edit interview) first, "
                 "then issue the {title}.").format(names=strangers, title=form.title)
    return _("{names} is not among the officers the interview's register lists ({officers}): the {title} names only "
             "those who interviewed and kept the record. Pick one of them, or, if another officer took part, add "
             "that officer to the interview's attendees (Edit interview) first, then issue the {title}.").format(
        names=strangers, officers="、".join(officers), title=form.title)


def receipt_date_refusal(interview: Interview, form: FormSpec, values: dict) -> str | None:
    """Why the 送达回证 with these checked values cannot be issued (None when it can): its 送达日期 is after the
    interview the notice summons to — a notice served afterwards summoned nobody. (Its date before the notice's, or
    after today, is refused with the form's ``not_before`` and ``not_after``.) A draft may still be printed."""
    served = str(values.get("served_on") or "")[:10]
    if form.id != RECEIPT or not served or not interview.held_on or served <= interview.held_on[:10]:
        return None
    return _("The 送达日期 ({served}) is after the interview of {held} that the {notice} summons the party to: a "
             "notice is served before the interview. Give the day it was served, {held} or earlier.").format(
        served=served, held=interview.held_on[:10], notice=_title(NOTICE))


def _differs(field: FieldSpec, given: str, held: str) -> bool:
    """Whether the value ``given`` of ``field`` says otherwise than the register's ``held``: a date by its day, a time
    by the time of day it reads (9:30 is 上午9时30分), a credit code or ID number whatever the case of its letters."""
    if field.type == "date":
        return given[:10] != held[:10]
    if field.check == "time":
        return parse_time_of_day(given)[1] != parse_time_of_day(held)[1]
    if field.source == CODE_SOURCE:
        return given.upper() != held.upper()
    return given != held


def _period_end(db: Database, held_on: str, n: int, unit: str) -> str:
    """The last day of a period of ``n`` ``unit`` (个工作日: working days on the deadlines' calendar; 日 or 天: calendar
    days) counted from the day after the interview of ``held_on``."""
    import datetime as dt

    from workstation.clocks import data_dir_of
    from workstation.workdays import default_calendar

    held = dt.date.fromisoformat(held_on[:10])
    if unit == "个工作日":
        return default_calendar(data_dir_of(db)).add_workdays(held, n).isoformat()
    return (held + dt.timedelta(days=n)).isoformat()


def printed_workdays(text) -> int | None:
    """The working days a 整改期限 worded as a period of them names (15个工作日内…: 15), None for another wording."""
    period = _PERIOD.match(str(text or ""))
    return int(period.group(1)) if period and period.group(2) == "个工作日" else None


def due_field(form: FormSpec) -> str | None:
    """The field of ``form`` printing the interview's rectification deadline (its 截止日期), None for another form."""
    return {ONE_PARTY: "deadline", SEVERAL_PARTIES: "report_by"}.get(form.id)


def rectification_due_printed(db: Database, interview: Interview, form: FormSpec, values: dict) -> str | None:
    """The rectification deadline a 约谈记录 or 约谈纪要 sets for an interview whose register has none (one held
    without commitments), which its 截止日期 then prints and the register takes when it is issued: the 截止日期 given,
    else the end of the period its 整改期限 words (15个工作日内 by default, 30日内 …; the minutes' usual period,
    ``store.interviews.rectification_workdays``);
    None when the register has one, for another form, or when the period cannot be read (the 截止日期 is then
    asked for: ``register_refusal``)."""
    field = due_field(form)
    if interview.rectification_due or field is None or not interview.held_on:
        return None
    if given := str(values.get(field) or "")[:10]:
        return given
    if form.id == SEVERAL_PARTIES:
        return _period_end(db, interview.held_on, rectification_workdays(), "个工作日")
    if period := _PERIOD.match(str(values.get("deadline_text") or "")):
        return _period_end(db, interview.held_on, int(period.group(1)), period.group(2))
    if str(values.get("deadline_text") or "").strip().startswith(SAME_DAY[:2]):  # 当日…: the interview's day
        return interview.held_on[:10]
    return None


def notice_date_refusal(form: FormSpec, values: dict) -> str | None:
    """Why the 约谈通知书 with these checked values cannot be issued (None when it can): its 落款日期 is after the
    约谈日期 — a notice tells the party of an interview to come. A draft may still be written and printed."""
    if form.id != "interview_notice" or not values.get("issued_on") or not values.get("interview_on"):
        return None
    if str(values["issued_on"]) <= str(values["interview_on"]):
        return None
    return _("The 落款日期 ({issued}) is after the 约谈日期 ({held}): the notice is sent before the interview. Date it "
             "the day it was sent, {held} or earlier.").format(issued=values["issued_on"], held=values["interview_on"])


def minutes_date_refusal(db: Database, form: FormSpec, values: dict) -> str | None:
    """Why the 约谈纪要 with these checked values cannot be issued (None when it can): its 印发日期 is after the day by
    which it tells the parties to report their rectification — its 书面报送整改情况截止日期, else the day the usual
    period after the interview ends (``store.interviews.rectification_workdays``: 15 working days as shipped), as it
    then prints — so the parties would learn of a deadline already passed. The later of the 印发日期 and today is
    compared: minutes dated back to the meeting still reach the parties the day they are issued. A draft may still be
    written and printed."""
    if form.id != SEVERAL_PARTIES or not values.get("issued_on"):
        return None
    dated = str(values["issued_on"])[:10]
    issued = max(dated, today())
    due = str(values.get("report_by") or "")[:10]
    if not due and values.get("held_on"):
        import datetime as dt

        from workstation.clocks import data_dir_of
        from workstation.workdays import default_calendar

        days = rectification_workdays()
        due = str(default_calendar(data_dir_of(db)).add_workdays(dt.date.fromisoformat(str(values["held_on"])[:10]),
                                                                  days))
        stated = _("{days} working days after the interview ({due})").format(days=days, due=due)
    else:
        stated = _("the 书面报送整改情况截止日期 ({due})").format(due=due)
    if not due or issued <= due:
        return None
    if dated <= today():  # issued today, however dated: an earlier 印发日期 does not make the deadline reachable
        return _("The minutes are issued today ({issued}), after the day they tell the parties to report their "
                 "rectification by: {stated}; an earlier 印发日期 would not change when the parties receive them. "
                 "If the interview agreed a later deadline, correct the 书面报送整改情况截止日期; else that deadline "
                 "has passed: record the follow-up of the rectification instead of issuing the minutes.").format(
            issued=issued, stated=stated)
    return _("The 印发日期 ({issued}) is after the day the minutes tell the parties to report their rectification by: "
             "{stated}. Minutes are issued soon after the interview, so that the parties can meet it: date them the "
             "day they were issued, {due} or earlier, or, if the interview agreed a later "
             "deadline, correct the 书面报送整改情况截止日期.").format(issued=issued, stated=stated, due=due)


def draft_interview_document(db: Database, interview: Interview, form: FormSpec, overrides: dict | None = None,
                             party_id: str | None = None, blanks: list | None = None) -> Document:
    """The draft of ``form`` for ``interview`` (to ``party_id`` for a notice, or a record of a joint interview):
    nothing stored, no 文号 taken; ``blanks`` as in ``check_interview_issue``."""
    values, context = check_interview_issue(db, interview, form, overrides, party_id, issuing=False, blanks=blanks)
    return compose(form, values, agency=str(context["agency.name"]),
                   date=str(values.get("issued_on") or context["today"]))


def issue_interview_document(db: Database, data_dir: Path, interview: Interview, form: FormSpec,
                             overrides: dict | None = None, party_id: str | None = None, *,
                             command_line: bool = False) -> IssuedDocument:
    """Issue ``form`` for ``interview`` (to ``party_id`` for a notice, or a record of a joint interview);
    ValidationError or WorkstationError, with nothing taken, when it cannot be (with ``command_line``, naming the
    commands to give rather than the window's buttons)."""
    from dataclasses import replace

    from workstation.db.connection import immediate
    from workstation.store.interviews import save_interview

    values, context = check_interview_issue(db, interview, form, overrides, party_id, command_line=command_line)
    with immediate(db):
        if (field := due_field(form)) and not interview.rectification_due and values.get(field):
            # the deadline the document sets, where the register had none: followed up from now on (board, list)
            save_interview(db, replace(interview, rectification_due=str(values[field])[:10]))
        return issue_values(db, data_dir, form, values, owner={"interview_id": interview.id},
                            agency_id=interview.agency_id, agency=str(context["agency.name"]),
                            date=str(values.get("issued_on") or context["today"]))


def interview_documents(db: Database, interview_id: str) -> list[IssuedDocument]:
    """The interview's issued documents, oldest first."""
    ids = [r[0] for r in db.execute("SELECT id FROM documents WHERE interview_id = ? ORDER BY issued_at",
                                    [interview_id])]
    return [get_document(db, i) for i in ids]
