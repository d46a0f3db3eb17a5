"""撤销上一步: the last procedure step recorded in a case undone — one recorded with today's date by mistake, or with
any wrong date, which the case's editor cannot correct (its step dates are the procedure's). The case goes back to
the status it had before the step and the date field(s) the step set to what they were (empty for a step taken the
first time; the day an earlier step gave them for a step re-entering a state), the clock event the step started is
removed (中止 → its suspension, the hearing request → its hearing) and the one it ended reopened (恢复, the end of the
hearing, a step leaving a suspension), and a payment recorded with the step goes with its timeline event. A payment
recorded as a step of its own is undone as one too: the payment of part in a case with one party (the case stays
已送达), a party's own payment in a case with several — with the 履行完毕 it took the case to, when it was the last
party's (the case is 已送达 again) —, so that what is paid and owed is counted again without it. 重新作出处理决定
recorded for the one party an order to decide anew concerned is undone too: the order is pending again, and a case it
reopened is 履行完毕 or 已结案 again, with the 结案日期 of its 结案 recorded here (one closed without it is not undone:
that date is not known). In a case with several parties, one party's own service of the 行政处罚告知书, its waiver
and its hearing request (or its withdrawal, its absence) are undone as that party's record alone: the other parties'
stay, and the case goes back to the status the record took it from (the first service: 案件审核 again, without its
告知日期; the waiver that left no party to wait for: 已告知 again) — so too on the 责令重作 path, the new notice served
on the party decided anew, its waiver and its hearing request, the case's status staying, after which the
重新作出处理决定 behind them is the last step again. The filing
undone, the case is 待立案 again without a case number: the one filing gave it is kept void, as a number an edit changed
(never given to another case), and the case filed again takes the next one. The step's
event is removed from the timeline, which keeps a line saying what was undone, with its date and the reason, and the
audit log keeps the step as it was recorded.

Only the last step is undone, and not when: a document was issued after it was recorded (void it first: the document
may rest on the step), a 举行听证 was recorded last after the hearing request (it rests on the request: named, with
the way to remove it, as undoing the request would leave it), it is the transfer to the police and a step with the
police was recorded since (their answer to it: remove that first, Case → Time limits), it is one party's own
decision served on it or the court applied to against it (their events are the party's, recorded beside the
others'), the
case or the step came from another station's bundle (that station records the case: its next bundle would bring the
step back, and the case's status here would differ from the station's; it is asked to undo it), or the step was sent
in a bundle since (the timeline travels appended only: wherever the bundle was imported the step stays, payment and
all, and no bundle takes it out), or it cannot be taken back by its nature (the on-the-spot decision, the fine
collected with it and the way back from it, which carry the fine and the procedure: void or correct their document
instead). Undone before the next bundle, a step travels as undone: the case's status and dates with the case, the
undoing with the timeline."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

from workstation.audit import AuditWriter
from workstation.db import Database
from workstation.errors import TransitionRefused
from workstation.i18n import _
from workstation.records import Case, CaseEvent, now, short_time
from workstation.store import get_case, parties_of_case
from workstation.store.cases import add_event, update_case
from workstation.vocabulary import shown_label

#: the timeline event an undone step leaves (``case_events.kind``); its details: the step, its date, the statuses
UNDONE = "step_undone"
#: steps not undone by their nature: what they record is carried by their document (void or correct it instead)
NOT_UNDONE = ("decide_on_the_spot", "leave_simple_procedure")
#: the date fields a step clears besides setting its own: {step: fields}
CLEARED = {"redecide": ("served_on", "closed_on"), "resume_after_police": ("closed_on",),
           "leave_simple_procedure": ("decided_on", "served_on"),
           # sent back from 待决定: the notice is served anew after the new review (``procedure.apply``)
           "return_for_investigation": ("notice_served_on",)}


def last_step(db: Database, case_id: str) -> CaseEvent | None:
    """The case's procedure step recorded last (a transition, or a step of one party), None without any."""
    from workstation.procedure import party_step_kinds
    from workstation.store.base import fetch_dict, from_row

    kinds = ("transition", *party_step_kinds())
    row = fetch_dict(db, f"SELECT * FROM case_events WHERE case_id = ? AND kind IN ({', '.join('?' * len(kinds))}) "
                         "ORDER BY at DESC, rowid DESC LIMIT 1", [case_id, *kinds])
    return None if row is None else from_row(CaseEvent, row)


