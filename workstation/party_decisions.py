"""The 行政处罚决定书 of each party of a case with several parties once the case is decided: the day it was served on
that party, the day that party paid (履行), and the party's own payment period (T8) and court-enforcement period
(T16), counted from its own service (Penalty Law arts. 61, 66, 67, 72; Administrative Compulsion Law art. 53). Each
party receives its own decision (``documents.addressee``), possibly on another day, and pays its own fine; the case
is performed (履行完毕) once every party that owes money under its decision in force paid, and at once when none
owes (a warning alone), provided every party is decided: a case decided with its parties' 决定书 issued in the
workstation waits, to be performed and closed (结案), for each party without a 行政处罚决定书 in force (a voided one
concludes nothing) or a 不予行政处罚决定书 (``undecided_parties``).

What is recorded: a case event "decision_served" for each party served (its date) and "payment" for each payment
of a party (its date and note); one that paid part of what the party owes is marked so (``payments.as_part``) and
leaves the party unpaid, its payment period and enforcement running, until its payments reach what it owes. A case with one party records neither: its ``served_on`` and its status are its party's,
as before. A case with several parties recorded before (no such event) has its case-level ``served_on`` stand for
every party, and once performed every party counts as paid."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from workstation.case_reference import case_named
from workstation.db import Database
from workstation.errors import join_sentences
from workstation.i18n import _
from workstation.party_notices import parties_line, per_party_recorded, stranger_refusal
from workstation.records import Case, Party
from workstation.store import parties_of_case

DECISION_SERVED, PAID = "decision_served", "payment"
# the procedure actions recorded for one or more parties of a case with several parties once it is decided
ACTIONS = ("serve_decision", "record_performance")
# the clocks that count from the service of the decision on each party, and those only a party owing money has
SERVICE_CLOCKS = ("T8", "T10", "T11", "T16")
PAYMENT_CLOCKS = ("T8", "T16")


def decision_services(db: Database, case: Case, parties: list[Party] | None = None) -> dict[str, str]:
    """{party id: the day its 行政处罚决定书 was served on it}; without any service recorded per party, the case's
    date for every party (none when the decision was not served); a party decided not to be penalised beside the
    others, its 不予行政处罚决定书's own service (``spared_services``). Only services of the decision in force count:
    none dated before the case's decision date, nor on or before an order to decide anew (撤销并责令重新作出,
    ``challenge_redo`` of the whole case or of that party) — that was the revoked decision's, and the party's new
    decision, made after the order, is served anew."""
    served = per_party_recorded(db, case, DECISION_SERVED, since=case.decided_on or "")
    # a 不予行政处罚决定书's service counts from its own day (``spared_services``)
    spared = spared_services(db, case, parties)
    fined = {party_id: day for party_id, day in served.items() if party_id not in spared}
    own = {party_id: day for party_id, day in spared.items() if day}
    if fined or not case.served_on:
        return fined | own
    return {party.id: case.served_on for party in parties or parties_of_case(db, case.id)} | own


def spared_decision_days(db: Database, case: Case, parties: list[Party] | None = None) -> dict[str, str]:
    """{party id: the day its 不予行政处罚决定书 standing (``no_penalty_parties``) was made (its 决定日期, else the day
    issued)} in a case with several parties decided with penalties for the others; empty for a case with one party
    and for one decided not to penalise any party — one whose 行政处罚决定书 were all voided too — (the service is
    that of its 送达回证, ``clocks.no_penalty_service``)."""
    from workstation.penalty_terms import decisions_in_force
    from workstation.procedure import PENALISED_STATES  # procedure imports this module

    parties = parties if parties is not None else parties_of_case(db, case.id)
    if len(parties) < 2 or not (case.status in PENALISED_STATES or decisions_in_force(db, case)):
        return {}  # a case decided not to penalise any party: each service is its 送达回证's, as with one party
    standing = no_penalty_parties(db, case, parties)
    # the latest of a party stands (one revoked was decided anew)
    return {party_id: day for party_id, _number, day in _no_penalty_rows(db, case, parties) if party_id in standing}


def spared_services(db: Database, case: Case, parties: list[Party] | None = None) -> dict[str, str | None]:
    """{party id: the day its 不予行政处罚决定书 was served on it, None while not served} of each party of a case with
    several parties decided not to be penalised beside the others' penalties (``spared_decision_days``): the first
    service recorded for it with 送达处罚决定书 (``DECISION_SERVED``) on or after the day its decision was made — one
    recorded before that day (the whole case's, recorded before it was held to the party's own day) does not stand
    in the way of its own — and not on or before an order to decide anew (``clock_events.redone_since``)."""
    from workstation.payments import under_decision_in_force
    from workstation.store.clock_events import redo_orders, redone_since

    days = spared_decision_days(db, case, parties)
    if not days:
        return {}
    in_force, params = under_decision_in_force("", parties=days)
    rows = db.execute("SELECT party_id, on_date FROM case_events WHERE case_id = ? AND kind = ? AND party_id IS NOT "
                      f"NULL AND {in_force} ORDER BY at, rowid", [case.id, DECISION_SERVED, *params]).fetchall()
    orders = redo_orders(db, case)
    served: dict[str, str] = {}
    for party_id, on_date in rows:
        if party_id in days and party_id not in served and redone_since(db, case, on_date, party_id, orders) is None:
            served[party_id] = on_date
    return {party_id: served.get(party_id) for party_id in days}


def no_penalty_served(db: Database, case: Case) -> Callable[[str | None, str | None], bool]:
    """Whether a service recorded with 送达处罚决定书 (``DECISION_SERVED``) for a party on a day served on it its
    不予行政处罚决定书, not a 行政处罚决定书: the party's latest decision made on or before that day (its 决定日期,
    ``_no_penalty_rows``; a 行政处罚决定书 in force, ``decisions_in_force``) is a 不予行政处罚决定书 (issued, not
    voided). So the timeline and the last step name the decision as its 送达回证 does; false without one, as in a
    case with one party or decided on paper, and for a service recorded before the party's 不予行政处罚决定书."""
    from workstation.penalty_terms import decisions_in_force

    made: dict[str, list[tuple[str, bool]]] = {}
    for party_id, _number, day in _no_penalty_rows(db, case):
        made.setdefault(party_id, []).append((day, True))
    if made:
        first = case.party_ids[0] if case.party_ids else ""
        for decision in decisions_in_force(db, case):
            if decision.decided_on:  # one naming no party is the first party's, as a 不予行政处罚决定书's is
                made.setdefault(decision.party_id or first, []).append((decision.decided_on, False))

    def served(party_id: str | None, on_date: str | None) -> bool:
        before = sorted(item for item in made.get(party_id or "", []) if on_date and item[0] <= on_date)
        return bool(before) and before[-1][1]

    return served


