"""The pre-penalty notice of each party of a case with several parties: the day the notice was served on it, its
waiver, and its own period to state, defend and request a hearing (Penalty Law arts. 44, 45, 62–64). Each party
receives its own 行政处罚告知书 (``documents.addressee``), possibly on another day: its period counts from its own
service, and one party's waiver is not another's. The case goes on to its decision once the period of every party
with an issued notice has run, or that party waived or asked for a hearing.

What is recorded: a case event "notice_served" for each party served (its date) and "waiver" for each party that
waived (its date and note). A case with one party records neither: its case-level ``notice_served_on`` and
``notice_waived`` are its party's, as before. A case with several parties recorded before service per party (no
"notice_served" event) has its case-level date stand for every party, and its case-level waiver for every party."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from workstation.case_reference import case_named
from workstation.db import Database
from workstation.errors import join_sentences
from workstation.i18n import _
from workstation.records import Case, Party
from workstation.store import parties_of_case

if TYPE_CHECKING:
    from workstation.clocks import Deadline

SERVED, WAIVED = "notice_served", "waiver"
# the procedure actions recorded for one or more parties of a case with several parties
PARTY_ACTIONS = ("send_pre_notice", "waive_statement")


def per_party_recorded(db: Database, case: Case, kind: str, *, since: str = "",
                       orders: list | None = None) -> dict[str, str]:
    """{party id: its day} of the case's events of ``kind`` recorded per party (a notice's or decision's service, a
    waiver), the first recorded of each party standing: only those dated on or after ``since`` ("": any; the
    decision's services: its date, ``payments.under_decision_in_force``), none on or before an order to decide anew
    (撤销并责令重新作出, ``clock_events.redone_since``: of the whole case or of that party) — the revoked decision's
    round. ``orders``: the case's ``redo_orders`` when already read."""
    from workstation.payments import under_decision_in_force
    from workstation.store.clock_events import redo_orders, redone_since

    orders = redo_orders(db, case) if orders is None else orders
    in_force, params = under_decision_in_force(since)
    rows = db.execute("SELECT party_id, on_date FROM case_events WHERE case_id = ? AND kind = ? AND party_id IS NOT "
                      f"NULL AND {in_force} ORDER BY at, rowid", [case.id, kind, *params]).fetchall()
    return {party_id: on_date for party_id, on_date in reversed(rows)  # the first recorded stands
            if redone_since(db, case, on_date, party_id, orders) is None}


def services(db: Database, case: Case, parties: list[Party] | None = None) -> dict[str, str]:
    """{party id: the day the pre-penalty notice was served on it} for the parties served; without any service
    recorded per party, the case's date for every party (none when the notice was not served) — also for each party
    with no service of its own when every service recorded per party came after an order to decide anew concerning
    that party alone (its new notice: the others' notice, served on the case's date, stands). A service on or
    before an order to decide anew (撤销并责令重新作出, ``clock_events.redone_since``: of the whole case or of that
    party) was the revoked decision's notice's: the new decision's notice is served anew, and counts from then."""
    from workstation.store.clock_events import redo_orders, redone_since

    orders = redo_orders(db, case)
    served = per_party_recorded(db, case, SERVED, orders=orders)
    rows = db.execute("SELECT party_id, on_date FROM case_events WHERE case_id = ? AND kind = ? AND party_id IS NOT "
                      "NULL", [case.id, SERVED]).fetchall()
    if rows and not all(any(order.party_id == party_id and order.starts_on < (on_date or "") for order in orders)
                        for party_id, on_date in rows):
        return served  # served per party: the case's date stands for no party
    # none per party, or only the new notices of parties decided anew after an order concerning them alone
    # (``procedure.awaiting_new_decision``): the case's date stands for each other party
    if not case.notice_served_on:
        return served
    return {party.id: case.notice_served_on for party in parties or parties_of_case(db, case.id)
            if redone_since(db, case, case.notice_served_on, party.id, orders) is None} | served


def waivers(db: Database, case: Case, parties: list[Party] | None = None) -> dict[str, str]:
    """{party id: the day it waived its statement, defence and hearing} ("" for the case-level waiver recorded
    before waivers per party: it stands for every party). As with ``services``, a waiver on or before an order to
    decide anew (the case-level one: its notice served before the order) was of the revoked decision's notice."""
    from workstation.store.clock_events import redo_orders, redone_since

    orders = redo_orders(db, case)
    waived = per_party_recorded(db, case, WAIVED, orders=orders)
    if case.notice_waived:
        waived.update({party.id: "" for party in parties or parties_of_case(db, case.id) if party.id not in waived
                       and redone_since(db, case, case.notice_served_on, party.id, orders) is None})
    return waived


def _issued_to(db: Database, case: Case, parties: list[Party]) -> set[str]:
    """The ids of the parties a 行政处罚告知书 was issued to here (not void; one recording no party was the first
    party's); empty when none was."""
    from workstation.documents.addressee import PARTY_KEY

    rows = db.execute(f"SELECT DISTINCT COALESCE(json_extract(values_json, '$.{PARTY_KEY}'), ?) FROM documents "
                      "WHERE case_id = ? AND form_id = 'pre_penalty_notice' AND status = 'issued'",
                      [parties[0].id if parties else "", case.id]).fetchall()
    return {row[0] for row in rows}


def noticed_parties(db: Database, case: Case, parties: list[Party]) -> list[Party]:
    """The parties a 行政处罚告知书 was issued to (not void; one recording no party was the first party's), in the
    case's order; every party when the case has no issued notice (it was written outside the workstation)."""
    issued = _issued_to(db, case, parties)
    return [party for party in parties if party.id in issued] if issued else list(parties)


def unnoticed_parties(db: Database, case: Case) -> list[Party]:
    """The parties of a case with several parties that no 行政处罚告知书 reached and nothing excuses from one: issued
    none while the others were issued theirs here, or, with no notice issued here, whose service is not recorded
    (a party added after the notice was served on the others, ``keep_served``). A decision may not penalise them
    (Penalty Law art. 62). Not a party that waived, nor one concluded by its 不予行政处罚决定书 (told of no
    penalty); a party with an issued notice not yet served waits in ``pending_refusal``. Empty for a case with one
    party (its notice is the case's) and for one decided on the spot (simple procedure: no notice)."""
    from workstation.party_decisions import no_penalty_parties

    parties = parties_of_case(db, case.id)
    if len(parties) < 2 or case.procedure_kind == "simple":
        return []
    issued = _issued_to(db, case, parties)
    reached = issued or set(services(db, case, parties))
    excused = set(waivers(db, case, parties)) | no_penalty_parties(db, case, parties)
    return [party for party in parties if party.id not in reached and party.id not in excused]


def unnoticed_refusal(db: Database, case: Case, party_id: str | None = None) -> str | None:
    """Why the penalty cannot be decided (for ``party_id`` alone, given) while a party was served no notice
    (``unnoticed_parties``), naming each such party and what to do; None when there is none."""
    lines = [_("{party}: no 行政处罚告知书 was served on it, and no penalty is decided without telling the party of "
               "it and hearing its statement and defence (Penalty Law arts. 44, 62): issue its 行政处罚告知书 and "
               "record its service (送达); its period to state, defend and request a hearing counts from that day. A "
               "party not penalised is concluded with its 不予行政处罚决定书 instead.").format(party=party.name)
             for party in unnoticed_parties(db, case) if party_id is None or party.id == party_id]
    return join_sentences(lines) or None


def keep_served(db: Database, stored: Case, case: Case) -> Case:
    """Record, when parties join a case whose 行政处罚告知书 was served as a step of its procedure before the case
    had several parties (its ``notice_served_on``, with no service recorded per party), that service — and the
    waiver, if any — for the parties it had then, so that the case's date no longer stands for the new ones: their
    own notice is still to be issued and served before the decision (``unnoticed_parties``). A case whose notice
    stage was typed in or imported (no such step) keeps its date for every party, as before. ``stored``: the case
    before the edit, ``case`` after it; returned as it is to be saved (no longer waived by every party)."""

    added = [pid for pid in case.party_ids if pid not in stored.party_ids]
    if not added or not stored.notice_served_on or not stored.party_ids:
        return case
    recorded = db.execute(f"SELECT 1 FROM case_events WHERE case_id = ? AND kind IN ('{SERVED}', '{WAIVED}') AND "
                          "party_id IS NOT NULL LIMIT 1", [case.id]).fetchone()
    step = db.execute("SELECT details FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = "
                      "'pre_notice' ORDER BY at DESC, rowid DESC LIMIT 1", [case.id]).fetchone()
    if recorded or step is None:
        return case
    kept = [(SERVED, stored.notice_served_on, "", step[0])]
    if stored.notice_waived:  # the waiver took the case from its notice to its decision
        waived = db.execute("SELECT on_date, note FROM case_events WHERE case_id = ? AND kind = 'transition' AND "
                            "from_status = 'pre_notice' AND to_status = 'decision_pending' ORDER BY at DESC, rowid "
                            "DESC LIMIT 1", [case.id]).fetchone()
        kept.append((WAIVED, *(waived or (stored.notice_served_on, "")), None))
    from workstation.procedure import _party_events

    for kind, day, note, details in kept:
        _party_events(db, stored, kind, tuple(stored.party_ids), day, note or "", details)
    return replace(case, notice_waived=False)


def statement_period(db: Database, case: Case, served_on: str | None,
                     deemed: dict[str, tuple[str, str]] | None = None) -> Deadline | None:
    """The clock T4 counted from ``served_on`` (the service on one party), None without a date: from the day a
    送达公告 deems the notice served when one published it — the case's (one party), or those ``deemed`` of the party
    served on that day (``document_clocks.party_deemed_starts``); the deadline's ``start``."""
    from workstation.clocks import case_clocks

    if not served_on:
        return None
    probe = replace(case, notice_served_on=served_on)
    return next((d for d in case_clocks(db, probe, on=served_on, per_party=False, deemed=deemed)
                 if d.clock == "T4" and d.due), None)


@dataclass(frozen=True)
class PartyPeriod:
    """Where one party of the case stands with its pre-penalty notice."""

    party: Party
    served_on: str | None
    period: Deadline | None
    waived_on: str | None
    hearing_asked_on: str | None
    # (step, day) when it withdrew its hearing request or stayed away from its hearing (procedure.HEARING_GIVEN_UP)
    hearing_given_up: tuple[str, str] | None = None
    # {case date: (publication, deemed service)} of its own documents a 送达公告 published (party_deemed_starts)
    deemed: dict[str, tuple[str, str]] | None = None

    @property
    def counted_from(self) -> str | None:
        """The day its period counts from: the service of its notice, or the day a 送达公告 deems it served."""
        return self.period.start if self.period is not None else self.served_on

    @property
    def hearing_stands(self) -> bool:
        """Whether it asked for a hearing and did not give it up: heard, it no longer waits for its period."""
        return self.hearing_asked_on is not None and self.hearing_given_up is None

    def pending_on(self, date: str) -> bool:
        """Whether, on ``date``, the case must still wait for this party: its notice is not served, or its period
        runs and it neither waived nor asked for a hearing it kept (a party who withdrew its request or stayed away
        may still state and defend until its period ends)."""
        if self.waived_on is not None or self.hearing_stands:
            return False
        return self.period is None or date <= self.period.due


def party_periods(db: Database, case: Case) -> list[PartyPeriod]:
    """Each party with an issued notice (every party without one) with its service, period, waiver and hearing
    request (and how it was given up); empty for a case with fewer than two parties (its period is the case's)."""
    from workstation.document_clocks import party_deemed_starts
    from workstation.procedure import hearing_requests, hearings_given_up

    parties = parties_of_case(db, case.id)
    if len(parties) < 2:
        return []
    served, waived, asked = services(db, case, parties), waivers(db, case, parties), hearing_requests(db, case)
    given_up = hearings_given_up(db, case) if asked else {}
    deemed = party_deemed_starts(db, case, parties)
    periods: dict[tuple, Deadline | None] = {}
    out = []
    for party in noticed_parties(db, case, parties):
        day, moved = served.get(party.id), deemed.get(party.id, {})
        key = (day, moved.get("notice_served_on"))
        if key not in periods:
            periods[key] = statement_period(db, case, day, moved)
        out.append(PartyPeriod(party, day, periods[key], waived.get(party.id), asked.get(party.id),
                               given_up.get(party.id), moved))
    return out


def unserved_parties(db: Database, case: Case) -> list[Party]:
    """The parties of a case with several parties holding an issued 行政处罚告知书 (``noticed_parties``: every party
    of a case whose notices were written outside the workstation) that it was not yet served on; empty for a case
    with one party. A party issued no notice has none to be served."""
    parties = parties_of_case(db, case.id)
    if len(parties) < 2:
        return []
    served = services(db, case, parties)
    return [party for party in noticed_parties(db, case, parties) if party.id not in served]


def waiving_parties(db: Database, case: Case) -> list[Party]:
    """The parties of a case with several parties who may still waive: served, not waived, and no hearing asked that
    stands — a party who withdrew its request or stayed away from its hearing (``procedure.HEARING_GIVEN_UP``) may
    still state and defend until its period ends, so it may waive that remaining period."""
    from workstation.procedure import hearing_requests, hearings_given_up

    parties = parties_of_case(db, case.id)
    if len(parties) < 2:
        return []
    served, waived, asked = services(db, case, parties), waivers(db, case, parties), hearing_requests(db, case)
    given_up = hearings_given_up(db, case) if asked else {}
    return [p for p in parties if p.id in served and p.id not in waived and (p.id not in asked or p.id in given_up)]


def pending_refusal(db: Database, case: Case, date: str, party_id: str | None = None) -> str | None:
    """Why, on ``date``, the case (or the decision of ``party_id`` alone) cannot go on without a party: each party
    with an issued notice whose notice is not served, or whose period runs on that day and who neither waived nor
    asked for a hearing it kept (``PartyPeriod.pending_on``), named with the day its period ends. None when none is
    pending (and for a case with one party: see ``procedure._statement_over_guard``)."""
    lines = []
    for item in party_periods(db, case):
        if (party_id is not None and item.party.id != party_id) or not item.pending_on(date):
            continue
        if item.period is None:
            lines.append(_("{party}: the 行政处罚告知书 issued to it has not been served: record the day it was "
                           "served (送达) first; its period to state, defend and request a hearing counts from that "
                           "day.").format(party=item.party.name))
            continue
        from workstation.procedure import given_up_note, served_day, statement_count_note

        lines.append(_("{party} may state, defend and request a hearing until {due} ({period} from the service of "
                       "its notice on {served}): only from the day after may the case go on without it, unless it "
                       "expressly waived these rights (Penalty Law arts. 45, 62, 64).").format(
            party=item.party.name, due=item.period.due, period=item.period.rule.unit_text(),
            served=served_day(item.period)))
        given_up = _("{party}: {why}").format(party=item.party.name, why=given_up_note(
            *item.hearing_given_up)) if item.hearing_given_up else ""
        # counted through a year without holiday data: said as such
        lines[-1] = join_sentences([lines[-1], given_up, statement_count_note(db, item.period)])
    return join_sentences(lines) or None


def parties_line(parties: list[Party]) -> str:
    """The parties as a refusal lists them for the command line: id（name）；… (id (name); … in English)"""
    return _("; ").join(_("{key} ({label})").format(key=party.id, label=party.name) for party in parties)


def stranger_refusal(case: Case, parties: list[Party], party_ids: tuple[str, ...]) -> str | None:
    """Why ``party_ids`` cannot be acted for when one of them is not a party of ``case`` (listing its parties), None
    when each is."""
    known = {party.id for party in parties}
    stranger = next((pid for pid in party_ids if pid not in known), None)
    if stranger is None:
        return None
    return _("{party} is not a party of case {case}. Its parties are: {parties}.").format(
        party=stranger, case=case_named(case.case_number, case.party_names, case.cause), parties=parties_line(parties))


def action_refusal(db: Database, case: Case, name: str, party_ids: tuple[str, ...]) -> str | None:
    """Why the service of the notice (``send_pre_notice``) or the waiver (``waive_statement``) cannot be recorded
    for ``party_ids`` in a case with several parties, None when it can. The service is recorded for the parties
    named, or for every party not yet served; each named party must be one of the case's and not yet served. A
    waiver names each party who waives: one served, who has not waived nor asked for a hearing."""
    parties = parties_of_case(db, case.id)
    known = {party.id: party for party in parties}
    if (refusal := stranger_refusal(case, parties, party_ids)) is not None:
        return refusal
    if name == "send_pre_notice":
        served = services(db, case, parties) if case.status != "under_review" else {}
        done = [pid for pid in party_ids if pid in served]
        if done:
            return join_sentences(_("{party}: the notice was already served on it on {date}.").format(
                party=known[pid].name, date=served[pid]) for pid in done)
        noticed = {party.id for party in noticed_parties(db, case, parties)}
        without = [pid for pid in party_ids if pid not in noticed]
        if without:
            return join_sentences(_("{party}: no 行政处罚告知书 in force was issued to it, so none can have been served "
                                    "on it: issue its notice first (Penalty Law art. 44).").format(
                party=known[pid].name) for pid in without)
        if not party_ids and not unserved_parties(db, case):
            return _("Every party issued a 行政处罚告知书 was already served with it: issue the notice of a further "
                     "party first.")
        return None
    able = waiving_parties(db, case)
    if not party_ids:
        return _("Case {case} has {n} parties and each waives for itself: say which party waives: {parties}.").format(
            case=case_named(case.case_number, case.party_names, case.cause), n=len(parties), parties=parties_line(able or parties))
    unable = [pid for pid in party_ids if pid not in {p.id for p in able}]
    return join_sentences(_waiver_refusal(db, case, known[pid]) for pid in unable) or None


def _waiver_refusal(db: Database, case: Case, party: Party) -> str:
    from workstation.procedure import hearing_requests

    if party.id not in services(db, case):
        return _("{party}: its notice has not been served: a party waives the rights the served notice told it of, "
                 "so record the service first.").format(party=party.name)
    waived = waivers(db, case)
    if party.id in waived and waived[party.id]:
        return _("{party}: it already waived its statement and hearing on {date}.").format(
            party=party.name, date=waived[party.id])
    if party.id in waived:  # the waiver recorded for the whole case, before waivers per party
        return _("{party}: it already waived its statement and hearing.").format(party=party.name)
    return _("{party}: it asked for a hearing on {date}.").format(party=party.name,
                                                                  date=hearing_requests(db, case)[party.id])


def date_refusal(db: Database, case: Case, name: str, date: str, party_ids: tuple[str, ...]) -> str | None:
    """Why a party's service or waiver cannot bear ``date`` (None when it can): a waiver not before the service on
    that party, nor, for a party who asked for a hearing, before it gave that hearing up (``waiving_parties``); a
    service recorded once the case is past its review not before the file went to review."""
    if name == "waive_statement":
        from workstation.procedure import hearings_given_up
        from workstation.vocabulary import shown_label

        served = services(db, case)
        early = [pid for pid in party_ids if pid in served and date < served[pid]]
        names = {party.id: party.name for party in parties_of_case(db, case.id)}
        given_up = {pid: step for pid, step in hearings_given_up(db, case).items() if pid in party_ids
                    and date < step[1]}
        return join_sentences([*(_("{party}: the waiver ({date}) cannot come before the notice was served on it "
                                   "({served}).").format(party=names[pid], date=date, served=served[pid])
                                 for pid in early),
                               *(_("{party}: the waiver ({date}) cannot come before “{step}” was recorded for it "
                                   "({given_up}): until then its hearing request stood.").format(
                                   party=names[pid], date=date, step=shown_label("transitions", step),
                                   given_up=day) for pid, (step, day) in given_up.items())]) or None
    if case.review_on and date < case.review_on:
        return _("The notice cannot have been served ({date}) before the file went to review ({review}).").format(
            date=date, review=case.review_on)
    return None


def side_by_side(case: Case, name: str) -> bool:
    """Whether the action records one party's step beside the others' in a case with several parties (a waiver, a
    service after the first): the parties' steps run side by side, so it is not held to come after the latest step
    of the case, only to its own conditions (``date_refusal``)."""
    return name == "waive_statement" or (name == "send_pre_notice" and case.status != "under_review")


def per_party_cases(db: Database, case_ids: set[str]) -> set[str]:
    """Those of ``case_ids`` that recorded the service of the notice or a waiver per party."""
    import json

    if not case_ids:
        return set()
    rows = db.execute(f"SELECT DISTINCT case_id FROM case_events WHERE kind IN ('{SERVED}', '{WAIVED}') AND party_id "
                      "IS NOT NULL AND case_id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(case_ids))])
    return {row[0] for row in rows}


def party_notice_context(db: Database, case: Case, party_id: str) -> dict[str, object]:
    """The service of the notice and the waiver of one party of a case with several parties, as the documents
    written for it draw them (sources ``case.notice_served_on`` and ``case.notice_waived``): its 行政处罚决定书 says
    when its own notice was served on it and whether it waived, not another party's (None, False when not)."""
    parties = parties_of_case(db, case.id)
    return {"case.notice_served_on": services(db, case, parties).get(party_id),
            "case.notice_waived": party_id in waivers(db, case, parties)}