def step_name(event: CaseEvent, case: Case | None = None, db: Database | None = None) -> str | None:
    """The procedure action (``procedure.TRANSITIONS``) a transition event recorded, None when it cannot be told;
    ``record_performance`` for a payment recorded as a step of its own (``party_decisions.PAID``). ``db``: the
    case's database, which tells the last party's waiver that took a case with several parties to 待决定 without
    every party having waived (another's period had run out) from the end of the statement period."""
    from workstation.decided_transfer import DECIDED_ON
    from workstation.party_decisions import PAID
    from workstation.procedure import HEARING_GIVEN_UP, TRANSITIONS, given_up_step

    if event.kind == PAID:
        return "record_performance"
    from workstation.party_notices import SERVED, WAIVED

    if event.kind in (SERVED, WAIVED):  # one party's own, in a case with several parties (``_noticed_with``)
        return "send_pre_notice" if event.kind == SERVED else "waive_statement"
    if _redo_request(event):
        return "request_hearing"
    if _redecided_for(event):  # 重新作出处理决定 for the one party an order concerned (the case keeps its status)
        return "redecide"

    given_up = given_up_step(event.details) if event.from_status == "hearing" else None
    if given_up:
        return given_up
    if event.to_status == "transferred_police" and event.from_status in DECIDED_ON:
        return "transfer_to_police"
    if (event.from_status, event.to_status) == ("hearing", "decision_pending"):
        # the hearing ended (its withdrawal and the party's absence are named by their details, above): a waiver
        # while another party's hearing is pending is that party's own event, which leaves the case's status alone
        return "conclude_hearing"
    if (event.from_status, event.to_status) == ("pre_notice", "decision_pending"):  # the waiver gave a reason
        if case.notice_waived if case is not None else event.note:
            return "waive_statement"
        # in a case with several parties the case is not waived when another party's period ran out instead: the
        # waiver's events, recorded with the step, say it was the waiver
        return "waive_statement" if db is not None and _noticed_with(db, event) else "end_statement_period"
    names = [t.name for t in TRANSITIONS if t.target == event.to_status and t.name not in HEARING_GIVEN_UP
             and event.from_status in (*t.sources, *t.several_parties_sources, *t.police_sources)]
    return names[0] if len(names) == 1 else None


def _redecided_for(event: CaseEvent) -> str | None:
    """The party a step 重新作出处理决定 was recorded for alone (``procedure.REDECIDED_KEY``: an order to decide anew
    concerning that party, ``procedure._redecide_for_party``), None for any other event."""
    from workstation.procedure import REDECIDED_KEY

    if event.kind != "transition" or not event.party_id or not event.details:
        return None
    try:
        details = json.loads(event.details)
    except ValueError:
        return None
    party = details.get(REDECIDED_KEY) if isinstance(details, dict) else None
    return str(party) if party else None


def _redo_request(event: CaseEvent) -> bool:
    """Whether ``event`` is the hearing request of a party decided anew after its new notice
    (``procedure._redo_noticing``): recorded for the party, the case keeping a status the request is otherwise not
    taken from (the event says "hearing", the case's status stays)."""
    return event.kind == "transition" and bool(event.party_id) and event.to_status == "hearing" and \
        event.from_status not in ("pre_notice", "hearing")


def _noticed_with(db: Database, event: CaseEvent) -> list[CaseEvent]:
    """The events of the parties' notice (``party_notices.SERVED``, ``WAIVED``) recorded per party that ``event`` is
    or came with, oldest first, [] for another step: the party's service or waiver itself, with those of the other
    parties named in the same call (one event per party), or those the first service took the case to 已告知 with
    (every service recorded since the step before it: the case was 案件审核 until that call's last party was served,
    however long telling each party its penalty took), or the waiver that took it to 待决定 — recorded right before
    that transition in the same call, with its day, note and actor (``procedure._apply_for_parties``)."""
    from workstation.party_notices import SERVED, WAIVED

    if event.kind in (SERVED, WAIVED):
        return _same_call_events(db, event, event.kind, [event])
    if event.kind != "transition" or event.party_id:
        return []
    if (event.from_status, event.to_status) == ("under_review", "pre_notice"):
        return _served_since_the_step_before(db, event)
    if (event.from_status, event.to_status) == ("pre_notice", "decision_pending"):
        return _same_call_events(db, event, WAIVED, [])
    return []


def _served_since_the_step_before(db: Database, event: CaseEvent) -> list[CaseEvent]:
    """The parties' services (``party_notices.SERVED``) recorded before the first service's transition ``event``
    and after the case's transition before it, oldest first: the ones that call made (at 案件审核 a service always
    takes the case to 已告知, so none is recorded there alone)."""
    from workstation.party_notices import SERVED
    from workstation.store.base import fetch_dicts, from_row

    rows = fetch_dicts(db, "SELECT * FROM case_events WHERE case_id = ? AND kind = ? AND COALESCE(party_id, '') != '' "
                           "AND rowid < (SELECT rowid FROM case_events WHERE id = ?) AND rowid > COALESCE((SELECT "
                           "MAX(rowid) FROM case_events WHERE case_id = ? AND kind = 'transition' AND rowid < (SELECT "
                           "rowid FROM case_events WHERE id = ?)), 0) ORDER BY rowid",
                       [event.case_id, SERVED, event.id, event.case_id, event.id])
    return [from_row(CaseEvent, row) for row in rows]