def served_with_no_party(db: Database, case: Case, date: str, days: dict[str, str] | None = None) -> list[Party]:
    """The parties the service of the decision recorded on ``date`` with no party named is recorded for: each party
    whose decision was not served on it yet (``unserved_parties``), but one decided not to be penalised whose
    不予行政处罚决定书 was made after ``date`` (``spared_decision_days``, or ``days`` given: it cannot have been served
    that day)."""
    days = spared_decision_days(db, case) if days is None else days
    return [party for party in unserved_parties(db, case) if date >= days.get(party.id, "")]


def payments(db: Database, case: Case, parties: list[Party] | None = None) -> dict[str, str]:
    """{party id: the day it paid in full} ("" for every party of a case performed before payments were recorded per
    party). A payment of part of what the party owes under its decision (``payments.as_part``) is not its payment:
    the party has paid once its payments reach what it owes (``payments.balance``: a fine lowered below what it paid
    by a reconsideration or lawsuit — on the day of its latest payment), or once one is recorded in full. Only
    payments (and a 履行完毕) on or after the party's decision in force count (made on its own day,
    ``payments.party_decision_days``): those under a decision revoked with a new one
    ordered (撤销并责令重新作出) are the revoked decision's (``closing.paid_under_revoked``). The day of each is the one
    it records, else the day it was recorded (``clocks.STEP_DAY``, as the clocks count a 履行完毕;
    ``payments.under_decision_in_force``)."""
    from workstation.clocks import STEP_DAY
    from workstation.payments import is_part, party_decision_days, under_decision_in_force

    # each party's under its own decision in force (``payments.party_decision_days``): not one made on or before an
    # order to decide anew that revoked it, nor between that order and the party's new decision
    in_force, since = under_decision_in_force(case.decided_on or "", STEP_DAY, parties=party_decision_days(db, case))
    rows = db.execute(f"SELECT party_id, {STEP_DAY}, details FROM case_events WHERE case_id = ? AND kind = ? AND "
                      f"party_id IS NOT NULL AND {in_force} ORDER BY at, rowid", [case.id, PAID, *since]).fetchall()
    # the first payment in full recorded stands
    paid = {party_id: on_date for party_id, on_date, details in reversed(rows) if not is_part(details)}
    for party_id in dict.fromkeys(pid for pid, _day, details in rows if is_part(details) and pid not in paid):
        day = _paid_by_parts(db, case, party_id)
        if day is not None:
            paid[party_id] = day
    if paid:
        return paid
    performed = db.execute("SELECT 1 FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = "
                           f"'performed' AND {in_force}", [case.id, *since]).fetchone()
    return {party.id: "" for party in parties or parties_of_case(db, case.id)} if performed else {}


