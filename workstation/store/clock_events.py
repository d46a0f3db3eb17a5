"""Clock events of a case (suspensions, hearings, public notices, testing periods, extensions with their
approval, seizures …): validated against the case and the clock rules, audited, and shown on the timeline."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace

from workstation.audit import AuditWriter
from workstation.db import Database
from workstation.errors import NotFound, ValidationError, WorkstationError, join_sentences
from workstation.i18n import _
from workstation.records import Case, CaseEvent, ClockEvent, new_id, now, today
from workstation.store.base import fetch_dict, fetch_dicts, from_row, save_audited
from workstation.vocabulary import labels, shown_label

# kinds that may be recorded before filing, while the lead is being verified (T1's excluded time)
BEFORE_FILING = ("testing", "identification")
# interval kinds whose end date is required when recording (they are approved with it)
END_REQUIRED = ("deferral",)
# kinds approved by the agency, recorded with the date and approver as an extension is (Penalty Law art. 66)
APPROVAL_REQUIRED = ("deferral",)
# the dates an event may carry ahead of today: the day a hearing is to be held (T6 counts back from it) and the
# day until which payment is deferred (approved in advance); every other date records what has happened
MAY_BE_AHEAD = {"hearing_session": ("starts_on",), "deferral": ("ends_on",)}
# kinds a party applies for itself (Penalty Law art. 73 para. 3: the surcharge does not accrue while the party's
# own reconsideration or litigation is pending). In a case with several parties the event's ``party_id`` names the
# party that applied (m022); NULL is the whole case, as every such event of a case with one party is.
PARTY_KINDS = ("reconsideration", "litigation")
# the outcome of the party's reconsideration (行政复议决定: 维持, 撤销, 变更, 确认违法, 确认无效, 撤销并责令重新作出 —
# 行政复议法 arts. 63–68 — or the application withdrawn, 终止) or lawsuit (the judgment or ruling, 行政诉讼法 arts. 69–70,
# 74–75, 77, or the suit withdrawn): one day, with the 文号 (案号) of the body's decision in ``approved_by``; recorded once for the
# challenge it decides (its id kept in ``clock``, its party in ``party_id``), which it ends on that day when still
# pending (T12 and court enforcement T16 count from that end; the surcharge accrues again after it, Penalty Law
# art. 73). Revoked or declared void (clocks.ANNULLING): nothing is left to pay or enforce; revoked, changed,
# declared unlawful or declared void (clocks.OVERTURNING) while published: T19 starts
# — or, since, a reconsideration not accepted (不予受理, 行政复议法 art. 30) and a suit dismissed (驳回起诉, 行政诉讼法
# art. 51, 司法解释 art. 69), each answering its own kind of challenge (``OUTCOME_OF``): they end it as a withdrawal
# does
OUTCOMES = ("challenge_upheld", "challenge_revoked", "challenge_changed", "challenge_unlawful", "challenge_void",
            "challenge_redo", "challenge_withdrawn", "challenge_not_accepted", "challenge_dismissed")
# the outcomes only one kind of challenge has: a reconsideration is not accepted, a suit dismissed
OUTCOME_OF = {"challenge_not_accepted": "reconsideration", "challenge_dismissed": "litigation"}
# the outcomes after which the decision is withdrawn from publication and not published again (信息公示规定 art. 11):
# revoked (clocks.REVOKING), declared unlawful or declared void (确认无效, 行政复议法 art. 67, 行政诉讼法 art. 75)
# (``unpublished_by``); a changed one is not refused publication here
UNPUBLISHED = ("challenge_revoked", "challenge_redo", "challenge_unlawful", "challenge_void")
# the outcome that changes the decision (变更, 行政复议法 art. 63, 行政诉讼法 art. 77): where it changed the fine, the
# fine as changed in fen is kept in ``days`` (0: the fine not changed, or not said), or ``no_fine`` says it was
# changed to no fine at all, which the statistics count instead of the decision's (``stats.FINE_SQL``,
# ``penalty_terms.changed_fine_sql``)
CHANGED = "challenge_changed"  # clocks.CHANGING
# the early stop of the publication granted on the party's application (提前停止公示, 信息公示规定 art. 14): not a
# withdrawal (撤回, art. 11, which answers a decision changed, revoked, declared unlawful or invalid); the day it
# stopped in ``starts_on``, the day the party applied in ``approved_on``, the conditions found met in ``note``. Ends
# the publication period T20 as a withdrawal does; refused for the serious penalties (art. 14 para 3) and before the
# minimum time (thresholds.toml [publication] early_stop_*)
EARLY_STOP = "publication_stopped"
#: what ends a publication recorded: its withdrawal or its early stop
PUBLICATION_ENDS = ("publication_withdrawn", EARLY_STOP)
# the steps with the police after a transfer (REFERENCE §1.7; transfer rules arts. 8, 9), each with the step it
# follows: the police's answer (立案 or 不予立案) follows the transfer, a request to reconsider or to the
# procuratorate follows a refusal, the police's decision on reconsideration follows the request; the exhibits are
# handed over (or recorded as none to hand over, T29) once the police opened the case; the police may withdraw
# (撤销) a case they opened and return it to the agency (REFERENCE §1.7 step 7), which then takes it up again
TRANSFER = "transfer"
POLICE_STEPS = {"police_filed": TRANSFER, "police_refused": TRANSFER, "police_review_requested": "police_refused",
                "police_review_upheld": "police_review_requested", "procuratorate_requested": "police_refused",
                "exhibits_transferred": "police_filed", "no_exhibits": "police_filed",
                "police_withdrawn": "police_filed"}
# the police's answers to a transfer (transfer rules art. 8): one per transfer, except that they may open the case
# after refusing it on a request to reconsider not yet decided or on the procuratorate's supervision (art. 9)
POLICE_ANSWERS = ("police_filed", "police_refused")
# the head's decision on the transfer report (transfer rules art. 5) follows the report, as the steps with the police
# follow theirs (checked the same way, ``_police_order``)
TRANSFER_REPORT = "transfer_report"
HEAD_STEPS = {"transfer_approved": TRANSFER_REPORT, "transfer_refused": TRANSFER_REPORT}
STEP_FOLLOWS = {**POLICE_STEPS, **HEAD_STEPS}
# the steps leading to a transfer to the police (the written report, the head's approval of it): taken while the case
# may be transferred (``procedure``'s “transfer_to_police” sources) or is with the police (a report after they declined
# it), and recorded late in a case whose handling ended since only when made by then (``transfer_ended_on``); the
# head's refusal leads to none, and is recorded whenever its report is
TOWARDS_TRANSFER = (TRANSFER_REPORT, "transfer_approved")
# steps recorded once for the step they answer (``_recorded_once``): each kind, with the kinds that open a new round
# (the events between the latest of them on or before its day and the next after it) and the kinds that round holds
# at most one of: one decision of the head per report; one request to reconsider per refusal of the police (art. 9:
# the refusal is reconsidered once, the procuratorate is asked after that); one request to the procuratorate per
# refusal or upheld refusal; the exhibits either handed over or recorded as none to hand over once the police opened
# the case (art. 12, T29); one withdrawal of the case the police opened
ONCE = {"transfer_approved": (("transfer_report",), ("transfer_approved", "transfer_refused")),
        "transfer_refused": (("transfer_report",), ("transfer_approved", "transfer_refused")),
        "police_review_requested": (("police_refused",), ("police_review_requested",)),
        "procuratorate_requested": (("police_refused", "police_review_upheld"), ("procuratorate_requested",)),
        "exhibits_transferred": (("police_filed",), ("no_exhibits",)),
        "no_exhibits": (("police_filed",), ("exhibits_transferred",)),
        "police_withdrawn": (("police_filed",), ("police_withdrawn",))}


#: a step served on one party of a case with several besides its challenges: the 催告书 (T15 counts each party's own;
#: ``enforcement.unpaid_parties`` reads the one served on the party, else the whole case's)
SERVED_ON_PARTY = ("demand",)
#: a step done on the goods of one party of a case with several: their testing (检测、检验、检疫、鉴定), which the
#: period of that party's seal-up or seizure does not count (行政强制法 art. 25; ``measures.measure_end``) and
#: another party's does; NULL is the goods of the whole case, as every testing recorded before was
GOODS_KINDS = ("testing",)
#: the seal-up or seizure (查封、扣押) of the goods of one party of a case with several, as the 实施行政强制措施决定书
#: written for that party records it (``measures.measure_party_of``): its T14 does not count the testing of another
#: party's goods (``clocks.EventFacts.of``); NULL is the goods of the whole case, as every seizure recorded before was
SEIZED_KINDS = ("seizure",)
#: the kinds of which one party's event may run beside another party's, one of the whole case beside none (its own
#: reconsideration or litigation, the testing or seizure of its goods: two 实施行政强制措施决定书 for two parties)
RUN_PER_PARTY = PARTY_KINDS + GOODS_KINDS + SEIZED_KINDS


#: what is granted to one party of a case with several: a deferral or payment in instalments (延期/分期缴纳罚款,
#: 行政处罚法 art. 66), the party its 延期/分期缴纳罚款通知书 was written for, moving that party's payment period (T8),
#: court enforcement (T16) and surcharge alone (``clocks.EventFacts.of``); NULL is the whole case's, as every
#: deferral recorded before was
GRANTED_TO_PARTY = ("deferral",)


#: a party heard on its own day in a case with several (``procedure.record_hearing_session``): its 举行听证 names it,
#: dating that party's hearing alone (``procedure.party_hearing_held_on``); NULL is the hearing of the whole case
HEARD_PARTY = ("hearing_session",)


def names_party(kind: str, clock: str = "") -> bool:
    """Whether an event of ``kind`` (an extension: of ``clock``) may name one party of a case with several
    (``party_of``)."""
    return (kind in PARTY_KINDS or kind in OUTCOMES or kind in SERVED_ON_PARTY or kind in GOODS_KINDS
            or kind in SEIZED_KINDS or kind in GRANTED_TO_PARTY or kind in HEARD_PARTY
            or (kind == "extension" and extends_seizure(clock)))


def extends_seizure(clock: str) -> bool:
    """Whether an extension of ``clock`` extends the period of a seal-up or seizure (T14, counted from a
    ``SEIZED_KINDS`` event): that of the measure of one party's goods, which it names as its seizure does (the
    延长行政强制措施期限决定书: ``measures.extended_party``), moving that party's T14 alone (``clocks.EventFacts.of``);
    naming none, the whole case's. It extends the one measure its 延长决定书 names (``ClockEvent.measure_id``, its
    seizure event: ``extension_measure``), the case's only one when it names none; one recorded before it named a
    measure in a case with several (m061) extends every seizure (of its party)."""
    from workstation.clocks import rules

    return any(r.id == clock and r.start_kind == "event" and r.start_ref in SEIZED_KINDS for r in rules())


def party_of(event: ClockEvent) -> str:
    """The id of the party a reconsideration or litigation (or its outcome, a 催告书, the testing, seal-up or
    seizure of its goods or the extension of that seizure, a deferral of its payment, its hearing held) is that
    party's own, "" when it is the whole case's (and for every other kind)."""
    return (event.party_id or "") if names_party(event.kind, event.clock) else ""


def one_off(kind: str) -> bool:
    """Whether events of ``kind`` happen on one day (a decision received, a transfer, a publication): a single date,
    no end and no completion (``[one_off_events]`` of the vocabulary)."""
    return kind in labels("one_off_events")


def clock_event_errors(db: Database, event: ClockEvent, case: Case, *, for_command_line: bool = False,
                       restoring: bool = False) -> dict[str, str]:
    """Field errors of a clock event as the dialog shows them ({} when valid); ``for_command_line``, a remedy the
    window gives by its buttons is said by the command that takes it (`clocks correct`, `cases transition`).
    ``restoring``: an event removed being put back (``restore_clock_event``), checked as one recorded already is
    when changed — not refused for the case's stage, which it was recorded in — but against the events recorded
    since it was removed."""
    from workstation.clocks import EXTENSION, INTERVAL_KINDS, rule
    from workstation.validators import parse_date

    errors: dict[str, str] = {}
    if event.kind not in labels("clock_events"):
        errors["kind"] = _("Choose what happened.")
        return errors
    dates: dict[str, str | None] = {}
    for field in ("starts_on", "ends_on", "approved_on"):
        try:
            dates[field] = parse_date(getattr(event, field))
        except ValueError as exc:
            errors[field] = str(exc)
    start, end = dates.get("starts_on"), dates.get("ends_on")
    if not start and "starts_on" not in errors:
        errors["starts_on"] = _("Enter the date it began.")
    if start and end and end < start:
        errors["ends_on"] = _("It cannot end ({end}) before it begins ({start}).").format(end=end, start=start)
    elif start and end and end != start and one_off(event.kind):
        errors["ends_on"] = _("“{kind}” happens on one day, {start}: it takes no end date.").format(
            kind=shown_label("clock_events", event.kind), start=start)
    _ahead_of_today(event, dates, errors)
    if event.kind == EXTENSION:
        try:
            clock = rule(event.clock)
        except KeyError:
            clock = None
        if clock is None or not clock.extendable:
            errors["clock"] = _("Choose the time limit that is extended.")
        if not dates.get("approved_on") and "approved_on" not in errors:
            errors["approved_on"] = _("An extension needs the date it was approved.")
        if not event.approved_by.strip():
            errors["approved_by"] = _("Enter who approved the extension ({who}).").format(
                who=clock.extension_approval if clock else _("the approving head"))
        measure, problem = extension_measure(db, case, event, dates.get("approved_on"))
        if problem:
            errors["measure"] = problem
        elif measure is not None:  # its party is that of the measure it extends
            event = replace(event, measure_id=measure.id, party_id=measure.party_id)
        # which measure it extends asked first: what was granted is counted for that measure (``_same_extended``)
        recorded = _recorded_extension(db, case, event, clock) if clock is not None and clock.extension_once \
            and not problem else None
        if recorded is not None:
            # the window corrects it by its button, the command line by `clocks correct`
            once = _("{clock} was already extended once, by {days} (approved on {date} by {who}); the rules allow a "
                     "single extension of at most {limit} ({approval}). If it was recorded wrongly, correct it: "
                     "clocks correct {event} with --days, --approved-on or --approved-by as approved.") \
                if for_command_line else _(
                "{clock} was already extended once, by {days} (approved on {date} by {who}); the "
                "rules allow a single extension of at most {limit} ({approval}). If it was recorded "
                "wrongly, select it among the events and choose “Correct selected extension…”.")
            errors["days"] = once.format(
                clock=clock.id, days=clock.unit_text(recorded.days), date=recorded.approved_on or "—",
                who=recorded.approved_by or "—", limit=clock.unit_text(clock.extension_limit),
                approval=clock.extension_approval, event=recorded.id)
        elif event.days <= 0:
            errors["days"] = _("Enter by how many days the time limit is extended.")
        elif clock is not None and clock.extension_limit and not problem:
            field, beyond = _beyond_limit(db, case, event, clock, dates.get("approved_on"))
            if beyond and field not in errors:
                errors[field] = beyond
        if clock is not None and dates.get("approved_on") and "approved_on" not in errors:
            problem = _outside_clock(db, case, clock, dates["approved_on"], event.id, party_of(event),
                                     event.measure_id or "")
            if problem:
                errors["approved_on"] = problem
    if event.kind in END_REQUIRED and not end and "ends_on" not in errors:
        errors["ends_on"] = _("Enter the approved date until which payment is deferred.")
    elif event.kind in END_REQUIRED and end and "ends_on" not in errors:
        normal = payment_due_before_deferral(db, case, event)
        if normal and end <= normal:  # a deferral moves the last day to pay later, never earlier (Penalty Law art. 66)
            errors["ends_on"] = _("The date until which payment is deferred ({end}) is not after {due}, the last day "
                                  "of the fifteen days to pay (T8) without a deferral: a deferral ending on or before "
                                  "it would shorten the time to pay. Enter a day after {due}.").format(end=end, due=normal)
    if event.kind in APPROVAL_REQUIRED:  # Penalty Law art. 66: deferred or split with the agency's approval
        if not dates.get("approved_on") and "approved_on" not in errors:
            errors["approved_on"] = _("A deferral or payment in instalments needs the date it was approved.")
        elif start and dates.get("approved_on") and dates["approved_on"] < (case.decided_on or "") \
                and "approved_on" not in errors:
            errors["approved_on"] = _("It cannot be approved ({date}) before the penalty decision ({decided}).").format(
                date=dates["approved_on"], decided=case.decided_on)
        if not event.approved_by.strip():
            errors["approved_by"] = _("Enter who approved the deferral or payment in instalments (the agency's "
                                      "head, on the party's written application).")
    if event.kind in HEAD_STEPS and not event.approved_by.strip():  # transfer rules art. 5: the head decides
        errors["approved_by"] = _("Enter who approved the transfer (the head who approved the written transfer "
                                  "report, whom the 涉嫌犯罪案件移送书 prints as its approver).") \
            if event.kind == "transfer_approved" else _("Enter who refused the transfer (the head who decided on "
                                                         "the written transfer report).")
    earliest, what = _earliest(db, case, event)
    if start and earliest and start < earliest and "starts_on" not in errors:
        errors["starts_on"] = _("This cannot be dated before the {what} ({date}).").format(what=what, date=earliest)
    if event.kind in STEP_FOLLOWS and start and "starts_on" not in errors:
        # in this order, the first said: the step it follows not recorded, a second answer or decision refuse the
        # step whatever its day ("kind"); the others its day ("starts_on")
        for field, check in (("kind", _step_missing), ("starts_on", _police_order), ("kind", _second_answer),
                             ("kind", _recorded_once), ("starts_on", _decided_after_transfer),
                             ("starts_on", functools.partial(_report_with_police, for_command_line=for_command_line)),
                             ("starts_on", _after_transfer_ended)):
            out_of_order = check(db, case, event, start)
            if out_of_order and for_command_line and getattr(out_of_order, "event_id", ""):
                # their "remove it first": the command line's removal of the step recorded they name
                out_of_order = join_sentences([out_of_order, _(
                    "On the command line it is removed with {command}; then record this one.").format(
                    command=remove_command(out_of_order.event_id))])
            if out_of_order:
                errors[field] = errors.get(field) or out_of_order
                break
    elif event.kind == TRANSFER_REPORT and start and "starts_on" not in errors:
        with_police = _report_with_police(db, case, event, start, for_command_line) or _after_transfer_ended(
            db, case, event, start)
        if with_police:
            errors["starts_on"] = with_police
    if event.kind == "bureau_filing" and "starts_on" not in errors:
        filed = _filed_already(db, event, start, for_command_line=for_command_line)
        if filed:
            errors["starts_on"] = filed
    if event.kind == CHECK:
        _check_errors(db, event, case, start, errors, for_command_line=for_command_line)
    if event.kind == "publication" and case.procedure_kind == "simple":  # REFERENCE §1.9: ordinary procedure only
        errors["kind"] = _("A decision made on the spot under the simple procedure is not published (市场监督管理行政"
                           "处罚信息公示规定 art. 2): there is no publication to record in this case.")
    elif event.kind == "publication" and start and "starts_on" not in errors:
        from workstation.documents.publication import publication_event_refusal

        # what has no publication copy is not recorded as published either: a warning alone, a decision revoked
        # or declared unlawful on or before that day (信息公示规定 arts. 2, 11)
        unpublished = publication_event_refusal(db, case, start)
        if unpublished:
            errors["kind"] = unpublished
        elif not restoring and (unserved := _published_before_service(db, case, event, start, for_command_line)):
            errors["starts_on"] = unserved  # arts. 7–8: published once served on the party, told of it then
    if event.kind == EARLY_STOP:
        _early_stop_errors(db, case, event, start, dates.get("approved_on"), errors)
    elif event.kind == "publication_withdrawn" and not event.note.strip():
        errors["note"] = _("Note the reason for the withdrawal (市场监督管理行政处罚信息公示规定 art. 11: the "
                           "penalty information is withdrawn with its reason stated — the decision changed, revoked, "
                           "declared unlawful or invalid, and by what).")
    if event.kind in PUBLICATION_ENDS and start and "starts_on" not in errors and not db.execute(
            "SELECT 1 FROM clock_events WHERE case_id = ? AND kind = 'publication' AND starts_on <= ? AND id != ?",
            [case.id, start, event.id]).fetchone():
        errors["starts_on"] = _("No publication of the penalty information is recorded on or before {date}: record "
                                "the publication first, then the “{kind}”.").format(
            date=start, kind=shown_label("clock_events", event.kind))  # a withdrawal, or an early stop (art. 14)
    elif event.kind in PUBLICATION_ENDS and start and "starts_on" not in errors:
        withdrawn = _withdrawn_already(db, case, event, start) or (
            _early_stop_too_soon(db, case, event, start) if event.kind == EARLY_STOP else None)
        if withdrawn:
            errors["starts_on"] = withdrawn
    elif event.kind == "publication" and start and "starts_on" not in errors and not _stored_on(db, event, start):
        published = _published_already(db, case, event, start)
        if published:
            errors["starts_on"] = published
    stage = None if restoring or _recorded_as(db, event) else kind_refusal(db, case, event.kind, event.party_id)
    if stage and ("kind" not in errors or event.kind in STEP_FOLLOWS):  # the case's stage said before the order
        errors["kind"] = stage
    elif event.kind == "demand" and stage is None and start and "starts_on" not in errors:
        early = _demand_too_early(db, case, event, start) or _demand_before_service(db, case, event, start)
        if early:
            errors["starts_on"] = early
    elif event.kind in PARTY_KINDS and stage is None and start and "starts_on" not in errors:
        early = _before_service(db, case, event, start) or _beside_other_challenge(
            db, case, event, start, dates.get("ends_on"))
        if early:
            errors["starts_on"] = early
    elif event.kind in OUTCOMES and stage is None:
        _outcome_errors(db, case, event, start, errors)
    elif event.kind == "hearing_session" and stage is None and start and "starts_on" not in errors:
        wrong_day = _hearing_session_refusal(db, case, event, start)
        if wrong_day:
            errors["starts_on"] = wrong_day
    if event.kind in INVESTIGATION_KINDS and start and "starts_on" not in errors and not restoring \
            and not _recorded_as(db, event):
        late = _after_decision(db, case, event.kind, start)
        if late:
            errors["starts_on"] = late
    party = party_of(event)
    if party and party not in case.party_ids and party != _recorded_party(db, event.id):
        # (one recorded for a party since removed from the case can still be ended or changed: it is named so)
        errors["party"] = _("Choose one of the case's parties (or all of them).")
    if event.kind in INTERVAL_KINDS and start and not end and "starts_on" not in errors \
            and event.kind not in SEVERAL_AT_ONCE:
        # one party's reconsideration (or testing or seizure of its goods) may run beside another's; one of the
        # whole case runs beside none
        of_party = " AND (party_id IS NULL OR ? = '' OR party_id = ?)" if event.kind in RUN_PER_PARTY else ""
        other = db.execute("SELECT starts_on FROM clock_events WHERE case_id = ? AND kind = ? AND ends_on IS NULL "
                           f"AND id != ?{of_party}", [case.id, event.kind, event.id]
                           + ([party, party] if of_party else [])).fetchone()
        if other:
            errors["ends_on"] = _("A “{kind}” is already running since {date}: end it first.").format(
                kind=shown_label("clock_events", event.kind), date=other[0])
    if event.kind in INTERVAL_KINDS and start and not {"starts_on", "ends_on"} & errors.keys():
        overlap = _overlapping(db, case, event, start, end, party)
        if overlap:
            errors["starts_on"] = overlap
    if event.kind in STEP_ENDED and "ends_on" not in errors:
        step = _ended_by_step(db, case, event, end)
        if step:
            errors["ends_on"] = step
    if start and event.kind in once_a_day_kinds() and not {"kind", "starts_on"} & errors.keys():
        twice = _recorded_that_day(db, case, event, start, for_command_line)
        if twice:
            errors["starts_on"] = twice
    if "kind" in errors:  # what does not apply to the case is said before what is wrong with how it is filled in
        errors = {"kind": errors.pop("kind"), **errors}
    return errors


def remove_command(event_id: str) -> str:
    """The command line's removal of the clock event ``event_id`` recorded in error (`clocks remove`), as a refusal
    that asks for the removal names it."""
    return _("clocks remove {event} --reason TEXT").format(event=event_id)


class _Naming(str):
    """A refusal naming the clock event recorded it is refused beside (``event_id``): the command line adds how that
    one is removed (``remove_command``)."""

    event_id = ""


def _naming(text: str, event_id: str) -> str:
    refusal = _Naming(text)
    refusal.event_id = event_id
    return refusal


@functools.cache
def once_a_day_kinds() -> frozenset[str]:
    """The kinds of a single day (``clocks.POINT_KINDS``: a hearing held, a 催告书 served, a transfer report, a
    filing …) that a case, or a party of it, has once on one day: the same kind recorded again for the same party
    on the same day is that event recorded twice, which would count its time limits twice (``_recorded_that_day``).
    Not the outcomes of a reconsideration or lawsuit: each answers its own challenge (``_outcome_errors``)."""
    from workstation.clocks import POINT_KINDS

    return frozenset(kind for kind in POINT_KINDS if kind not in OUTCOMES)


def _recorded_that_day(db: Database, case: Case, event: ClockEvent, start: str, for_command_line: bool) -> str | None:
    """Why ``event`` of a kind recorded once a day (``once_a_day_kinds``) cannot be recorded on ``start``: one of its
    kind, for the same party (or the whole case), is recorded on that day already — the same event recorded twice,
    each record counting its time limits (a second T6 before one hearing, a second T15 for one 催告书). Named with
    what to do: correct or remove that one (the window's button, or ``for_command_line`` the command)."""
    party = party_of(event)
    row = db.execute("SELECT id FROM clock_events WHERE case_id = ? AND kind = ? AND starts_on = ? AND id != ? AND "
                     "COALESCE(party_id, '') = ? ORDER BY created_at LIMIT 1",
                     [case.id, event.kind, start, event.id, party]).fetchone()
    if row is None:
        return None
    recorded = get_clock_event(db, row[0])
    kind = _of_party(db, recorded, shown_label("clock_events", event.kind))
    if for_command_line:
        return _("“{kind}” is already recorded on {date} (event {event}): one event is recorded once, and recorded "
                 "twice its time limits would be counted twice. If that record is wrong, remove it with {command} "
                 "and record it again as it should be; if it is right, there is nothing more to record.").format(
            kind=kind, date=start, event=recorded.id, command=remove_command(recorded.id))
    return _("“{kind}” is already recorded on {date}: one event is recorded once, and recorded twice its time limits "
             "would be counted twice. If that record is wrong, select it among the events, choose “Remove "
             "selected…” with the reason and record it again as it should be; if it is right, there is nothing "
             "more to record.").format(kind=kind, date=start)


#: the kinds a document of the investigation records, by that document: the seal-up or seizure of its
#: 实施行政强制措施决定书, the preservation of its 先行登记保存证据通知书 (``_after_decision``)
INVESTIGATION_KINDS = {"seizure": "compulsory_measure_decision", "preservation": "preservation_notice"}


def _after_decision(db: Database, case: Case, kind: str, start: str) -> str | None:
    """A seizure or preservation (``INVESTIGATION_KINDS``) dated after the case's decision: its document is a step
    of the investigation, which ends before the decision, and is not issued after it
    (``stage_rules._investigation_state``: the same rule, told in the same words); one dated on or before the
    decision (recorded late) is recorded."""
    from workstation.documents.stage_rules import _investigation_state

    if not case.decided_on or start <= case.decided_on:
        return None
    return _investigation_state(db, case, INVESTIGATION_KINDS[kind])


#: the kinds of which several may run at once in a case: a seal-up or seizure, a preservation (先行登记保存) of other
#: goods decided beside the first, each with its own T14 or T13 counted from it (the clocks count one per event)
SEVERAL_AT_ONCE = ("seizure", "preservation")
#: the kinds whose periods may overlap: the measures above, and a deferral (the latest approved moves T8,
#: ``clocks._latest``)
OVERLAP_ALLOWED = (*SEVERAL_AT_ONCE, "deferral")
#: the running events the case's status stands for, with that status and the steps that end them (中止 until 恢复;
#: the hearing until it is concluded, withdrawn or the party absent: ``procedure.CLOCK_ACTIONS``)
STEP_ENDED = {"suspension": ("suspended", ("resume",)),
              "hearing": ("hearing", ("conclude_hearing", "withdraw_hearing", "hearing_absent"))}


def _overlapping(db: Database, case: Case, event: ClockEvent, start: str, end: str | None, party: str) -> str | None:
    """Why the period ``start`` to ``end`` (None: still running) of ``event`` cannot be recorded: it overlaps
    another of its kind (of the same party, or of the whole case) recorded already — a period is recorded once, its
    days not counted twice on the list. None when it overlaps none, or its kind may (``OVERLAP_ALLOWED``)."""
    if event.kind in OVERLAP_ALLOWED:
        return None
    of_party = " AND (party_id IS NULL OR ? = '' OR party_id = ?)" if event.kind in RUN_PER_PARTY else ""
    other = db.execute("SELECT starts_on, ends_on FROM clock_events WHERE case_id = ? AND kind = ? AND id != ? "
                       "AND ends_on IS NOT NULL AND starts_on <= ? AND ends_on >= ?" f"{of_party} ORDER BY starts_on "
                       "LIMIT 1", [case.id, event.kind, event.id, end or "9999-12-31", start]
                       + ([party, party] if of_party else [])).fetchone()
    if other is None:
        return None
    return _("This “{kind}” overlaps the one recorded from {start} to {end}: a period is recorded once. Correct "
             "that one (remove it with the reason and record it again), or record only the days it does not "
             "hold.").format(kind=shown_label("clock_events", event.kind), start=other[0], end=other[1])


def _ended_by_step(db: Database, case: Case, event: ClockEvent, end: str | None) -> str | None:
    """Why the running ``event`` (a suspension, a hearing: ``STEP_ENDED``) cannot be given the end ``end``: the
    case is still in the status it stands for, which the procedure's step ends with it; ended alone, the case would
    stay suspended (or at its hearing) with its clocks running again, and the step would then find nothing to end.
    None when the case has left that status, the event is not the running one recorded, or it is left running
    (its removal is refused alike, ``delete_clock_event``)."""
    status, steps = STEP_ENDED[event.kind]
    if not end or case.status != status or not db.execute(
            "SELECT 1 FROM clock_events WHERE id = ? AND kind = ? AND ends_on IS NULL", [event.id, event.kind]
    ).fetchone():
        return None
    return _("The case is {status}: its “{kind}” ends with the step {steps} (Procedure), which records its end with "
             "the case's status.").format(status=shown_label("statuses", status),
                                          kind=shown_label("clock_events", event.kind),
                                          steps="、".join(f"“{shown_label('transitions', step)}”" for step in steps))


def _check_errors(db: Database, event: ClockEvent, case: Case, start: str | None, errors: dict[str, str], *,
                  for_command_line: bool = False) -> None:
    """What is wrong with a re-inspection (复查) after a 责令改正通知书: the order it follows up (its ``clock``) must be
    one of the case's in force with a 改正期限 or 报送期限 and not re-inspected yet, the result (its ``days``) one of
    ``RESULTS``, and the day not before the order's own."""
    from workstation.rectification_checks import CORRECTED, RESULTS, order_in_force

    order = order_in_force(db, case.id, event.clock) if event.clock else None
    if order is None:
        errors["order"] = _("Choose the 责令改正通知书 that was re-inspected (an issued one, neither void nor "
                            "corrected, with a correction or report deadline).")
    elif order[1] and order[1].split("|", 2)[2] != event.id and for_command_line:
        errors["order"] = _("The re-inspection of this 责令改正通知书 was already recorded on {date}: remove that "
                            "record first ({command}) if it was wrong.").format(
            date=order[1].split("|")[0], command=remove_command(order[1].split("|", 2)[2]))
    elif order[1] and order[1].split("|", 2)[2] != event.id:
        errors["order"] = _("The re-inspection of this 责令改正通知书 was already recorded on {date}: remove that "
                            "record first (Remove selected…) if it was wrong.").format(date=order[1].split("|")[0])
    elif start and order[0] and start < order[0] and "starts_on" not in errors:
        errors["starts_on"] = _("The re-inspection cannot be dated before the 责令改正通知书 ({date}).").format(
            date=order[0])
    if event.days not in RESULTS:
        errors["result"] = _("Choose the result of the re-inspection.")
    elif order is not None and event.days != CORRECTED and start and order[2] and start <= str(order[2])[:10] \
            and "starts_on" not in errors:
        # the party has the whole of its 改正期限 to correct — one on a rest day runs to the next working day
        # (``order_in_force``) —: nothing is found uncorrected before it is over
        if order[3] and order[3] != order[2]:
            errors["result"] = _("The 改正期限 {typed} of the 责令改正通知书 is a rest day: it runs to the next working "
                                 "day, {due}, and on {on} the party still has time, so the re-inspection cannot find "
                                 "it uncorrected or corrected in part. Record the re-inspection after {due}, or as "
                                 "corrected if it is.").format(typed=order[3], due=str(order[2])[:10], on=start)
        else:
            errors["result"] = _("The 责令改正通知书 gives the party until {due} to correct: on {on} it still has time, "
                                 "so the re-inspection cannot find it uncorrected or corrected in part. Record the "
                                 "re-inspection after {due}, or as corrected if it is.").format(
                due=str(order[2])[:10], on=start)


# the kinds that follow a stage of the case (REFERENCE §1.1, §1.2): those of a penalty decision, of a hearing the
# party asked for, of a decision made on the spot; every other kind may be recorded in any stage of the case
AFTER_DECISION = ("reconsideration", "litigation", "demand", "deferral", "publication", "publication_withdrawn",
                  EARLY_STOP)
AFTER_HEARING_REQUEST = ("hearing", "hearing_session")
AFTER_SPOT_DECISION = ("bureau_filing",)


def challenges(db: Database, case: Case) -> list[ClockEvent]:
    """The case's reconsiderations and lawsuits against the penalty decision, in the order they began."""
    return [event for event in clock_events_of(db, case.id) if event.kind in PARTY_KINDS]


def _awaiting(db: Database, case: Case, event: ClockEvent, start: str) -> list[ClockEvent]:
    """The reconsiderations and lawsuits of the case begun on or before ``start`` that no outcome but ``event``
    answers yet."""
    decided = {row[0] for row in db.execute(
        f"SELECT clock FROM clock_events WHERE case_id = ? AND kind IN ({', '.join('?' * len(OUTCOMES))}) AND id != ?",
        [case.id, *OUTCOMES, event.id])}
    return [c for c in challenges(db, case) if c.starts_on <= start and c.id not in decided]


def answered_challenge(db: Database, case: Case, event: ClockEvent, start: str) -> ClockEvent | None:
    """The reconsideration or lawsuit the outcome ``event`` dated ``start`` decides: the one it was recorded for, else
    of its party (the whole case's when it names none; naming none where no challenge of the whole case awaits its
    outcome, the only one of a party that does), begun on or before that day and without an outcome yet — the one
    still pending first, else the latest; None when there is none."""
    if event.clock:
        recorded = [c for c in challenges(db, case) if c.id == event.clock]
        if recorded:
            return recorded[0]
    party = party_of(event)
    awaiting = _awaiting(db, case, event, start)
    own_kind = OUTCOME_OF.get(event.kind)
    if own_kind and any(c.kind == own_kind for c in awaiting):  # 不予受理 a reconsideration, 驳回起诉 a lawsuit
        awaiting = [c for c in awaiting if c.kind == own_kind]
    open_ones = [c for c in awaiting if (c.party_id or "") == party]
    if not open_ones and not party and len(awaiting) == 1:
        open_ones = awaiting
    pending = [c for c in open_ones if c.ends_on is None]
    return (pending or open_ones or [None])[-1]


def _both_pending(db: Database, case: Case, event: ClockEvent, start: str) -> str | None:
    """Why the outcome ``event`` dated ``start`` cannot be matched to its challenge: it is one either kind has, and both
    a reconsideration and a lawsuit of its party await an outcome, pending (recorded beside each other before that
    was refused, ``_beside_other_challenge``) — which one it decides is not guessed. None otherwise."""
    if event.kind in OUTCOME_OF or event.clock:
        return None
    party = party_of(event)
    pending = [c for c in _awaiting(db, case, event, start) if c.ends_on is None and (c.party_id or "") == party]
    if len({c.kind for c in pending}) < 2:
        return None
    first, second = (_("“{kind}” since {date}").format(kind=shown_label("clock_events", c.kind), date=c.starts_on)
                     for c in (next(c for c in pending if c.kind == kind) for kind in PARTY_KINDS))
    return _("{challenges} are both pending: a lawsuit is not brought while the reconsideration is pending (《行政复议法》 "
             "art. 29), so one of them was recorded wrongly, and which one this outcome decides cannot be told. "
             "Remove the one recorded wrongly (with the reason), then record the outcome.").format(
        challenges=_("{first} and {second}").format(first=first, second=second))


def _outcome_errors(db: Database, case: Case, event: ClockEvent, start: str | None, errors: dict[str, str]) -> None:
    """What is wrong with the outcome of a reconsideration or lawsuit: no challenge of its party begun by its day
    awaits one, or the 文号 of the decision or judgment is missing."""
    if not event.approved_by.strip():
        errors["approved_by"] = _("Enter the number (文号 or 案号) of the reconsideration decision or of the court's "
                                  "judgment or ruling.")
    if (event.days or event.no_fine) and event.kind != CHANGED:
        errors["days"] = _("Only a decision changed (变更) on reconsideration or in court carries a changed fine.")
    elif event.days and event.no_fine:
        errors["days"] = _("A fine changed to no fine at all has no amount.")
    if not start or "starts_on" in errors:
        return
    both = _both_pending(db, case, event, start)
    if both:
        errors["kind"] = both
        return
    challenge = answered_challenge(db, case, event, start)
    if challenge is not None and OUTCOME_OF.get(event.kind, challenge.kind) != challenge.kind:
        errors["kind"] = _("“{outcome}” answers a “{kind}”; the challenge it would answer is a “{other}”: choose "
                           "another outcome.").format(outcome=shown_label("clock_events", event.kind),
                                                      kind=shown_label("clock_events", OUTCOME_OF[event.kind]),
                                                      other=shown_label("clock_events", challenge.kind))
    elif challenge is None:
        errors["starts_on"] = _("No reconsideration or lawsuit {of} begun on or before {date} awaits its outcome: "
                                "record “{reconsideration}” or “{litigation}” (the day the party applied or sued) "
                                "first, then its outcome.").format(
            of=_("of {party}").format(party=_party_name(db, party_of(event))) if party_of(event)
            else _("of the whole case"), date=start,
            reconsideration=shown_label("clock_events", "reconsideration"),
            litigation=shown_label("clock_events", "litigation"))
    elif (event.days or event.no_fine) and not challenge.party_id and _decided_per_party(db, case):
        # the fine changed is one party's: the whole case's challenge names none (the one of a party names it)
        errors["party"] = _("The parties have decisions of their own: record the change on the challenge of the "
                            "party whose fine was changed.")
    elif event.days and "days" not in errors:
        raised = _raised_fine(db, case, event, challenge)
        if raised:
            errors["fine"] = raised


def _raised_fine(db: Database, case: Case, event: ClockEvent, challenge: ClockEvent) -> str | None:
    """Why the fine as changed (``event.days``) cannot be recorded: it is above the fine decided (the party's own
    decision in force, else the fine the case records). A change may not be worse for the party: the reconsideration
    body may not aggravate the decision (行政复议法 art. 63 para. 2), nor the court increase the penalty (行政诉讼法
    art. 77 para. 2). None when it is not above, or when neither a decision here nor the case gives the fine (a
    decision on paper whose fine was never typed: nothing to compare with)."""
    from workstation.money import figures
    from workstation.payments import decided_amounts
    from workstation.penalty_terms import decisions_in_force

    amounts = decided_amounts(db, case, challenge.party_id)
    fine = amounts[0] if amounts is not None else case.fine_fen
    if event.days <= fine or (not fine and not decisions_in_force(db, case)):
        return None
    return _("The fine as changed, {changed}, is above the fine decided, {fine}: a change on reconsideration may not "
             "be worse for the party who applied (行政复议法 art. 63 para. 2), and a court may not increase the "
             "penalty (行政诉讼法 art. 77 para. 2). Give the fine written in the reconsideration decision or "
             "judgment.").format(changed=figures(event.days), fine=figures(fine))


def _decided_per_party(db: Database, case: Case) -> bool:
    """Whether the case has more than one 行政处罚决定书 in force (one per party): a changed fine is then one party's."""
    from workstation.penalty_terms import decisions_in_force

    return len(decisions_in_force(db, case)) > 1


def _party_name(db: Database, party_id: str) -> str:
    row = db.execute("SELECT name FROM parties WHERE id = ?", [party_id]).fetchone()
    return row[0] if row else party_id


def changed_fen(event: ClockEvent) -> int | None:
    """The fine in fen the outcome ``event`` (``CHANGED``) says the decision was changed to: 0 for no fine at all,
    None when it says none."""
    return 0 if event.no_fine else event.days or None


def outcome_text(event: ClockEvent, db: Database | None = None) -> str:
    """What the timeline says of the outcome of a reconsideration or lawsuit: which decided it (given ``db``), what it
    decided and the number of its decision, 「行政复议决定：撤销原处罚决定（南府行复〔2026〕12号）」."""
    kind = None
    if db is not None and event.clock:
        row = db.execute("SELECT kind FROM clock_events WHERE id = ?", [event.clock]).fetchone()
        kind = row[0] if row else None
    body = {"reconsideration": _("Reconsideration decision"), "litigation": _("Court judgment or ruling")}.get(
        kind or "", _("Reconsideration or lawsuit"))
    party = party_of(event)
    if db is not None and party:
        body = _("{what} of {party}").format(what=body, party=_party_name(db, party))
    text = _("{body}: {outcome}").format(body=body, outcome=shown_label("one_off_events", event.kind))
    if event.kind == CHANGED and event.no_fine:
        text = _("{text}, changed to no fine").format(text=text)
    elif event.kind == CHANGED and event.days:  # the fine as changed
        from workstation.money import figures

        text = _("{text}, fine changed to {amount}").format(text=text, amount=figures(event.days))
    return _("{text} ({number})").format(text=text, number=event.approved_by) if event.approved_by else text
# the re-inspection (复查) after a 责令改正通知书 (``rectification_checks.CHECK``)
CHECK = "rectification_check"


def kind_refusal(db: Database, case: Case, kind: str, party_id: str | None = None) -> str | None:
    """Why an event of ``kind`` cannot be recorded in the case at its stage (None when it can): a challenge, a
    demand to perform, a deferral of the fine and the publication of the penalty follow a penalty decision; a
    hearing follows the party's request for one; the filing (备案) with the bureau follows a decision made on the
    spot, and the hand-over of its fine to the agency (T32) one that collected the fine there. A demand to perform (催告书) follows moreover the service of the decision and the end of the time to pay
    (T8) unpaid (Administrative Compulsion Law art. 54; ``demand_from``: of the party ``party_id``, else of any
    party). The dialog offers a kind refused here disabled, with this as its tooltip."""
    what = shown_label("clock_events", kind)
    from workstation.clocks import DECIDED_STATUSES  # decided or closed: its time to decide (T2) is over

    if kind == "suspension" and case.status in DECIDED_STATUSES:
        # 中止 pauses the time to decide the case (T2, REFERENCE §1.2): there is none once it is decided or closed
        return _("The case is {status}: a “{kind}” pauses the investigation and the time to decide the case (T2), so "
                 "it is recorded only before the case is decided or closed.").format(
            status=shown_label("statuses", case.status), kind=what)
    if kind == "suspension" and not (case.status == "suspended" and open_event(db, case.id, kind) is None):
        # the step 中止 records it with the case's status (``procedure.CLOCK_ACTIONS``): one recorded here alone
        # would stop T2 while the case stays under investigation, and no 恢复 would end it
        running = open_event(db, case.id, kind) if case.status == "suspended" else None
        if running is not None:
            return _("The case is suspended since {date}: its “{kind}” is recorded already and ends with the step "
                     "“{resume}”.").format(date=running.starts_on, kind=what,
                                          resume=shown_label("transitions", "resume"))
        return _("A “{kind}” is recorded by the step “{suspend}”, which suspends the case with it, and ended by the "
                 "step “{resume}”: take those steps instead of recording it here.").format(
            kind=what, suspend=shown_label("transitions", "suspend"), resume=shown_label("transitions", "resume"))
    if kind in PARTY_KINDS and not penalty_decided(db, case) and not decided_not_to_penalise(db, case):
        # a decision not to penalise is challenged as a penalty decision is (the remedies its 决定书 prints)
        reason = _("a “{kind}” challenges the decision, a 行政处罚决定书 or a 不予行政处罚决定书, so it is recorded only "
                   "after “{decide}” or “{spare}” (the periods to challenge count from the service of the decision: "
                   "《行政复议法》 art. 20, 《行政诉讼法》 art. 46)").format(
            kind=what, decide=shown_label("transitions", "decide_penalty"),
            spare=shown_label("transitions", "decide_no_penalty"))
        return _("No 行政处罚决定书 has been made in this case: {reason}.").format(reason=reason)
    if kind in AFTER_DECISION and kind not in PARTY_KINDS and not penalty_decided(db, case):
        decide = shown_label("transitions", "decide_penalty")
        reason = {
            "demand": _("a “{kind}” demands that the party perform a penalty decision it has not performed, so it is "
                        "recorded only after “{decide}” (Administrative Compulsion Law art. 54)"),
            "deferral": _("a “{kind}” defers or splits the payment of a fine decided, so it is recorded only after "
                          "“{decide}” (Penalty Law art. 66)"),
            "publication": _("a “{kind}” publishes the penalty decision, so it is recorded only after “{decide}” "
                             "(市场监督管理行政处罚信息公示规定 art. 9)"),
            "publication_withdrawn": _("a “{kind}” withdraws a published penalty decision, so it is recorded only "
                                       "after “{decide}” and its publication (市场监督管理行政处罚信息公示规定 art. 11)"),
            EARLY_STOP: _("a “{kind}” ends a published penalty decision's publication early, so it is recorded only "
                          "after “{decide}” and its publication (市场监督管理行政处罚信息公示规定 art. 14)"),
        }[kind].format(kind=what, decide=decide)
        return _("No 行政处罚决定书 has been made in this case: {reason}.").format(reason=reason)
    if kind in OUTCOMES and not challenges(db, case):
        return _("No reconsideration or lawsuit against the penalty decision is recorded in this case: record "
                 "“{reconsideration}” or “{litigation}” (the day the party applied or sued) first, then its outcome "
                 "“{kind}”.").format(reconsideration=shown_label("clock_events", "reconsideration"),
                                     litigation=shown_label("clock_events", "litigation"), kind=what)
    if kind in ("demand", "deferral") and (revoked := annulled_by(db, case, party_id)) is not None:
        from workstation.clocks import VOID

        if revoked.kind == VOID:
            return _("The penalty decision was declared void on {date} ({number}): it never had legal effect, so "
                     "there is no “{kind}” to record.").format(date=revoked.starts_on, number=revoked.approved_by,
                                                              kind=what)
        return _("The penalty decision was revoked on {date} ({number}): it is no longer executed, so there is no "
                 "“{kind}” to record.").format(date=revoked.starts_on, number=revoked.approved_by, kind=what)
    if kind in ("demand", "deferral") and (changed := changed_to_nothing(db, case, party_id)) is not None:
        return _("The penalty decision was changed on {date} ({number}) to no fine, and it confiscates nothing: "
                 "nothing is left to pay, so there is no “{kind}” to record.").format(
            date=changed.starts_on, number=changed.approved_by, kind=what)
    if kind == "demand":
        if settled := _demand_of_nothing_owed(db, case, party_id):  # paid all, T8 met by it: said with the amounts
            return settled
        from workstation.clocks import case_clocks

        deadlines = case_clocks(db, case)  # counted once: the day a demand may be served, the period deferred
        first, why = _demand_from(case, party_id, deadlines)
        if why:
            return why
        if first and first > today():
            from workstation.payments import payment_period, with_missed_instalment

            # an instalment of a 分期缴纳罚款通知书 missed meanwhile is said: the notice told the party otherwise
            return with_missed_instalment(db, case, payment_period(db, case, party_id, deadlines), today(), party_id, _(
                "The time to pay the fine ({t8}) has not run yet: a “{kind}” demands the performance of a decision "
                "the party did not perform within its time limit, so it is recorded only from {first} "
                "(Administrative Compulsion Law art. 54).").format(t8="T8", kind=what, first=first))
    if kind in AFTER_HEARING_REQUEST and not hearing_requested(db, case):
        return _("The party has not requested a hearing in this case: a “{kind}” is held at the party's request, so it "
                 "is recorded only after “{request}” (Penalty Law art. 64).").format(
            kind=what, request=shown_label("transitions", "request_hearing"))
    if kind == CHECK:
        from workstation.rectification_checks import orders_to_check

        if not orders_to_check(db, case.id):
            return _("No 责令改正通知书 with a correction or report deadline awaits its re-inspection in this case: "
                     "a “{kind}” follows up such an order, so issue the order first (or a re-inspection of each "
                     "order is recorded already).").format(kind=what)
    if kind in AFTER_SPOT_DECISION and not (case.procedure_kind == "simple" and penalty_decided(db, case)):
        return _("No decision was made on the spot under the simple procedure in this case: “{kind}” files such a "
                 "decision with the bureau, so it is recorded only after “{decide}” (Penalty Law art. 52).").format(
            kind=what, decide=shown_label("transitions", "decide_on_the_spot"))
    from workstation.on_the_spot_payment import BANKED, HANDED_OVER, fine_collected

    if kind in (HANDED_OVER, BANKED) and not (case.procedure_kind == "simple" and penalty_decided(db, case)
                                              and fine_collected(db, case)):
        return _("No fine was collected on the spot in this case: “{kind}” hands such a fine to the agency, so it is "
                 "recorded only after “{decide}” with a 当场行政处罚决定书 that collected it (Penalty Law art. 71)."
                 ).format(kind=what, decide=shown_label("transitions", "decide_on_the_spot"))
    refusal = _transfer_step_refusal(db, case, kind)
    if refusal:
        return refusal
    if kind == BANKED and _handed_over_on(db, case) is None:
        return _("The fine collected on the spot has not been handed to the agency: “{kind}” pays the money handed "
                 "over into the designated bank, so record “{handed}” first (Penalty Law art. 71).").format(
            kind=what, handed=shown_label("clock_events", HANDED_OVER))
    return None


def _transfer_states() -> tuple[str, ...]:
    """The states a case may be transferred to the police from (``procedure``'s “transfer_to_police” sources), and
    the state of a case with them."""
    from workstation.procedure import BY_NAME

    return (*BY_NAME["transfer_to_police"].sources, "transferred_police")


def transfer_ended_on(db: Database, case: Case) -> str | None:
    """The day a case no longer in the states it may be transferred from (``_transfer_states``) left them —
    terminated, closed …: the day of its latest step from one of them to another state; a filed case closed without
    its steps recorded (imported), its closing day. None while it is in them, or when it never was (awaiting filing,
    or its filing declined)."""
    states = _transfer_states()
    if case.status in states:
        return None
    marks = ", ".join("?" for _state in states)
    day = db.execute(f"SELECT MAX(COALESCE(on_date, substr(at, 1, 10))) FROM case_events WHERE case_id = ? AND "
                     f"kind = 'transition' AND from_status IN ({marks}) AND to_status NOT IN ({marks})",
                     [case.id, *states, *states]).fetchone()[0]
    if day:
        return day
    return case.closed_on if case.filed_on and case.status in ("closed", "archived") else None


def _transfer_step_refusal(db: Database, case: Case, kind: str) -> str | None:
    """Why the transfer report or the head's approval (``TOWARDS_TRANSFER``) cannot be recorded: in a case without
    the two certified officers who write the report (``procedure.transfer_officers_refusal``, as the transfer and
    its 移送书 are refused), or in one never in a state it may be transferred from: one awaiting filing (filed
    first), one whose filing was declined."""
    if kind in TOWARDS_TRANSFER:
        from workstation.procedure import transfer_officers_refusal

        refusal = transfer_officers_refusal(db, case)
        if refusal:
            return refusal
    if kind not in TOWARDS_TRANSFER or case.status in _transfer_states() or transfer_ended_on(db, case):
        return None
    status, what = shown_label("statuses", case.status), shown_label("clock_events", kind)
    transfer = shown_label("transitions", "transfer_to_police")
    if case.status == "pending_filing":
        return _("The case is “{status}”: “{kind}” leads to the case's transfer to the police (“{transfer}”), which "
                 "is taken once the case is filed and investigated (transfer rules art. 3): file it first "
                 "(“{file}”).").format(status=status, kind=what, transfer=transfer,
                                      file=shown_label("transitions", "file"))
    return _("The case is “{status}”: “{kind}” leads to the case's transfer to the police (“{transfer}”), which is "
             "taken from a filed case under investigation or decided, and this case's handling is over. Register the "
             "facts suggesting a crime as a new lead and refer it to the police, or file a new case on them and "
             "transfer that.").format(status=status, kind=what, transfer=transfer)


def _after_transfer_ended(db: Database, case: Case, event: ClockEvent, start: str) -> str | None:
    """Why the transfer report or the head's approval (``TOWARDS_TRANSFER``) dated ``start`` cannot be recorded: the
    case's handling ended before that day (``transfer_ended_on``), and no transfer follows it; one made by then is
    recorded late. None when it may be."""
    if event.kind not in TOWARDS_TRANSFER:
        return None
    ended = transfer_ended_on(db, case)
    if ended is None or start <= ended:
        return None
    return _("The case's handling ended on {date} (it is now “{status}”): “{kind}” dated {start} leads to no transfer "
             "to the police, which is taken from a filed case under investigation or decided. Only one made by "
             "{date} is recorded, late; for facts suggesting a crime found since, register a new lead and refer it "
             "to the police, or file a new case on them and transfer that.").format(
        date=ended, status=shown_label("statuses", case.status), kind=shown_label("clock_events", event.kind),
        start=start)


def _handed_over_on(db: Database, case: Case) -> str | None:
    """The day the fine collected on the spot was (last) handed to the agency (T32 met), None while it was not."""
    from workstation.on_the_spot_payment import HANDED_OVER

    row = db.execute("SELECT MAX(starts_on) FROM clock_events WHERE case_id = ? AND kind = ?",
                     [case.id, HANDED_OVER]).fetchone()
    return row[0] if row else None


def annulled_by(db: Database, case: Case, party_id: str | None = None, decided_on: str | None = None
                ) -> ClockEvent | None:
    """The outcome of a reconsideration or lawsuit that revoked the decision in force or declared it void
    (``clocks.ANNULLING``: 撤销, 撤销并责令重新作出, 确认无效), recorded on or after the case's decision date, or
    ``decided_on``: one decision's own, of the whole case or of the party ``party_id``: nothing is owed or enforced
    under that decision (行政复议法 arts. 64, 67; 行政诉讼法 art. 75); None when none did. An outcome of the party's
    own challenge dated before the party's decision in force (a new decision made for it alone after an order to
    decide anew, ``procedure.party_redo_orders``) annulled the revoked one, not that one."""
    from workstation.clocks import ANNULLING
    from workstation.penalty_terms import own_decision_days

    since = (case.decided_on if decided_on is None else decided_on) or ""
    own = None  # {party id: the 决定日期 of its 行政处罚决定书 in force}, read at the first outcome naming a party
    for event in clock_events_of(db, case.id):
        if event.kind in ANNULLING and event.starts_on >= since \
                and (not event.party_id or event.party_id == party_id):
            if event.party_id and decided_on is None:
                own = own_decision_days(db, case) if own is None else own
                if event.starts_on < own.get(event.party_id, ""):
                    continue
            return event
    return None


def redo_orders(db: Database, case: Case) -> list[ClockEvent]:
    """The case's orders to decide anew (撤销并责令重新作出, ``challenge_redo``) with their day, in order."""
    return [event for event in clock_events_of(db, case.id) if event.kind == "challenge_redo" and event.starts_on]


def orders_since(db: Database, case: Case, day: str | None, party_ids: tuple[str | None, ...] | None = None,
                 orders: list[ClockEvent] | None = None) -> list[ClockEvent]:
    """The orders to decide anew (撤销并责令重新作出, ``challenge_redo``) recorded on or after ``day`` ("" or None: any),
    in order, of the whole case or concerning one of the parties ``party_ids`` (None: any party, as in a case with
    one party; ``(None,)``: the whole case's only). ``orders``: the case's ``redo_orders`` when already read. What
    ``redone_since`` and ``latest_order_since`` read."""
    return [event for event in (redo_orders(db, case) if orders is None else orders)
            if event.starts_on >= (day or "")
            and (party_ids is None or not event.party_id or event.party_id in party_ids)]


def latest_order_since(db: Database, case: Case, day: str, party_ids: tuple[str | None, ...] | None = None
                       ) -> ClockEvent | None:
    """The latest order to decide anew (``orders_since``) recorded on or after ``day``, of the whole case or
    concerning one of the parties ``party_ids`` (None: any party, as in a case with one party); None when there is
    none. A decision dated ``day`` would be the one it revoked, so the new one is dated after it
    (``procedure.after_order_refusal``, ``stage_rules._decision_before_order``)."""
    orders = orders_since(db, case, day, party_ids)
    return max(orders, key=lambda event: event.starts_on) if orders else None


def redone_since(db: Database, case: Case, day: str | None, party_id: str | None = None,
                 orders: list[ClockEvent] | None = None) -> ClockEvent | None:
    """The first order to decide anew (``orders_since``) of the whole case or of the party ``party_id`` recorded on
    or after ``day`` ("" or None: any), None when there is none: a decision dated ``day`` is revoked by it (as
    ``annulled_by`` reads it), and a notice, its service or a decision's service of that day belong to the revoked
    decision's round — they stand in the way of no new notice, decision or service. ``orders``: the case's
    ``redo_orders`` when already read."""
    found = orders_since(db, case, day, (party_id,), orders)
    return found[0] if found else None


def unpublished_by(db: Database, case: Case, party_id: str | None = None, decided_on: str | None = None,
                   on: str | None = None) -> ClockEvent | None:
    """The outcome of a reconsideration or lawsuit after which the decision is withdrawn from publication and not
    published (信息公示规定 art. 11): one that revoked it (``clocks.REVOKING``) or declared it unlawful or void, recorded on or
    after the case's decision date (or ``decided_on``: one decision's own; a decision made again after it is
    published) and on or before ``on`` when given, of the whole case or of the party ``party_id``; the first, None
    when none."""
    since = (case.decided_on if decided_on is None else decided_on) or ""
    for event in clock_events_of(db, case.id):
        if event.kind in UNPUBLISHED and since <= event.starts_on and (on is None or event.starts_on <= on) \
                and (not event.party_id or event.party_id == party_id):
            return event
    return None


def fine_changes(db: Database, case: Case, party_id: str | None = None) -> list[ClockEvent]:
    """The outcomes of a reconsideration or lawsuit (of the whole case or of the party ``party_id``) that changed the
    fine of the decision (变更 saying a fine, or no fine), recorded on or after the decision, in the order of their
    days: the latest stands (``penalty_terms.changed_fine``)."""
    since = case.decided_on or ""
    return [e for e in clock_events_of(db, case.id) if e.kind == CHANGED and (e.days or e.no_fine)
            and e.starts_on >= since and (not e.party_id or e.party_id == party_id)]


def changed_to_nothing(db: Database, case: Case, party_id: str | None = None,
                       on: str | None = None) -> ClockEvent | None:
    """The outcome of a reconsideration or lawsuit (of the whole case or of the party ``party_id``) that changed the
    decision in force to no fine (``no_fine``: the latest change recorded on or after the decision that says a fine,
    and on or before ``on`` when given), where that decision confiscates nothing either: nothing is left to pay.
    None otherwise."""
    changes = [e for e in fine_changes(db, case, party_id) if on is None or e.starts_on <= on]
    if not changes or not changes[-1].no_fine:
        return None
    from workstation.payments import party_amounts

    amounts = party_amounts(db, case, party_id, on)
    return changes[-1] if amounts is not None and not any(amounts) else None


def demand_from(db: Database, case: Case, party_id: str | None = None) -> tuple[str | None, str]:
    """(the first day a demand to perform may be served, "") or (None, why none may be): the day after the time to
    pay the fine (T8, as the case's clocks count it, deferral included) ran out unpaid — of the party ``party_id``
    when given, else the earliest of any party that has not paid (行政强制法 art. 54: the 催告 follows the party's
    failure to perform within the time limit)."""
    from workstation.clocks import case_clocks

    return _demand_from(case, party_id, case_clocks(db, case))


def _demand_from(case: Case, party_id: str | None, deadlines: list) -> tuple[str | None, str]:
    """``demand_from`` of the case's clocks ``deadlines`` (``clocks.case_clocks``)."""
    from workstation.clocks import as_counted

    # paid in instalments: to the last instalment's day, as the 催告书 still counts it (``clocks.as_counted``)
    payments = [as_counted(d) for d in deadlines if d.clock == "T8"
                and (not party_id or d.party_id in (None, party_id))]
    kind = shown_label("clock_events", "demand")
    inapplicable = next((d for d in payments if d.state == "not_applicable"), None)
    unpaid = [d for d in payments if d.state not in ("met", "late", "ended", "not_applicable")]
    counted = [d for d in unpaid if d.due_ord is not None]
    if counted:
        return dt.date.fromordinal(min(d.due_ord for d in counted) + 1).isoformat(), ""
    if unpaid or (not payments and case.status == "penalty_decided"):
        return None, _("The 行政处罚决定书 has not been served{on}: a “{kind}” demands the performance of a decision "
                       "the party did not perform within its time limit, so it is recorded only after the decision "
                       "was served and the 15 days to pay the fine (T8) have run unpaid (Administrative Compulsion "
                       "Law art. 54). Record “{serve}” first.").format(
            on=_(" on {party}").format(party=unpaid[0].party) if len(unpaid) == 1 and unpaid[0].party else "",
            kind=kind, serve=shown_label("transitions", "serve_decision"))
    if inapplicable is not None and not unpaid and len(payments) == 1:
        why = next((item[1] for item in inapplicable.detail if item[0] == "not_applicable"), "")
        return None, _("There is no fine to pay in this case, so no “{kind}” to serve: {why}").format(kind=kind,
                                                                                                     why=why)
    return None, _("No party has a fine left unpaid after its time to pay (T8): there is no decision to demand the "
                   "performance of with a “{kind}” (Administrative Compulsion Law art. 54).").format(kind=kind)


def hearing_requested(db: Database, case: Case) -> bool:
    """Whether a party asked for a hearing: the step 当事人申请听证 is recorded, or — for a case recorded without its
    steps (imported from a register) — the case is at its hearing."""
    if db.execute("SELECT 1 FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = 'hearing' "
                  "LIMIT 1", [case.id]).fetchone():
        return True
    return case.status == "hearing"


def _demand_too_early(db: Database, case: Case, event: ClockEvent, start: str) -> str | None:
    """Why a demand to perform dated ``start`` is dated too early (before the time to pay ran out unpaid,
    ``demand_from``), None when it is not; a demand already recorded on that day is left as it is."""
    if _stored_on(db, event, start):
        return None
    if settled := _demand_of_nothing_owed(db, case, event.party_id):
        return settled
    first, why = demand_from(db, case, event.party_id)
    if why:
        return why
    deferred = deferred_on(db, case, start, event.party_id)
    if deferred is not None:
        return deferred.refusal(start, first)
    if first and start < first:
        return _("A “{kind}” can be dated only from {first}, once the time to pay the fine (T8) has run unpaid "
                 "(Administrative Compulsion Law art. 54): {date} is too early.").format(
            kind=shown_label("clock_events", "demand"), first=first, date=start)
    return None


def _demand_of_nothing_owed(db: Database, case: Case, party_id: str | None) -> str | None:
    """Why no demand to perform is recorded: the payments recorded (of the party ``party_id``, else of every party)
    reach what the decision as it now stands asks (``payments.balance``: a fine lowered by a reconsideration or
    lawsuit to what was paid, or below). A 催告 demands a decision the party did not perform (行政强制法 art. 54):
    nothing owed, nothing is demanded, and what was paid above is refunded. None when money is owed."""
    from workstation.money import figures
    from workstation.payments import balance
    from workstation.store import get_party

    several = len(case.party_ids) > 1
    who = [party_id] if party_id else (case.party_ids if several else [None])
    found = [(pid, balance(db, case, pid)) for pid in who]
    if any(paid is None or paid.left_fen or paid.unstated for _pid, paid in found):
        return None
    said = _("; ").join(
        _("{party} paid {paid} in all, and the decision as it now stands asks {owed}").format(
            party=get_party(db, pid).name if pid and several else _("The party"), paid=figures(paid.paid_fen),
            owed=figures(paid.owed_fen))
        + (_(" ({over} to be refunded to it)").format(over=figures(paid.over_fen)) if paid.over_fen else "")
        for pid, paid in found)
    return _("{said}: nothing is owed, so there is no decision left unperformed to demand with a “{kind}” "
             "(Administrative Compulsion Law art. 54), nor to enforce. Close the case instead.").format(
        said=said, kind=shown_label("clock_events", "demand"))


def _demand_before_service(db: Database, case: Case, event: ClockEvent, start: str) -> str | None:
    """Why a demand to perform dated ``start`` is refused: the 催告书 it records (``document_clocks.demand_services``)
    was served later, on the day its 送达回证 or 送达公告 gives, and T15 counts from that service (行政强制法 art. 54),
    not from the day it was signed. None when it is not (no such 催告书, its service not recorded: warned of by
    ``unserved_demand``); a demand already recorded on that day is left as it is."""
    from workstation.document_clocks import demand_served_later, demand_services

    if _stored_on(db, event, start):
        return None
    demand = demand_served_later(demand_services(db, case.id, event.party_id), event.party_id, start)
    if demand is None:
        return None
    how = _("its 送达公告 deems it served then") if demand.how == "public_notice" else _("its 送达回证")
    return _("The 催告书 {number} was served on {served} ({how}): the party's ten working days ({t15}) count from "
             "that day (Administrative Compulsion Law art. 54), not from {date}. Date the “{kind}” {served}.").format(
        number=demand.number or _("(no number)"), served=demand.served_on, how=how, t15="T15", date=start,
        kind=shown_label("clock_events", "demand"))


def unserved_demand(db: Database, case: Case, event: ClockEvent) -> str:
    """A warning ("" when none) for a demand to perform whose 催告书 (the last dated on or before it,
    ``document_clocks.demand_recorded_for``) has no recorded service (no 送达回证 or 送达公告 naming it): T15 counts
    from the day it was served, which its date must be (the day it was signed, the day the dialog opens, may not)."""
    from workstation.document_clocks import demand_recorded_for, demand_services

    if event.kind != "demand" or not event.starts_on:
        return ""
    day = event.starts_on[:10]
    demand = demand_recorded_for(demand_services(db, case.id, event.party_id), day)
    if demand is None or demand.served_on is not None:
        return ""
    return _("The service of the 催告书 {number} (dated {signed}) is not recorded: the party's ten working days "
             "({t15}) count from the day it was served (Administrative Compulsion Law art. 54), which {date} must "
             "be. Check it, or issue its 送达回证 with the 送达日期 first and date the demand then.").format(
        number=demand.number or _("(no number)"), signed=demand.issued_on, date=day, t15="T15")


@dataclass(frozen=True)
class Deferral:
    """A deferral or payment in instalments (延期/分期缴纳罚款, 行政处罚法 art. 66) approved for the party: recorded
    among the case's deadlines (``number`` empty), or an issued 延期/分期缴纳罚款通知书 in force not recorded there
    (``payments.unrecorded_deferral``), with its 文号; from ``starts_on`` until ``ends_on``."""

    starts_on: str
    ends_on: str
    number: str = ""

    def refusal(self, day: str, first: str | None = None) -> str:
        """Why a 催告书 (``demand``) cannot be dated ``day``, within this deferral: dated from the day after it ends,
        or from ``first`` when later (the day after the time to pay as the clocks count it, ``demand_from``)."""
        kind = shown_label("clock_events", "demand")
        after = (dt.date.fromisoformat(self.ends_on) + dt.timedelta(days=1)).isoformat() if self.ends_on else ""
        first = max(first or "", after) or "—"
        if self.number:
            return _("A “{kind}” can be dated only from {first}: the 延期/分期缴纳罚款通知书 {number} of {start} defers "
                     "the payment until {end}, and the party is not late while it runs, so one dated {date} would demand "
                     "a payment not yet due (行政处罚法 art. 66; 行政强制法 art. 54). Record the deferral too "
                     "(“{deferral}”): it moves the time to pay and the surcharge.").format(
                number=self.number, start=self.starts_on, end=self.ends_on, kind=kind, date=day, first=first,
                deferral=shown_label("clock_events", "deferral"))
        return _("A “{kind}” can be dated only from {first}: the payment is deferred until {end} (“{deferral}” "
                 "recorded from {start}), and the party is not late while it runs, so one dated {date} would demand a "
                 "payment not yet due (行政处罚法 art. 66; 行政强制法 art. 54).").format(
            end=self.ends_on, deferral=shown_label("clock_events", "deferral"), start=self.starts_on, kind=kind,
            date=day, first=first)


def deferred_on(db: Database, case: Case, day: str, party_id: str | None = None) -> Deferral | None:
    """The deferral of the payment that holds ``day`` (the party ``party_id``'s; None: any of the case's), under the
    decision in force: a ``deferral`` recorded from its start to its end, else an issued 延期/分期缴纳罚款通知书 in force
    not recorded, from its date to its 延期至 or last instalment (``payments.unrecorded_deferral``); None when the
    payment is not deferred that day. A 催告书 served that day demands a payment not yet due: it is refused, and one
    recorded counts for no application to the court (``enforcement.demand_days``)."""
    from workstation.payments import unrecorded_deferral

    day = day[:10]
    row = db.execute("SELECT starts_on, ends_on FROM clock_events WHERE case_id = ? AND kind = 'deferral' AND "
                     "starts_on >= ? AND starts_on <= ? AND (ends_on IS NULL OR ends_on >= ?) AND (? = '' OR "
                     "party_id IS NULL OR party_id = '' OR party_id = ?) ORDER BY ends_on DESC LIMIT 1",
                     [case.id, case.decided_on or "", day, day, party_id or "", party_id or ""]).fetchone()
    if row is not None:
        return Deferral(row[0], row[1] or "")
    notice = unrecorded_deferral(db, case, day, party_id)
    if notice is not None and notice.signed_on >= (case.decided_on or ""):
        return Deferral(notice.signed_on, notice.ends_on, notice.number)
    return None


def payment_due_before_deferral(db: Database, case: Case, event: ClockEvent) -> str | None:
    """The last day of the payment period (T8) of the party of the deferral ``event`` (or of the case) as counted
    without any deferral — as shown to the party, moved off a rest day —, None when it cannot be counted."""
    from workstation.payments import payment_period

    period = payment_period(db, case, party_of(event) or None)
    if period is None:
        return None
    shown = next((item[1] for item in period.detail if item[0] == "deferred"), None)
    return dt.date.fromordinal(shown).isoformat() if shown is not None else period.due


def deferral_warning(db: Database, case: Case, event: ClockEvent) -> str:
    """A warning ("" when none) for a deferral or payment in instalments ``event`` approved after the payment
    period (T8, of its party or the case, as counted before any deferral) ran out: recorded, but it waives nothing of
    the surcharge accrued by the day it was approved (REFERENCE gives no retroactive waiver; a reduction is a
    decision of its own, 行政强制法 art. 42, UNCONFIRMED), and stops it only from the day after
    (``case_law.late_deferral``)."""
    from workstation.validators import parse_date

    if event.kind != "deferral":
        return ""
    try:
        approved, end = parse_date(event.approved_on), parse_date(event.ends_on)
    except ValueError:
        return ""
    if not approved:
        return ""
    due = payment_due_before_deferral(db, case, event)
    if not due or approved <= due:
        return ""
    first = (dt.date.fromisoformat(due) + dt.timedelta(days=1)).isoformat()
    return _("The payment period (T8) ended on {due}, before this deferral was approved on {approved}: the surcharge "
             "accrued from {first} to {approved} stays owed (a deferral waives nothing retroactively; reducing or "
             "waiving a surcharge is a decision of its own, 行政强制法 art. 42 — UNCONFIRMED). The deferral stops it "
             "from the day after its approval until {end}.").format(due=due, approved=approved, first=first,
                                                                     end=end or "—")


def deferral_over_demands(db: Database, case: Case, event: ClockEvent) -> str:
    """A warning ("" when none) for a deferral or payment in instalments ``event`` recorded over a 催告书 already
    recorded within it (under the decision in force): served while the payment is deferred, that 催告书 demanded a
    payment not yet due and counts for no application to the court (``enforcement.demand_days``)."""
    from workstation.validators import parse_date

    if event.kind != "deferral":
        return ""
    try:
        start, end = parse_date(event.starts_on), parse_date(event.ends_on)
    except ValueError:
        return ""
    if not start:
        return ""
    days = [day for (day,) in db.execute(
        "SELECT DISTINCT starts_on FROM clock_events WHERE case_id = ? AND kind = 'demand' AND starts_on >= ? AND "
        "starts_on >= ? AND (? = '' OR starts_on <= ?) ORDER BY starts_on",
        [case.id, case.decided_on or "", start, end or "", end or ""]).fetchall()]
    if not days:
        return ""
    return _("A “{kind}” is recorded on {days}, within this deferral ({start} to {end}): served while the payment is "
             "deferred, it demanded a payment not yet due and does not count toward the application to the court "
             "(行政强制法 art. 54). If the party still does not pay after {end}, serve a new 催告书 then; remove the one "
             "recorded if it was recorded in error.").format(
        kind=shown_label("clock_events", "demand"), days="、".join(days), start=start, end=end or "—")


def _hearing_session_refusal(db: Database, case: Case, event: ClockEvent, start: str) -> str | None:
    """Why the hearing (举行听证) cannot be recorded as held on ``start`` (None when it can; one already recorded on
    that day is left as it is): before the party asked for it — the request pending (in a case with several
    parties, the earliest of those still pending; with one party, while the case is at its hearing, its latest
    request), else the case's first —, or on another day than the 听证通知书 in force sets (the last issued, to each
    party whose hearing is pending in a case with several parties): the party is told of the hearing's day (Penalty
    Law art. 64 (2)), and a hearing moved is told by a corrected notice, which T6 then counts from. In a case whose
    notices are written on paper, not before the day the request allows (``procedure.paper_hearing_floor``)."""
    if db.execute("SELECT 1 FROM clock_events WHERE id = ? AND kind = 'hearing_session' AND starts_on = ?",
                  [event.id, start]).fetchone():
        return None
    from workstation.clocks import rule
    from workstation.documents.stage_rules import notice_hearing_date
    from workstation.procedure import (
        _asked_on,
        hearing_requests,
        paper_hearing_floor,
        paper_hearing_note,
        pending_hearings,
    )
    from workstation.store import parties_of_case

    session = shown_label("clock_events", "hearing_session")
    parties = parties_of_case(db, case.id)
    pending = pending_hearings(db, case) if len(parties) > 1 else {}
    if len(parties) > 1:
        asked = min(pending.values() or hearing_requests(db, case).values(), default=None)
    else:
        asked = _asked_on(db, case, None, parties, latest=case.status == "hearing")
    if asked and start < asked:
        return _("The party asked for a hearing on {asked}: a “{session}” cannot be dated before it ({date}). Record "
                 "the day the hearing was held, on or after the request.").format(asked=asked, session=session,
                                                                                 date=start)
    earliest = paper_hearing_floor(db, case, asked)
    if earliest and start < earliest:  # notices on paper: none to read the day from, the request sets the floor
        return join_sentences([paper_hearing_note(db, asked, earliest), _(
            "A “{session}” is dated on that day or after, not {date}; a hearing held before it was held without "
            "the party being told in time, and is held again from the day a 听证通知书 served allows.").format(
            session=session, date=start)])
    set_days: dict[str, str] = {}
    for party_id in (list(pending) or [party.id for party in parties]) if len(parties) > 1 else [None]:
        found = notice_hearing_date(db, case, party_id)
        if found is not None:
            set_days.setdefault(found[1].isoformat(), found[0] or _("(no number)"))
    if not set_days or start in set_days:
        return None
    period = rule("T6").unit_text()
    if len(set_days) == 1:
        [(day, number)] = set_days.items()
        return _("The 听证通知书 {number} sets the hearing on {hearing}, not {date}: the party is told of the day of "
                 "its hearing (Penalty Law art. 64 (2)). If the hearing was moved, issue a corrected 听证通知书 (更正) "
                 "setting the day it is held, at least {period} after its service, then record that day as "
                 "“{session}”.").format(number=number, hearing=day, date=start, period=period, session=session)
    return _("The 听证通知书 in force set the hearing on {days}, not {date}: each party is told of the day of its "
             "hearing (Penalty Law art. 64 (2)). If the hearing was moved, issue a corrected 听证通知书 (更正) setting "
             "the day it is held, at least {period} after its service, then record that day as “{session}”.").format(
        days="、".join(f"{day}（{number}）" for day, number in sorted(set_days.items())), date=start, period=period,
        session=session)


def _stored_on(db: Database, event: ClockEvent, start: str) -> bool:
    """Whether ``event`` is already recorded with its kind on the day ``start``: a publication recorded so before the
    rule of art. 11 was kept (a changed decision published again without a withdrawal) is not refused at each
    correction of its note."""
    return db.execute("SELECT 1 FROM clock_events WHERE id = ? AND kind = ? AND starts_on = ?",
                      [event.id, event.kind, start]).fetchone() is not None


def _recorded_as(db: Database, event: ClockEvent) -> bool:
    """Whether ``event`` is already recorded with its kind: one recorded before its stage was checked can still be
    ended or changed."""
    return db.execute("SELECT 1 FROM clock_events WHERE id = ? AND kind = ?", [event.id, event.kind]).fetchone() \
        is not None


def late_challenge_warning(db: Database, case: Case, event: ClockEvent) -> str | None:
    """A warning (None when none) for the party's reconsideration or lawsuit ``event`` begun after its period: a
    reconsideration after T10, a lawsuit after T11 or, after a reconsideration decided, after T12
    (``clocks._Engine.challenge_limit``). Recorded all the same — a delay with just cause may be allowed (行政复议法
    arts. 20–21; 行政诉讼法 art. 48) — but it neither stops nor moves court enforcement (T16, 行政强制法 art. 53)."""
    from workstation.validators import parse_date

    if event.kind not in PARTY_KINDS:
        return None
    try:
        day = parse_date(event.starts_on)
    except ValueError:
        return None
    served = decision_served_on(db, case, event.party_id or "")
    if not day or not served or day < served:
        return None
    from workstation.clocks import EventFacts, case_clocks, engine_for, rule
    from workstation.document_clocks import case_events

    party = event.party_id or ""
    ends: dict[str, int] = {}
    for d in case_clocks(db, case):
        if d.clock in ("T10", "T11") and d.due_ord is not None and (not party or (d.party_id or "") in (party, "")):
            ends[d.clock] = max(ends.get(d.clock, d.due_ord), d.due_ord)
    engine = engine_for(db)
    events = [e for e in case_events(db, engine, case) if e.id != event.id and (not party or e.of(party))]
    facts = EventFacts(event.id or "", event.kind, "", engine.ordinal(day), None, 0, None, "", party)
    limit = engine.challenge_limit(facts, events, ends)
    if limit is None or facts.start <= limit[1]:
        return None
    period = rule(limit[0])
    return _("“{kind}” begun on {date}, after {period} ({title}) ended on {due}: it is recorded, as a delay with just "
             "cause may be allowed (行政复议法 arts. 20–21; 行政诉讼法 art. 48), but a challenge begun after its "
             "period does not stop court enforcement (T16 counts from the end of the party's time to challenge the "
             "decision, 行政强制法 art. 53).").format(
        kind=shown_label("clock_events", event.kind), date=day, period=period.id, title=period.title,
        due=dt.date.fromordinal(limit[1]).isoformat())


def early_demand(db: Database, case: Case, event: ClockEvent) -> str:
    """A warning ("" when none) for a demand to perform (催告书, T15) dated before court enforcement's period (T16)
    starts, while the party may still apply for reconsideration or sue. REFERENCE §1.2 places the demand before
    the application to the court (T15, Compulsion Law art. 54) without saying it must follow the end of the
    periods to challenge (art. 53), so such a demand is warned about, not refused. In a case with several parties,
    the latest start of a party's T16 after the demand is named. One served so late that its ten working days end on
    or after T16's last day is warned about too (``late_demand``). For a deferral, the 催告书 recorded within it
    (``deferral_over_demands``)."""
    from workstation.validators import parse_date

    if event.kind == "deferral":  # the UI asks this of every event: a deferral over a 催告书 recorded is warned of,
        # and one approved after the payment period ran out
        return "\n".join(part for part in (deferral_warning(db, case, event), deferral_over_demands(db, case, event))
                         if part)
    if event.kind != "demand":
        return ""
    try:
        day = parse_date(event.starts_on)
    except ValueError:
        return ""
    if not day:
        return ""
    # an unrecorded service is said with the others: each is its own reason to check the date
    return "\n".join(part for part in (unserved_demand(db, case, event), _demand_timing(db, case, event, day)) if part)


def _demand_timing(db: Database, case: Case, event: ClockEvent, day: str) -> str:
    """``early_demand``'s warning of a demand dated ``day`` against court enforcement's period (T16)."""
    from workstation.clocks import case_clocks, rule

    enforcement = [d for d in case_clocks(db, case) if d.clock == "T16" and d.state != "not_applicable"]
    t15, t16 = rule("T15"), rule("T16")
    if any(d.state == "stopped" for d in enforcement):
        return _("A reconsideration or lawsuit is still pending: the party can still challenge the decision and the "
                 "period to apply to the court ({t16}) has not started; a demand to perform ({t15}) is served "
                 "before applying to the court ({source}); check that it is due now.").format(
            t16=t16.id, t15=t15.id, source=t15.source)
    later = [d for d in enforcement if d.start and d.start > day]
    if not later:
        return late_demand(db, event, day, enforcement)
    latest = max(later, key=lambda d: d.start)
    when = latest.start if not latest.party else _("{date} for {party}").format(date=latest.start,
                                                                                party=latest.party)
    return _("The 催告书 (demand to perform, {t15}) served on {day} is dated before {date}, the day from which "
             "court enforcement ({t16}) counts: until then the party may still apply for reconsideration or sue. The "
             "demand is served once those periods have run and before applying to the court ({source}); check the "
             "催告书's date.").format(day=day, date=when, t16=t16.id, t15=t15.id, source=t15.source)


def late_demand(db: Database, event: ClockEvent, day: str, enforcement: list) -> str:
    """A warning ("" when none) for a demand to perform (催告书) served on ``day`` so late that its ten working days
    (T15, 行政强制法 art. 54) end on or after the last day of court enforcement's period (T16, art. 53: three months
    to apply), among ``enforcement`` the T16 of the parties it is served on (the case's, or each party's): the court
    is applied to only once those days are over, so no longer in time. Warned about, not refused: the 催告书 was
    served on that day all the same; the latest day to serve it is named (``enforcement.demand_by``: marked 日历待核实
    when counted through a year without holiday data)."""
    from workstation.clocks import data_dir_of, rule
    from workstation.documents.stage_rules import demand_period_end
    from workstation.enforcement import demand_by

    party = event.party_id or ""
    running = [d for d in enforcement if d.due and d.state in ("open", "due_soon", "overdue")
               and (not party or not d.party_id or d.party_id == party)]
    if not running:
        return ""
    data_dir = data_dir_of(db)
    end = demand_period_end(dt.date.fromisoformat(day), db).isoformat()
    first = min(running, key=lambda d: d.due_ord)
    if end < first.due:
        return ""
    t15, t16 = rule("T15"), rule("T16")
    last = first.due if not first.party else _("{date} for {party}").format(date=first.due, party=first.party)
    return _("Served on {date}, the 催告书 leaves the party ten working days ({t15}) until {end}, on or after {last}, "
             "the last day to apply to the people's court for compulsory enforcement ({t16}, {source}): the court, "
             "applied to only once those days are over, can no longer be applied to in time. For the court to be "
             "applied to by that day, the 催告书 is served by {latest} at the latest; check the date.").format(
        date=day, t15=t15.id, end=end, last=last, t16=t16.id, source=t16.source,
        latest=demand_by(dt.date.fromisoformat(first.due), data_dir).marked())


def notice_end_warning(db: Database, case: Case, event: ClockEvent) -> str:
    """A warning ("" when none) for a public notice (公告, the event T30 counts from) recorded as ending on another day
    than the one the party is deemed served (30 days after publication, SAMR rules art. 82): the clocks count the
    notice up to that day whatever end is recorded (T30 deemed then, T2 not counting it beyond). Warned about, not
    refused: a notice may end sooner once the party was served otherwise, and a law may give a longer notice period."""
    from workstation.clocks import engine_for, rules
    from workstation.validators import parse_date

    deemed = next((r for r in rules() if r.deemed and r.start_kind == "event" and r.start_ref == event.kind), None)
    if deemed is None:
        return ""
    try:
        start, end = parse_date(event.starts_on), parse_date(event.ends_on)
    except ValueError:
        return ""
    if not start or not end or end < start:
        return ""
    engine = engine_for(db)
    day = dt.date.fromordinal(engine.add(deemed.unit, engine.ordinal(start), deemed.period)).isoformat()
    if end == day:
        return ""
    if end > day:
        return _("The party is deemed served on {date}, {period} after the publication on {start} ({source}): the "
                 "deadlines count the notice up to that day, not up to {end}. A longer notice period applies only "
                 "where a law provides one; check the end date.").format(
            date=day, period=deemed.unit_text(), start=start, source=deemed.source, end=end)
    return _("The party is deemed served by the public notice only on {date}, {period} after the publication on "
             "{start} ({source}): a notice ending on {end} means the party was served otherwise before then; record "
             "that service, or check the end date.").format(
        date=day, period=deemed.unit_text(), start=start, source=deemed.source, end=end)


def _prior_days(db: Database, case: Case, event: ClockEvent) -> tuple[str, list[str]]:
    """The name of the step a step with the police (or the head's decision on the transfer report) follows
    (``STEP_FOLLOWS``) and the days it is recorded on."""
    before = STEP_FOLLOWS[event.kind]
    if before == TRANSFER:
        return shown_label("transitions", "transfer_to_police"), [row[0] for row in db.execute(
            "SELECT COALESCE(on_date, substr(at, 1, 10)) FROM case_events WHERE case_id = ? AND "
            "to_status = 'transferred_police' AND kind = 'transition'", [case.id])]
    return shown_label("clock_events", before), [row[0] for row in db.execute(
        "SELECT starts_on FROM clock_events WHERE case_id = ? AND kind = ? AND id != ?", [case.id, before, event.id])]


def _step_missing(db: Database, case: Case, event: ClockEvent, _start: str = "") -> str | None:
    """Why a step with the police (or the head's decision on the transfer report) cannot be recorded on any day: the
    step it follows (``STEP_FOLLOWS``) is not recorded at all; None when it is (or the case was imported as
    transferred, without the step: no date to check against)."""
    prior, days = _prior_days(db, case, event)
    if days or (STEP_FOLLOWS[event.kind] == TRANSFER and case.status == "transferred_police"):
        return None
    return _("No “{prior}” is recorded in this case: record it first, then “{what}”.").format(
        prior=prior, what=shown_label("clock_events", event.kind))


def _police_order(db: Database, case: Case, event: ClockEvent, start: str) -> str | None:
    """Why a step with the police (or the head's decision on the transfer report) dated ``start`` is out of order
    (``STEP_FOLLOWS``): the step it follows is recorded only after that day (``_step_missing``: not at all); None
    when it is in order."""
    prior, days = _prior_days(db, case, event)
    if days and start < min(days):
        return _("“{prior}” is recorded on {date}: “{what}” cannot be dated before that day.").format(
            prior=prior, date=min(days), what=shown_label("clock_events", event.kind))
    return None


def _decided_after_transfer(db: Database, case: Case, event: ClockEvent, start: str) -> str | None:
    """Why the head's decision on the transfer report dated ``start`` comes too late: the case was already
    transferred to the police after that report and before that day (transfer rules art. 5: the transfer follows
    the approval); None when it may be recorded."""
    if event.kind not in HEAD_STEPS:
        return None
    report = db.execute("SELECT MAX(starts_on) FROM clock_events WHERE case_id = ? AND kind = 'transfer_report' AND "
                        "starts_on <= ?", [case.id, start]).fetchone()[0] or ""
    sent = db.execute("SELECT MIN(COALESCE(on_date, substr(at, 1, 10))) FROM case_events WHERE case_id = ? AND "
                      "to_status = 'transferred_police' AND kind = 'transition' AND COALESCE(on_date, substr(at, 1, "
                      "10)) >= ? AND COALESCE(on_date, substr(at, 1, 10)) < ?", [case.id, report, start]).fetchone()[0]
    if sent is None:
        return None
    return _("The case was transferred to the police on {sent}, after the transfer report of {report}: “{what}” "
             "cannot be dated after that day (transfer rules art. 5: the transfer follows the head's approval).").format(
        sent=sent, report=report, what=shown_label("clock_events", event.kind))


def _report_with_police(db: Database, case: Case, event: ClockEvent, start: str, for_command_line: bool = False
                        ) -> str | None:
    """Why the transfer report, or the head's decision on one, dated ``start`` cannot be recorded: on that day the
    case's latest transfer before it is with the police — their answer awaited, or a request to reconsider their
    refusal pending — or theirs, as they opened a criminal case on it (transfer rules arts. 5, 8, 9). A report goes
    before a transfer, or after the police declined one (their refusal, upheld, or standing after the procuratorate's
    supervision, a case they withdrew: ``procedure.POLICE_DECLINED``); one made while the case is with them leads to no transfer and
    would leave T26 overdue for good (the case is not transferred again while their answer is awaited). None when it
    may be recorded (a report on the day of the transfer goes with it)."""
    from workstation.procedure import POLICE_ANSWER_KINDS, POLICE_DECLINED

    if event.kind != TRANSFER_REPORT and event.kind not in HEAD_STEPS:
        return None
    sent = db.execute("SELECT MAX(COALESCE(on_date, substr(at, 1, 10))) FROM case_events WHERE case_id = ? AND "
                      "kind = 'transition' AND to_status = 'transferred_police' AND COALESCE(on_date, substr(at, 1, "
                      "10)) < ?", [case.id, start]).fetchone()[0]
    if sent is None:
        return None
    marks = ", ".join("?" for _kind in POLICE_ANSWER_KINDS)
    answer = db.execute(f"SELECT kind, starts_on FROM clock_events WHERE case_id = ? AND kind IN ({marks}) AND "
                        "starts_on >= ? AND starts_on <= ? ORDER BY starts_on DESC, created_at DESC, rowid DESC "
                        "LIMIT 1", [case.id, *POLICE_ANSWER_KINDS, sent, start]).fetchone()
    if answer is not None and answer[0] in POLICE_DECLINED:
        return None
    what = shown_label("clock_events", event.kind)
    if answer is None and for_command_line:  # their answer recorded by the command, not in the window's section
        return _("The case was transferred to the police on {sent} and their answer is awaited: “{what}” cannot be "
                 "dated {date}, while the case is with them. A transfer report goes before a transfer, or after the "
                 "police declined one (transfer rules arts. 5, 8): record their answer first (cases transition "
                 "{case} police_refused or police_filed).").format(sent=sent, what=what, date=start,
                                                                   case=case.case_number or case.id)
    if answer is None:
        return _("The case was transferred to the police on {sent} and their answer is awaited: “{what}” cannot be "
                 "dated {date}, while the case is with them. A transfer report goes before a transfer, or after the "
                 "police declined one (transfer rules arts. 5, 8): record their answer first (Case → Time "
                 "limits).").format(sent=sent, what=what, date=start)
    if answer[0] == "procuratorate_requested":
        return _("The case was transferred to the police on {sent} and the procuratorate was asked on {requested} to "
                 "supervise their refusal: “{what}” cannot be dated {date}, while the police may still open the case. "
                 "A transfer report goes before a transfer, or after the police declined one (transfer rules arts. 5, "
                 "9).").format(sent=sent, requested=answer[1], what=what, date=start)
    if answer[0] == "police_review_requested":
        return _("The case was transferred to the police on {sent} and a request to reconsider their refusal was made "
                 "on {requested}: “{what}” cannot be dated {date}, while they decide on it. A transfer report goes "
                 "before a transfer, or after the police declined one (transfer rules arts. 5, 9).").format(
            sent=sent, requested=answer[1], what=what, date=start)
    return _("The police opened a criminal case on {opened} on the transfer of {sent}: the case is theirs, and "
             "“{what}” cannot be dated {date}. A transfer report goes before a transfer, or after the police declined "
             "one (transfer rules arts. 5, 8).").format(opened=answer[1], sent=sent, what=what, date=start)


def _second_answer(db: Database, case: Case, event: ClockEvent, start: str) -> str | None:
    """Why the police's answer dated ``start`` cannot follow the answer already recorded to the same transfer (the
    latest transfer on or before that day; every answer of a case imported as transferred without the step): a
    second refusal (except their refusal standing after the procuratorate was asked to supervise it), or any answer
    after the case was opened or after that standing refusal, or an opening after a refusal that neither a request
    to reconsider not yet decided nor a request to the procuratorate followed; None when it may be recorded. After the
    standing refusal no further request is made either (art. 9: the procuratorate is the last recourse)."""
    if event.kind in ("police_review_requested", "procuratorate_requested"):
        return _after_supervision(db, case, event, start)
    if event.kind not in POLICE_ANSWERS:
        return None
    transferred = db.execute(
        "SELECT MAX(COALESCE(on_date, substr(at, 1, 10))) FROM case_events WHERE case_id = ? AND "
        "to_status = 'transferred_police' AND kind = 'transition' AND COALESCE(on_date, substr(at, 1, 10)) <= ?",
        [case.id, start]).fetchone()[0] or ""
    rows = db.execute("SELECT kind, starts_on, id FROM clock_events WHERE case_id = ? AND id != ? AND starts_on >= ? AND "
                      "kind IN ('police_filed', 'police_refused', 'police_review_requested', 'police_review_upheld', "
                      "'procuratorate_requested') ORDER BY starts_on, created_at",
                      [case.id, event.id, transferred]).fetchall()
    steps = [(kind, day) for kind, day, _id in rows]
    answers = [(kind, day) for kind, day in steps if kind in POLICE_ANSWERS]
    if not answers:
        return None
    answer_ids = [step_id for kind, _day, step_id in rows if kind in POLICE_ANSWERS]
    what = shown_label("clock_events", event.kind)
    earlier = next((step for step in answers if step[0] == "police_filed"), None)
    if earlier is not None:
        return _naming(_("“{earlier}” is already recorded on {date} for this transfer: “{what}” cannot be recorded as "
                         "a second answer to it (if the earlier record is wrong, remove it first).").format(
            earlier=shown_label("clock_events", earlier[0]), date=earlier[1], what=what),
            answer_ids[answers.index(earlier)])
    refused = answers[-1][1]
    supervised = [day for kind, day in steps if kind == "procuratorate_requested" and refused <= day <= start]
    if event.kind == "police_refused" and len(answers) == 1 and supervised:
        return None  # their refusal standing after the procuratorate's supervision (transfer rules art. 9)
    if event.kind == "police_refused":
        return _naming(_("“{earlier}” is already recorded on {date} for this transfer: a second refusal cannot be "
                         "recorded (the police's decision on a request to reconsider is recorded as “{upheld}”; if the "
                         "earlier record is wrong, remove it first).").format(
            earlier=what, date=answers[0][1], upheld=shown_label("clock_events", "police_review_upheld")),
            answer_ids[0])
    after = [(kind, day) for kind, day in steps if refused <= day <= start]
    if len(answers) > 1:  # the refusal stood after the procuratorate's supervision: nothing more is pending
        return _naming(_("“{earlier}” is recorded on {date}, after the procuratorate was asked to supervise the "
                         "police's refusal: their refusal stands, and “{what}” cannot follow it (if the record is "
                         "wrong, remove it first).").format(earlier=shown_label("clock_events", "police_refused"),
                                                            date=refused, what=what), answer_ids[-1])
    if any(kind == "procuratorate_requested" for kind, _day in after):
        return None
    requested = [day for kind, day in after if kind == "police_review_requested"]
    upheld = [day for kind, day in after if kind == "police_review_upheld" and requested and day >= requested[-1]]
    if requested and not upheld:
        return None
    procuratorate = shown_label("clock_events", "procuratorate_requested")
    if upheld:
        return _("“{earlier}” is recorded on {date}: “{what}” can follow it only after “{procuratorate}”; record that "
                 "request first.").format(earlier=shown_label("clock_events", "police_review_upheld"), date=upheld[-1],
                                          what=what, procuratorate=procuratorate)
    return _("“{earlier}” is recorded on {date}: “{what}” can follow it only after “{review}” or “{procuratorate}”; "
             "record that request first.").format(earlier=shown_label("clock_events", "police_refused"), date=refused,
                                                  what=what, review=shown_label("clock_events", "police_review_requested"),
                                                  procuratorate=procuratorate)


def _after_supervision(db: Database, case: Case, event: ClockEvent, start: str) -> str | None:
    """Why the request ``event`` dated ``start`` cannot follow the police's refusal standing after the procuratorate
    was asked to supervise it (a second refusal of the same transfer, ``_second_answer``); None when it may."""
    transferred = db.execute(
        "SELECT MAX(COALESCE(on_date, substr(at, 1, 10))) FROM case_events WHERE case_id = ? AND "
        "to_status = 'transferred_police' AND kind = 'transition' AND COALESCE(on_date, substr(at, 1, 10)) <= ?",
        [case.id, start]).fetchone()[0] or ""
    refusals = db.execute(
        "SELECT starts_on, id FROM clock_events WHERE case_id = ? AND id != ? AND kind = 'police_refused' AND "
        "starts_on >= ? AND starts_on <= ? ORDER BY starts_on", [case.id, event.id, transferred, start]).fetchall()
    if len(refusals) < 2:
        return None
    return _naming(_("“{earlier}” is recorded on {date}, after the procuratorate was asked to supervise the police's "
                     "refusal: their refusal stands, and “{what}” cannot follow it (if the record is wrong, remove it "
                     "first).").format(earlier=shown_label("clock_events", "police_refused"), date=refusals[-1][0],
                                       what=shown_label("clock_events", event.kind)), refusals[-1][1])


def _recorded_once(db: Database, case: Case, event: ClockEvent, start: str) -> str | None:
    """Why the step dated ``start`` cannot be recorded beside one already recorded for the same step it answers
    (``ONCE``): a second decision on one transfer report, a second identical request on one answer of the police,
    or the exhibits both handed over and recorded as none; None when it may be recorded."""
    if event.kind not in ONCE:
        return None
    opening, single = ONCE[event.kind]
    marks = ", ".join("?" for _kind in opening)
    since = db.execute(f"SELECT kind, starts_on FROM clock_events WHERE case_id = ? AND kind IN ({marks}) AND "
                       "starts_on <= ? ORDER BY starts_on DESC, created_at DESC LIMIT 1",
                       [case.id, *opening, start]).fetchone()
    since_day = since[1] if since else ""  # (always recorded: each kind follows one of them, ``_police_order``)
    until = db.execute(f"SELECT MIN(starts_on) FROM clock_events WHERE case_id = ? AND kind IN ({marks}) AND "
                       "starts_on > ?", [case.id, *opening, start]).fetchone()[0]
    marks = ", ".join("?" for _kind in single)
    earlier = db.execute(f"SELECT kind, starts_on, id FROM clock_events WHERE case_id = ? AND id != ? AND kind IN "
                         f"({marks}) AND starts_on >= ? AND (? IS NULL OR starts_on < ?) ORDER BY starts_on, created_at "
                         "LIMIT 1", [case.id, event.id, *single, since_day, until, until]).fetchone()
    if earlier is None:
        return None
    return _naming(_recorded_once_text(event, since, since_day, earlier), earlier[2])


def _recorded_once_text(event: ClockEvent, since, since_day: str, earlier) -> str:
    """``_recorded_once``'s refusal of ``event`` beside the step recorded ``earlier`` (its kind and day)."""
    what, recorded = shown_label("clock_events", event.kind), shown_label("clock_events", earlier[0])
    if event.kind in HEAD_STEPS:
        return _("“{earlier}” is already recorded on {date} on the transfer report of {report}: “{what}” cannot be "
                 "recorded as a second decision on it (a new report takes a new decision; if the earlier record is "
                 "wrong, remove it first).").format(earlier=recorded, date=earlier[1], report=since_day, what=what)
    if earlier[0] != event.kind:
        return _("“{earlier}” is already recorded on {date}: “{what}” cannot be recorded beside it (if that record is "
                 "wrong, remove it first).").format(earlier=recorded, date=earlier[1], what=what)
    return _("“{what}” is already recorded on {date} on “{answer}” of {answered}: the same request cannot be made "
             "twice on one answer of the police (if the earlier record is wrong, remove it first).").format(
        what=what, date=earlier[1], answer=shown_label("clock_events", since[0]), answered=since_day)


def _filed_already(db: Database, event: ClockEvent, start: str | None, *, for_command_line: bool = False
                   ) -> str | None:
    """Why the filing with the bureau (已报备案, T31) ``event`` dated ``start`` cannot be recorded: the case's decision
    made on the spot is filed once, and its filing is recorded already (a wrong one is corrected, not recorded again:
    ``for_command_line``, by the command that removes it). A filing stored on that day is not refused (``_stored_on``):
    a case holding two, as was allowed before, can still have either's note corrected (not moved to another day while
    the other stands)."""
    if start and _stored_on(db, event, start):
        return None
    earlier = db.execute("SELECT starts_on, id FROM clock_events WHERE case_id = ? AND kind = 'bureau_filing' "
                         "AND id IS NOT ? ORDER BY starts_on LIMIT 1", [event.case_id, event.id]).fetchone()
    if earlier is None:
        return None
    if for_command_line:
        return _("“{kind}” is already recorded on {date} (event {event}): a decision made on the spot is filed with "
                 "the bureau once. If that date is wrong, remove that record with {command} and record the filing "
                 "again on the right day; if two filings are recorded, remove the extra one the same way.").format(
            kind=shown_label("clock_events", "bureau_filing"), date=earlier[0], event=earlier[1],
            command=remove_command(earlier[1]))
    return _("“{kind}” is already recorded on {date}: a decision made on the spot is filed with the bureau once. "
             "If that date is wrong, correct that record instead; if two filings are recorded, remove the extra "
             "one.").format(
        kind=shown_label("clock_events", "bureau_filing"), date=earlier[0])


def _withdrawn_already(db: Database, case: Case, event: ClockEvent, start: str) -> str | None:
    """Why a withdrawal of the penalty information dated ``start`` cannot be recorded: the publication it withdraws
    (the latest on or before that day) already has its withdrawal, with no new publication in between."""
    published = db.execute("SELECT MAX(starts_on) FROM clock_events WHERE case_id = ? AND kind = 'publication' "
                           "AND starts_on <= ?", [case.id, start]).fetchone()[0]
    following = db.execute("SELECT MIN(starts_on) FROM clock_events WHERE case_id = ? AND kind = 'publication' "
                           "AND starts_on > ?", [case.id, published]).fetchone()[0]
    recorded = db.execute("SELECT starts_on, kind FROM clock_events WHERE case_id = ? AND kind IN (?, ?) "
                          "AND id != ? AND starts_on >= ? AND (? IS NULL OR starts_on < ?) ORDER BY starts_on LIMIT 1",
                          [case.id, *PUBLICATION_ENDS, event.id, published, following, following]).fetchone()
    if recorded is None:
        return None
    if recorded[1] == EARLY_STOP:
        return _("The publication of {published} was already stopped early on {date}: it cannot be withdrawn or "
                 "stopped a second time (if that date is wrong, remove that event and record it again).").format(
            published=published, date=recorded[0])
    return _("The publication of {published} was already withdrawn on {date}: a second withdrawal cannot be recorded "
             "for it (if that date is wrong, remove that event and record it again).").format(
        published=published, date=recorded[0])


def _early_stop_errors(db: Database, case: Case, event: ClockEvent, start: str | None, applied: str | None,
                       errors: dict[str, str]) -> None:
    """What is wrong with an early stop of the publication (提前停止公示, 信息公示规定 art. 14): it needs the day the
    party applied (``approved_on``: on or before the stop), the conditions of art. 14 para 1 found met (``note``), and
    none of the serious penalties of art. 14 para 3 (thresholds.toml [publication] early_stop_barred) imposed."""
    if not applied and "approved_on" not in errors:
        errors["approved_on"] = _("Enter the date the party applied for the early stop: publication is stopped early "
                                  "only on the party's application (市场监督管理行政处罚信息公示规定 art. 14).")
    elif applied and start and applied > start and "approved_on" not in errors:
        errors["approved_on"] = _("The party cannot have applied ({applied}) after the publication was stopped "
                                  "({start}).").format(applied=applied, start=start)
    if not event.note.strip():
        errors["note"] = _("Note the conditions found met (市场监督管理行政处罚信息公示规定 art. 14: the penalty "
                           "performed, the harm and its effects removed, no penalty since for the same kind of "
                           "violation, not on the list of abnormal operations or of serious violations).")
    barred = early_stop_barred(db, case)
    if barred and "kind" not in errors:
        errors["kind"] = _("The penalty decided includes {penalties}: its publication may not be stopped early "
                           "(市场监督管理行政处罚信息公示规定 art. 14 para 3). It stays published for its whole "
                           "period.").format(penalties="、".join(barred))


def early_stop_barred(db: Database, case: Case) -> tuple[str, ...]:
    """The serious penalties the case's decision imposes under which its publication may not be stopped early
    (信息公示规定 art. 14 para 3: 责令停产停业, 限制开展生产经营活动, 限制从业, 降低资质等级, 吊销许可证件, 吊销营业执照 —
    thresholds.toml [publication] early_stop_barred), by their names in the catalogue; () when none."""
    from workstation.law import thresholds
    from workstation.law.case_law import _party_terms, terms_kinds
    from workstation.law.catalogue import shown_penalty_label
    from workstation.store import parties_of_case

    barred = thresholds.early_stop_rule().get("early_stop_barred", [])
    kinds: set[str] = set()
    for terms in _party_terms(db, case, parties_of_case(db, case.id)).values():
        if terms is not None:
            kinds |= set(terms_kinds(terms))
    return tuple(shown_penalty_label(kind) for kind in barred if kind in kinds)


def _early_stop_too_soon(db: Database, case: Case, event: ClockEvent, start: str) -> str | None:
    """Why an early stop dated ``start`` is too soon: the publication it stops (the latest on or before that day)
    has not been published the minimum time (信息公示规定 art. 14 para 1: 公示达到规定时限要求; the time left by art. 14
    para 2 to SAMR's own rules, UNCONFIRMED: thresholds.toml [publication] early_stop_min_months)."""
    from workstation.clocks import add_months
    from workstation.law import thresholds

    rule = thresholds.early_stop_rule()
    months = int(rule.get("early_stop_min_months", 0))
    published = db.execute("SELECT MAX(starts_on) FROM clock_events WHERE case_id = ? AND kind = 'publication' "
                           "AND starts_on <= ?", [case.id, start]).fetchone()[0]
    if not months or published is None:
        return None
    earliest = add_months(dt.date.fromisoformat(published), months).isoformat()
    if start >= earliest:
        return None
    return _("The publication of {published} may be stopped early only once it has been published {months} months, "
             "from {earliest} (市场监督管理行政处罚信息公示规定 art. 14; {unconfirmed}).").format(
        published=published, months=months, earliest=earliest, unconfirmed=rule.get("early_stop_unconfirmed", ""))


def withdrawal_warning(db: Database, case: Case, event: ClockEvent) -> str:
    """What to say of a withdrawal of the publication (撤回, 信息公示规定 art. 11) with no change of the decision
    behind it: no 行政处罚决定书 voided or corrected, nor an outcome of a reconsideration or lawsuit that revoked,
    changed or declared it unlawful, recorded between the publication and the withdrawal. Warned, not refused: the
    decision may have been revoked or found invalid in a way not recorded here (the agency's own revocation, a
    decision declared invalid, a case kept from a register); an early stop on the party's application is
    ``EARLY_STOP``, not a withdrawal. "" when there is such a change, or nothing to say."""
    from workstation.clocks import OVERTURNING, changed_decisions

    if event.kind != "publication_withdrawn" or not event.starts_on:
        return ""
    published = db.execute("SELECT MAX(starts_on) FROM clock_events WHERE case_id = ? AND kind = 'publication' "
                           "AND starts_on <= ?", [case.id, event.starts_on]).fetchone()[0]
    if published is None:
        return ""
    kinds = ", ".join("?" * len(OVERTURNING))
    if db.execute(f"SELECT 1 FROM clock_events WHERE case_id = ? AND kind IN ({kinds}) AND starts_on >= ? AND "
                  "starts_on <= ?", [case.id, *OVERTURNING, published, event.starts_on]).fetchone():
        return ""
    changes = db.execute(f"SELECT 1 FROM ({changed_decisions(one_case=True)}) WHERE day <= ?",
                         [case.id, case.id, event.starts_on]).fetchone()
    if changes:
        return ""
    return _("No change of the decision is recorded behind this withdrawal: a publication is withdrawn when the "
             "decision was changed, revoked, declared unlawful or invalid (市场监督管理行政处罚信息公示规定 art. 11). "
             "Record that first — the outcome of the reconsideration or lawsuit, or void or correct the 行政处罚决定书 "
             "— or, for a stop on the party's application, record “{early}” instead.").format(
        early=shown_label("clock_events", EARLY_STOP))


def _published_already(db: Database, case: Case, event: ClockEvent, start: str) -> str | None:
    """Why a publication of the penalty information dated ``start`` cannot be recorded: another publication is
    recorded with no withdrawal between the two (信息公示规定 arts. 9, 11: what is published stays published until
    it is withdrawn), the latest on or before that day or the first after it; None when it may be recorded. A
    decision changed on the party's reconsideration or lawsuit (``CHANGED``) is no exception: art. 11 has the
    publication withdrawn with its reason (T19) before the changed decision is published afresh (its copy,
    ``documents.publication``, gives the penalty in force). Nor is one whose publication period (T20: 3 months or 3
    years by the penalty, 信息公示规定 art. 13) was over by the other's day: the earlier no longer stood then
    (``clocks.publication_standing``), nothing stays published to withdraw."""
    before = db.execute("SELECT MAX(starts_on) FROM clock_events WHERE case_id = ? AND kind = 'publication' AND "
                        "id != ? AND starts_on <= ?", [case.id, event.id, start]).fetchone()[0]
    after = db.execute("SELECT MIN(starts_on) FROM clock_events WHERE case_id = ? AND kind = 'publication' AND "
                       "id != ? AND starts_on > ?", [case.id, event.id, start]).fetchone()[0]
    for other, first, last in ((before, before, start), (after, start, after)):
        if other is None:
            continue
        withdrawn = db.execute("SELECT 1 FROM clock_events WHERE case_id = ? AND kind IN (?, ?) "
                               "AND id != ? AND starts_on >= ? AND starts_on <= ? LIMIT 1",
                               [case.id, *PUBLICATION_ENDS, event.id, first, last]).fetchone()
        if withdrawn is not None:
            continue
        other = _stood_then(db, case, event, other, start) if other == before else \
            (other if after <= _publication_end(db, case, start, event.party_id or "") else None)
        if other is None:  # the earlier one's publication period was over by the later one's day
            continue
        changed = db.execute("SELECT MIN(starts_on) FROM clock_events WHERE case_id = ? AND kind = ? AND id != ? "
                             "AND starts_on >= ? AND starts_on <= ?", [case.id, CHANGED, event.id, first,
                                                                       last]).fetchone()[0]
        if changed is not None:
            return _("The penalty information is recorded as published on {date}, and the decision was changed on "
                     "{changed}: the publication is first withdrawn with its reason (within 3 working days, "
                     "市场监督管理行政处罚信息公示规定 art. 11) — record “{withdrawn}” — and the changed decision then "
                     "published afresh.").format(date=other, changed=changed,
                                                 withdrawn=shown_label("clock_events", "publication_withdrawn"))
        return _("The penalty information is already recorded as published on {date}, and no withdrawal of that "
                 "publication is recorded: it cannot be published a second time. If it was withdrawn and "
                 "published again, record “{withdrawn}” first; if the date of the publication recorded is wrong, "
                 "remove that event (with the reason) and record it again on the right day.").format(
            date=other, withdrawn=shown_label("clock_events", "publication_withdrawn"))
    return None


def _stood_then(db: Database, case: Case, event: ClockEvent, before: str, start: str) -> str | None:
    """The day of the publication other than ``event`` (the latest, recorded on ``before`` at the latest) that
    still stood on ``start`` as ``clocks.publication_standing`` reads it — its publication period (T20) not over —
    None when none did. ``event`` moved to ``start`` from an earlier day is not counted: where it is the publication
    standing, the one of ``before`` is judged by its own period."""
    from workstation.clocks import publication_standing

    stood = publication_standing(db, case, start)
    if stood is None:
        return None
    if db.execute("SELECT 1 FROM clock_events WHERE case_id = ? AND kind = 'publication' AND id != ? AND "
                  "starts_on = ?", [case.id, event.id, stood]).fetchone():
        return stood
    party = db.execute("SELECT COALESCE(party_id, '') FROM clock_events WHERE case_id = ? AND kind = 'publication' "
                       "AND id != ? AND starts_on = ? ORDER BY created_at DESC LIMIT 1",
                       [case.id, event.id, before]).fetchone()[0]
    return before if start <= _publication_end(db, case, before, party) else None


def _publication_end(db: Database, case: Case, published: str, party_id: str) -> str:
    """The last day a publication of the case's penalty information recorded on ``published`` (of ``party_id``, of
    the whole case "") stands unless withdrawn or stopped early: the end of its publication period (T20, 3 months or
    3 years by the penalty that publication published), counted as ``clocks.publication_standing`` counts it."""
    from workstation.clocks import _publication_months, engine_for, rule

    period = rule("T20")
    engine = engine_for(db, published)
    day = engine.ordinal(published)
    last = engine.add(period.unit, day, _publication_months(db, case.id)(party_id, day))
    return dt.date.fromordinal(last).isoformat()


def penalty_decided(db: Database, case: Case) -> bool:
    """Whether a penalty decision (行政处罚决定书) was made in the case: the step 作出行政处罚决定 or 当场处罚 is
    recorded, or — for a case recorded without its steps (imported from a register) — a decision date or the
    date its decision was served, not of a decision not to penalise. Only then can the party apply for
    reconsideration or sue against it."""
    steps = {row[0] for row in db.execute("SELECT to_status FROM case_events WHERE case_id = ? AND kind = "
                                          "'transition' AND (to_status IN ('penalty_decided', 'no_penalty') OR "
                                          "(to_status = 'served' AND from_status = 'pending_filing'))", [case.id])}
    if steps:
        return steps != {"no_penalty"}
    return bool(case.decided_on or case.served_on) and case.status != "no_penalty"


def decided_not_to_penalise(db: Database, case: Case) -> bool:
    """Whether the case stands decided not to penalise (不予处罚), or was closed so (the step 作出不予行政处罚决定
    recorded): the party may challenge that decision as a penalty decision (行政复议法 art. 20, 行政诉讼法 art. 46;
    the remedies the 不予行政处罚决定书 prints), from its service (``clocks.no_penalty_service``)."""
    if case.status == "no_penalty":
        return True
    return case.status in ("closed", "archived") and db.execute(
        "SELECT 1 FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = 'no_penalty' LIMIT 1",
        [case.id]).fetchone() is not None


def decision_served_on(db: Database, case: Case, party_id: str = "") -> str | None:
    """The day the decision the party may challenge was served on it: the case's (the 行政处罚决定书's), else, for a
    decision not to penalise, the day its 送达回证 records (``clocks.no_penalty_service``: that of the party
    ``party_id``'s own, the first party's served without one); None when not recorded."""
    if case.served_on or not decided_not_to_penalise(db, case):
        return case.served_on
    from workstation.clocks import no_penalty_service

    return no_penalty_service(db, case.id, party_id or None)


def _published_before_service(db: Database, case: Case, event: ClockEvent, start: str,
                              for_command_line: bool = False) -> str | None:
    """Why a publication of the penalty information dated ``start`` is refused: the decision it publishes was not
    served on the party it is addressed to by then (市场监督管理行政处罚信息公示规定 arts. 7–8: the party is told in
    writing at service that the decision will be published) — the case's service, or in a case with several parties
    each one's own (``party_decisions.party_payments``) whose decision is published (a warning alone, revoked …:
    ``publication_refusal``). None when it was; for a case whose penalty is not decided (``kind_refusal`` says so);
    and for a publication recorded on that day already (one recorded before this was checked can still be changed)."""
    from workstation.documents.issuing import party_in_force
    from workstation.documents.publication import DECISION_FORM, publication_refusal
    from workstation.party_decisions import party_payments

    if _stored_on(db, event, start) or not penalty_decided(db, case):
        return None
    why = _("市场监督管理行政处罚信息公示规定 arts. 7–8: the party is told in writing at service that the decision "
            "will be published")
    kind = shown_label("clock_events", event.kind)
    record = _("Record “{serve}” first.").format(serve=shown_label("transitions", "serve_decision"))
    if for_command_line:
        record = join_sentences([record, _("On the command line: cases transition {case} serve_decision --date "
                                           "DATE.").format(case=case.case_number or case.id)])

    def published(party_id: str) -> bool:
        decisions = party_in_force(db, case, DECISION_FORM, party_id)
        return not decisions or any(publication_refusal(db, d, start) is None for d in decisions)

    items = party_payments(db, case)
    if not items:  # the case's one decision
        if not case.served_on:
            if not _service_recordable(case, several=False):  # a case imported closed from a register: its service
                return None  # can no longer be recorded, its publication is recorded as the register gives it
            return join_sentences([_("The penalty decision has not been served yet: the “{kind}” cannot be recorded "
                                     "before it is served ({why}).").format(kind=kind, why=why), record])
        if start < case.served_on:
            return _("The penalty decision was served on {served}: the “{kind}” cannot be dated {date}, before that "
                     "day ({why}). Date it {served} or later.").format(served=case.served_on, kind=kind, date=start,
                                                                        why=why)
        return None
    unserved, latest = _service_gap([item for item in items if published(item.party.id)], start)
    if unserved:
        if not _service_recordable(case, several=True):
            return None
        return join_sentences([_("The penalty decision has not been served on {parties} yet: the “{kind}” cannot be "
                                 "recorded before it is served ({why}).").format(parties="、".join(unserved),
                                                                                 kind=kind, why=why), record])
    if latest is None:
        return None
    return _("The penalty decision was served on {party} on {served}: the “{kind}” cannot be dated {date}, before "
             "that day ({why}). Date it {served} or later.").format(party=latest.party.name, served=latest.served_on,
                                                                    kind=kind, date=start, why=why)


def _service_gap(items, start: str) -> tuple[list[str], object | None]:
    """Of the parties' decisions ``items`` (``party_decisions.party_payments``): the names of the parties not served
    yet, and the item served last of those served after ``start`` (None when none was)."""
    unserved = [item.party.name for item in items if not item.served_on]
    early = [item for item in items if item.served_on and start < item.served_on]
    return unserved, max(early, key=lambda item: item.served_on) if early else None


def _service_recordable(case: Case, several: bool) -> bool:
    """Whether the service of the penalty decision can still be recorded in ``case`` (the step “serve_decision” is
    taken from its state; ``several``: in a case of several parties, each served on its own day, from further
    states): not in a case imported closed from a register, decided without its service."""
    from workstation.procedure import BY_NAME

    serve = BY_NAME["serve_decision"]
    return case.status in serve.sources or (several and case.status in serve.several_parties_sources)


def _before_service(db: Database, case: Case, event: ClockEvent, start: str) -> str | None:
    """Why a reconsideration or lawsuit cannot begin on ``start``: the decision it challenges was not served yet
    (the periods to challenge count from its service, REFERENCE §1.2 T10/T11) — on the party that applied where
    the service is recorded per party (on every party for one of the whole case)."""
    from workstation.party_decisions import party_payments

    kind = shown_label("clock_events", event.kind)
    party = party_of(event)
    recorded = db.execute("SELECT starts_on, COALESCE(party_id, '') FROM clock_events WHERE id = ?",
                          [event.id]).fetchone()
    if recorded is not None and tuple(recorded) == (start, party):
        return None  # one recorded before this was checked (or before the service was corrected) can still be ended
    if decided_not_to_penalise(db, case):  # the service of the 不予行政处罚决定书: its 送达回证's
        from workstation.clocks import no_penalty_service

        # (``decision_served_on``, asked once): on the party that applied, on the first served for the whole case
        served = case.served_on or no_penalty_service(db, case.id, party or None)
        if not served:
            return _("The 不予行政处罚决定书 is not recorded as served: a “{kind}” cannot begin before it is served (the "
                     "period to challenge it counts from the service). Issue its 送达回证 with the day it was served "
                     "first.").format(kind=kind)
        if start < served:
            return _("The decision was served on {served}: a “{kind}” cannot begin ({date}) before that day.").format(
                served=served, kind=kind, date=start)
        return None
    items = [item for item in party_payments(db, case) if not party or item.party.id == party]
    if not items:  # the case's one decision (or a party no decision was issued to: the case's service)
        if not case.served_on:
            return _("The decision has not been served yet: a “{kind}” cannot begin before it is served (the period "
                     "to challenge it counts from the service); record the service first.").format(kind=kind)
        if start < case.served_on:
            return _("The decision was served on {served}: a “{kind}” cannot begin ({date}) before that day.").format(
                served=case.served_on, kind=kind, date=start)
        return None
    unserved, latest = _service_gap(items, start)
    if unserved:
        return _("The decision has not been served on {parties} yet: a “{kind}” cannot begin before it is served (the "
                 "period to challenge it counts from the service); record the service first, or choose the party "
                 "that applied.").format(parties="、".join(unserved), kind=kind)
    if latest is None:
        return None
    return _("The decision was served on {party} on {served}: a “{kind}” cannot begin ({date}) before that day.").format(
        party=latest.party.name, served=latest.served_on, kind=kind, date=start)


def _beside_other_challenge(db: Database, case: Case, event: ClockEvent, start: str, end: str | None) -> str | None:
    """Why the party's reconsideration or lawsuit ``event``, from ``start`` to ``end`` (None: pending), cannot be
    recorded: it runs beside the other kind of challenge of the same party (or of the whole case) still pending — a
    lawsuit while the reconsideration is pending, or a reconsideration while the lawsuit the court accepted is
    (行政复议法 art. 29): both pending, the outcome recorded next could not tell which it decides. The pending one is
    named, with what to record first. One recorded already on its day for its party (its end being recorded now) is
    not refused again. None when it runs beside none."""
    party = party_of(event)
    recorded = db.execute("SELECT starts_on, COALESCE(party_id, ''), kind FROM clock_events WHERE id = ?",
                          [event.id]).fetchone()
    if recorded is not None and tuple(recorded) == (start, party, event.kind):
        return None
    other_kind = "litigation" if event.kind == "reconsideration" else "reconsideration"
    row = db.execute("SELECT starts_on, COALESCE(party_id, '') FROM clock_events WHERE case_id = ? AND kind = ? AND "
                     "id != ? AND ends_on IS NULL AND starts_on < ? AND (party_id IS NULL OR ? = '' OR party_id = ?) "
                     "ORDER BY starts_on LIMIT 1",
                     [case.id, other_kind, event.id, end or "9999-12-31", party, party]).fetchone()
    if row is None:
        return None
    other = shown_label("clock_events", other_kind)
    what = _("“{kind}” of {party}").format(kind=other, party=_party_name(db, row[1])) if row[1] else f"“{other}”"
    why = _("the party does not sue while its reconsideration is pending; it sues within 15 days of receiving the "
            "reconsideration decision (《行政复议法》 art. 29; 《行政诉讼法》 art. 45).") if event.kind == "litigation" else _(
        "once the court has accepted the party's lawsuit, the party may not apply for reconsideration (《行政复议法》 "
        "art. 29).")
    return _("{what} is pending since {date}: {why} Record its outcome first (on the day the party received the "
             "decision or judgment ending it), then this “{kind}”; if it was recorded wrongly, remove it with the "
             "reason.").format(what=what, date=row[0], why=why, kind=shown_label("clock_events", event.kind))


def _recorded_party(db: Database, event_id: str) -> str:
    """The party the event is recorded for ("" when none, or not recorded yet)."""
    row = db.execute("SELECT party_id FROM clock_events WHERE id = ?", [event_id]).fetchone()
    return (row[0] or "") if row else ""


def _most_granted(rows) -> int:
    """The most any one measure was extended by, of the (days, approved_on, party_id) ``rows``: the whole case's
    extensions move every party's seizure and a party's own its seizure alone (行政强制法 art. 25: per measure),
    so the whole case's added to the most one party was granted of its own."""
    own: dict[str, int] = {}
    for days, _approved_on, party in rows:
        own[party or ""] = own.get(party or "", 0) + days
    whole = own.pop("", 0)
    return whole + max(own.values(), default=0)


def _beyond_limit(db: Database, case: Case, event: ClockEvent, clock,
                  approved_on: str | None) -> tuple[str, str | None]:
    """The field and why an extension goes beyond what the law lets its approver grant (T1 15 working days, T2
    30 days, T14 30 days), (field, None) when it does not. Where a further extension is decided otherwise (T2:
    collective discussion of the bureau's heads), the extensions the head approves are capped together, and one
    that goes beyond them is a further extension: its approver must be the one clocks.toml names
    (``further_by``), and its length is capped only where clocks.toml gives ``further_limit``."""
    # one party's seizure is extended by its own extensions and the whole case's, never another party's; one measure
    # by its own (and those recorded before they named one), never another measure's
    same, params = _same_extended(db, event)
    rows = db.execute("SELECT days, approved_on, party_id FROM clock_events WHERE case_id = ? AND kind = 'extension' "
                      f"AND clock = ? AND id != ? AND {same}", [case.id, clock.id, event.id, *params]).fetchall()
    if clock.extension_further:
        granted = _most_granted(r for r in rows if approved_on is None or (r[1] or "") <= approved_on)
        if granted + event.days <= clock.extension_limit:
            return "days", None
        if not granted:
            return "days", _("A first extension of {clock} may be at most {limit} ({approval}); a longer time is "
                             "decided as a further extension by {further}.").format(
                clock=clock.id, limit=clock.unit_text(clock.extension_limit), approval=clock.extension_approval,
                further=clock.extension_further)
        if clock.extension_further_by and not any(word in event.approved_by for word in clock.extension_further_by):
            return "approved_by", _("{clock} was already extended by {granted}: a further extension is decided by "
                                    "{further}; enter that decision as its approver (naming {words}).").format(
                clock=clock.id, granted=clock.unit_text(granted), further=clock.extension_further,
                words="、".join(f"“{w}”" for w in clock.extension_further_by))
        if clock.extension_further_limit and event.days > clock.extension_further_limit:
            return "days", _("A further extension of {clock} may be at most {limit} ({further}).").format(
                clock=clock.id, limit=clock.unit_text(clock.extension_further_limit), further=clock.extension_further)
        return "days", None
    granted = _most_granted(rows)
    if granted + event.days <= clock.extension_limit:
        return "days", None
    if clock.extension_once and not granted:
        return "days", _("{clock} may be extended once, by at most {limit} ({approval}).").format(
            clock=clock.id, limit=clock.unit_text(clock.extension_limit), approval=clock.extension_approval)
    return "days", _("{clock} may be extended by at most {limit} in all ({approval}); {granted} already "
                     "granted.").format(clock=clock.id, limit=clock.unit_text(clock.extension_limit),
                                        approval=clock.extension_approval, granted=clock.unit_text(granted))


def _recorded_extension(db: Database, case: Case, event: ClockEvent, clock) -> ClockEvent | None:
    """The extension of ``clock`` already recorded for the case other than ``event`` (the first approved), for a
    clock the law extends only once (clocks.toml ``once``: T1, SAMR rules art. 18; T14, 行政强制法 art. 25); None
    when there is none. The seizure of one party's goods is extended once by its own extension or the whole case's,
    never counting another party's (``_beyond_limit`` alike); each measure once, by the extension naming it
    (``ClockEvent.measure_id``) or one recorded before extensions named their measure, never another measure's."""
    same, params = _same_extended(db, event)
    row = db.execute("SELECT id FROM clock_events WHERE case_id = ? AND kind = 'extension' AND clock = ? AND id != ? "
                     f"AND {same} ORDER BY approved_on, created_at LIMIT 1",
                     [case.id, clock.id, event.id, *params]).fetchone()
    return get_clock_event(db, row[0]) if row else None


def _same_extended(db: Database, event: ClockEvent) -> tuple[str, list[str]]:
    """SQL condition (with its parameters) of the extensions that extend what the extension ``event`` extends: the
    measure it names (``measure_id``) — those naming it, and those naming none (recorded before m061, each extending
    every seizure of its party or of the whole case) of its party or the whole case's —; naming none, those of its
    party or of the whole case (every one for the whole case)."""
    seizure = db.execute("SELECT COALESCE(party_id, '') FROM clock_events WHERE id = ?",
                         [event.measure_id]).fetchone() if event.measure_id else None
    if seizure is not None:
        return ("(measure_id = ? OR (measure_id IS NULL AND (? = '' OR party_id IS NULL OR party_id = ?)))",
                [event.measure_id, seizure[0], seizure[0]])
    party = party_of(event)
    return "(party_id IS NULL OR ? = '' OR party_id = ?)", [party, party]


def measures_to_extend(db: Database, case_id: str, party: str = "", on: str | None = None) -> list[ClockEvent]:
    """The seals-up or seizures (``SEIZED_KINDS`` events) of the case an extension of their period (T14) may extend,
    oldest first: of the party ``party`` or of the whole case (every one, ``party`` ""), running on ``on`` (begun on
    or before it and not ended before it) when given."""
    marks = ", ".join("?" for _kind in SEIZED_KINDS)
    rows = db.execute(f"SELECT id FROM clock_events WHERE case_id = ? AND kind IN ({marks}) AND (? = '' OR party_id "
                      "IS NULL OR party_id = ?) AND (? = '' OR (starts_on <= ? AND (ends_on IS NULL OR ends_on >= ?))) "
                      "ORDER BY starts_on, created_at",
                      [case_id, *SEIZED_KINDS, party, party, on or "", on or "", on or ""]).fetchall()
    return [get_clock_event(db, row[0]) for row in rows]


def extension_measure(db: Database, case: Case, event: ClockEvent,
                      approved_on: str | None = None) -> tuple[ClockEvent | None, str]:
    """The seal-up or seizure the extension ``event`` of a seizure's period extends (行政强制法 art. 25: each measure
    by its own 延长行政强制措施期限决定书), and what is wrong ("" when nothing): the one it names (``measure_id``: not a
    seizure of the case is refused), else the only one of its party (or of the whole case) running on the day it is
    approved ``approved_on``. A new extension naming none in a case where several run is refused: which one it
    extends is asked; one recorded before extensions named their measure extends each (None, "") as it did.
    (None, "") for an extension of another clock, or of a case without such a measure."""
    if event.kind != "extension" or not extends_seizure(event.clock):
        return None, ""
    if event.measure_id:
        found = db.execute("SELECT kind, case_id FROM clock_events WHERE id = ?", [event.measure_id]).fetchone()
        if found is None or found[0] not in SEIZED_KINDS or found[1] != case.id:
            return None, _("Choose the seal-up or seizure this extension extends.")
        return get_clock_event(db, event.measure_id), ""
    if db.execute("SELECT 1 FROM clock_events WHERE id = ?", [event.id]).fetchone():
        return None, ""  # recorded before it named its measure (m061): it keeps extending what it did
    running = measures_to_extend(db, case.id, party_of(event), approved_on)
    if len(running) > 1:
        return None, _("The case has several seals-up or seizures ({dates}): choose the one this extension extends, "
                       "as its 延长行政强制措施期限决定书 names it.").format(
            dates=", ".join(measure.starts_on for measure in running))
    return (running[0] if running else None), ""


def extended_seizure(db: Database, case: Case, values: dict) -> str | None:
    """The id of the seizure event of the measure the 延长行政强制措施期限决定书 of ``values`` extends: that of the
    实施行政强制措施决定书 it names by its 文号 (issued here), begun the day that decision was made, for the goods of
    its party (``measures.extended_party``); None when the decision was given on paper, or no single seizure is
    recorded for it (the officer chooses)."""
    from workstation.documents.stage_rules import _extended_measure
    from workstation.formkit.measures import extended_party
    from workstation.validators import written_day

    decision = _extended_measure(db, case, values)
    decided = written_day(decision.values.get("decided_on")) if decision is not None else None
    if decided is None:
        return None
    party = extended_party(db, case, values) or ""
    that_day = [e for e in measures_to_extend(db, case.id, party) if e.starts_on == decided.isoformat()]
    own = [e for e in that_day if (e.party_id or "") == party] or that_day
    return own[0].id if len(own) == 1 else None


def link_earlier_extensions(db: Database, cases: Iterable[str] | None = None) -> None:
    """Give each extension of a seizure's period recorded naming no measure (before m061) the one it can only have
    extended: the single seal-up or seizure of its case, of its party or of the whole case, running on the day it
    was approved (``measures_to_extend``). Not audited, ``updated_at`` kept (m061). Those of a case where several
    ran that day are left naming none: each still extends every one of them. Of the cases ``cases`` alone when
    given (a merge: an extension a station on an older version sent); safe to run again, an extension naming a
    measure being left as it is."""
    from workstation.clocks import rules

    clocks = [r.id for r in rules() if extends_seizure(r.id)]
    wanted = None if cases is None else sorted(set(cases))
    if not clocks or wanted == []:
        return
    marks = ", ".join("?" for _clock in clocks)
    of_cases = "" if wanted is None else f" AND case_id IN ({', '.join('?' for _case in wanted)})"
    for event_id, case_id, party, on in db.execute(
            "SELECT id, case_id, COALESCE(party_id, ''), COALESCE(approved_on, starts_on) FROM clock_events WHERE "
            f"kind = 'extension' AND measure_id IS NULL AND clock IN ({marks}){of_cases}",
            [*clocks, *(wanted or ())]).fetchall():
        running = measures_to_extend(db, case_id, party, on)
        if len(running) == 1:
            db.execute("UPDATE clock_events SET measure_id = ? WHERE id = ?", [running[0].id, event_id])


#: the measure that holds goods under 先行登记保存 (T13) until they are decided on within seven working days (行政处罚法
#: art. 56: 七日内及时作出处理决定), a seal-up or seizure of them (``SEIZED_KINDS``) being such a decision
PRESERVATION = "preservation"


def preservations_decided_by(db: Database, seizure: ClockEvent) -> list[ClockEvent]:
    """The preservations (先行登记保存, T13) of ``seizure``'s case still running that the seal-up or seizure
    ``seizure`` may decide on (行政处罚法 art. 56: within seven working days the preserved goods are seized,
    returned or otherwise dealt with): begun on or before it, oldest first; none for another kind of event. Whether
    the seizure holds the preserved goods the event does not say: the officer is asked (``ui.case_clocks``)."""
    if seizure.kind not in SEIZED_KINDS or not seizure.starts_on:
        return []
    return [event for event in running_events(db, seizure.case_id, PRESERVATION)
            if event.starts_on <= seizure.starts_on and event.id != seizure.id]


def end_decided_preservations(db: Database, seizure: ClockEvent, audit: AuditWriter | None = None
                              ) -> list[ClockEvent]:
    """End on the day of ``seizure`` the preservations it decides on (``preservations_decided_by``): the items
    preserved are then held by the seal-up or seizure, which met T13 that day (its checks apply as to any end).
    Returns the preservations ended."""
    with db.atomic():
        return [record_clock_event(db, replace(event, ends_on=seizure.starts_on), audit)
                for event in preservations_decided_by(db, seizure)]


def _ahead_of_today(event: ClockEvent, dates: dict[str, str | None], errors: dict[str, str]) -> None:
    """Refuse a date after today: an event records what happened (except the dates ``MAY_BE_AHEAD``)."""
    from workstation.records import today

    now_day = today()
    allowed = MAY_BE_AHEAD.get(event.kind, ())
    for field in ("starts_on", "ends_on", "approved_on"):
        day = dates.get(field)
        if day and day > now_day and field not in allowed and field not in errors:
            errors[field] = _("{date} is after today ({today}): record an event once it has happened.").format(
                date=day, today=now_day)


def _outside_clock(db: Database, case: Case, clock, approved_on: str, event_id: str, party: str = "",
                   measure: str = "") -> str | None:
    """Why an extension cannot be approved on ``approved_on``: before its clock started (or while it has not
    started), or after the time limit was met (T1 by the filing) or ran out; one of the seizure of ``party``'s goods,
    its T14 alone (and the whole case's); one of the measure begun by the event ``measure``, that measure's T14 alone.
    One already recorded (``event_id``: corrected, ``correct_extension``, or edited) is checked as a new one would
    be, the case's deadlines counted without it: its own days do not make the time limit it extends run on."""
    from workstation.clocks import case_clocks, start_label

    deadlines = [d for d in case_clocks(db, case, on=approved_on, without=event_id) if d.clock == clock.id
                 and (not party or not d.party_id or d.party_id == party)
                 and (not measure or d.event_id == measure)]
    starts = [d.start for d in deadlines if d.start]
    if not starts:
        return _("{clock} has not started: the case has no {what} yet, so it cannot be extended.").format(
            clock=clock.id, what=start_label(clock))
    if approved_on < min(starts):
        return _("{clock} started on {date}: an extension cannot be approved before that day.").format(
            clock=clock.id, date=min(starts))
    met = [d.done_on for d in deadlines if d.done_on]
    if met and len(met) == len(deadlines) and approved_on > max(met):
        # a time limit already met (T1 by the filing, or by the decision not to file) has nothing left to extend
        if clock.done == "filed_on" and case.filed_on:
            return _("The case was filed on {date}, which ended the time to verify the lead and decide whether to "
                     "file it: the verification period cannot be extended after the filing.").format(date=max(met))
        return _("{clock} was already met on {date}: a time limit that has ended cannot be extended.").format(
            clock=clock.id, date=max(met))
    due = [d for d in deadlines if d.due]
    if len(due) == 1 and due[0].due < approved_on and not unconfirmed_end_note(db, due[0], approved_on):
        return _("The time limit ran out on {date}: an extension must be approved before then.").format(
            date=due[0].due)
    return None


def unconfirmed_end_note(db: Database, deadline, acted_on: str) -> str:
    """What a date ``acted_on`` after the last day of ``deadline`` (a clock of working days; an extension approved,
    the lead's result asked for) is told instead of being refused when that day was counted through a year without
    holiday data (``clocks.unconfirmed_count_warning``); "" when it is refused: counted on known holidays, in other
    units, or so long after that no holiday could move the day past it."""
    from workstation.clocks import data_dir_of, unconfirmed_count_warning
    from workstation.workdays import default_calendar

    if deadline.rule.unit != "wd" or deadline.confirmed or not deadline.start:
        return ""
    start, end = dt.date.fromisoformat(deadline.start), dt.date.fromisoformat(deadline.due)
    period = deadline.rule.unit_text(default_calendar(data_dir_of(db)).workdays_between(start, end))
    return unconfirmed_count_warning(db, start, end, period, on=dt.date.fromisoformat(acted_on[:10]))


def late_extension_warning(clock_id: str, approved_on: str, due: str, note: str) -> str:
    """The warning of an extension of ``clock_id`` approved on ``approved_on``, after ``due``, the last day of that
    time limit as counted through a year without holiday data: recorded, with the count's ``note``."""

    return join_sentences([_("The extension approved on {date} is after {due}, the day {clock} ends as counted: it is "
                             "recorded, not refused, as that day is not certain yet.").format(
        date=approved_on, due=due, clock=clock_id), note])


def unconfirmed_extension_warning(db: Database, case: Case, event: ClockEvent) -> str:
    """What recording the extension ``event`` is told, not refused ("" when nothing): approved after the last day of
    the time limit it extends as counted through a year without holiday data, but so shortly after that the year's
    holidays may move that day past it (``_outside_clock`` refuses it otherwise). An extension recorded already (a
    correction, ``correct_extension``) is told the same, the case's deadlines counted without it (as
    ``_outside_clock`` checks it): its own days do not move the last day it is compared with, before it is saved or
    after."""
    from workstation.clocks import case_clocks
    from workstation.validators import parse_date

    if event.kind != "extension" or not event.clock:
        return ""
    try:
        approved_on = parse_date(event.approved_on)
    except ValueError:
        return ""
    if not approved_on:
        return ""
    party = party_of(event)
    deadlines = [d for d in case_clocks(db, case, on=approved_on, without=event.id) if d.clock == event.clock and d.due
                 and (not party or not d.party_id or d.party_id == party)]
    if len(deadlines) != 1 or deadlines[0].due >= approved_on or deadlines[0].done_on:
        return ""
    note = unconfirmed_end_note(db, deadlines[0], approved_on)
    return late_extension_warning(event.clock, approved_on, deadlines[0].due, note) if note else ""


def _earliest(db: Database, case: Case, event: ClockEvent) -> tuple[str | None, str]:
    if event.kind == "extension":
        return None, ""  # checked against the start of the clock it extends (``_outside_clock``)
    if event.kind in BEFORE_FILING:
        if case.lead_received_on:  # the date compared with is named as it is (s62: not the filing's as the lead's)
            return case.lead_received_on, _("lead registration")
        return case.filed_on, _("filing of the case")
    if event.kind == CHECK:  # after the order it follows up (``_check_errors``), which may precede the filing
        return None, ""
    if event.kind in ("bureau_filing", "fine_handed_over"):  # the filing (备案) of a decision made on the spot follows it
        # (T31), and so does handing its fine over (T32); a case decided otherwise has no such decision to date them
        # against: they are refused for that (``kind_refusal``), not for their date
        return (case.decided_on, _("on-the-spot decision")) if case.procedure_kind == "simple" else (None, "")
    if event.kind == "fine_banked":  # the money is paid into the bank once the agency has it (T33)
        return _handed_over_on(db, case), _("hand-over of the fine to the agency")
    if event.kind == "publication":  # what is published is the decision made (信息公示规定 art. 9, T18)
        return case.decided_on or case.filed_on, _("penalty decision") if case.decided_on else _("filing of the case")
    return case.filed_on, _("filing of the case")


def record_clock_event(db: Database, event: ClockEvent, audit: AuditWriter | None = None, *,
                       for_command_line: bool = False) -> ClockEvent:
    """Validate and record (or update) a clock event of its case, audited, with a line on the timeline; a refusal
    ``for_command_line`` names the command line's remedies (``clock_event_errors``)."""
    from workstation.store.cases import add_event, get_case
    from workstation.validators import parse_date

    with db.atomic():
        case = get_case(db, event.case_id)
        if event.kind == "extension" and not event.starts_on:
            event = replace(event, starts_on=event.approved_on or "")
        errors = clock_event_errors(db, event, case, for_command_line=for_command_line)
        if errors:
            raise ValidationError(errors)
        event = replace(event, starts_on=parse_date(event.starts_on), ends_on=parse_date(event.ends_on),
                        approved_on=parse_date(event.approved_on), approved_by=event.approved_by.strip(),
                        note=event.note.strip(),
                        clock=event.clock if event.kind in ("extension", CHECK) else "",
                        party_id=party_of(event) or None)
        # the extension of a seizure's period: of the measure it names, or the case's only one (its party's)
        measure = extension_measure(db, case, event, event.approved_on)[0]
        event = replace(event, measure_id=measure.id if measure is not None else None,
                        party_id=measure.party_id if measure is not None else event.party_id)
        challenge = answered_challenge(db, case, event, event.starts_on) if event.kind in OUTCOMES else None
        if challenge is not None:  # the outcome keeps what it decides, and the party that applied
            event = replace(event, clock=challenge.id, party_id=challenge.party_id)
        if event.kind == CHECK:  # one day, ended that day: it brings no case onto the board as a running event would
            event = replace(event, ends_on=event.starts_on)
        writer = audit or AuditWriter(db)
        existed = db.execute("SELECT ends_on FROM clock_events WHERE id = ?", [event.id]).fetchone()
        save_audited(db, "clock_events", "clock_event", {k: getattr(event, k) for k in event.__dataclass_fields__},
                     writer)
        if existed is not None:  # the event itself is on the timeline; a change to it is noted there too, dated
            # the end it sets (an interval ended) or else the day it was made, not the day the event began
            changed_on = event.ends_on if event.ends_on and event.ends_on != existed[0] else today()
            add_event(db, CaseEvent(case_id=case.id, kind="clock", at=now(), on_date=changed_on,
                                    actor=writer.actor, note=_("Changed: {what}").format(what=describe(event))))
        if challenge is not None:
            _decide_challenge(db, case, event, challenge, writer)
        if audit is None:
            writer.flush()
    return event


def _decide_challenge(db: Database, case: Case, outcome: ClockEvent, challenge: ClockEvent,
                      writer: AuditWriter) -> None:
    """What recording ``outcome`` does besides: the reconsideration or lawsuit it decides, still pending, ends on its
    day (the surcharge no longer paused after it, T12 and T16 counting from it); a decision revoked or declared void
    (``clocks.ANNULLING``) after the party paid leaves a note on the timeline that the money paid is to be refunded
    (the refund itself is not recorded)."""
    from workstation.clocks import ANNULLING, VOID
    from workstation.store.cases import add_event

    if challenge.ends_on is None:
        save_audited(db, "clock_events", "clock_event", {**{k: getattr(challenge, k) for k in
                                                            challenge.__dataclass_fields__}, "ends_on": outcome.starts_on},
                     writer)
    if outcome.kind not in ANNULLING:
        return
    party = outcome.party_id or ""
    paid = db.execute("SELECT MIN(COALESCE(on_date, substr(at, 1, 10))) FROM case_events WHERE case_id = ? AND "
                      "((kind = 'transition' AND to_status = 'performed') OR (kind = 'payment' AND (? = '' OR "
                      "party_id = ?)))", [case.id, party, party]).fetchone()[0]
    if paid and paid >= (case.decided_on or ""):
        note = _("The penalty decision was declared void ({number}) after the fine was paid on {date}: the money paid "
                 "is to be refunded to the party.") if outcome.kind == VOID else _(
            "The penalty decision was revoked ({number}) after the fine was paid on {date}: the money paid is to be "
            "refunded to the party.")
        add_event(db, CaseEvent(case_id=case.id, kind="clock", at=now(), on_date=outcome.starts_on,
                                actor=writer.actor, note=note.format(number=outcome.approved_by, date=paid)))


def end_clock_event(db: Database, event_id: str, ends_on: str, *, despite_held: bool = False,
                    for_command_line: bool = False) -> ClockEvent:
    """Set the end of a running interval (the clock resumes the day after). A seizure or preservation whose document
    issued here still holds goods (``measures.held_refusal``: a release gave back only part of them) is refused,
    naming them (`clocks end` without ``--despite-held``; the window asks first with the same words), unless
    ``despite_held``: the caller has the officer's word that they were given back or disposed of otherwise (on
    paper)."""
    event = get_clock_event(db, event_id)
    if not despite_held and event.kind in (*SEIZED_KINDS, "preservation") and event.ends_on is None:
        from workstation.formkit.measures import held_refusal
        from workstation.store.cases import get_case

        refusal = held_refusal(db, get_case(db, event.case_id), event, for_command_line=for_command_line)
        if refusal:
            raise ValidationError({"despite_held": refusal})
    return record_clock_event(db, replace(event, ends_on=ends_on))


def correct_extension(db: Database, event_id: str, days: int, approved_on: str | None, approved_by: str) -> ClockEvent:
    """Correct a recorded extension whose length, approval date or approver was entered wrongly: checked as a new
    one would be, changed in place, audited as ``correct_extension`` (the record before and after) and noted on the
    timeline with what it said before. A clock the law extends once (T1) is corrected this way, not extended
    again; an unchanged extension is left as it is."""
    from workstation.store.cases import add_event, get_case
    from workstation.validators import parse_date

    with db.atomic():
        recorded = get_clock_event(db, event_id)
        if recorded.kind != "extension":
            raise ValidationError({"kind": _("Only a recorded extension can be corrected; remove a wrong event "
                                             "with the reason instead.")})
        case = get_case(db, recorded.case_id)
        event = replace(recorded, days=days, starts_on=approved_on or "", approved_on=approved_on,
                        approved_by=approved_by)
        errors = clock_event_errors(db, event, case)
        if errors:
            raise ValidationError(errors)
        day = parse_date(approved_on)
        event = replace(event, starts_on=day, approved_on=day, approved_by=approved_by.strip())
        if (event.days, event.approved_on, event.approved_by) == (recorded.days, recorded.approved_on,
                                                                 recorded.approved_by):
            return recorded
        before = fetch_dict(db, "SELECT * FROM clock_events WHERE id = ?", [event_id])
        db.execute("UPDATE clock_events SET days = ?, starts_on = ?, approved_on = ?, approved_by = ?, updated_at = ? "
                   "WHERE id = ?", [event.days, event.starts_on, event.approved_on, event.approved_by, now(), event_id])
        writer = AuditWriter(db)
        writer.add("correct_extension", "clock_event", event_id, before,
                   fetch_dict(db, "SELECT * FROM clock_events WHERE id = ?", [event_id]))
        add_event(db, CaseEvent(case_id=case.id, kind="clock", at=now(), on_date=today(), actor=writer.actor,
                                note=_("Corrected: {what} (recorded before: {before})").format(
                                    what=describe(event), before=describe(recorded))))
        writer.flush()
    return event


def delete_clock_event(db: Database, event_id: str, reason: str) -> None:
    """Remove an event recorded in error; the reason stays on the timeline and in the audit log, and the event as it
    was stored among the removed ones (m068), to be put back (``restore_clock_event``) if it was removed in error."""
    from workstation.store.cases import add_event

    if not reason.strip():
        raise ValidationError({"reason": _("Say why the event is removed.")})
    with db.atomic():
        event = get_clock_event(db, event_id)
        if event.kind in STEP_ENDED and event.ends_on is None:
            from workstation.store.cases import get_case

            status, steps = STEP_ENDED[event.kind]
            if get_case(db, event.case_id).status == status:
                # the status it stands for stays: removed alone, the clocks would run with the case suspended
                raise ValidationError({"reason": _(
                    "The case is {status}: its “{kind}” cannot be removed while it is. End it with the step {steps} "
                    "(Procedure); a suspension or hearing recorded in error is removed once the case has left "
                    "it.").format(status=shown_label("statuses", status),
                                  kind=shown_label("clock_events", event.kind),
                                  steps="、".join(f"“{shown_label('transitions', step)}”" for step in steps))})
        extended = db.execute("SELECT approved_on FROM clock_events WHERE case_id = ? AND kind = 'extension' "
                              "AND measure_id = ? ORDER BY approved_on LIMIT 1", [event.case_id, event_id]).fetchone()
        # removed alone, its extension would name a measure no longer held and extend none of the others
        # (``clocks.EventFacts.of_measure``): the extension granted would be lost without a word
        if extended is not None:
            raise ValidationError({"reason": _("The extension recorded on {date} extends this seal-up or seizure: "
                                               "remove that extension first.").format(date=extended[0] or "—")})
        writer = AuditWriter(db)
        before = fetch_dict(db, "SELECT * FROM clock_events WHERE id = ?", [event_id])
        what = describe(event, db)  # a party's own named, as `clocks remove` names it; read before it is gone
        db.execute("DELETE FROM clock_events WHERE id = ?", [event_id])
        writer.add("delete", "clock_event", event_id, before, None)
        db.execute("INSERT OR REPLACE INTO removed_clock_events (id, case_id, event_json, reason, removed_at, "
                   "removed_by) VALUES (?, ?, ?, ?, ?, ?)",
                   [event_id, event.case_id, json.dumps(before, ensure_ascii=False), reason.strip(), now(),
                    writer.actor])
        add_event(db, CaseEvent(case_id=event.case_id, kind="clock", at=now(), actor=writer.actor,
                                on_date=event.starts_on,
                                note=_("Removed: {what} — {reason}").format(what=what, reason=reason.strip())))
        writer.flush()


@dataclass
class RemovedClockEvent:
    """A clock event removed with its reason (``delete_clock_event``), as it was stored; ``restored_as``: the id of
    the event that put it back, None while it has not been."""

    event: ClockEvent
    reason: str
    removed_at: str
    removed_by: str
    restored_as: str | None = None
    restored_at: str | None = None


def _removed(row) -> RemovedClockEvent:
    event_json, reason, removed_at, removed_by, restored_as, restored_at = row
    return RemovedClockEvent(from_row(ClockEvent, json.loads(event_json)), reason, removed_at, removed_by,
                             restored_as, restored_at)


REMOVED_COLUMNS = "event_json, reason, removed_at, removed_by, restored_as, restored_at"


def removed_clock_events(db: Database, case_id: str) -> list[RemovedClockEvent]:
    """The clock events removed from the case, the latest removed first, those put back since too."""
    rows = db.execute(f"SELECT {REMOVED_COLUMNS} FROM removed_clock_events WHERE case_id = ? "
                      "ORDER BY removed_at DESC, rowid DESC", [case_id]).fetchall()
    return [_removed(row) for row in rows]


def removed_clock_event(db: Database, event_id: str) -> RemovedClockEvent:
    row = db.execute(f"SELECT {REMOVED_COLUMNS} FROM removed_clock_events WHERE id = ?", [event_id]).fetchone()
    if row is None:
        raise NotFound(_("No removed clock event {id}: `clocks events CASE --removed` lists those removed from a "
                         "case, with their ids (one removed before this version of the workstation was not kept: "
                         "record it again).").format(id=event_id))
    return _removed(row)


def restore_clock_event(db: Database, event_id: str) -> ClockEvent:
    """Put back the clock event ``event_id`` removed with a reason (``delete_clock_event``), with its kind, dates,
    approval and note as they were stored, as a new record: under its old id a station's bundle would carry it as
    the copy of a record deleted at headquarters, which the merge keeps deleted (``bundle.merge._copy_of_deleted``).
    Audited as created, noted on the timeline with the reason it was removed for. The outcomes of a reconsideration
    or lawsuit put back name it again. Refused, nothing changed, when it was put back already, or when it no longer
    fits the events recorded since (``clock_event_errors``, ``restoring``: the same period recorded again, …)."""
    from workstation.store.cases import add_event, get_case

    with db.atomic():
        removed = removed_clock_event(db, event_id)
        if removed.restored_as:
            raise WorkstationError(_("The clock event {id} was put back already on {date}: it is the event {new} "
                                     "now.").format(id=event_id, date=(removed.restored_at or "")[:10],
                                                    new=removed.restored_as))
        case = get_case(db, removed.event.case_id)
        # the event it decides or extends (``clock``, ``measure_id``) removed as well and put back since: the one
        # that put it back
        event = replace(removed.event, id=new_id(), clock=_put_back_as(db, removed.event.clock),
                        measure_id=_put_back_as(db, removed.event.measure_id))
        errors = clock_event_errors(db, event, case, restoring=True)
        if event.kind in STEP_ENDED and event.ends_on is None and case.status != STEP_ENDED[event.kind][0]:
            # running again, it would stop the clocks of a case no longer in the status it stands for, which no step
            # would end (the step records it with the status: ``kind_refusal``)
            errors["ends_on"] = _("It was still running when it was removed, and the case is no longer {status}.").format(
                status=shown_label("statuses", STEP_ENDED[event.kind][0]))
        if errors:
            raise WorkstationError(_("“{what}” cannot be put back: {reasons} Nothing was changed.").format(
                what=describe(removed.event, db), reasons=join_sentences(list(errors.values()))))
        writer = AuditWriter(db)
        save_audited(db, "clock_events", "clock_event", {k: getattr(event, k) for k in event.__dataclass_fields__},
                     writer)
        if event.kind in PARTY_KINDS:  # the outcomes deciding the challenge name it by its id (``clock``)
            for row in fetch_dicts(db, f"SELECT * FROM clock_events WHERE case_id = ? AND clock = ? AND kind IN "
                                       f"({', '.join('?' * len(OUTCOMES))})", [case.id, event_id, *OUTCOMES]):
                outcome = from_row(ClockEvent, row)
                save_audited(db, "clock_events", "clock_event",
                             {k: getattr(outcome, k) for k in outcome.__dataclass_fields__} | {"clock": event.id},
                             writer)
        db.execute("UPDATE removed_clock_events SET restored_as = ?, restored_at = ? WHERE id = ?",
                   [event.id, now(), event_id])
        add_event(db, CaseEvent(case_id=case.id, kind="clock", at=now(), actor=writer.actor, on_date=event.starts_on,
                                note=_("Put back: {what} (removed on {date}: {reason})").format(
                                    what=describe(event, db), date=removed.removed_at[:10], reason=removed.reason)))
        writer.flush()
    return event


def _put_back_as(db: Database, event_id: str | None) -> str | None:
    """The id ``event_id`` (of a clock event a restored one names) under which the event is held now: that of the
    event that put it back when it was removed and restored since (again, if that one was too), else itself."""
    seen = set()
    while event_id and event_id not in seen:
        seen.add(event_id)
        row = db.execute("SELECT restored_as FROM removed_clock_events WHERE id = ? AND restored_as IS NOT NULL",
                         [event_id]).fetchone()
        if row is None:
            break
        event_id = row[0]
    return event_id


def get_clock_event(db: Database, event_id: str) -> ClockEvent:
    row = fetch_dict(db, "SELECT * FROM clock_events WHERE id = ?", [event_id])
    if row is None:
        raise NotFound(_("No clock event {id}.").format(id=event_id))
    return from_row(ClockEvent, row)


def clock_events_of(db: Database, case_id: str) -> list[ClockEvent]:
    rows = fetch_dicts(db, "SELECT * FROM clock_events WHERE case_id = ? ORDER BY starts_on, created_at", [case_id])
    return [from_row(ClockEvent, r) for r in rows]


def open_event(db: Database, case_id: str, kind: str) -> ClockEvent | None:
    row = db.execute("SELECT id FROM clock_events WHERE case_id = ? AND kind = ? AND ends_on IS NULL "
                     "ORDER BY starts_on DESC LIMIT 1", [case_id, kind]).fetchone()
    return get_clock_event(db, row[0]) if row else None


def running_events(db: Database, case_id: str, kind: str, party_id: str | None = None) -> list[ClockEvent]:
    """The case's events of ``kind`` still running, oldest first; given ``party_id`` (the party a release was written
    for), that party's own (the seizure of its goods: ``RUN_PER_PARTY``), else, none of its own running, those of the
    whole case (naming no party), never another party's."""
    rows = db.execute("SELECT id, party_id FROM clock_events WHERE case_id = ? AND kind = ? AND ends_on IS NULL "
                      "ORDER BY starts_on, id", [case_id, kind]).fetchall()
    if party_id:
        rows = [row for row in rows if row[1] == party_id] or [row for row in rows if not row[1]]
    return [get_clock_event(db, row[0]) for row in rows]


def _of_party(db: Database | None, event: ClockEvent, what: str) -> str:
    """``what`` of the party the event is that party's own (``party_of``), given ``db``: "… of 某公司", saying so
    when that party was removed from the case since; ``what`` itself otherwise."""
    party = party_of(event)
    if db is None or not party:
        return what
    row = db.execute("SELECT name FROM parties WHERE id = ?", [party]).fetchone()
    what = _("{what} of {party}").format(what=what, party=row[0] if row else party)
    if not db.execute("SELECT 1 FROM case_parties WHERE case_id = ? AND party_id = ?",
                      [event.case_id, party]).fetchone():
        what = _("{what} (no longer a party to the case)").format(what=what)
    return what


def _measure_begun(db: Database | None, event: ClockEvent) -> str:
    """The day the measure the extension ``event`` names began, given ``db`` and when its case has several seals-up
    or seizures (of its party or of the whole case); "" otherwise."""
    if db is None or not event.measure_id:
        return ""
    begun = db.execute("SELECT starts_on FROM clock_events WHERE id = ?", [event.measure_id]).fetchone()
    if begun is None or len(measures_to_extend(db, event.case_id, party_of(event))) < 2:
        return ""
    return begun[0]


def describe(event: ClockEvent, db: Database | None = None) -> str:
    """One line saying what the event is and for how long, as the timeline shows it; given ``db``, a party's own
    reconsideration or litigation (or the testing, seal-up or seizure of its goods, or the extension of that seizure)
    names the party, and says so when that party was removed from the case since."""
    from workstation.clocks import rule

    if event.kind == "extension":
        clock = rule(event.clock)
        english = shown_label("clock_titles", clock.id)  # the clock's id unless in English
        title = _of_party(db, event, english if english != clock.id else clock.title)
        begun = _measure_begun(db, event)
        if begun:  # which of the case's seals-up or seizures it extends
            return _("{clock} “{title}” of the measure begun {begun} extended by {period} (approved {date} by "
                     "{who})").format(clock=clock.id, title=title, begun=begun, period=clock.unit_text(event.days),
                                      date=event.approved_on, who=event.approved_by)
        return _("{clock} “{title}” extended by {period} (approved {date} by {who})").format(
            clock=clock.id, title=title, period=clock.unit_text(event.days), date=event.approved_on,
            who=event.approved_by)
    if event.kind in OUTCOMES:  # "2026-11-30 行政复议决定：撤销原处罚决定（南府行复〔2026〕12号）"
        return _("{date} {what}").format(date=event.starts_on, what=outcome_text(event, db))
    if event.kind == CHECK:  # "2026-11-30 责令改正复查（已改正）"
        from workstation.rectification_checks import RESULTS, result_label

        return _("{date} {what}").format(date=event.starts_on, what=shown_label("one_off_events", event.kind)
                                          + _(" ({what})").format(what=result_label(RESULTS.get(event.days, ""),
                                                                                     shown_label)))
    if one_off(event.kind):  # "2026-11-30 收到不予立案通知书": one day, whatever an older record gave as its end
        return _("{date} {what}").format(date=event.starts_on, what=shown_label("one_off_events", event.kind))
    what = _of_party(db, event, shown_label("clock_events", event.kind))
    if event.ends_on:
        days = (dt.date.fromisoformat(event.ends_on) - dt.date.fromisoformat(event.starts_on)).days + 1
        if event.kind in APPROVAL_REQUIRED and (event.approved_on or event.approved_by):
            return _("{what} from {start} to {end} ({days} days; approved {date} by {who})").format(
                what=what, start=event.starts_on, end=event.ends_on, days=days, date=event.approved_on or "—",
                who=event.approved_by or "—")
        return _("{what} from {start} to {end} ({days} days)").format(what=what, start=event.starts_on,
                                                                      end=event.ends_on, days=days)
    return _("{what} since {start}").format(what=what, start=event.starts_on)