def _same_call_events(db: Database, event: CaseEvent, kind: str, found: list[CaseEvent],
                      also: Callable[[dict, list[CaseEvent]], bool] | None = None) -> list[CaseEvent]:
    """``found`` (``event`` itself, or nothing) with the events of ``kind`` the same call recorded for the other
    parties right before ``event``, oldest first: consecutive, one per party, with ``event``'s day, note and actor,
    each at most ``SAME_CALL_SECONDS`` before the next; ``also(row, found)``: what a row must further be (a payment:
    of the same voucher)."""
    from workstation.store.base import fetch_dicts, from_row

    rows = fetch_dicts(db, "SELECT * FROM case_events WHERE case_id = ? AND rowid < (SELECT rowid FROM case_events "
                           "WHERE id = ?) ORDER BY rowid DESC LIMIT ?",
                       [event.case_id, event.id, len(parties_of_case(db, event.case_id)) + 1])
    found = list(found)
    later = event
    for row in rows:  # consecutive events of the other parties written by the same call
        if row["kind"] != kind or not row["party_id"] or row["on_date"] != event.on_date or \
                (row["note"] or "") != (event.note or "") or (row["actor"] or "") != (event.actor or "") or \
                any(row["party_id"] == each.party_id for each in found) or not _same_call(row["at"], later.at) or \
                (also is not None and not also(row, found)):
            break
        later = from_row(CaseEvent, row)
        found.append(later)
    return found[::-1]


def _party_names(db: Database, events: list[CaseEvent]) -> list[str]:
    """The names of the parties ``events`` were recorded for, in their order (a party no longer on record: its id)."""
    from workstation.errors import NotFound
    from workstation.store import get_party

    names = []
    for each in events:
        if not each.party_id:
            continue
        try:
            name = get_party(db, each.party_id).name
        except NotFound:
            name = each.party_id
        if name not in names:
            names.append(name)
    return names


def _for_parties(label: str, names: list[str]) -> str:
    """A step's label with the parties it was recorded for: 送达行政处罚告知书（禾川公司）."""
    return _("{key} ({label})").format(key=label, label="、".join(names)) if names else label


def _label(name: str | None, event: CaseEvent) -> str:
    return shown_label("transitions", name) if name else shown_label("statuses", event.to_status or "")


#: the most time between two events written by the same call (``procedure._apply_decision_for_parties``: one
#: payment event per party, then the 履行完毕 they took the case to), in seconds: a step recorded apart takes longer
SAME_CALL_SECONDS = 1.0


def _same_call(earlier: str, later: str) -> bool:
    """Whether events recorded at ``earlier`` and ``later`` (``case_events.at``) came from the same call."""
    import datetime as dt

    try:
        gap = (dt.datetime.fromisoformat(later) - dt.datetime.fromisoformat(earlier)).total_seconds()
    except (TypeError, ValueError):
        return False
    return 0 <= gap <= SAME_CALL_SECONDS


def _paid_with(db: Database, event: CaseEvent) -> list[CaseEvent]:
    """The payment recorded as a step of its own that ``event`` is or came with, oldest first, [] for another step:
    the payment event itself (``party_decisions.PAID``: a payment of part in a case with one party, a party's own
    payment in a case with several) with those recorded with it for the other parties of one payment for several
    (one event per party), or the parties' payment that took a case with several parties to 履行完毕 — recorded
    right before that transition in the same call, with its day, note and actor
    (``procedure._apply_decision_for_parties``; none when no party owed money, or the 履行完毕 was recorded apart
    from the payment, later)."""
    from workstation.party_decisions import PAID
    from workstation.payments import details_voucher_key

    if event.kind == PAID:
        if not event.party_id:
            return [event]
    elif event.kind != "transition" or event.to_status != "performed" or event.party_id:
        return []

    def same_voucher(row: dict, found: list[CaseEvent]) -> bool:  # another voucher: another payment (the shares of
        # one payment carry its voucher, payment_shares)
        return not found or details_voucher_key(row["details"]) == details_voucher_key(found[0].details)

    # consecutive payments of other parties written by the same call
    return _same_call_events(db, event, PAID, [event] if event.kind == PAID else [], same_voucher)


def _payment_of(db: Database, payment: CaseEvent) -> dict:
    """What the timeline line of an undone payment names (kept with it, ``undone_text``): the party that paid ("" in a
    case with one party), whether it paid part of what it owes, and the payment's details (amount, voucher)."""
    from workstation.errors import NotFound
    from workstation.payments import is_part
    from workstation.store import get_party

    party = ""
    if payment.party_id:
        try:
            party = get_party(db, payment.party_id).name
        except NotFound:  # a party no longer on record: named by its id
            party = payment.party_id
    return {"party": party, "part": not payment.party_id or is_part(payment.details), "details": payment.details}


def _payment_label(what: dict) -> str:
    """The payment ``_payment_of`` described, as the timeline names it: 部分缴纳 (with the amount and voucher)."""
    from workstation.store.cases import payment_text

    party = what.get("party") or ""
    if not party:
        text = _("Part of what is owed paid")
    else:
        text = (_("{party} paid part of what it owes") if what.get("part") else _("{party} paid")).format(party=party)
    return text + (payment_text(what["details"]) if what.get("details") else "")


def _payments_label(what: list[dict]) -> str:
    """The payments ``_payment_of`` described (one payment for several parties: each party's), as the timeline
    names them."""
    return _("; ").join(_payment_label(each) for each in what)