#: set while ``_paid_by_parts`` works out a party's balance: the surcharge it counts reads the party's payment period
#: (``clocks``), which reads ``party_payments`` again — there a party's payments of part are not yet its payment (the
#: last day of its period, all the surcharge needs, is the same either way)
_SETTLING: ContextVar[bool] = ContextVar("settling", default=False)


def _paid_by_parts(db: Database, case: Case, party_id: str) -> str | None:
    """The day of the latest payment of the party ``party_id`` when its payments of part reach what it owes under
    its decision as it now stands (``payments.balance``), None otherwise."""
    if _SETTLING.get():
        return None
    from workstation.payments import balance, party_amounts, party_payment

    amounts = party_amounts(db, case, party_id)  # quickly: less paid than the fine and confiscation, not paid
    if amounts is None:
        return None
    found = party_payment(db, case, party_id)
    if found is None or (found[1].paid_fen or 0) < sum(amounts):
        return None
    token = _SETTLING.set(True)
    try:
        paid = balance(db, case, party_id)
    finally:
        _SETTLING.reset(token)
    return paid.paid_on if paid is not None and paid.settled else None


def _has_decisions(db: Database, case: Case) -> bool:
    return db.execute("SELECT 1 FROM documents WHERE case_id = ? AND form_id = 'penalty_decision' LIMIT 1",
                      [case.id]).fetchone() is not None


def decided_parties(db: Database, case: Case, parties: list[Party]) -> list[Party]:
    """The parties a 行政处罚决定书 in force was issued to, in the case's order; every party when the case has no
    decision issued in the workstation (it was written outside)."""
    from workstation.penalty_terms import decisions_in_force

    issued = {decision.party_id for decision in decisions_in_force(db, case)}
    if issued or _has_decisions(db, case):
        return [party for party in parties if party.id in issued]
    return list(parties)


def owing_parties(db: Database, case: Case, parties: list[Party]) -> list[Party]:
    """The parties that must pay: those whose decision in force imposes a fine or confiscates illegal gains (not a
    warning alone; a voided decision imposes nothing; a fine changed to none on the party's reconsideration or
    lawsuit leaves nothing when nothing is confiscated). A case with no decision issued in the workstation: every
    party when the case records a fine or confiscation, none when it records neither."""
    from workstation.penalty_terms import decisions_in_force

    if _has_decisions(db, case):
        from workstation.store.clock_events import changed_to_nothing

        # a fine changed to none on the party's reconsideration or lawsuit, with nothing confiscated: nothing to pay
        owing = {decision.party_id for decision in decisions_in_force(db, case) if decision.owes
                 and changed_to_nothing(db, case, decision.party_id) is None}
        return [party for party in parties if party.id in owing]
    return list(parties) if case.fine_fen or case.confiscated_fen else []


@dataclass(frozen=True)
class PartyPayment:
    """Where one party of a decided case stands: the service of its decision, its payment, whether it owes."""

    party: Party
    served_on: str | None
    paid_on: str | None
    owes: bool