def _step_label(db: Database, case: Case, event: CaseEvent, noticed: list[CaseEvent] | None = None) -> str:
    """The last step ``event`` as it is named when undone: its payment, for one (``_paid_with``; every party's).
    ``noticed``: ``_noticed_with(db, event)`` when worked out already."""
    paid = _paid_with(db, event)
    if paid:
        return _payments_label([_payment_of(db, each) for each in paid])
    label = _label(step_name(event, case, db), event)
    return _for_parties(label, _named_parties(db, event, _noticed_with(db, event) if noticed is None else noticed))


def _named_parties(db: Database, event: CaseEvent, noticed: list[CaseEvent]) -> list[str]:
    """The names of the parties the step ``event`` is named with, [] for a step of the case's own: those of its
    notice or waiver (``noticed``: ``_noticed_with``), or the one party a transition was recorded for (one party's
    own, but for 重新作出处理决定 for the party an order concerned)."""
    if noticed:
        return _party_names(db, noticed)
    if event.kind == "transition" and event.party_id and not _redecided_for(event):
        return _party_names(db, [event])
    return []


def _earlier_steps(db: Database, case_id: str, event: CaseEvent) -> list[CaseEvent]:
    """The case's transition events recorded before ``event``, newest first."""
    from workstation.store.base import fetch_dicts, from_row

    rows = fetch_dicts(db, "SELECT * FROM case_events WHERE case_id = ? AND kind = 'transition' AND id != ? AND "
                           "(at < ? OR (at = ? AND rowid < (SELECT rowid FROM case_events WHERE id = ?))) "
                           "ORDER BY at DESC, rowid DESC", [case_id, event.id, event.at, event.at, event.id])
    return [from_row(CaseEvent, r) for r in rows]


def _waived_before(earlier: list[CaseEvent]) -> bool:
    """Whether the case's notice was waived before the step undone (``earlier``, newest first): the latest step that
    set or cleared the waiver is 放弃陈述申辩 — not a notice served (again), which clears it, nor a return for further
    investigation from 待决定 (``procedure.apply``), after which the notice is served anew."""
    step = next((step for step in earlier if step_name(step) in ("waive_statement", "send_pre_notice") or (
        step_name(step) == "return_for_investigation" and step.from_status == "decision_pending")), None)
    return step is not None and step_name(step) == "waive_statement"


def _value_before(earlier: list[CaseEvent], field: str) -> str | None:
    """What date field ``field`` held before the step: the day of the latest earlier step that set it, unless a
    step since cleared it (``CLEARED``); empty when no earlier step set it (a step taken the first time)."""
    from workstation.procedure import BY_NAME

    for step in earlier:
        name = step_name(step)
        if name is None:
            continue
        if _redecided_for(step):  # one party's: it cleared the 结案日期 of a closed case it reopened, nothing else
            if field == "closed_on" and step.from_status == "closed":
                return None
            continue
        if field in CLEARED.get(name, ()):
            return None
        if BY_NAME[name].date_field == field or (name == "decide_on_the_spot" and field in ("decided_on",
                                                                                              "served_on")):
            return step.on_date
    return None


def undo_refusal(db: Database, case: Case) -> str | None:
    """Why the case's last step cannot be undone now, None when it can."""
    return _refusal(db, case, last_step(db, case.id))