def party_payments(db: Database, case: Case) -> list[PartyPayment]:
    """Each party a decision was issued to, with its service, payment and whether it owes money; empty for a case
    with fewer than two parties (its decision is the case's)."""
    parties = parties_of_case(db, case.id)
    if len(parties) < 2:
        return []
    served, paid = decision_services(db, case, parties), payments(db, case, parties)
    owing = {party.id for party in owing_parties(db, case, parties)}
    return [PartyPayment(party, served.get(party.id), paid.get(party.id), party.id in owing)
            for party in decided_parties(db, case, parties)]


def unserved_parties(db: Database, case: Case) -> list[Party]:
    """The parties of a decided case with several parties whose decision was not yet served on them: a
    行政处罚决定书 in force, or a 不予行政处罚决定书 (``spared_services``), in the case's order."""
    unserved = {item.party.id for item in party_payments(db, case) if item.served_on is None}
    unserved |= {party_id for party_id, day in spared_services(db, case).items() if day is None}
    return [party for party in parties_of_case(db, case.id) if party.id in unserved] if unserved else []


def paying_parties(db: Database, case: Case) -> list[Party]:
    """The parties of a case with several parties that may pay now: owing, served, not yet paid."""
    return [item.party for item in party_payments(db, case) if item.owes and item.served_on and item.paid_on is None]


def all_paid(db: Database, case: Case) -> bool:
    """Whether every party owing money under its decision has paid (true when none owes)."""
    return all(item.paid_on is not None for item in party_payments(db, case) if item.owes)


def still_owing(db: Database, case: Case) -> list[Party]:
    """The parties of a case with several parties that owe money under their decision and have not paid all of it,
    in the case's order (``all_paid`` false for them); a party whose decision was revoked or declared void on its
    reconsideration or lawsuit (``clock_events.annulled_by``) owes nothing. Empty for a case with one party."""
    from workstation.store.clock_events import annulled_by

    return [item.party for item in party_payments(db, case)
            if item.owes and item.paid_on is None and annulled_by(db, case, item.party.id) is None]


def no_penalty_decisions(db: Database, case: Case, parties: list[Party] | None = None) -> list[tuple[str, str]]:
    """(party id, 文号 or "") of each 不予行政处罚决定书 issued in the case (not voided), oldest first; one recording no
    party was issued to the case's first party."""
    return [(party_id, number) for party_id, number, _day in _no_penalty_rows(db, case, parties)]


def _no_penalty_rows(db: Database, case: Case, parties: list[Party] | None = None) -> list[tuple[str, str, str]]:
    """(party id, 文号 or "", the day it was made: its 决定日期, else the day issued) of each 不予行政处罚决定书 of
    ``no_penalty_decisions``, oldest first."""
    import json

    from workstation.clocks import NO_PENALTY_FORM
    from workstation.documents.addressee import PARTY_KEY

    parties = parties if parties is not None else parties_of_case(db, case.id)
    rows = db.execute("SELECT number, values_json, issued_at FROM documents WHERE case_id = ? AND form_id = ? AND "
                      "status = 'issued' ORDER BY issued_at, rowid", [case.id, NO_PENALTY_FORM]).fetchall()
    first = parties[0].id if parties else ""
    out = []
    for number, values_json, issued_at in rows:
        values = json.loads(values_json or "{}")
        day = str(values.get("decided_on") or issued_at or "")[:10]
        out.append((values.get(PARTY_KEY) or first, number or "", day))
    return out


def redone_decisions(db: Database, case: Case, parties: list[Party] | None = None) -> set[str]:
    """The 文号 of the case's decisions revoked by an order to decide anew (撤销并责令重新作出: an order of the whole
    case or of the decision's party on or after its 决定日期, ``clock_events.redone_since``): each 行政处罚决定书 in
    force and 不予行政处罚决定书 issued (not voided) of the revoked round. Neither is "the decision already made"
    for the new notice, nor stands in the way of the new decision of either kind; empty without such an order."""
    from workstation.penalty_terms import decisions_in_force
    from workstation.store.clock_events import redo_orders, redone_since

    orders = redo_orders(db, case)
    if not orders:
        return set()
    out = {d.number for d in decisions_in_force(db, case)
           if redone_since(db, case, d.decided_on or case.decided_on, d.party_id or None, orders) is not None}
    for party_id, number, day in _no_penalty_rows(db, case, parties):
        if redone_since(db, case, day, party_id or None, orders) is not None:
            out.add(number)
    return out