def _refusal(db: Database, case: Case, event: CaseEvent | None,
             noticed: list[CaseEvent] | None = None) -> str | None:
    """``noticed``: ``_noticed_with(db, event)`` when worked out already."""
    from workstation.procedure import HEARING_STEPS, PARTY_ACTIONS

    if event is None:
        return _("No procedure step is recorded in this case: there is nothing to undo.")
    station = _other_station(db, case, event)
    if station is not None:  # its next bundle would bring the step back, the case's status here differing
        return _("This case is recorded by {station}, which sent it here in its bundle with its steps: a step undone "
                 "here would come back with that station's next bundle. Ask {station} to undo it there.").format(
            station=station)
    from workstation.party_decisions import PAID

    if noticed is None:  # one party's service of the notice or its waiver: undone as its own
        noticed = _noticed_with(db, event)
    if event.kind not in ("transition", PAID) and not noticed:
        # the decision served on one party, the court applied to against it: no way to take it back
        return _("The last step recorded ({date}) is one party's own — the decision served on it, or the application "
                 "to the people's court against it —, which the workstation cannot undo, nor any step recorded before "
                 "it. It stays as recorded: record the case's next steps with their own dates, and note what was "
                 "wrong in the case file.").format(date=event.on_date or event.at[:10])
    name = step_name(event, case, db)
    label = _step_label(db, case, event, noticed)
    if (event.to_status != case.status and name != "transfer_to_police" and not _redo_request(event)) or \
            (name == "transfer_to_police" and case.status not in (event.to_status, event.from_status)):
        # the case reached its status without the steps recorded here (entered with it, as a register's or the
        # demo's): undoing the step before them would not give the case back the status it had
        return _("The case is “{status}”, but the last step recorded here, “{step}”, left it “{recorded}”: the steps "
                 "that took it to “{status}” were not recorded here, so there is no step to undo here. Its status "
                 "stays: record the case's next steps with their own dates as they are taken, and note what was "
                 "wrong in the case file.").format(
            status=shown_label("statuses", case.status), step=label,
            recorded=shown_label("statuses", event.to_status or ""))
    if name is None:  # the status it recorded is the case's, but from no status a procedure step leaves (or several)
        return _("Which step took the case to “{status}” cannot be told from what was recorded here, so it is not "
                 "undone here. Its status stays: record the case's next steps with their own dates as they are "
                 "taken, and note what was wrong in the case file.").format(
            status=shown_label("statuses", case.status))
    if event.kind == "transition" and _collected_with_the_decision(db, case, event, name):
        # the decision is not voided with a payment under it, nor its fine changed (``documents.issuing``)
        return _("“{step}” is not undone: what it recorded comes with its document, the 当场行政处罚决定书 that collected "
                 "the fine on the spot, which is not voided with the fine paid under it. To change its date or "
                 "wording, issue its correction keeping its fine and its 专用票据 (更正… in the case's documents); a "
                 "fine or receipt number written wrongly stays as recorded: note what was wrong in the case "
                 "file.").format(step=label)
    if event.kind == "transition" and name in NOT_UNDONE:
        return _("“{step}” is not undone: what it recorded comes with its document. Void the 当场行政处罚决定书 and "
                 "take the case to the ordinary procedure instead.").format(step=label)
    several = len(parties_of_case(db, case.id)) > 1
    # a party's payment is undone, and the 履行完毕 the last party's took the case to with it (``_paid_with``)
    redecided = _redecided_for(event)
    if redecided and event.from_status == "closed" and not _value_before(_earlier_steps(db, case.id, event),
                                                                            "closed_on"):
        # the case was closed without its 结案 recorded here (entered closed): its 结案日期, which the step cleared,
        # is not known, so the case cannot be closed again as it was
        return _("“{step}” reopened the case, which was closed without its closing (结案) recorded here, and cleared "
                 "its 结案日期; the workstation does not know that date, so it cannot close the case again as it "
                 "was, and the step is not undone. It stays as recorded: record the case's next steps with their own "
                 "dates, and note what was wrong in the case file.").format(step=label)
    own = bool(noticed) or (bool(event.party_id) and name in HEARING_STEPS)  # one party's, undone alone
    if event.kind == "transition" and not redecided and not own and (event.party_id or (
            several and name != "record_performance" and (name in PARTY_ACTIONS or name in HEARING_STEPS))):
        return _("“{step}” was recorded for the parties of a case with several parties, each its own, which the "
                 "workstation cannot undo, nor any step recorded before it. It stays as recorded: record the case's "
                 "next steps with their own dates, and note what was wrong in the case file.").format(step=label)
    from workstation.leads_workflow import settled_lead

    lead = settled_lead(db, case.id, name, event.on_date or "") if event.on_date else None
    if lead is not None and lead["reporter_told_on"]:  # the reporter was told of the lead's decision it made
        return _("“{step}” decided the lead it came from too, and the reporter was told of that decision on {date}: "
                 "it is not undone here.").format(step=label, date=lead["reporter_told_on"])
    answered = _police_steps_since(db, case, event) if name == "transfer_to_police" else []
    if answered:  # undone alone, the case would keep the police's answer to a transfer no longer recorded
        return _("“{step}” is followed by the steps with the police recorded since: {steps}. Remove them first (Case → "
                 "Time limits) if they were recorded in error, then undo the step.").format(
            step=label, steps=_("; ").join(f"{shown_label('clock_events', kind)} {day}" for kind, day in answered))
    row = db.execute("SELECT COALESCE(number, title), (SELECT MAX(issued_at) FROM documents WHERE (case_id = ? OR "
                     "lead_id = ?) AND status = 'issued') FROM documents WHERE (case_id = ? OR lead_id = ?) AND "
                     "status = 'issued' AND issued_at > ? ORDER BY issued_at LIMIT 1",
                     [*[case.id, lead["id"] if lead else ""] * 2, event.at]).fetchone()
    clock = _clock_event_since(db, case.id, event, name)
    if clock is not None and (row is None or clock[1] > row[1]):  # recorded last, after any document
        from workstation.store.clock_events import describe

        return _("“{event}” was recorded after “{step}” and is not a procedure step: undoing the step would leave it "
                 "as it is. If it was recorded in error, remove it (Deadlines → Remove selected…, or `clocks remove "
                 "{id} --reason REASON`); then undo the step only if it too was recorded in error.").format(
            event=describe(clock[0], db), step=label, id=clock[0].id)
    if row is not None:
        return _("{document} was issued after “{step}” was recorded and may rest on it: void it first "
                 "(Documents), then undo the step.").format(document=row[0], step=label)
    from workstation.exports_sent import case_exports

    sent = next((row for row in case_exports(db, case.id) if str(row["created_at"]) >= event.at), None)
    if sent is not None:  # headquarters keeps the step's event (a timeline travels appended only), payment and all
        return _("“{step}” went out in the bundle {file} ({time}), which adds it to the case's timeline wherever it "
                 "is imported; a bundle takes nothing out of a timeline, so the step can no longer be undone, here "
                 "or at headquarters. It stays as recorded: record the case's next steps with their own dates, and "
                 "note what was wrong in the case file. Undo a step before the next bundle is exported.").format(
            step=label, file=sent["file_name"], time=short_time(sent["created_at"]))
    return None


#: the clock events recorded on their own that rest on a step: {step: kinds} — 举行听证 on the hearing request that
#: opened the hearing (undone, the request would leave a hearing held that nobody asked for); the others (a 公示
#: after 结案 or 履行完毕 …) do not, and stay as they are when the step is undone
RESTING_ON = {"request_hearing": ("hearing_session",)}


def _clock_event_since(db: Database, case_id: str, event: CaseEvent, name: str | None):
    """(the clock event recorded last after the step ``event`` and resting on it, when it was recorded), None
    without one: a kind ``RESTING_ON`` names for the step ``name``, dated on or after the step's day, which undoing
    the step would not take back."""
    from workstation.store.clock_events import get_clock_event

    kinds = RESTING_ON.get(name or "", ())
    if not kinds:
        return None
    row = db.execute(f"SELECT id, created_at FROM clock_events WHERE case_id = ? AND created_at > ? AND kind IN "
                     f"({', '.join('?' * len(kinds))}) AND starts_on >= ? ORDER BY created_at DESC, rowid DESC "
                     "LIMIT 1", [case_id, event.at, *kinds, event.on_date or event.at[:10]]).fetchone()
    return None if row is None else (get_clock_event(db, row[0]), row[1])


def _police_steps_since(db: Database, case: Case, event: CaseEvent) -> list[tuple[str, str]]:
    """(kind, date) of each step with the police (``clock_events.STEP_FOLLOWS``: their answer, a request to
    reconsider or to the procuratorate, the exhibits handed over, the head's decision on a new transfer report, and
    that report) recorded after the transfer ``event`` and dated on or after its day, in order: they answer or follow
    that transfer, which is not undone under them. The report and approval recorded before the transfer, or dated
    before it, are its grounds and stay."""
    from workstation.store.clock_events import STEP_FOLLOWS, TRANSFER_REPORT

    kinds = (*STEP_FOLLOWS, TRANSFER_REPORT)
    marks = ", ".join("?" * len(kinds))
    rows = db.execute(f"SELECT kind, starts_on FROM clock_events WHERE case_id = ? AND kind IN ({marks}) AND "
                      "created_at > ? AND starts_on >= ? ORDER BY starts_on, created_at",
                      [case.id, *kinds, event.at, event.on_date or event.at[:10]]).fetchall()
    return [(kind, day) for kind, day in rows]


def _other_station(db: Database, case: Case, event: CaseEvent) -> str | None:
    """The name of the station that records the case when the case or its step ``event`` came here in another
    station's bundle (a merge made it here, audited ``merge_create``; ``case_events`` is an append table, kept in
    no ``sync_versions``), None for a case of this installation. Named by the station whose log recorded making
    the case (``bundle.merge._creator_station``), else the one it was last received from (``sync_base``)."""
    if not db.execute("SELECT 1 FROM audit WHERE action = 'merge_create' AND ((entity = 'cases' AND entity_id = ?) "
                      "OR (entity = 'case_events' AND entity_id = ?)) LIMIT 1", [case.id, event.id]).fetchone():
        return None
    from workstation.bundle.merge import _creator_station

    creator = _creator_station(db, "case", case.id)
    if creator is not None:
        return creator[1]
    row = db.execute("SELECT COALESCE(NULLIF(s.name, ''), s.id) FROM sync_base b JOIN stations s ON s.id = "
                     "b.station_id WHERE b.tbl = 'cases' AND b.record_id = ?", [case.id]).fetchone()
    return str(row[0]) if row else _("another station")


def _collected_with_the_decision(db: Database, case: Case, event: CaseEvent, name: str) -> bool:
    """Whether the step is the performance 当场处罚 recorded with the fine collected on the spot
    (``procedure._collected_on_the_spot``): a 履行完毕 right after the decision on the spot, whose 当场行政处罚决定书
    says the officers collected the fine. It carries that fine, as the decision does: not undone either (a fine paid
    at the bank later is recorded by the officer, and undone as any payment)."""
    if name != "record_performance":
        return False
    earlier = _earlier_steps(db, case.id, event)
    if not earlier or step_name(earlier[0]) != "decide_on_the_spot":
        return False
    from workstation.procedure import on_the_spot_decision

    decision = on_the_spot_decision(db, case)
    return decision is not None and decision.payment is not None


def _number_voided(case: Case, event: CaseEvent, name: str | None, earlier: list[CaseEvent]) -> str:
    """The case number undoing the step ``event`` (the action ``name``, after the steps ``earlier``) takes from the
    case and keeps void: that of its filing, the first (the case is 待立案 again, without a number); "" for any
    other step."""
    from workstation.procedure import BY_NAME

    if event.kind != "transition" or name not in BY_NAME or BY_NAME[name].date_field != "filed_on":
        return ""
    return "" if _value_before(earlier, "filed_on") else case.case_number or ""


def number_kept_void(db: Database, case: Case) -> str:
    """The case number undoing the case's last step now would keep void (``undo_last_step``: its filing's), ""
    when it keeps none: what the officer is told before undoing it."""
    event = last_step(db, case.id)
    if event is None:
        return ""
    return _number_voided(case, event, step_name(event, case, db), _earlier_steps(db, case.id, event))