def no_penalty_parties(db: Database, case: Case, parties: list[Party] | None = None) -> set[str]:
    """The ids of the parties a 不予行政处罚决定书 was issued to (not voided; ``no_penalty_decisions``) that stands: one
    revoked with a new decision ordered (``redone_decisions``) concludes nothing, the party to be decided anew."""
    spared = no_penalty_decisions(db, case, parties)
    if not spared:
        return set()
    redone = redone_decisions(db, case, parties)
    return {party_id for party_id, number in spared if number not in redone}


def undecided_parties(db: Database, case: Case) -> list[Party]:
    """The parties of a case with several parties, decided with documents issued in the workstation, that no
    decision concludes: neither a 行政处罚决定书 in force (a voided one concludes nothing) nor a 不予行政处罚决定书
    issued to them (Penalty Law art. 57: the case is decided for each party) — one revoked with a new decision ordered
    (撤销并责令重新作出, ``redone_decisions``) concludes nothing till the new one. Empty for a case with one party and
    for a case with no 决定书 of either kind issued here, voided ones included (decided on paper, imported from a
    register, recorded before): its decision stands for every party."""
    parties = parties_of_case(db, case.id)
    if len(parties) < 2:
        return []
    issued = db.execute("SELECT 1 FROM documents WHERE case_id = ? AND form_id IN ('penalty_decision', "
                        "'no_penalty_decision') LIMIT 1", [case.id]).fetchone()
    if issued is None:
        return []
    return unconcluded_parties(db, case, parties)


def unconcluded_parties(db: Database, case: Case, parties: list[Party]) -> list[Party]:
    """Those of ``parties`` (the case's, in its order) that no decision concludes: neither a 行政处罚决定书 in force (a
    voided one concludes nothing; one recording no party is the first party's) nor a 不予行政处罚决定书 issued to them
    — one revoked with a new decision ordered (``redone_decisions``) concludes nothing till the new one. Whether the
    case's decision stands for every party is the caller's (``undecided_parties``)."""
    from workstation.penalty_terms import decisions_in_force

    redone = redone_decisions(db, case, parties)
    concluded = {decision.party_id for decision in decisions_in_force(db, case) if decision.number not in redone} | \
        no_penalty_parties(db, case, parties)
    return [party for party in parties if party.id not in concluded]


def undecided_refusal(db: Database, case: Case, action: str) -> str | None:
    """Why ``action`` (the label of the step that concludes the case: 履行完毕, 结案) cannot be taken while a party
    is not concluded (``undecided_parties``), naming each such party and what to do; None when every party is."""
    undecided = undecided_parties(db, case)
    if not undecided:
        return None
    lead = _("“{action}” waits for a decision for every party of case {case}: each party of the case is concluded by "
             "its own decision (Penalty Law art. 57).").format(action=action, case=case_named(case.case_number, case.party_names, case.cause))
    if case.status == "no_penalty":  # decided not to penalise: a penalty decision is excluded in the case
        remedy = _("{party}: no 不予行政处罚决定书 was issued to it: issue its 不予行政处罚决定书.")
    else:
        remedy = _("{party}: no 行政处罚决定书 is in force for it and no 不予行政处罚决定书 was issued to it: issue its "
                   "行政处罚决定书 or its 不予行政处罚决定书.")
    return join_sentences([lead, *(remedy.format(party=party.name) for party in undecided)])


def undecided_warning(db: Database, case: Case) -> str | None:
    """What recording 作出行政处罚决定 warns of while a party of the case has no decision (``undecided_parties``):
    the step is the case's, but each party is concluded by its own decision, so the case waits for that party to
    be performed and closed, and its time limit for the decision (T2) keeps running; None when every party has one
    (or the case has one party, or no 决定书 issued here)."""
    undecided = undecided_parties(db, case)
    if not undecided:
        return None
    return _("No decision is in force yet for {parties} of case {case}: each party is concluded by its own decision "
             "(Penalty Law art. 57). Issue its 行政处罚决定书 or its 不予行政处罚决定书: until then the case cannot be "
             "performed or closed, and its time limit for the decision keeps running.").format(
        parties="、".join(party.name for party in undecided),
        case=case_named(case.case_number, case.party_names, case.cause))