def number_kept_void_note(number: str) -> str:
    """What undoing a filing does to the case number ``number`` it gave: kept void, the case filed again taking a
    new one."""
    return _("Its case number {number} is kept void, never given to another case: filed again, the case takes a new "
             "case number.").format(number=number)


def _changed_refusal(db: Database, case: Case, event: CaseEvent | None, expected_event_id: str | None) -> str | None:
    """Why undoing the step of ``expected_event_id`` (the one the officer was asked about) is refused because
    another, ``event``, is the case's last step by now (recorded, or that one undone, elsewhere meanwhile), naming
    it; None when it is still the last one (or none was given)."""
    if expected_event_id is None or event is None or event.id == expected_event_id:
        return None  # no step at all: ``_refusal`` says there is nothing to undo
    return _("The case's last step changed after you were asked: it is now “{step}” (recorded with the date {date}), "
             "so nothing was undone. Look at the case as it is now, and undo again if that step is to be "
             "undone.").format(step=_step_label(db, case, event), date=event.on_date or event.at[:10])


def undo_last_step(db: Database, case_id: str, reason: str, expected_event_id: str | None = None) -> Case:
    """Undo the case's last procedure step (see the module); TransitionRefused says why it cannot be.
    ``expected_event_id``: the id of the step the officer was asked about (``last_step``) — when another step is
    the last one by now (recorded, or that one undone, elsewhere meanwhile), refused naming it, nothing undone."""
    from workstation.procedure import BY_NAME

    if not reason.strip():
        raise TransitionRefused(_("Undoing a step needs a reason."))
    with db.atomic():
        case = get_case(db, case_id)
        event = last_step(db, case_id)
        # one party's service of the notice or its waiver (with the other parties named in the same call): its events
        # go, and the transition they took the case to with them
        noticed = _noticed_with(db, event) if event is not None else []
        refusal = _changed_refusal(db, case, event, expected_event_id) or _refusal(db, case, event, noticed)
        if refusal:
            raise TransitionRefused(refusal)
        name = step_name(event, case, db)
        transition = BY_NAME[name]
        earlier = _earlier_steps(db, case_id, event)
        paid = _paid_with(db, event)  # a payment recorded as a step of its own: its events go, the case's stays
        named = _named_parties(db, event, noticed)
        removed = [event, *(each for each in (*paid, *noticed) if each.id != event.id)]
        changes: dict = {}
        if event.kind == "transition" and case.status == event.to_status and event.from_status:
            changes["status"] = event.from_status
        if _redecided_for(event):  # one party's: the case's dates stay, but the 结案日期 of a closed case it reopened
            fields: tuple = ("closed_on",) if event.from_status == "closed" else ()
        else:
            fields = (transition.date_field, *CLEARED.get(name, ())) if event.kind == "transition" else ()
        for field in fields:
            if field:
                changes[field] = _value_before(earlier, field)
        if _number_voided(case, event, name, earlier):
            # 待立案 again: a case not filed carries no number (REFERENCE §3.1); update_case keeps the one it had
            # void, as a number an edit changed, and the case filed again takes the next one
            changes["case_number"] = ""
        if name == "waive_statement" and (event.kind == "transition" or (
                case.notice_waived and event.from_status in (*transition.sources,
                                                             *transition.several_parties_sources))):
            changes["notice_waived"] = False  # one party's waiver: every party had waived (the new notice's: not set)
        if name == "send_pre_notice" and event.kind == "transition":  # a corrected notice served again: waived, if the earlier one was
            changes["notice_waived"] = _waived_before(earlier)
        if name == "return_for_investigation" and event.kind == "transition" and event.from_status == "decision_pending":
            changes["notice_waived"] = _waived_before(earlier)  # sent back from 待决定: the waiver it cleared
        what = [_payment_of(db, each) for each in paid]
        for each in removed:
            db.execute("DELETE FROM case_events WHERE id = ?", [each.id])
        updated = update_case(db, replace(case, **changes), allow_status_change=True) if changes else case
        writer = AuditWriter(db)  # after update_case, which audits with a writer of its own
        for each in removed:  # the audit log keeps each event removed as it was recorded
            before = {k: getattr(each, k) for k in ("id", "kind", "on_date", "at", "actor", "from_status",
                                                    "to_status", "note", "party_id", "details")}
            writer.add("undo_step", "case", case.id, before, {"status": updated.status, "reason": reason.strip(),
                                                              **{k: v for k, v in changes.items() if k != "status"}})
        writer.flush()
        if event.kind == "transition" and not _redo_request(event):  # the new notice's request stopped no clock
            _undo_clocks(db, case_id, name, event, earlier, reason.strip())
            from workstation.leads_workflow import settled_lead, unsettle_lead

            if event.on_date and (lead := settled_lead(db, case_id, name, event.on_date)) is not None:
                unsettle_lead(db, lead)  # the lead decided with the step goes back too (decided again with it)
        # one payment (as before), or the payments of one payment for several parties
        details = {"step": name, "on_date": event.on_date, **({"payment": what[0]} if len(what) == 1 else
                                                              {"payments": what} if what else {}),
                   **({"parties": named} if named and not what else {})}
        add_event(db, CaseEvent(case_id=case_id, kind=UNDONE, at=now(), actor=writer.actor, note=reason.strip(),
                                from_status=event.to_status, to_status=updated.status,
                                details=json.dumps(details, ensure_ascii=False)))
    return get_case(db, case_id)