def undecided_note(db: Database, case: Case) -> str:
    """What the timeline keeps of 作出行政处罚决定 recorded all the same after ``undecided_warning``."""
    return _("Recorded with no decision yet for {parties}.").format(
        parties="、".join(party.name for party in undecided_parties(db, case)))


def action_refusal(db: Database, case: Case, name: str, party_ids: tuple[str, ...]) -> str | None:
    """Why the service of the decision (``serve_decision``) or a payment (``record_performance``) cannot be
    recorded for ``party_ids`` in a case with several parties, None when it can. The service names parties a
    decision in force was issued to and not yet served (none named: every such party). A payment names each party
    that paid: one owing money, served, not yet paid; a case in which no party owes is performed without one."""
    parties = parties_of_case(db, case.id)
    known = {party.id: party for party in parties}
    if (refusal := stranger_refusal(case, parties, party_ids)) is not None:
        return refusal
    items = {item.party.id: item for item in party_payments(db, case)}
    if name == "serve_decision":
        spared = spared_services(db, case, parties)
        return join_sentences(_service_refusal(known[pid], items.get(pid), spared) for pid in party_ids
                              if (pid not in items and spared.get(pid, "") is not None)
                              or (pid in items and items[pid].served_on is not None)) or None
    unpaid = [item.party for item in items.values() if item.owes and item.paid_on is None]
    if not party_ids:
        if not unpaid:  # no party owes (or each paid): the case is performed without a payment to record
            return None
        return _("Case {case} has {n} parties and each pays its own fine: say which party paid: {parties}.").format(
            case=case_named(case.case_number, case.party_names, case.cause), n=len(parties), parties=parties_line(paying_parties(db, case) or unpaid))
    return join_sentences(_payment_refusal(known[pid], items.get(pid)) for pid in party_ids
                          if pid not in items or not items[pid].owes or not items[pid].served_on
                          or items[pid].paid_on is not None) or None


def _service_refusal(party: Party, item: PartyPayment | None, spared: dict[str, str | None]) -> str:
    if item is None and spared.get(party.id):
        return _("{party}: its 不予行政处罚决定书 was already served on it on {date}.").format(
            party=party.name, date=spared[party.id])
    if item is None:
        return _("{party}: neither a 行政处罚决定书 in force nor a 不予行政处罚决定书 was issued to it, so there is no "
                 "decision to serve on it: issue its decision first.").format(party=party.name)
    return _("{party}: its decision was already served on it on {date}.").format(party=party.name,
                                                                               date=item.served_on)


def spared_closed_refusal(db: Database, case: Case, party_ids: tuple[str, ...]) -> str | None:
    """Why the service of the 不予行政处罚决定书 of the parties ``party_ids`` decided not to be penalised beside the
    others' penalties (``spared_services``) whose service no step recorded is not recorded in the case closed (结案)
    or archived: it is recorded before 结案. What to do instead: its 送达回证 with the day it was served, from which its
    periods to challenge it count (``clocks.spared_items``) — or, said where 结案 may be undone (``undo_refusal``), undo
    it and record the service. None when no party named is such a party (the general refusal then)."""
    from workstation.clocks import no_penalty_service
    from workstation.procedure import BY_NAME, undo_refusal
    from workstation.vocabulary import shown_label

    spared = spared_services(db, case)
    unrecorded = [party for party in parties_of_case(db, case.id) if party.id in party_ids
                  and party.id in spared and spared[party.id] is None]
    if not unrecorded:
        return None
    named, status = case.case_number or case.id, shown_label("statuses", case.status)
    said = []
    for party in unrecorded:
        day = no_penalty_service(db, case.id, party.id)
        if day:  # its 送达回证 (or a 送达公告) records it: its periods count from it already
            said.append(_("{party}: its 不予行政处罚决定书 was served on it on {date}, as its 送达回证 records: its "
                          "periods to apply for reconsideration and to sue count from that day. Case {case} is "
                          "“{status}”, so the service is no longer recorded as a step.").format(
                party=party.name, date=day, case=named, status=status))
            continue
        said.append(_("{party}: the service of its 不予行政处罚决定书 is recorded (送达处罚决定书) before the case is "
                      "closed (结案); case {case} is “{status}”, so it is no longer recorded as a step. Issue its "
                      "送达回证 (Documents) with the day it was served as its 送达日期: its periods to apply for "
                      "reconsideration and to sue count from that day.").format(party=party.name, case=named,
                                                                               status=status))
    if case.status == "closed" and any(not no_penalty_service(db, case.id, party.id) for party in unrecorded) \
            and undo_refusal(db, case) is None:
        said.append(_("Or undo “{close}” (“{undo}”), then record the service and close the case again.").format(
            close=BY_NAME["close"].label, undo=_("Undo last step…")))
    return join_sentences(said)


def _payment_refusal(party: Party, item: PartyPayment | None) -> str:
    if item is None or not item.owes:
        return _("{party}: its decision in force imposes no fine or confiscation, so it has nothing to pay.").format(
            party=party.name)
    if not item.served_on:
        return _("{party}: its decision has not been served: its payment period counts from the service, so record "
                 "the service first.").format(party=party.name)
    if item.paid_on:
        return _("{party}: it already paid on {date}.").format(party=party.name, date=item.paid_on)
    return _("{party}: it already paid.").format(party=party.name)


def date_refusal(db: Database, case: Case, name: str, date: str, party_ids: tuple[str, ...]) -> str | None:
    """Why a party's service of the decision or payment cannot bear ``date`` (None when it can): a service not
    before the case was decided — a party's 不予行政处罚决定书 beside the others' penalties not before it was made
    (``spared_decision_days``; with no party named, such a party is left out of a service before that day,
    ``served_with_no_party``, and the service refused only when no other party is left to serve) —, a payment not
    before the decision was served on that party."""
    if name == "serve_decision":
        days = spared_decision_days(db, case)  # a 不予行政处罚决定书 served after its own day
        if party_ids or not days:
            early = [pid for pid in party_ids if pid in days and date < days[pid]]
            served = [pid for pid in party_ids if pid not in early]
        else:  # no party named: recorded for those ``served_with_no_party`` leaves in, refused when none is left
            served = [party.id for party in served_with_no_party(db, case, date, days)]
            early = [] if served else [party.id for party in unserved_parties(db, case) if party.id in days]
        if early:
            names = {party.id: party.name for party in parties_of_case(db, case.id)}
            return join_sentences(_("{party}: its 不予行政处罚决定书 cannot have been served ({date}) before it was made "
                                    "({decided}).").format(party=names.get(pid, pid), date=date, decided=days[pid])
                                  for pid in early)
        if served and all(pid in days for pid in served):
            return None
        if case.decided_on and date < case.decided_on:
            return _("The decision cannot have been served ({date}) before it was made ({decided}).").format(
                date=date, decided=case.decided_on)
        return None
    items = {item.party.id: item for item in party_payments(db, case)}
    early = [items[pid] for pid in party_ids if pid in items and items[pid].served_on and date < items[pid].served_on]
    return join_sentences(_("{party}: the payment ({date}) cannot come before its decision was served on it "
                            "({served}).").format(party=item.party.name, date=date, served=item.served_on)
                          for item in early) or None


def side_by_side(case: Case, name: str, party_ids: tuple[str, ...]) -> bool:
    """Whether the action records one party's step beside the others' (a payment, a service after the first): held
    to its own conditions (``date_refusal``), not to come after the latest step of the case."""
    return (name == "record_performance" and bool(party_ids)) or (name == "serve_decision"
                                                                   and case.status != "penalty_decided")


def per_party_cases(db: Database, case_ids: set[str]) -> set[str]:
    """Those of ``case_ids`` that recorded the service of the decision or a payment per party."""
    import json

    if not case_ids:
        return set()
    rows = db.execute(f"SELECT DISTINCT case_id FROM case_events WHERE kind IN ('{DECISION_SERVED}', '{PAID}') AND "
                      "party_id IS NOT NULL AND case_id IN (SELECT value FROM json_each(?))",
                      [json.dumps(sorted(case_ids))])
    return {row[0] for row in rows}