def _undo_clocks(db: Database, case_id: str, name: str, event: CaseEvent, earlier: list[CaseEvent],
                 reason: str) -> None:
    """Take back what the step did to the case's clock events (``procedure._stop_or_resume_clock``)."""
    from workstation.procedure import CLOCK_ACTIONS, CLOCK_STATUSES
    from workstation.store.clock_events import delete_clock_event

    kind, starts = CLOCK_ACTIONS.get(name, (None, False))
    date = event.on_date
    if starts:  # the stop it began: removed (one a further party's request found running stays)
        started = db.execute("SELECT id FROM clock_events WHERE case_id = ? AND kind = ? AND starts_on = ? AND "
                             "ends_on IS NULL AND created_at >= ? ORDER BY created_at DESC LIMIT 1",
                             [case_id, kind, date, event.at]).fetchone()
        if started:
            delete_clock_event(db, started[0], _("Removed with the step “{step}” it began with, undone: "
                                                     "{reason}").format(step=shown_label("transitions", name),
                                                                        reason=reason))
        return
    ended = {kind} if kind else set()
    ended |= {k for k, status in CLOCK_STATUSES.items() if event.from_status == status and event.to_status != status}
    for each in sorted(ended):
        _reopen(db, case_id, each, date, earlier)


def _reopen(db: Database, case_id: str, kind: str, date: str, earlier: list[CaseEvent]) -> None:
    """Reopen the clock event of ``kind`` the undone step ended on ``date`` (the day before it, or at its first
    day); recorded anew from the day the case entered its status when the step removed it (ended on the day it
    began)."""
    import datetime as dt

    from workstation.procedure import CLOCK_STATUSES
    from workstation.records import ClockEvent
    from workstation.store.base import save_audited
    from workstation.store.clock_events import clock_events_of, describe, open_event

    if open_event(db, case_id, kind) is not None:
        return
    day_before = (dt.date.fromisoformat(date) - dt.timedelta(days=1)).isoformat()
    ended = [e for e in clock_events_of(db, case_id) if e.kind == kind and e.ends_on is not None
             and e.ends_on == max(e.starts_on, day_before)]
    # written as it was before the step, not checked again as one typed in the case's clock events would be (a
    # suspension is recorded there only with its step, ``clock_events.kind_refusal``)
    event = replace(ended[-1], ends_on=None) if ended else None
    if event is None:
        entered = next((step.on_date for step in earlier if step.to_status == CLOCK_STATUSES[kind]), None)
        if not entered:
            return
        event = ClockEvent(case_id=case_id, kind=kind, starts_on=entered)
    writer = AuditWriter(db)  # who undid the step reopened it: named on the timeline as on the audit log
    save_audited(db, "clock_events", "clock_event", {k: getattr(event, k) for k in event.__dataclass_fields__},
                 writer)
    add_event(db, CaseEvent(case_id=case_id, kind="clock", at=now(), on_date=event.starts_on, actor=writer.actor,
                            note=_("Reopened: {what}").format(what=describe(event, db))))
    writer.flush()


def undone_text(event: CaseEvent) -> str:
    """The timeline's line for an undone step: 撤销：中止调查（原记录日期 2026-12-05）."""
    try:
        details = json.loads(event.details or "{}")
    except ValueError:
        details = {}
    step = details.get("step")
    what = shown_label("transitions", step) if step else shown_label("statuses", event.from_status or "")
    if isinstance(details.get("payment"), dict):  # a payment undone: named as the timeline named it
        what = _payment_label(details["payment"])
    elif isinstance(details.get("payments"), list) and details["payments"]:  # one for several parties: each's
        what = _payments_label([each for each in details["payments"] if isinstance(each, dict)])
    elif isinstance(details.get("parties"), list):  # one party's own step: named
        what = _for_parties(what, [str(each) for each in details["parties"]])
    return _("Undone: {step} (recorded with the date {date})").format(step=what, date=details.get("on_date") or "—")


def last_step_named(db: Database, case: Case, *, event: CaseEvent | None = None) -> tuple[str, str, str] | None:
    """(the last step's name as shown — a payment as the timeline names it —, the date it was recorded with, the
    status undoing it goes back to), None when the case's last step is neither a transition nor a payment.
    ``event``: the case's last step (``last_step``) when read already, so that the step named is the one checked."""
    from workstation.party_decisions import PAID

    if event is None:
        event = last_step(db, case.id)
    if event is None or (event.kind not in ("transition", PAID) and not _noticed_with(db, event)):
        return None
    back = event.from_status if event.kind == "transition" and event.to_status == case.status else case.status
    return _step_label(db, case, event), event.on_date or event.at[:10], shown_label("statuses", back or "")