def party_steps(db: Database, case: Case) -> list[tuple[str, str]]:
    """(party name, where it stands) for each party of a case with several parties, as the case shows it read
    only: the service of its pre-penalty notice, its hearing request, the day it was heard (``party_heard_on``) or
    how it was given up (withdrawn, or the party absent: ``procedure.HEARING_GIVEN_UP``) and its waiver, each with
    its day, the service of its decision and its payment, or that no decision issued in the workstation is in force
    for it (issued to the others only, or voided); empty for a case with one party (the case's dates are its
    party's)."""
    from workstation.party_notices import services, waivers
    from workstation.procedure import hearing_requests, hearings_given_up

    parties = parties_of_case(db, case.id)
    if len(parties) < 2:
        return []
    served, waived, asked = services(db, case, parties), waivers(db, case, parties), hearing_requests(db, case)
    given_up = hearings_given_up(db, case) if asked else {}
    payments_by = {item.party.id: item for item in party_payments(db, case)} if case.decided_on else {}
    spared = no_penalty_parties(db, case, parties)
    spared_served = spared_services(db, case, parties) if spared and case.decided_on else {}
    numbers = dict(no_penalty_decisions(db, case, parties)) if spared else {}
    lines = []
    for party in parties:
        steps = [_("notice served {date}").format(date=served[party.id]) if party.id in served
                 else _("notice not served")]
        if party.id in asked:  # with the day its hearing was held, once it was (``party_heard_on``)
            held = party_heard_on(db, case, party.id, parties, asked[party.id]) if party.id not in given_up else None
            steps.append(_("hearing requested {date}, held {held}").format(date=asked[party.id], held=held) if held
                         else _("hearing requested {date}").format(date=asked[party.id]))
        if party.id in given_up:  # no hearing held for it: its request withdrawn, or it stayed away
            step, day = given_up[party.id]
            steps.append((_("hearing request withdrawn {date}") if step == "withdraw_hearing"
                          else _("absent from the hearing {date}")).format(date=day))
        if party.id in waived:  # a party who gave up its hearing may waive the rest of its period after it
            steps.append(_("waived {date}").format(date=waived[party.id]) if waived[party.id] else _("waived"))
        item = payments_by.get(party.id)
        if party.id in spared and item is None:  # named by its 文号, the latest issued to it (the one standing)
            steps.append(_("not penalised ({number})").format(number=numbers[party.id]) if numbers.get(party.id)
                         else _("not penalised"))
            if spared_served.get(party.id):  # its service, recorded per party as the others' (``spared_services``)
                steps.append(_("decision served {date}").format(date=spared_served[party.id]))
        elif item is None and case.decided_on:  # decided, and no decision issued here is in force for this party
            steps.append(_("no decision in force"))
        if item is not None:
            steps.append(_("decision served {date}").format(date=item.served_on) if item.served_on
                         else _("decision not served"))
            if item.owes:
                steps.append((_("paid {date}").format(date=item.paid_on) if item.paid_on else _("paid"))
                             if item.paid_on is not None else _part_paid(db, case, party.id) or _("not paid"))
        lines.append((party.name, "；".join(steps)))
    return lines


def party_heard_on(db: Database, case: Case, party_id: str, parties: list, asked: str) -> str | None:
    """The day the hearing a party of a case with several parties asked for on ``asked`` was held, None while none
    is recorded as held: the 举行听证 recorded since the request, read as ``procedure.party_hearing_held_on`` reads
    it (``_held_day``: the party's own, else the whole case's) — the same day before 听证结束 and after it, never
    the day its 听证通知书 sets for a hearing still to come; none recorded, once the hearing was concluded, the day
    ``party_hearing_held_on`` reads."""
    from workstation.procedure import _held_day, party_hearing_held_on

    return (_held_day(db, case, party_id, parties, asked, "9999-12-31", noticed=False)
            or party_hearing_held_on(db, case, party_id, parties))


def _part_paid(db: Database, case: Case, party_id: str) -> str | None:
    """What a party of a case with several parties that has not paid in full paid of it (its payments of part under
    the decision in force, ``payments.as_part``): the amount added up, the day of the latest and what it still owes
    that day (``payments.still_owed``); None when it paid nothing."""
    from workstation.money import figures
    from workstation.payments import _party_parts, still_owed

    parts = _party_parts(db, case, party_id)
    if not parts:
        return None
    short = still_owed(db, case, party_id)
    if short is not None:
        day, paid, rest = short
        return _("paid {paid} ({date}), {rest} still owed").format(paid=figures(paid), date=day,
                                                                   rest=figures(rest))
    return _("paid {paid} in part ({date})").format(paid=figures(sum(payment.paid_fen or 0 for _day, payment in parts)),
                                                    date=parts[-1][0])
