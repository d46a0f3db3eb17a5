"""Campaign statistics computed from the stored records (cases, leads, complaints, interviews, publicity),
optionally for one agency (with the offices under it, or only its own records) and a period: cases by filing date (a
case decided on the spot by its decision date; one never filed by its own step's date, ``CASE_DAY``), leads by their
first complaint's receipt (``LEAD_DAY``), complaints by receipt, interviews and publicity by the day held.
The cases counted (查办案件: the total, its breakdowns, records and amounts, the 考评 table, the months) are those filed
(立案, ``FILED_CASE``), with those decided on the spot under the simple procedure (counted apart too:
``cases.simple_procedure``, ``cases.simple_fines_fen``; they count on the day they were decided); only the breakdown by
status also shows the cases 待立案 and 不予立案, under their status.
Also the per-bureau table of the year-end enforcement evaluation (考评) and the figures per filing month.
Amounts are integer fen; a case's fines and confiscation are those its decisions in force impose, each party's once
(``penalty_terms.decided_sql``; a decision revoked or declared void on the party's reconsideration or lawsuit is not
in force and counts nothing, ``FINE_SQL``), else the amounts it records when its status is at or after a penalty decision
(已决定, 已送达, 已履行, 结案/归档 after a decision, 移送公安 after a decision: ``penalty_terms.DECIDED_STATUS``); a fine
recorded on a case 立案调查 or 已告知 is only proposed and counts nothing (the case list shows it marked 拟).
In a period (either bound given) the figures say what happened in it, as the campaign's statistics are kept: the cases
by their filing date (立案), the fines and confiscation by the date they were decided (罚没: each decision made in the
period, whatever the case's filing date, ``_penalties``) and the transfers to the police by the transfer's date (移送,
``_transferred``); the cases by status are as they stand now (a register's row records no step before its status).
Without a period every figure is the whole campaign's, as it was."""

from __future__ import annotations

import datetime as dt
import json
import weakref

from workstation.bundle.tables import NOT_LINKED_LEAD, complaint_leads
from workstation.case_reference import FILED_NUMBER_SQL, case_named, filed_number
from workstation.clocks import ANNULLING, CHANGING, step_day
from workstation.db import Database
from workstation.decided_transfer import DECIDED_ON
from workstation.document_clocks import (
    DOCUMENT_IN_FORCE,
    LETTER_NAMES_RECEIVER,
    TRANSFER_LETTER_FORM,
    letter_day,
)
from workstation.penalty_terms import (
    DECIDED_CASES,
    DECISION_FORM,
    DOCUMENT_DECIDED,
    RECORDED_DECIDED,
    decided_sql,
    recorded_sql,
)
from workstation.progress import CancelToken, check_cancel
from workstation.records import today
from workstation.screening.hand_leads import EMPTIED_BY_CORRECTION
from workstation.store.agencies import agency_condition
from workstation.vocabulary import labels


def _quick(field: str, *, proposed: bool = False, within=None) -> str:
    """``penalty_terms.decided_sql`` of ``field`` with these ``proposed`` and ``within``, counting the outcomes of a
    reconsideration or lawsuit that revoke (``clocks.ANNULLING``) or change (``clocks.CHANGING``, the fines only) the
    decision, as the same amount worked out faster (at 100,000 cases its subqueries asked of every case took seconds
    per figure): asked whole only of a case with a 行政处罚决定书 issued here (``DECIDED_CASES``) or with such an
    outcome (whichever party, whatever the day); any other case counts the amount it records as ``decided_sql`` does
    when no outcome touches it (``penalty_terms.recorded_sql``) — 0 at once when it records none."""
    revoking, changing = ANNULLING, CHANGING
    full = decided_sql(field, proposed=proposed, revoking=revoking, changing=changing, within=within)
    challenged = f"SELECT case_id FROM clock_events WHERE kind IN ({', '.join(map(repr, (*revoking, changing)))})"
    return (f"(CASE WHEN cases.id IN {DECIDED_CASES} OR cases.id IN ({challenged}) THEN {full} "
            f"WHEN cases.{field} = 0 THEN 0 ELSE {recorded_sql(field, proposed, within=within)} END)")


#: the fines and confiscation counted (``penalty_terms.decided_sql``): those of the decisions in force, never those only
#: proposed, nor those of a decision the party's reconsideration or lawsuit revoked (撤销, 撤销并责令重新作出 until a new
#: decision is made) or declared void (确认无效: it never had effect) — ``clocks.ANNULLING`` —: the figures say what the
#: campaign imposed and stands, not every decision made; a decision upheld, changed or declared unlawful (its penalty
#: standing) counts — a fine changed (变更) as changed, where the outcome says the new amount (``clocks.CHANGING``,
#: ``penalty_terms.changed_fine_sql``)
FINE_SQL, CONFISCATED_SQL = _quick("fine_fen"), _quick("confiscated_fen")
#: the illegal gains a case confiscates, as the criminal threshold reads them (``threshold_not_transferred``): for a
#: case decided here those of its decisions in force, as ``CONFISCATED_SQL`` counts them (each party's once, none of
#: a voided or corrected decision nor of one revoked or declared void) — issuing a 行政处罚决定书 writes nothing into
#: the case's own amount —; for a case without one (a register's row, a decision written outside) the amount it
#: records, whatever its status, as ``law.criminal.case_gains_fen`` reads it on the case's page
GAINS_CONFISCATED_SQL = _quick("confiscated_fen", proposed=True)


def _stands(status: str, kept_on: tuple[str, ...] = ()) -> str:
    """The condition that the step into ``status`` (the case_events row read) stands: one from ``kept_on`` (states
    the case keeps through it), or one of a case that is in ``status``, or left it since by a step that stands in
    turn — the case's steps out of ``status`` dated since, and those out of where they led dated since them, reach
    the status it is in (``since``). A station's step overruled by a status conflict settled for another status
    stays recorded but stands nowhere (``overruled_steps``), nor does that station's later step from it (its 结案
    after the 不予立案, its 公安不予立案后恢复办理 after the 移送), overruled with it. Read by the case's id, for the few
    such steps only: no whole table is read."""
    kept = f"case_events.from_status IN ({', '.join(repr(state) for state in kept_on)}) OR " if kept_on else ""
    day = "COALESCE({0}.on_date, substr({0}.at, 1, 10))"  # the day of a step, as it was dated
    # the case still in ``status`` (nearly every one) answers at once; the steps since are followed for the others
    return (f"({kept}EXISTS (SELECT 1 FROM cases AS c WHERE c.id = case_events.case_id AND c.status = '{status}') "
            f"OR EXISTS (WITH RECURSIVE since(status, day) AS (SELECT '{status}', {day.format('case_events')} "
            f"UNION SELECT later.to_status, {day.format('later')} FROM case_events AS later JOIN since ON "
            f"later.from_status = since.status AND {day.format('later')} >= since.day WHERE later.case_id = "
            "case_events.case_id) SELECT 1 FROM cases AS c WHERE c.id = case_events.case_id AND c.status IN "
            "(SELECT status FROM since)))")


def _reached(status: str, stood: str) -> str:
    """A case in ``status`` now, or once by a step into it that stands (``stood``, of ``_stands``)."""
    return f"(status = '{status}' OR id IN (SELECT case_id FROM case_events WHERE to_status = '{status}' AND {stood}))"


#: a decline of the filing (不予立案, the case_events row read) that stands (``_stands``)
DECLINE_STANDS = _stands("not_filed")
#: a case whose filing was declined (不予立案), closed since or not
DECLINED_CASE = _reached("not_filed", DECLINE_STANDS)
#: the status a case shows under in the figures by status: 不予立案 for one whose filing was declined, closed since
#: or not (REFERENCE §1.1: closed without a case, CLOSED_NO_CASE, is not 已结案), else its own
SHOWN_STATUS = f"CASE WHEN {DECLINED_CASE} THEN 'not_filed' ELSE status END"
#: a 案件移送函 in force (``document_clocks.DOCUMENT_IN_FORCE``: issued, neither voided nor corrected by an issued
#: correction) naming its receiver (``LETTER_NAMES_RECEIVER``), as the clocks read them (``transfer_letters``)
LETTER_IN_FORCE = f"d.form_id = '{TRANSFER_LETTER_FORM}' AND {DOCUMENT_IN_FORCE} AND {LETTER_NAMES_RECEIVER}"
#: the cases such a letter was issued for (their own, or the lead's they were filed from); uncorrelated, read once
#: per query
TRANSFER_LETTER_CASES = (
    "SELECT COALESCE(d.case_id, l.case_id) FROM documents d LEFT JOIN leads l ON l.id = d.lead_id "
    f"WHERE COALESCE(d.case_id, l.case_id) IS NOT NULL AND {LETTER_IN_FORCE}")
#: the day of the step read (``case_events``), as it was dated
STEP_DAY = step_day("case_events")


def _sent_before_step(alias: str) -> str:
    """A letter issued (``alias``, not void) before the step read: recorded before it and bearing a day on or before
    the step's (``document_clocks.letter_day``, the day its time starts from) — one entered after the step (a case
    ended for another reason first), or dated after it, did not take the case away."""
    return (f"{alias}.status = 'issued' AND {alias}.issued_at < case_events.at AND "
            f"{letter_day(alias)} <= {STEP_DAY}")


#: of a letter in force (``d``): it, or a letter it corrects (更正), correction after correction (its ``supersedes``
#: chain, followed by id, for a correction only), was sent before the step read (``_sent_before_step``): a letter
#: corrected after the termination (its reason reworded, its day even that of the correction) is still the letter
#: the case went with
LETTER_SENT_BEFORE_STEP = (
    f"(({_sent_before_step('d')}) OR (d.supersedes_id IS NOT NULL AND EXISTS (WITH RECURSIVE corrected(id) AS "
    "(SELECT d.supersedes_id UNION SELECT m.supersedes_id FROM documents m JOIN corrected ON m.id = corrected.id "
    "WHERE m.supersedes_id IS NOT NULL) SELECT 1 FROM corrected JOIN documents m ON m.id = corrected.id WHERE "
    f"{_sent_before_step('m')})))")
#: such a letter of the case (``cases``) sent before the step read (``case_events``: ``LETTER_SENT_BEFORE_STEP``):
#: its own, or its lead's (``+``: not the documents of every lead, through their case's empty id), looked up by the
#: case's id
LETTER_BEFORE_STEP = (
    f"(EXISTS (SELECT 1 FROM documents d WHERE d.case_id = cases.id AND {LETTER_IN_FORCE} AND "
    f"{LETTER_SENT_BEFORE_STEP}) OR EXISTS (SELECT 1 FROM leads l JOIN documents d ON d.lead_id = l.id WHERE "
    f"l.case_id = cases.id AND +d.case_id IS NULL AND {LETTER_IN_FORCE} AND {LETTER_SENT_BEFORE_STEP}))")
#: a case sent to another administrative agency (移送其他机关: REFERENCE §1.1 TRANSFERRED_OUT, catalogue No. 4): its
#: investigation terminated (终止调查, the step standing: ``_stands``) after a 案件移送函 in force was issued (it, or
#: the letter it corrects: ``LETTER_BEFORE_STEP``), closed
#: or archived since or not — a case ended for another reason before the letter came stays among the cases, as the
#: clocks read only a letter issued under investigation —: the matter is the receiving agency's, so it is not one of
#: this bureau's cases, its records neither: counted apart (``cases.transferred_out``). Only a lead's referral hands
#: the receiver a copy (``leads_workflow.hand_over_referred``); a filed case's letter makes none, so at
#: headquarters a case sent from one bureau of the register to another leaves 案件数 unless the receiver files a
#: case of its own (its register's row, say). A transfer to the police (移送公安) is not one: it stays among the cases
#: (the letters and the termination looked up by the case's id, for the few cases with a letter: no whole table is
#: read)
TRANSFERRED_OUT_CASE = (f"(status IN ('terminated', 'closed', 'archived') AND id IN ({TRANSFER_LETTER_CASES}) AND "
                        "EXISTS (SELECT 1 FROM case_events WHERE case_events.case_id = cases.id AND "
                        f"case_events.to_status = 'terminated' AND {LETTER_BEFORE_STEP} AND "
                        f"{_stands('terminated')}))")
#: a case that reached 立案 (any status after it, 移送公安 and 结案/归档 included): not one awaiting the filing decision
#: (待立案) nor one whose filing was declined (不予立案), closed since or not — such a case was never investigated —,
#: nor one sent to another agency (``TRANSFERRED_OUT_CASE``, counted apart). A
#: case decided on the spot under the simple procedure (当场处罚, ``SIMPLE_CASE``) is never filed but is handled: it
#: leaves 待立案 for 已送达, so it counts too
FILED_CASE = f"status != 'pending_filing' AND NOT {DECLINED_CASE} AND NOT {TRANSFERRED_OUT_CASE}"
#: the day a case's filing was declined (不予立案): the date of its decision, as the transition records it
NOT_FILED_DAY = ("(SELECT MAX(on_date) FROM case_events WHERE case_events.case_id = cases.id "
                 "AND case_events.to_status = 'not_filed')")
#: The day a case counts on: its filing date; a case decided on the spot under the simple procedure, never filed, the
#: day of its 当场行政处罚决定书 (decided_on); a case never filed (only the figures by status show it) the day of its
#: own step: 不予立案, the day of that decision; 待立案, the day its lead was received; else the day it was entered.
CASE_DAY = ("COALESCE(filed_on, CASE WHEN procedure_kind = 'simple' THEN decided_on END, "
            f"CASE WHEN NOT ({FILED_CASE}) THEN COALESCE({NOT_FILED_DAY}, lead_received_on) END, "
            "substr(created_at, 1, 10))")
#: a counted case decided on the spot under the simple procedure (``procedure.decide_on_the_spot``, m029)
SIMPLE_CASE = "procedure_kind = 'simple'"
#: The day a lead counts on, as its complaints count by their receipt: the day its first complaint came in
#: (``first_at``); a lead without complaints (entered by hand), the day it was received — and so a lead entered by
#: hand that complaints received after it later joined (``screen._join_hand_leads``): the earlier of the two, so
#: that it stays in the period it was reported in. Not the day screening registered it (``received_at`` of a
#: screened lead), which may be months after its complaints. (The two are written differently,
#: 2026-11-23T09:00:00+08:00 and 2026-11-28 10:00:00, but both begin with their day, which alone the earlier of
#: two days depends on.) A period's leads are found by reading the leads table whole (no index on first_at, and
#: first_at ≤ received_at is not guaranteed, so the index on received_at cannot bound it): about 9 ms for 20,000
#: leads, against 5 ms by received_at alone
LEAD_DAY = "MIN(COALESCE(first_at, received_at), received_at)"
DECIDED_LEAD = "decided_on IS NOT NULL"
#: a lead the figures count (and the deadline board gives a T1: ``clocks.lead_deadlines``): of two stations' leads of
#: the same work orders (linked at headquarters) only the one the pair counts as (``tables.NOT_LINKED_LEAD``: another
#: station's copy of a lead here counts once), and not a lead a standing correction emptied
#: (``hand_leads.EMPTIED_BY_CORRECTION``: kept for the correction to be undone, nothing about personal information
#: behind it meanwhile)
COUNTED_LEAD = f"({NOT_LINKED_LEAD} AND NOT {EMPTIED_BY_CORRECTION})"
#: a lead referred to an agency of the register, which was handed the matter as a lead of its own (its copy,
#: ``leads_workflow.hand_over_referred``, linked by ``referred_from``): the figures count the matter once, as the
#: copy, where it is worked — wherever it is read, as the copy travels with the original's bundle, and in the period
#: the original was received (the copy's ``first_at``, ``LEAD_DAY``). Matched on the link alone: a referral withdrawn
#: (its letter voided) reopens the original, and a copy that stays with its agency (``leads_workflow.
#: copy_taken_back``: decided there, or gone out in a bundle) is still the one counted; one taken back is deleted,
#: the original counted again. Not left off the deadline board (``COUNTED_LEAD`` alone), where it starts nothing:
#: a referred lead's T1 is met by the referral and it has no T24 (clocks.toml T24: a referred lead starts nothing) —
#: the copy's clocks run at the agency it was handed to, its T24 there for a named reporter of its own
HANDED_OVER_LEAD = "(id IN (SELECT copy.referred_from FROM leads copy WHERE copy.referred_from IS NOT NULL))"
#: a lead the figures count (``COUNTED_LEAD``), not one handed over as another's (``HANDED_OVER_LEAD``)
FIGURES_LEAD = f"({COUNTED_LEAD} AND NOT {HANDED_OVER_LEAD})"
#: a lead handed to a bureau or office (交办): one decided, filed or referred without it was never assigned. A lead
#: the district bureau holding it hands down to one of its own offices (REFERENCE's 区局交办: 南海区局 to 桂城所,
#: ``leads_workflow.ASSIGNED_WITHIN``) keeps no ``assigned_on`` — its T1 counts on from the receipt — and is known by
#: that hand-over in its history (``lead_history``: from its ``agency_id`` to its ``to_agency_id``, as earlier versions
#: kept it too): decided since, it counts as assigned, the data of earlier versions included with no migration. One
#: an office hands on (桂城所 to 大沥所, or back up to its 区局) was not 交办: checked by the bureau's own offices
#: without it, it counts under 未经交办、自行登记核查
ASSIGNED_LEAD = ("(assigned_on IS NOT NULL OR status = 'assigned' OR id IN (SELECT h.lead_id FROM lead_history h "
                 "JOIN agencies t ON t.id = h.to_agency_id WHERE h.kind = 'assigned_within' AND t.level = 'town' "
                 "AND t.parent_id = h.agency_id))")


def _next_day(day: str) -> str:
    """The bound every timestamp of ``day`` sorts below: the day after it; for the calendar's last day (9999-12-31,
    which a script gives as "no end"), which has none, the day followed by a character after "T" and " "."""
    date = dt.date.fromisoformat(day)
    if date == dt.date.max:
        return day + "~"
    return (date + dt.timedelta(days=1)).isoformat()


#: an interview counts once it was held: not while it is only scheduled (已安排: marked so, or dated after today),
#: nor once voided (已作废)
HELD_INTERVIEW = " AND status NOT IN ('scheduled', 'void') AND held_on <= ?"
#: of them, those the party summoned did not attend (当事人未到场, ``interviews.mark_absent``): counted among the
#: interviews (约谈N次，其中当事人未到场M次), with no rectification to follow up unless escalated to a case
ABSENT_INTERVIEW = " AND status = 'absent'"
#: a publicity activity counts once it took place: not one dated after today (the store refuses such a date; one
#: brought by a bundle or entered before it did counts from its day on)
HELD_PUBLICITY = " AND held_on <= ?"
#: how the interviews held are followed up (``interview_follow_up``), in the order the report says them
FOLLOW_UP_OUTCOMES = ("rectified", "not_due", "overdue", "not_rectified", "unverified", "escalated", "no_deadline")


#: one party however many records of it are held (on the parties table ``p``): its credit code, else its ID number,
#: else its record — a company both bureaux interviewed is two party records at headquarters (each station's own,
#: merged by their UUIDs) and one company in the figures
PARTY_CODE = "COALESCE(NULLIF(p.uscc, ''), NULLIF(p.id_number, ''), p.id)"


def party_codes(db: Database, party_ids) -> dict[str, str]:
    """{party id: the party as the figures count it (``PARTY_CODE``)} of each of ``party_ids`` stored."""
    ids = sorted(set(party_ids))
    return dict(db.execute(f"SELECT p.id, {PARTY_CODE} FROM parties p WHERE p.id IN (SELECT value FROM json_each(?))",
                           [json.dumps(ids)]).fetchall()) if ids else {}


def interview_parties(db: Database, held_clause: str, held_params: list) -> dict[str, int]:
    """{party kind: how many parties of that kind were interviewed} in the interviews held that ``held_clause``
    selects (each party once, however often and by however many bureaux interviewed: by ``PARTY_CODE``), every kind
    of ``party_kinds`` present; a party two stations recorded as of different kinds counted once, under one of them.
    An interview its party did not attend (``ABSENT_INTERVIEW``, counted as 当事人未到场) interviewed nobody."""
    return dict.fromkeys(labels("party_kinds"), 0) | dict(db.execute(
        f"SELECT kind, COUNT(*) FROM (SELECT {PARTY_CODE} AS code, MIN(p.kind) AS kind FROM interview_parties ip "
        f"JOIN parties p ON p.id = ip.party_id WHERE ip.interview_id IN (SELECT id FROM interviews{held_clause}"
        f"{HELD_INTERVIEW} AND status <> 'absent') GROUP BY code) GROUP BY kind", [*held_params, today()]).fetchall())


def cases_not_declined(db: Database, case_ids) -> set[str]:
    """The ids among ``case_ids`` of the cases whose filing was not declined (``DECLINED_CASE``): an interview
    escalated to one counts as escalated (转立案查处), filed or still awaiting its filing decision; one escalated to a
    case declined (不予立案), never investigated, does not."""
    ids = sorted({c for c in case_ids if c})
    if not ids:
        return set()
    # the ids as one JSON parameter: a city's interviews escalate to more cases than SQLite takes parameters
    return {row[0] for row in db.execute(
        f"SELECT id FROM cases WHERE id IN (SELECT value FROM json_each(?)) AND NOT {DECLINED_CASE}", [json.dumps(ids)])}


def interview_outcome(due: str | None, result: str, case_id: str | None, on: str, outcome: str | None = None) -> str:
    """Where an interview's rectification stands on ``on`` (one of ``FOLLOW_UP_OUTCOMES``): ``escalated`` to a case
    (``case_id``: one not declined, ``cases_not_declined``; else None); followed up and ``rectified``,
    ``not_rectified`` or ``unverified`` as the officer chose (``outcome``) — a follow-up recorded before the outcome
    was chosen (m054) is read from its text (``interviews.follow_up_outcome``); else, with a deadline, ``not_due``
    until it passes and ``overdue`` after (as the deadline board counts it: ``due`` the deadline in force,
    ``interviews.deadline_in_force``); without one, ``no_deadline``."""
    from workstation.store.interviews import follow_up_outcome

    if case_id:
        return "escalated"
    if found := follow_up_outcome(result, outcome):
        return found
    if not due:
        return "no_deadline"
    return "overdue" if due < on else "not_due"


class _Outcomes(list):
    """``_party_outcomes``' rows, with ``in_force``: {interview id: ``interviews.deadline_in_force``} of each
    interview it read that of (one past its 整改期限), so that ``overdue_unconfirmed`` does not read it again."""

    in_force: dict[str, str | None]


def _party_outcomes(db: Database, held_clause: str, held_params: list, day: str) -> list[tuple[str, str, str, str]]:
    """(interview id, party id, party kind, outcome) of each party of the interviews held that ``held_clause``
    selects: where the party itself stands (``interviews.party_result``: its own follow-up and escalation) by
    ``interview_outcome`` on ``day`` — a joint interview's party that rectified is not escalated with another, one
    escalated to a case whose filing was declined (``cases_not_declined``) stands where its own follow-up leaves it.
    The deadline is the one in force (``interviews.deadline_in_force``), as the deadline board, the register and the
    overdue follow-ups count it: the later day an issued 约谈记录's working days end on, one on a rest day run to the
    next working day (REFERENCE §1.2 rule 3) — not overdue during the holiday it falls in; read once per interview,
    not per party, the calendar once (``_Outcomes.in_force``)."""
    from workstation.case_records import Interview
    from workstation.store.interviews import deadline_in_force, party_result

    found = []
    absent = set()
    for interview_id, due, on, result, outcome, case_id, results, party_id, kind, status, held_on in db.execute(
            "SELECT i.id, i.rectification_due, i.follow_up_on, i.follow_up_result, i.follow_up_outcome, i.case_id, "
            "i.party_results, p.id, p.kind, i.status, i.held_on FROM (SELECT id, rectification_due, follow_up_on, "
            "follow_up_result, follow_up_outcome, case_id, party_results, status, held_on "
            f"FROM interviews{held_clause}{HELD_INTERVIEW} AND (status <> 'absent' OR case_id IS NOT NULL)) i "
            "JOIN interview_parties ip ON ip.interview_id = i.id JOIN parties p ON p.id = ip.party_id",
            [*held_params, day]):
        interview = Interview(agency_id="", held_on=held_on, subject="", follow_up_on=on,
                              follow_up_result=result or "", follow_up_outcome=outcome, case_id=case_id,
                              party_results=json.loads(results or "{}"), party_ids=[party_id], id=interview_id,
                              status=status, rectification_due=due)
        found.append((interview, party_id, kind, party_result(interview, party_id)))
        if status == "absent":
            absent.add(interview_id)
    standing = cases_not_declined(db, (own.case_id for *_rest, own in found))
    in_force: dict[str, str | None] = {}
    calendar = None

    def outcome_of(interview: Interview, own) -> str:
        nonlocal calendar
        case_id = own.case_id if own.case_id in standing else None
        typed = interview_outcome(interview.rectification_due, own.follow_up_result, case_id, day,
                                  own.follow_up_outcome)
        if typed != "overdue":  # the deadline in force is never earlier: read only for one past its 整改期限
            return typed
        if interview.id not in in_force:
            if calendar is None:
                from workstation.clocks import data_dir_of
                from workstation.workdays import default_calendar

                calendar = default_calendar(data_dir_of(db))
            in_force[interview.id] = deadline_in_force(db, interview, calendar=calendar)
        return interview_outcome(in_force[interview.id], own.follow_up_result, case_id, day, own.follow_up_outcome)

    # of an interview its parties did not attend, only a party escalated (to its own case, still standing) counts:
    # the others have no rectification to follow up (``ABSENT_INTERVIEW``), in no outcome
    outcomes = _Outcomes((interview.id, party_id, kind, outcome_of(interview, own))
                         for interview, party_id, kind, own in found
                         if interview.id not in absent or own.case_id in standing)
    outcomes.in_force = in_force
    return outcomes


def interview_follow_up(db: Database, held_clause: str, held_params: list,
                        outcomes: list[tuple[str, str, str, str]] | None = None) -> dict[str, int]:
    """{outcome: interviews} of the interviews held that ``held_clause`` selects, by ``interview_outcome`` today
    (Beijing time) of each of their parties (``_party_outcomes``), every outcome of ``FOLLOW_UP_OUTCOMES`` present:
    an interview counts once under each outcome one of its parties has — a joint interview where two parties
    rectified and the third was escalated is one 次 of 完成整改 and one of 转立案. ``outcomes``: those
    ``_party_outcomes`` found today already."""
    if outcomes is None:
        outcomes = _party_outcomes(db, held_clause, held_params, today())
    out = dict.fromkeys(FOLLOW_UP_OUTCOMES, 0)
    for _interview, outcome in {(i, outcome) for i, _party, _kind, outcome in outcomes}:
        out[outcome] += 1
    return out


def split_follow_ups(outcomes: list[tuple[str, str, str, str]]) -> dict:
    """{"interviews_follow_up_split": how many interviews ``interview_follow_up`` counts under more than one outcome
    (a joint interview whose parties stand differently: one rectified, another past its deadline)}, {} when none is
    (the figures keep the keys they had): ``interviews_follow_up`` then adds up to more than the interviews, which
    the report says. ``outcomes``: those ``_party_outcomes`` found."""
    found: dict[str, set[str]] = {}
    for interview_id, _party, _kind, outcome in outcomes:
        found.setdefault(interview_id, set()).add(outcome)
    split = sum(len(each) > 1 for each in found.values())
    return {"interviews_follow_up_split": split} if split else {}


def overdue_unconfirmed(db: Database, held_clause: str, held_params: list, outcomes: _Outcomes | None = None) -> dict:
    """{"interviews_overdue_unconfirmed": {"overdue": how many of the interviews ``interview_follow_up`` counts as
    past their rectification deadline (已过整改期限未报送整改情况) have a deadline counted in working days through a year
    without holiday data (``store.interviews.rectification_unconfirmed_years``, 日历待核实) so shortly before today
    that its holidays may move it past today (``clocks.UNCONFIRMED_MARGIN_DAYS``), "years": those years in order}},
    {} when none has (the figures keep the keys they had). ``outcomes``: those ``_party_outcomes`` found today
    already."""
    from workstation.clocks import UNCONFIRMED_MARGIN_DAYS, data_dir_of
    from workstation.store.interviews import get_interview, rectification_unconfirmed_years
    from workstation.workdays import default_calendar

    day = today()
    since = (dt.date.fromisoformat(day) - dt.timedelta(days=UNCONFIRMED_MARGIN_DAYS)).isoformat()
    if outcomes is None:
        outcomes = _party_outcomes(db, held_clause, held_params, day)
    overdue = {i for i, _party, _kind, outcome in outcomes if outcome == "overdue"}
    calendar, found = default_calendar(data_dir_of(db)), []
    for interview_id in sorted(overdue):  # the deadline in force as ``_party_outcomes`` read it, counting it overdue
        if (outcomes.in_force[interview_id] or "") >= since:
            found.append(rectification_unconfirmed_years(db, get_interview(db, interview_id), calendar=calendar))
    count = sum(bool(years) for years in found)
    years = sorted({year for unknown in found for year in unknown})
    return {"interviews_overdue_unconfirmed": {"overdue": count, "years": years}} if count else {}


def interview_follow_up_parties(db: Database, held_clause: str, held_params: list,
                                outcomes: list[tuple[str, str, str, str]] | None = None) -> dict[str, dict[str, int]]:
    """{outcome: {"units": parties not natural persons, "persons": natural persons}} of the interviews held that
    ``held_clause`` selects, each party by its own outcome today (``_party_outcomes``), each once within an outcome
    (the report says "整改4次（涉及9家）": an interview of several parties is one 次 of many 家), as
    ``interview_parties`` counts it (``PARTY_CODE``: two bureaux' records of one company are one 家); ``outcomes``:
    those ``_party_outcomes`` found today already."""
    parties: dict[str, set[tuple[str, str]]] = {outcome: set() for outcome in FOLLOW_UP_OUTCOMES}
    found = _party_outcomes(db, held_clause, held_params, today()) if outcomes is None else outcomes
    codes = party_codes(db, (party_id for _interview, party_id, _kind, _outcome in found))
    for _interview, party_id, kind, outcome in found:
        parties[outcome].add((codes.get(party_id, party_id), kind))
    return {outcome: {"units": sum(kind != "person" for _id, kind in found),
                      "persons": sum(kind == "person" for _id, kind in found)}
            for outcome, found in parties.items()}


def _where(day: str | None, agency_id: str | None, date_from: str | None, date_to: str | None,
           timestamp: bool = False, own: bool = False) -> tuple[str, list]:
    """The WHERE clause selecting the rows of an agency (with its offices, or with ``own`` its own only) and a
    period; ``day`` is the date column, compared as a prefix when it holds timestamps (``received_at``) so that
    its index serves."""
    where, params = ["1 = 1"], []
    if agency_id:
        condition, agency_params = agency_condition(agency_id, own)
        where.append(condition)
        params += agency_params
    if day == CASE_DAY and (date_from or date_to):
        # COALESCE(filed_on, …) BETWEEN … written as three terms, the first of which the index on filed_on serves
        filed, filed_params = _range("filed_on", date_from, date_to, False)
        decided, decided_params = _range("decided_on", date_from, date_to, False)
        other, other_params = _range(CASE_DAY, date_from, date_to, False)
        simple = "procedure_kind IS 'simple' AND decided_on IS NOT NULL"  # never NULL: NOT (…) is sound
        where.append(f"(({filed}) OR (filed_on IS NULL AND {simple} AND {decided}) "
                     f"OR (filed_on IS NULL AND NOT ({simple}) AND {other}))")
        params += filed_params + decided_params + other_params
    elif day and (date_from or date_to):
        terms, range_params = _range(day, date_from, date_to, timestamp)
        where.append(terms)
        params += range_params
    return " WHERE " + " AND ".join(where), params


def _case_where(agency_id: str | None, date_from: str | None, date_to: str | None,
                own: bool = False) -> tuple[str, list]:
    """The WHERE clause selecting the filed cases (``FILED_CASE``) of an agency and a period."""
    clause, params = _where(CASE_DAY, agency_id, date_from, date_to, own=own)
    return f"{clause} AND {FILED_CASE}", params


def _range(column: str, date_from: str | None, date_to: str | None, timestamp: bool) -> tuple[str, list]:
    terms, params = [], []
    if date_from:
        terms.append(f"{column} >= ?")
        params.append(date_from)
    if date_to:
        terms.append(f"{column} < ?" if timestamp else f"{column} <= ?")
        params.append(_next_day(date_to) if timestamp else date_to)
    return " AND ".join(terms), params


def _day_literal(day: str) -> str:
    """``day`` (an ISO date) as an SQL literal; anything else is refused, never written into the SQL."""
    dt.date.fromisoformat(day)
    if len(day) != 10:
        raise ValueError(day)
    return f"'{day}'"


def _within(date_from: str | None, date_to: str | None):
    """A function making the SQL condition that a day (an SQL expression) falls within the period."""
    bounds = ([f">= {_day_literal(date_from)}"] if date_from else []) + (
        [f"<= {_day_literal(date_to)}"] if date_to else [])
    return lambda day: "(" + " AND ".join(f"{day} {bound}" for bound in bounds) + ")"


def _decided_parts(within, documents_within=None, select: str = "d.case_id") -> tuple[str, str, str]:
    """The SQL of the fines and of the confiscation decided ``within`` (a function making the condition that a day
    falls in the period counted, ``_within``) as ``penalty_terms.decided_sql`` makes them, and the query selecting
    ``select`` of the issued 行政处罚决定书 dated ``documents_within`` (``within`` when not given): what
    ``_penalties`` and ``_penalties_by_month`` both sum."""
    fine, confiscated = _quick("fine_fen", within=within), _quick("confiscated_fen", within=within)
    documents = (f"SELECT {select} FROM documents d JOIN cases ON cases.id = d.case_id WHERE d.form_id = "
                 f"'{DECISION_FORM}' AND d.status = 'issued' AND {(documents_within or within)(DOCUMENT_DECIDED)}")
    return fine, confiscated, documents


def _penalties(db: Database, key: str, agency_id: str | None, date_from: str | None, date_to: str | None,
               own: bool = False) -> dict:
    """{``key`` (one of ``PENALTY_KEYS``): (fines, confiscation)} decided in the period: of the filed cases
    (``FILED_CASE``) of the agency, whatever their filing date, each 行政处罚决定书 in force by its own date, an amount a
    case records by the case's decision date (``penalty_terms.decided_sql``'s ``within``).
    The cases read are those decided in the period (one aggregate query; the decisions through their documents). By
    each of ``PENALTY_KEYS``, which the figures, the report and the export ask of the same filter in turn, the amounts
    are read once for them all (``_penalties_memo``: the page's figures and its evaluation table, asking of an agency's
    and of every agency's, each once) and added up here."""
    # what the connection holds now: another connection's commit changes data_version, one of this connection's
    # changes total_changes, and its rollback (a transaction's or a savepoint's) ``Database._discarded``
    state = (db.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes, db._discarded)
    asked = (agency_id, date_from, date_to, own)
    kept = _penalties_memo.get(db)
    if kept is None or kept[0] != state or (asked not in kept[1] and len(kept[1]) >= PENALTY_FILTERS):
        kept = _penalties_memo[db] = (state, {})
    if (rows := kept[1].get(asked)) is None:
        rows = kept[1][asked] = _penalty_rows(db, *asked)
    position = PENALTY_KEYS.index(key) - 1
    out: dict = {}
    for row in rows:
        found = row[position] if position >= 0 else ""
        fines, confiscation = out.get(found, (0, 0))
        out[found] = (fines + row[-2], confiscation + row[-1])
    return dict(sorted(out.items()))


#: the keys ``_penalties`` is asked by (campaign_stats, the evaluation table, the figures by district and by sector)
PENALTY_KEYS = ("''", "district", "sector", "agency_id")
#: the filters whose amounts ``_penalties`` keeps for one state of a connection: a page's (its agency's), its
#: evaluation table's (every agency's) and a few more; one more asked starts afresh
PENALTY_FILTERS = 4
#: {database: ((data_version, total_changes, rolled back), {(agency, first day, last day, own): rows of
#: ``_penalty_rows``})}
_penalties_memo: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _penalty_rows(db: Database, agency_id: str | None, date_from: str | None, date_to: str | None,
                  own: bool) -> list[tuple]:
    """The rows (district, sector, agency, fines, confiscation: ``PENALTY_KEYS``) of ``_penalties``' one aggregate
    query."""
    within = _within(date_from, date_to)
    fine, confiscated, documents = _decided_parts(within)
    clause, params = _where(None, agency_id, None, None, own=own)
    return db.execute(
        f"SELECT {', '.join(PENALTY_KEYS[1:])}, COALESCE(SUM({fine}), 0), COALESCE(SUM({confiscated}), 0) "
        f"FROM cases{clause} AND {FILED_CASE} AND ({within(RECORDED_DECIDED)} OR id IN ({documents})) GROUP BY 1, 2, 3", params).fetchall()


def _penalties_by_month(db: Database, agency_id: str | None, date_from: str | None, date_to: str | None,
                        own: bool = False) -> dict[str, tuple[int, int]]:
    """{month ("2026-04"): (fines, confiscation)} decided in the period, as ``_penalties`` counts them, each amount in
    the month it was decided on: a 行政处罚决定书 in force in that of its own date (``DOCUMENT_DECIDED``: a company's
    decision of 10 March and its employee's of 1 April in March and April), an amount a case records without one in
    that of the case's decision (``RECORDED_DECIDED``) — so that the months add up to the period's total. Each case
    is read once for each month in which it had something decided; the many without a 行政处罚决定书 issued here
    (``DECIDED_CASES``), whose one month is that of ``RECORDED_DECIDED``, in one pass grouped by it (read as pairs of
    case and month joined, 100,000 cases took a second)."""
    period = _within(date_from, date_to)

    def within(day: str) -> str:  # in the period, and in the month the case is read for
        return f"({period(day)} AND substr({day}, 1, 7) = decided.month)"

    clause, params = _where(None, agency_id, None, None, own=own)
    found: dict[str, tuple[int, int]] = {}
    recorded_fine, recorded_confiscated, _documents = _decided_parts(period)
    fine, confiscated, documents = _decided_parts(
        within, period, f"d.case_id AS case_id, substr({DOCUMENT_DECIDED}, 1, 7) AS month")
    months = (f"{documents} UNION SELECT id, substr({RECORDED_DECIDED}, 1, 7) FROM cases WHERE "
              f"{period(RECORDED_DECIDED)} AND cases.id IN {DECIDED_CASES}")
    for sql in (f"SELECT substr({RECORDED_DECIDED}, 1, 7), COALESCE(SUM({recorded_fine}), 0), "
                f"COALESCE(SUM({recorded_confiscated}), 0) FROM cases{clause} AND {FILED_CASE} AND "
                f"{period(RECORDED_DECIDED)} AND cases.id NOT IN {DECIDED_CASES} GROUP BY 1",
                f"SELECT decided.month, COALESCE(SUM({fine}), 0), COALESCE(SUM({confiscated}), 0) FROM cases "
                f"JOIN ({months}) AS decided ON decided.case_id = cases.id{clause} AND {FILED_CASE} "
                "GROUP BY decided.month"):
        for month, fines, confiscation in db.execute(sql, params):
            before = found.get(month, (0, 0))
            found[month] = (before[0] + fines, before[1] + confiscation)
    return dict(sorted(found.items()))


def _transferred(db: Database, agency_id: str | None, date_from: str | None, date_to: str | None,
                 own: bool = False) -> int:
    """The filed cases of the agency transferred to the police in the period, whatever their filing
    date: by the date of a transfer that stands (``TRANSFER_STANDS``); a case recorded 移送公安 without any
    transfer step (a register's row) by the day it counts on (``CASE_DAY``)."""
    within = _within(date_from, date_to)
    day = "COALESCE(case_events.on_date, substr(case_events.at, 1, 10))"
    clause, params = _where(None, agency_id, None, None, own=own)
    return db.execute(
        f"SELECT COUNT(*) FROM cases{clause} AND {FILED_CASE} AND (id IN (SELECT case_id FROM case_events WHERE "
        f"to_status = 'transferred_police' AND {within(day)} AND {TRANSFER_STANDS}) OR (status = 'transferred_police' "
        "AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = cases.id AND e.to_status = 'transferred_police') "
        f"AND {within(CASE_DAY)}))", params).fetchone()[0]


#: the synced tables whose records name their agency themselves (``agency_id``)
OWN_AGENCY_TABLES = ("cases", "leads", "interviews", "publicity", "officers", "doc_numbers", "number_blocks")
#: the synced tables whose records are a case's (by ``case_id``)
CASE_TABLES = ("case_events", "clock_events", "evidence")


def open_conflicts(db: Database, agency_id: str | None = None, own: bool = False) -> int:
    """How many conflicts between a station's data and those held here are still open (``bundle conflicts``): until
    they are settled the figures count whichever copy came first, and may change. Of an agency's figures (``own`` as
    for ``campaign_stats``), those on its records: its cases, leads, interviews, publicity, officers and 文号 with
    theirs (a case's events, clocks and evidence, a lead's history, their documents and publication reviews, the
    parties they name), the complaints its figures count (``complaint_scope``), and a record a station gave to it (a
    conflict on the agency whose incoming value is the agency's); every one for the whole city (no agency, or the city
    bureau with its offices) — 高明区局's report does not warn of a conflict on a 南海区 case."""
    if complaint_scope(db, agency_id, own) == "city":
        return db.execute("SELECT COUNT(*) FROM conflicts WHERE status = 'open'").fetchone()[0]
    condition, params = agency_condition(agency_id, own)
    complaints, complaint_params = _complaint_where(db, agency_id, None, None, own)
    owners = " OR ".join([f"(tbl = '{table}' AND record_id IN (SELECT id FROM {table} WHERE agency_id IN scope))"
                          for table in OWN_AGENCY_TABLES] +
                         [f"(tbl = '{table}' AND record_id IN (SELECT id FROM {table} WHERE case_id IN in_cases))"
                          for table in CASE_TABLES])
    return db.execute(
        f"WITH scope AS (SELECT agency_id FROM (SELECT id AS agency_id FROM agencies) WHERE {condition}), "
        "in_cases AS (SELECT id FROM cases WHERE agency_id IN scope), "
        "in_leads AS (SELECT id FROM leads WHERE agency_id IN scope), "
        "in_interviews AS (SELECT id FROM interviews WHERE agency_id IN scope), "
        "in_documents AS (SELECT id FROM documents WHERE case_id IN in_cases OR interview_id IN in_interviews "
        "OR lead_id IN in_leads) "
        f"SELECT COUNT(*) FROM conflicts WHERE status = 'open' AND ({owners} "
        "OR (tbl = 'lead_history' AND record_id IN (SELECT id FROM lead_history WHERE lead_id IN in_leads)) "
        "OR (tbl = 'documents' AND record_id IN in_documents) "
        "OR (tbl = 'publication_reviews' AND record_id IN in_documents) "
        "OR (tbl = 'parties' AND record_id IN (SELECT party_id FROM case_parties WHERE case_id IN in_cases "
        "UNION SELECT party_id FROM interview_parties WHERE interview_id IN in_interviews "
        "UNION SELECT target_party_id FROM leads WHERE id IN in_leads)) "
        f"OR (tbl = 'complaints' AND record_id IN (SELECT id FROM complaints{complaints})) "
        "OR (field = 'agency_id' AND json_valid(incoming_value) AND json_type(incoming_value) = 'text' "
        "AND json_extract(incoming_value, '$') IN scope))", params + complaint_params).fetchone()[0]


def open_conflicts_text(count: int, *, window: bool = False) -> str:
    """The warning `stats`, `report campaign` and the 统计 page (``window``: naming the 交换 page, where the window
    settles them, rather than the command) give while station data conflicts are open; '' for none."""
    from workstation.i18n import ngettext

    if not count:
        return ""
    if window:
        return ngettext("{count} station data conflict is still open (settled on the Exchange page): the figures "
                        "count the copy that arrived first and may change once it is settled.",
                        "{count} station data conflicts are still open (settled on the Exchange page): the figures "
                        "count the copy that arrived first and may change once they are settled.", count).format(
            count=count)
    return ngettext("{count} station data conflict is still open (bundle conflicts): the figures count the copy "
                    "that arrived first and may change once it is settled.",
                    "{count} station data conflicts are still open (bundle conflicts): the figures count the copy "
                    "that arrived first and may change once they are settled.", count).format(count=count)


def unconfirmed_verdicts_text(leads: dict) -> str:
    """What `stats` says after the leads (and the 统计 page under those decided in time) when some of the decided
    were judged in time or late on a T1 counted through a year without holiday data (leads.calendar_unconfirmed,
    日历待核实); '' for none, and for figures counted before it was."""
    from workstation.i18n import ngettext
    from workstation.store.interviews import years_text

    found = leads.get("calendar_unconfirmed") or {}
    if not found.get("decided"):
        return ""
    return ngettext("{n} lead decided was judged in time or late on a verification period (T1) counted through "
                    "{years}, whose holidays are not known yet (calendar unconfirmed): the leads decided in time may "
                    "change once the holidays of {years} are added.",
                    "{n} leads decided were judged in time or late on a verification period (T1) counted through "
                    "{years}, whose holidays are not known yet (calendar unconfirmed): the leads decided in time may "
                    "change once the holidays of {years} are added.", found["decided"]).format(
        n=f"{found['decided']:,}", years=years_text(found["years"]))


def _grouped(db: Database, table: str, column: str, clause: str, params: list) -> dict[str, int]:
    return dict(db.execute(f"SELECT {column}, COUNT(*) FROM {table}{clause} GROUP BY {column} ORDER BY 2 DESC, 1",
                           params).fetchall())


def t1_verdict(db: Database, engine=None):
    """A function (start date, decision date, extension, case events) -> (whether a lead was decided within T1, the
    years without holiday data that verdict rests on), T1 counted as the clocks count it (``clocks._Engine.compute``,
    clocks.toml's T1, the holiday calendar of the database's data dir): its working days after the lead's assignment
    (or receipt), plus an approved extension — the lead's own (``extension_days``) or, for a lead whose case was
    opened, the T1 extensions and the time T1 excludes (testing, identification) recorded on that case (``events``:
    its ``clocks.EventFacts``), where the lead's own extension was carried when the case was opened
    (``leads_workflow.file_case_from_lead``); a case holding no T1 extension (opened otherwise, or before it was
    carried) takes the lead's own. The years: those T1 was counted through Monday to Friday (日历待核实,
    ``clocks.unconfirmed_years``); [] when it was counted on known holidays, met on a day they reach
    (``clocks._Engine._finish``), or decided so long after its end as counted that no holiday could move that end
    past the decision (``clocks.UNCONFIRMED_MARGIN_DAYS``)."""
    from workstation.clocks import (
        EXTENSION,
        UNCONFIRMED_MARGIN_DAYS,
        engine_for,
        lead_extension,
        rule,
        unconfirmed_years,
    )

    clock, engine = rule("T1"), engine or engine_for(db)

    def verdict(start: str, decided: str, extension_days: int = 0, events: list | None = None
                ) -> tuple[bool, list[int]]:
        extended = any(e.kind == EXTENSION and e.clock == clock.id for e in events or ())
        if extension_days and not extended:
            events = [*(events or ()), lead_extension(engine, "", extension_days, None, "")]
        done = engine.ordinal(decided[:10])
        deadline = engine.compute(clock, "", "", "", engine.ordinal(start[:10]), done, events or [])
        if deadline.due_ord is None:  # stopped by an interval T1 excludes: in time when days were left
            return (deadline.days_left or 0) >= 0, []
        certain = done > deadline.due_ord + UNCONFIRMED_MARGIN_DAYS
        return done <= deadline.due_ord, [] if certain else unconfirmed_years([deadline], engine.cal)

    return verdict


def _case_t1_events(db: Database, engine, case_ids: list[str]) -> dict[str, list]:
    """{case id: the events of the case that move its T1 (its extensions and the intervals T1 excludes), as the
    clocks read them (``clocks.EventFacts``, in the order they were recorded)} for each of ``case_ids`` stored."""
    from workstation.clocks import EVENT_COLUMNS, EVENT_ORDER, EXTENSION, event_facts, rule

    clock = rule("T1")
    stored = [r[0] for r in db.execute("SELECT id FROM cases WHERE id IN (SELECT value FROM json_each(?))",
                                       [json.dumps(case_ids)])]
    kinds = list(clock.excluded)
    rows = db.execute(f"SELECT {EVENT_COLUMNS} FROM clock_events WHERE case_id IN (SELECT value FROM json_each(?)) "
                      f"AND ((kind = ? AND clock = ?) OR kind IN ({', '.join('?' * len(kinds)) or 'NULL'})) "
                      f"ORDER BY case_id, {EVENT_ORDER}", [json.dumps(stored), EXTENSION, clock.id, *kinds]).fetchall()
    return {case_id: [] for case_id in stored} | event_facts(engine, rows)


def _decided_leads(db: Database, clause: str, params: list) -> list[tuple[str | None, bool, bool, list[int]]]:
    """(agency id, decided in time, never assigned, the years without holiday data that verdict rests on:
    ``t1_verdict``) of every decided lead selected by ``clause``. Never assigned: not handed to anyone (交办,
    ``ASSIGNED_LEAD``) but registered and checked by a bureau or office itself — counted among those decided but not
    among those assigned, so that more may be decided than assigned (the report's text, the statistics export and
    the 统计 page say how many: ``leads.decided_unassigned``, a bureau's ``leads_decided_unassigned``). In time:
    within T1 with the extension recorded on the lead or, once its case was opened, on the case (``t1_verdict``)."""
    from workstation.clocks import engine_for

    engine = engine_for(db)
    verdict = t1_verdict(db, engine)
    rows = db.execute(f"SELECT agency_id, COALESCE(assigned_on, substr(received_at, 1, 10)), decided_on, "
                      f"extension_days, {ASSIGNED_LEAD}, case_id FROM leads{clause} AND {DECIDED_LEAD}",
                      params).fetchall()
    events = _case_t1_events(db, engine, sorted({row[5] for row in rows if row[5]}))
    found = []
    for agency, start, decided, extension, assigned, case_id in rows:
        ok, unknown = verdict(start, decided, extension, events.get(case_id) if case_id else None)
        found.append((agency, ok, not assigned, unknown))
    return found


def overdue_undecided(db: Database, clause: str, params: list, engine=None) -> dict:
    """{"overdue_undecided": how many of the leads ``clause`` selects are past their verification period (T1) without
    a decision} — ``stats`` leads.overdue_undecided, the 通报's 逾期未办结 —, each T1 as the deadline board counts it
    (``clocks.lead_deadlines``: from the assignment, else the receipt, with the approved extension; a lead whose case
    was opened and awaits filing by the case's T1), with, when some of them have a T1 counted through a year without
    holiday data (日历待核实) that ended so shortly before today that its holidays may move it past today
    (``clocks.UNCONFIRMED_MARGIN_DAYS``, as ``overdue_unconfirmed`` judges an interview's), "overdue_unconfirmed":
    {"overdue": how many, "years": those years in order}."""
    from workstation.clocks import UNCONFIRMED_MARGIN_DAYS, engine_for, lead_deadlines, unconfirmed_years

    undecided = {row[0] for row in db.execute(f"SELECT id FROM leads{clause} AND NOT ({DECIDED_LEAD})", params)}
    if not undecided:
        return {"overdue_undecided": 0}
    engine = engine or engine_for(db)
    overdue = [d for d in lead_deadlines(db, engine, with_filing=True, labelled=False)
               if d.clock == "T1" and d.lead_id in undecided and d.state == "overdue"]
    unconfirmed = [d for d in overdue if not d.confirmed and (d.due_ord or 0) >= engine.today - UNCONFIRMED_MARGIN_DAYS]
    found = {"overdue_undecided": len(overdue)}
    if unconfirmed:
        found["overdue_unconfirmed"] = {"overdue": len(unconfirmed),
                                        "years": unconfirmed_years(unconfirmed, engine.cal)}
    return found


def overdue_undecided_text(leads: dict) -> str:
    """What `stats` may say after the leads, and the 统计 page's tip, of those past their verification period without
    a decision (leads.overdue_undecided), with those whose T1 is counted on a calendar to be verified
    (leads.overdue_unconfirmed); '' for none, and for figures counted before it was."""
    from workstation.errors import join_sentences
    from workstation.i18n import ngettext
    from workstation.store.interviews import years_text

    count = leads.get("overdue_undecided") or 0
    if not count:
        return ""
    text = ngettext("{n} lead is past its verification period (T1) without a decision, as the deadline board counts "
                    "it.", "{n} leads are past their verification period (T1) without a decision, as the deadline "
                    "board counts them.", count).format(n=f"{count:,}")
    unconfirmed = leads.get("overdue_unconfirmed") or {}
    if unconfirmed.get("overdue"):
        text = join_sentences([text, ngettext("Of them, {n} has a verification period counted through {years}, whose holidays are "
                               "not known yet (calendar unconfirmed): it may not be overdue once they are added.",
                               "Of them, {n} have a verification period counted through {years}, whose holidays are "
                               "not known yet (calendar unconfirmed): they may not be overdue once they are added.",
                               unconfirmed["overdue"]).format(n=f"{unconfirmed['overdue']:,}",
                                                              years=years_text(unconfirmed["years"]))])
    return text


def calendar_unconfirmed(decided: list[tuple]) -> dict:
    """{"calendar_unconfirmed": {"decided": how many of the ``decided`` leads (``_decided_leads``) were judged in time
    or late on a T1 counted through a year without holiday data, "years": those years in order}} — ``stats``
    leads.calendar_unconfirmed —, {} when there is none (the figures keep the keys they had)."""
    count = sum(bool(unknown) for *_rest, unknown in decided)
    years = sorted({year for *_rest, unknown in decided for year in unknown})
    return {"calendar_unconfirmed": {"decided": count, "years": years}} if count else {}


def complaint_scope(db: Database, agency_id: str | None, own: bool = False) -> str:
    """Which complaints an agency's figures count (complaints carry no agency of their own): "city", all of them
    (no agency, or the city bureau with its offices); "district", for a district bureau with its offices, those
    in leads assigned to it or its offices and, of those in no assigned lead, the ones screening placed in its
    district; "assigned", for a town office or an agency's own records, those in leads assigned to it (with its
    offices unless ``own``). A complaint in an assigned lead counts where the lead is handled, as the lead does,
    so no complaint counts for two districts; the work orders of a linked pair of leads (two stations' leads of
    the same work orders) count with the lead the pair counts as (``tables.NOT_LINKED_LEAD``)."""
    if not agency_id:
        return "city"
    level, district = db.execute("SELECT level, district FROM agencies WHERE id = ?", [agency_id]).fetchone() or (
        "", "")
    if level == "city" and not own:
        return "city"
    return "district" if level == "district" and district and not own else "assigned"


def _complaint_where(db: Database, agency_id: str | None, date_from: str | None, date_to: str | None,
                     own: bool) -> tuple[str, list]:
    """The WHERE clause selecting the complaints of the period within ``complaint_scope``: a copy brought by another
    channel (``ONE_COMPLAINT``) only when the complaint it repeats came in within the period too
    (``FIRST_RECEIPT``), so that a complaint counts once, in the period of its first receipt."""
    clause, params = _where("received_at", None, date_from, date_to, timestamp=True)
    if date_from or date_to:
        # the copy's own receipt selects it through the index; the first receipt then keeps it or not
        first, first_params = _range(FIRST_RECEIPT, date_from, date_to, True)
        clause += f" AND (same_as IS NULL OR {first})"
        params += first_params
    scope = complaint_scope(db, agency_id, own)
    if scope == "city":
        return clause, params
    # the work orders of a linked pair of leads count where the pair's lead counts (complaint_leads)
    condition, agency_params = agency_condition(agency_id, own)
    assigned = f"lead_id IN {complaint_leads(condition)}"
    if scope == "assigned":
        return f"{clause} AND {assigned}", params + agency_params * 2
    district = db.execute("SELECT district FROM agencies WHERE id = ?", [agency_id]).fetchone()[0]
    unassigned = f"(lead_id IS NULL OR lead_id NOT IN {complaint_leads('agency_id IS NOT NULL')})"
    return (f"{clause} AND ({assigned} OR (district = ? AND {unassigned}))",
            params + agency_params * 2 + [district])


#: one complaint however many channels brought it: its copies are linked to the first by ``same_as``
ONE_COMPLAINT = "COALESCE(same_as, id)"
#: when a complaint first came in, whichever channel brought it: the receipt of the complaint a copy repeats (the
#: importer links each copy to the copy received first, ``importing.complaints``), else its own
FIRST_RECEIPT = ("COALESCE((SELECT r.received_at FROM complaints AS r WHERE r.id = complaints.same_as), "
                 "received_at)")
#: a transfer to the police (the case_events row read) that stands (``_stands``): one after the decision (the case
#: keeps its status, ``decided_transfer``), or one of a case that is 已移送公安 or left that state since
TRANSFER_STANDS = _stands("transferred_police", DECIDED_ON)
#: a case transferred to the police (移送公安), now or at some time
TRANSFERRED_CASE = _reached("transferred_police", TRANSFER_STANDS)


def overruled_steps(db: Database, case_id: str) -> set[str]:
    """The ids of the case's transfers to the police and declines of its filing that do not stand
    (``TRANSFER_STANDS``, ``DECLINE_STANDS``): the timeline shows them as overruled, no figure counts them and the
    procedure takes them as never made."""
    return {row[0] for row in db.execute(
        "SELECT id FROM case_events WHERE case_id = ? AND ((to_status = 'transferred_police' AND NOT "
        f"{TRANSFER_STANDS}) OR (to_status = 'not_filed' AND NOT {DECLINE_STANDS}))", [case_id])}


def threshold_not_transferred(db: Database, clause: str, params: list, cancel: CancelToken | None = None) -> list[str]:
    """The case numbers of the cases selected by ``clause`` that reach the criminal threshold as
    ``law.criminal.assess`` judges their records, illegal gains (or the larger confiscated gains: those its decisions
    in force confiscate, ``GAINS_CONFISCATED_SQL``), duty and prior punishment (情节严重), but were never transferred
    to the police — among those whose violations the offence covers (``law.criminal.offence_covers``: a case of
    unsolicited messages alone is never serious, ``law.criminal.assess_case`` only warns of it). ``clause`` selects every case of the period, filed or not
    (``campaign_stats``): a case awaiting its filing decision, or whose filing was declined, that reaches the
    threshold is named too.
    In the order the report (通报) names the first of them (``reports.text.named_cases``): each district's first case
    in the case list's natural number order (``store.cases.NUMBER_ORDER``: 〔2026〕9号 before 〔2026〕10号), the
    districts in the case list's order (``district_order``: 禅城, 高明, 南海, 三水, 顺德, then the city bureau's own),
    then each one's second, and so on — five cases named are of five districts, not five of the district whose
    prefix sorts first; the cases not filed (named by their party and cause, ``case_reference.case_named``) after
    the numbered ones, in the same turns. ``criminal.toml`` is read once (``law.criminal.reachable_sql`` leaves out in
    SQL the cases below every threshold); ``cancel`` is heard between the cases weighed."""
    from workstation.law.criminal import (
        LAWFUL_BUSINESS,
        case_gains_sql,
        reachable_sql,
        threshold_reached,
    )
    from workstation.law.data import load
    from workstation.store.cases import NUMBER_ORDER, district_order

    data = load("criminal")  # once: each load looks for the bureau's copy on disk
    gains = case_gains_sql(GAINS_CONFISCATED_SQL)
    rows = db.execute("SELECT case_number, party_names, cause, records_trace, records_sensitive, records_other, "
                      f"{gains}, duty_related, prior_punished, law_conditions LIKE '%\"{LAWFUL_BUSINESS}\"%', "
                      f"violations, district FROM cases{clause} AND NOT {TRANSFERRED_CASE} "
                      f"AND {reachable_sql(data, gains)} ORDER BY {FILED_NUMBER_SQL} = '', {district_order()}, "
                      f"district, {', '.join(NUMBER_ORDER)}", params).fetchall()
    # each district's cases in turn: [(not filed, district) → its case numbers], in the query's order
    turns: dict[tuple[bool, str], list[str]] = {}
    read: dict[str, list] = {}  # the few lists of violations, each read once (not once for each of 10,000 cases)
    for number, party, cause, trace, sensitive, other, gains, duty, prior, lawful, violations, district in rows:
        check_cancel(cancel)
        if (kinds := read.get(violations or "[]")) is None:
            kinds = read[violations or "[]"] = json.loads(violations or "[]")
        # weigh the duty flag and art. 6 as the case's assessment does
        if threshold_reached(trace, sensitive, other, gains, bool(duty), bool(prior), lawful_business=bool(lawful),
                             violations=kinds, data=data):  # only covered cases left (``reachable_sql``)
            turns.setdefault((not filed_number(number), district), []).append(case_named(number, party, cause))
    named = []
    for unfiled in (False, True):
        lists = [found for (not_filed, _district), found in turns.items() if not_filed == unfiled]
        for turn in range(max(map(len, lists), default=0)):
            named += [found[turn] for found in lists if turn < len(found)]
    return named


#: how recent the station's data here are after the import ``i`` of its bundle (station ``s``): a bundle of the whole
#: station ('all', 'changed'; '' of a manifest naming none, as the merge takes it) as of the time it was made; one of
#: chosen cases (``bundle export --case``) as of nothing (NULL): it carries the rest of nothing the station did. An
#: import made before m067 recorded the scope (NULL) may have been of chosen cases: as of the time its bundle was
#: made or of the station's last audit entry received here, whichever is earlier. Since 739e12c6 (2026-12-03) only
#: whole bundles store the log they carry, so for imports merged since, that is never later than the data are;
#: a bundle of chosen cases merged before that date stored its log too (the log up to when it was made), so a data
#: folder that merged one then may still show a date later than its data, up to that bundle's last entry. No log
#: entry of the station received here gives NULL (MIN with NULL): such a station counts as not reported yet.
IMPORT_AS_OF = ("(CASE WHEN i.scope IS NULL THEN MIN(i.created_at, (SELECT l.at FROM station_audit l WHERE "
                "l.station_id = s.id AND l.seq = s.audit_seq)) WHEN i.scope = 'cases' THEN NULL ELSE i.created_at END)")


#: the import ``i`` may be of chosen cases (``bundle export --case``), as asked of a station none of whose imports
#: dates it (``stations_as_of``): its scope says so ('cases'), or it was merged before m067 recorded the scope (NULL)
#: from a manifest giving when the bundle was made — every version's writer wrote that, so a manifest without it is
#: no `--case` bundle. Such a NULL import that dates nothing is of chosen cases: a whole bundle stores the log it
#: carries, which a station's `init` already begins, so ``IMPORT_AS_OF`` dates it; chosen cases merged since 739e12c6
#: store none. A whole bundle without a date (no ``created_at``, '' here) is not one: its station has not reported
#: yet, as m067 says.
CHOSEN_CASES = "(i.scope = 'cases' OR (i.scope IS NULL AND i.created_at != ''))"


#: the tables of a station's bundle whose records count for an agency (their ``agency_id``): a station that sent any
#: of an agency's is named with the stations of that agency (``stations_as_of``)
SENT_RECORDS = ("cases", "leads", "interviews", "publicity")


def stations_as_of(db: Database, agency_id: str | None = None, own: bool = False, unreported: bool = False
                   ) -> list[dict]:
    """The stations whose bundles were merged here, each with the time its newest bundle of the whole station merged
    here was written (``IMPORT_AS_OF``: a bundle of chosen cases moves nothing): [{station, agency_code, as_of}], the
    oldest first (then by name). A station's records here are as of that time
    — what it did after is not counted until its next bundle —, so figures merged from a bundle sent in November
    and one sent in December are said to be so, not silently mixed. With ``unreported``, after them (by agency
    code, then name) the stations trusted here none of whose whole bundles was merged yet, ``as_of`` None: the
    figures hold nothing of them (a key withdrawn, left out), or — ``partial`` True, a key only such a station's row
    has, its key withdrawn since or not — the chosen cases it sent (``bundle export --case``) and none of the rest, which is said rather than their district
    shown as complete (``reports.text.stations_note``: "南海区局仅报送了部分案件，其余数据尚未报送", never that the
    figures hold none of its data while they count its cases).
    With an agency, the
    stations of that agency and its offices (with ``own``, of that agency alone) and those whose bundles brought
    records of them (the station each was last received from: ``sync_base``). Headquarters' hand-outs merged at
    a station are not a station's data (only trusted stations count); ``station`` is the name the station gave
    itself, else its agency's short name, else ''."""
    from workstation.station import unnamed, withdrawn_ids

    clause, params = "", []
    if agency_id:
        condition, agency_params = agency_condition(agency_id, own)
        # the agency's own stations, and any other whose bundle brought records of it (``SENT_RECORDS``: 南海站's
        # bundle holding cases of 顺德区局), whose date the figures depend on as much
        sent = " UNION ".join(f"SELECT b.station_id FROM sync_base b JOIN {table} r ON r.id = b.record_id "
                              f"WHERE b.tbl = '{table}' AND r.{condition}" for table in SENT_RECORDS)
        clause = f" AND (s.{condition} OR s.id IN ({sent}))"
        params = agency_params * (1 + len(SENT_RECORDS))
    rows = db.execute(
        f"SELECT s.name, COALESCE(a.short_name, ''), COALESCE(a.code, ''), MAX({IMPORT_AS_OF}) AS as_of "
        "FROM bundle_imports i JOIN stations s ON s.id = i.station_id LEFT JOIN agencies a ON a.id = s.agency_id "
        f"WHERE s.role = 'trusted' AND i.created_at != ''{clause} GROUP BY s.id HAVING as_of IS NOT NULL",
        params).fetchall()
    found = sorted(({"station": short if unnamed(name) else name, "agency_code": code, "as_of": as_of}
                    for name, short, code, as_of in rows), key=lambda row: (row["as_of"], row["station"]))
    if not unreported:
        return found
    withdrawn = withdrawn_ids(db)
    silent = db.execute(
        "SELECT s.id, s.name, COALESCE(a.short_name, ''), COALESCE(a.code, ''), EXISTS (SELECT 1 FROM bundle_imports "
        f"i WHERE i.station_id = s.id AND {CHOSEN_CASES}) FROM stations s LEFT JOIN agencies a "
        "ON a.id = s.agency_id WHERE s.role = 'trusted' AND NOT EXISTS (SELECT 1 FROM bundle_imports i WHERE "
        f"i.station_id = s.id AND i.created_at != '' AND {IMPORT_AS_OF} IS NOT NULL){clause}", params).fetchall()
    # a station whose chosen cases were merged here is told apart from one that sent nothing (or a whole bundle
    # dating nothing, ``CHOSEN_CASES``); a withdrawn key (a replaced laptop's) is left out only when it sent nothing:
    # its records merged are kept (``untrust_station``) and counted
    waiting = [{"station": short if unnamed(name) else name, "agency_code": code, "as_of": None} |
               ({"partial": True} if merged else {})
               for station_id, name, short, code, merged in silent if station_id not in withdrawn or merged]
    return found + sorted(waiting, key=lambda row: (row["agency_code"], row["station"]))


def stations_by_day(stations: list[dict], unnamed: str) -> tuple[dict[str, list[str]], list[str]]:
    """The stations of ``stations_as_of`` as the lines under the figures, the report's note and the exports' header
    say them: ({day: the names of the stations whose data are as of that day}, the names of those not reported yet),
    a station without a name called ``unnamed``. A name both dated and not reported (a replaced laptop's new key,
    trusted and silent, beside the old one that reported) is listed once, with its date."""
    days: dict[str, list[str]] = {}
    waiting: list[str] = []
    for station in stations:
        name = station["station"] or unnamed
        if station["as_of"]:
            days.setdefault(station["as_of"][:10], []).append(name)
        elif name not in waiting:
            waiting.append(name)
    dated = {name for names in days.values() for name in names}
    return days, [name for name in waiting if name not in dated]


#: the clause of the report's note (``reports.text.stations_note``) and the statistics export's header
#: (``stats_export.filter_header``), Chinese as they are, on the stations that sent chosen cases only; the 统计 page and
#: `stats` say it through gettext (``stations_as_of_text``)
PARTLY_SENT = "{names}仅报送了部分案件，其余数据尚未报送"


def stations_in_three(stations: list[dict], unnamed: str) -> tuple[dict[str, list[str]], list[str], list[str]]:
    """The stations of ``stations_as_of`` as the line under the figures, the report's note and the statistics
    export's header tell them apart: ({day: the names of the stations whose data are as of that day}, the names of
    those that sent chosen cases only (``partial``: the figures count those cases, not the rest), the names of those
    that sent nothing yet), each list in ``stations_by_day``'s order; a station without a name called ``unnamed``.
    A name also sent by a silent station (a replaced laptop's new key) is partial; a name also dated is dated
    (``stations_by_day`` lists it with its date)."""
    days, waiting = stations_by_day(stations, unnamed)
    chosen = {station["station"] or unnamed for station in stations if station.get("partial")}
    return (days, [name for name in waiting if name in chosen], [name for name in waiting if name not in chosen])


def stations_as_of_text(stations: list[dict]) -> str:
    """The line saying how recent the stations' data are (``stations_as_of``), as the 统计 page and `stats` say it
    under the figures: "站点数据截至：大良所 2026-11-20；南海区局、桂城所 2026-12-02" (stations of one day together,
    the oldest day first), then the stations trusted that have not reported yet ("；尚未报送：高明区局"); '' for
    none. A station that sent chosen cases only (``stations_in_three``), which the figures count, is said so, before
    those that sent nothing, as the report's note says it (``reports.text.stations_note``):
    "站点数据截至：大良所 2026-11-20；南海区局仅报送了部分案件，其余数据尚未报送；尚未报送：高明区局"."""
    from workstation.i18n import _, join_names

    days, partial, silent = stations_in_three(stations, _("unnamed"))
    dates = _("; ").join(f"{join_names(names)} {day}" for day, names in sorted(days.items()))
    if partial:
        return _("; ").join(
            ([_("Stations' data as of: {dates}").format(dates=dates)] if days else [])
            + [_("{names} sent only some cases; the rest of their data is not sent yet").format(names=join_names(partial))]
            + ([_("not reported yet: {names}").format(names=join_names(silent))] if silent else []))
    if days and silent:
        return _("Stations' data as of: {dates}; not reported yet: {names}").format(dates=dates,
                                                                                   names=join_names(silent))
    if silent:
        return _("Stations not reported yet: {names}").format(names=join_names(silent))
    if not days:
        return ""
    return _("Stations' data as of: {dates}").format(dates=dates)


def untransferred_text(cases: dict) -> str:
    """The line naming the cases that reach the criminal threshold but were not transferred to the police
    (``cases.threshold_not_transferred``), as the 统计 page and `stats` say it under the figures: how many, and the
    first of them (a case of each district in turn, ``threshold_not_transferred``) as the report (通报) names them
    (``reports.text.named_cases``); '' for none."""
    from workstation.i18n import _, join_names, ngettext
    from workstation.reports.text import named_cases

    pending = cases.get("threshold_not_transferred") or []
    if not pending:
        return ""
    return ngettext("{n} case reaches the criminal threshold but was not transferred to the police: {cases}. Check "
                    "it, and transfer it to the police if it qualifies.",
                    "{n} cases reach the criminal threshold but were not transferred to the police: {cases}. Check "
                    "them, and transfer those that qualify to the police.", len(pending)).format(
        n=f"{len(pending):,}", cases=named_cases(pending, join_names, _("{names} and others")))


def period_counted_text() -> str:
    """How the figures of a period count (``campaign_stats`` with a first or last date), as `stats` and the 统计
    page say it under the figures: the cases by their filing date, those decided on the spot under the simple
    procedure (never filed) by the day of the decision (``CASE_DAY``), the fines and confiscation by the date they
    were decided (``_penalties``: an on-the-spot fine by that same day), the transfers by the transfer's date."""
    from workstation.i18n import _

    return _("In the period, cases count by their filing date (those decided on the spot, which are never filed, by "
             "the day of the decision), fines and confiscation by the date they were decided (those of cases without "
             "a recorded decision date by their filing date), transfers to the police by the transfer's date; cases "
             "by status as they stand now.")


def counted_period(date_from: str | None, date_to: str | None, on: str | None = None) -> dict | None:
    """The period figures of ``date_from`` to ``date_to`` were counted for on ``on`` (default: today), as the report
    states it (``evaluation.stated_bounds``): {"from", "to"} (ISO dates, None where open), an end still to come cut
    back to ``on``, a script's "no start" (0001-01-01) and "no end" (9999-12-31) none; None for no period at all
    (the whole campaign), as `stats --json` gives it under "period"."""
    from workstation.evaluation import stated_bounds

    first, last = stated_bounds(date_from, date_to, on or today())
    return {"from": first, "to": last} if first or last else None


def counted_period_text(date_from: str | None, date_to: str | None, on: str | None = None) -> str:
    """"Period counted: 2026年12月1日至2027年1月4日." — the period as the campaign report names it
    (``reports.text.period_text``: its end still to come cut back to ``on``, default today), for `stats` to say
    before ``period_counted_text``."""
    from workstation.i18n import _
    from workstation.reports.text import period_text

    return _("Period counted: {period}.").format(period=period_text(date_from, date_to, on or today()))


def campaign_counted_text() -> str:
    """How the figures without a period count (``campaign_stats`` given no first or last date), as `stats` says it
    under them where ``period_counted_text`` says a period's: every date of the campaign, the cases counted those
    filed (and those decided on the spot), the fines and confiscation decided, every transfer to the police; the
    cases by status as they stand now."""
    from workstation.i18n import _

    return _("The whole campaign, whatever the dates: the cases filed (and those decided on the spot), the fines and "
             "confiscation decided, every transfer to the police; cases by status as they stand now.")


def agency_scope_text(db: Database, agency_id: str | None, own: bool = False) -> str:
    """The records figures of ``agency_id`` count, in words for the officer: "all agencies (every record held
    here)", "佛山市南海区市场监督管理局 with the offices under it", "佛山市市场监督管理局, its own records only", a
    town office's name — what the statistics export's 办案机关 says in Chinese (``stats_export.agency_words``)."""
    from workstation.i18n import _

    found = db.execute("SELECT name, level FROM agencies WHERE id = ?", [agency_id]).fetchone() if agency_id else None
    if found is None:
        return _("all agencies (every record held here)")
    name, level = found
    if own:
        return _("{agency}, its own records only").format(agency=name)
    return _("{agency} with the offices under it").format(agency=name) if level in ("city", "district") else name


def period_not_begun(date_from: str | None) -> str | None:
    """Why a period of figures counted whose first date is ``date_from`` (ISO) cannot be counted: it begins after
    today (``records.today``), so has nothing to count yet — or None (begun, or no first date). Said alike by
    `stats`, `stats export` and `report campaign` (naming --from), the statistics export and the 统计 page."""
    from workstation.i18n import _

    day = today()
    if not date_from or date_from <= day:
        return None
    return _("{date} is after today ({today}): the period has not begun and has nothing to count yet; give a first "
             "date on or before today.").format(date=date_from, today=day)


def refuse_period_not_begun(date_from: str | None) -> None:
    """Refuse (``WorkstationError``) a period of figures counted that has not begun (``period_not_begun``)."""
    from workstation.errors import WorkstationError

    if refusal := period_not_begun(date_from):
        raise WorkstationError(refusal)


def campaign_stats(db: Database, agency_id: str | None = None, date_from: str | None = None,
                   date_to: str | None = None, *, own: bool = False, cancel: CancelToken | None = None) -> dict:
    """The figures of ``stats --json`` (CLI.md), with cases by violation, leads by status, decided and decided
    within T1, interviews by kind, the parties interviewed by their kind (``interview_parties``) and how the
    interviews were followed up (``interview_follow_up``), and the publicity's participants; with ``own``, of the agency's own records without its offices'. The case
    figures count filed cases (``FILED_CASE``), except ``by_status``, which shows every case under its status, and
    ``threshold_not_transferred``, which names the cases not filed too. Cases,
    leads, interviews and publicity count by their agency (the city bureau with its offices: every lead, those not
    assigned yet too); complaints as ``complaint_scope`` says. ``cancel`` is heard while the cases reaching the
    criminal threshold are weighed (``threshold_not_transferred``: seconds at 100,000 cases) and after them; a
    connection made interruptible (``reports.drift.interruptible``) hears it inside the queries too."""
    clause, params = _case_where(agency_id, date_from, date_to, own)
    # by status, every case of the period: those 待立案 and 不予立案 are shown under their status, not counted above
    all_clause, all_params = _where(CASE_DAY, agency_id, date_from, date_to, own=own)
    # in a period the amounts and the transfers are those made in it (``_penalties``, ``_transferred``, below): not
    # worked out here for every case only to be replaced (seconds at 100,000 cases)
    fine_sql, confiscated_sql, transferred_sql = (FINE_SQL, CONFISCATED_SQL, TRANSFERRED_CASE) \
        if not (date_from or date_to) else ("0", "0", "0")
    total, trace, sensitive, other, fines, confiscated, police, simple, simple_fines = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(records_trace), 0), COALESCE(SUM(records_sensitive), 0), "
        "COALESCE(SUM(records_other), 0), "
        f"COALESCE(SUM({fine_sql}), 0), COALESCE(SUM({confiscated_sql}), 0), "
        f"COALESCE(SUM({transferred_sql}), 0), "
        f"COALESCE(SUM({SIMPLE_CASE}), 0), COALESCE(SUM(CASE WHEN {SIMPLE_CASE} THEN {FINE_SQL} END), 0) "
        f"FROM cases{clause}", params).fetchone()
    # the cases reaching the criminal threshold (law.criminal) that were not transferred: named for follow-up, those
    # never filed too (待立案, or 不予立案 though they reach it: a case suspected of a crime goes to the police)
    untransferred = threshold_not_transferred(db, all_clause, all_params, cancel)
    check_cancel(cancel)
    # sent to another agency with a 案件移送函 (移送其他机关): counted apart, by the case's day as the cases are
    transferred_out = db.execute(f"SELECT COUNT(*) FROM cases{all_clause} AND {TRANSFERRED_OUT_CASE}",
                                 all_params).fetchone()[0]
    records = trace + sensitive + other
    if date_from or date_to:  # a period: the fines and confiscation decided in it, the transfers made in it
        fines, confiscated = _penalties(db, "''", agency_id, date_from, date_to, own).get("", (0, 0))
        police = _transferred(db, agency_id, date_from, date_to, own)
    by_violation = dict.fromkeys(labels("violations"), 0) | dict(db.execute(
        f"SELECT j.value, COUNT(*) FROM (SELECT violations FROM cases{clause}) c, json_each(c.violations) j "
        "GROUP BY j.value ORDER BY 2 DESC, 1", params).fetchall())
    # the city bureau with its offices is the whole city: the leads not assigned to any agency yet count too, as
    # they do without an agency and in the evaluation table's 全市合计 (and as its complaints do: complaint_scope)
    lead_agency = None if complaint_scope(db, agency_id, own) == "city" else agency_id
    lead_clause, lead_params = _where(LEAD_DAY, lead_agency, date_from, date_to, timestamp=True, own=own)
    # another station's copy counts once, an emptied one not at all, one handed over by referral as its copy
    lead_clause += f" AND {FIGURES_LEAD}"
    leads_total, leads_assigned = db.execute(
        f"SELECT COUNT(*), COALESCE(SUM({ASSIGNED_LEAD}), 0) FROM leads{lead_clause}", lead_params).fetchone()
    decided = _decided_leads(db, lead_clause, lead_params)
    # related: the complaints screening found to concern personal information (as `leads screen` counts them);
    # in_leads: those of them a lead groups (the others name nothing to group them by: screening.without_lead)
    complaint_clause, complaint_params = _complaint_where(db, agency_id, date_from, date_to, own)
    # a complaint received through two channels is stored once per channel, the copies linked by same_as to the
    # first: counted once, as its lead counts it (screening.screen)
    complaints, related, in_leads = db.execute(
        f"SELECT COUNT(DISTINCT {ONE_COMPLAINT}), COUNT(DISTINCT CASE WHEN category != '' THEN {ONE_COMPLAINT} END), "
        f"COUNT(DISTINCT CASE WHEN category != '' AND lead_id IS NOT NULL THEN {ONE_COMPLAINT} END) "
        "FROM complaints" + complaint_clause, complaint_params).fetchone()
    held_clause, held_params = _where("held_on", agency_id, date_from, date_to, own=own)
    interviews_by_kind = dict.fromkeys(labels("interview_kinds"), 0) | _grouped(
        db, "interviews", "kind", held_clause + HELD_INTERVIEW, [*held_params, today()])
    interviewed = interview_parties(db, held_clause, held_params)
    absent = db.execute(f"SELECT COUNT(*) FROM interviews{held_clause}{HELD_INTERVIEW}{ABSENT_INTERVIEW}",
                        [*held_params, today()]).fetchone()[0]
    outcomes = _party_outcomes(db, held_clause, held_params, today())  # once, for the three below
    follow_up = interview_follow_up(db, held_clause, held_params, outcomes)
    follow_up_parties = interview_follow_up_parties(db, held_clause, held_params, outcomes)
    campaigns, flyers, sms, participants = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(flyers), 0), COALESCE(SUM(sms), 0), COALESCE(SUM(participants), 0) "
        f"FROM publicity{held_clause}{HELD_PUBLICITY}", [*held_params, today()]).fetchone()
    return {
        "cases": {"total": total,
                  "by_sector": dict.fromkeys(labels("sectors"), 0) | _grouped(db, "cases", "sector", clause, params),
                  # a case whose filing was declined (不予立案) shows as such, closed since or not (REFERENCE §1.1:
                  # CLOSED_NO_CASE is not CLOSED): 已结案 counts only cases filed
                  "by_status": _grouped(db, "cases", SHOWN_STATUS, all_clause, all_params),
                  "by_district": _grouped(db, "cases", "district", clause, params),
                  "by_violation": by_violation, "transferred_to_police": police,
                  # sent to another agency (移送其他机关), terminated here: not among the cases above
                  "transferred_out": transferred_out,
                  # reaching the criminal threshold but not transferred to the police: their case numbers
                  "threshold_not_transferred": untransferred,
                  # of them, decided on the spot under the simple procedure, and the fines they imposed
                  "simple_procedure": simple, "simple_fines_fen": simple_fines},
        "infringing_records": records,
        # the records by the categories of the criminal thresholds (REFERENCE §4.6: C, D, E), adding up to them
        "records_by_category": {"trace": trace, "sensitive": sensitive, "other": other},
        "fines_fen": fines, "confiscated_fen": confiscated,
        "penalties_total_fen": fines + confiscated,
        "leads": {"total": leads_total, "assigned": leads_assigned,
                  "by_status": _grouped(db, "leads", "status", lead_clause, lead_params),
                  "decided": len(decided), "in_time": sum(ok for _agency, ok, _unassigned, _years in decided),
                  # the decided leads never handed to anyone (交办), which a station registered and checked itself
                  "decided_unassigned": sum(unassigned for _agency, _ok, unassigned, _years in decided),
                  # of the decided, those judged in time or late on a T1 counted without that year's holidays (the
                  # key only when there are some)
                  **calendar_unconfirmed(decided),
                  # those past T1 without a decision, as the deadline board counts them (逾期未办结), with those of
                  # them whose T1 is counted on a calendar to be verified (the key only when there are some)
                  **overdue_undecided(db, lead_clause, lead_params)},
        "complaints": {"imported": complaints, "related": related, "in_leads": in_leads},
        "interviews": sum(interviews_by_kind.values()), "interviews_by_kind": interviews_by_kind,
        # of them, those the party summoned did not attend (当事人未到场)
        "interviews_absent": absent,
        # the parties interviewed, each once, by their kind (企业, 社会团体 …), and how the interviews were followed up
        "interviews_by_party_kind": interviewed, "interviews_follow_up": follow_up,
        # the parties of the interviews of each outcome, each once: 4次（涉及9家）
        "interviews_follow_up_parties": follow_up_parties,
        # of them, the interviews counted under several outcomes, their parties' differing (only when some are)
        **split_follow_ups(outcomes),
        # of those past their rectification deadline, those counted on a calendar to be verified (only when some are)
        **overdue_unconfirmed(db, held_clause, held_params, outcomes),
        "publicity": {"campaigns": campaigns, "flyers": flyers, "sms": sms, "participants": participants},
        # the stations whose bundles these figures merge, each as of its newest bundle, then those trusted that
        # sent none yet, as of None (headquarters)
        "stations": stations_as_of(db, agency_id, own, unreported=True),
        # the station data conflicts still open here on the records counted: the figures may change once they are
        # settled
        "open_conflicts": open_conflicts(db, agency_id, own),
    }


def named_districts(stats: dict) -> dict:
    """``campaign_stats``' figures as ``stats --json`` gives them: the city bureau's own cases, of no district ("" in
    ``by_district``, as the window's chart and the report's data keep them), under 市局本级, the name the report (通报)
    and the statistics export give them (``reports.text.CITY_OWN``); ``stats`` itself is left as it is."""
    from workstation.reports.text import district_names

    districts = stats["cases"]["by_district"]
    if "" not in districts:
        return stats
    return {**stats, "cases": {**stats["cases"], "by_district": district_names(districts)}}


def district_figures(db: Database, agency_id: str | None = None, date_from: str | None = None,
                     date_to: str | None = None, *, own: bool = False) -> dict[str, dict]:
    """{district: {cases, records, fines_fen, confiscated_fen, penalties_total_fen}} of the filed cases
    (``FILED_CASE``) of the filter, in the order of ``by_district`` (most cases first); the city bureau's own cases
    have the district "" (as in ``by_district``)."""
    clause, params = _case_where(agency_id, date_from, date_to, own)
    found = _figures_by(db, "district", clause, params, " ORDER BY 2 DESC, 1", not (date_from or date_to))
    if date_from or date_to:  # a period: the amounts decided in it, as campaign_stats counts them
        return _decided_in_period(found, _penalties(db, "district", agency_id, date_from, date_to, own))
    return found


def _figures_by(db: Database, column: str, clause: str, params: list, order: str = "",
                amounts: bool = True) -> dict[str, dict]:
    """{value of ``column``: {cases, records, fines_fen, confiscated_fen, penalties_total_fen}} of the cases
    ``clause`` selects (``district_figures``, ``sector_figures``); without ``amounts`` (a period's, whose amounts
    ``_decided_in_period`` replaces) the amounts 0, not worked out."""
    fine_sql, confiscated_sql = (FINE_SQL, CONFISCATED_SQL) if amounts else ("0", "0")
    return {key: {"cases": cases, "records": records, "fines_fen": fines, "confiscated_fen": confiscated,
                  "penalties_total_fen": fines + confiscated}
            for key, cases, records, fines, confiscated in db.execute(
                f"SELECT {column}, COUNT(*), COALESCE(SUM(records_trace + records_sensitive + records_other), 0), "
                f"COALESCE(SUM({fine_sql}), 0), COALESCE(SUM({confiscated_sql}), 0) FROM cases{clause} "
                f"GROUP BY {column}{order}", params)}


def _decided_in_period(found: dict[str, dict], penalties: dict) -> dict[str, dict]:
    """The rows ``found`` (cases counted by their filing date) with the amounts decided in the period instead
    (``_penalties``, by the same key): a row of no case filed in the period but of a decision made in it added."""
    out = {}
    for key in [*found, *(key for key, amounts in penalties.items() if key not in found and any(amounts))]:
        fines, confiscated = penalties.get(key, (0, 0))
        out[key] = {"cases": 0, "records": 0, **found.get(key, {}), "fines_fen": fines, "confiscated_fen": confiscated,
                    "penalties_total_fen": fines + confiscated}
    return out


def sector_figures(db: Database, agency_id: str | None = None, date_from: str | None = None,
                   date_to: str | None = None, *, own: bool = False) -> dict[str, dict]:
    """{sector: {cases, records, fines_fen, confiscated_fen, penalties_total_fen}} of the filed cases of the filter,
    as ``district_figures`` by district: every sector of the vocabulary present, in its order."""
    clause, params = _case_where(agency_id, date_from, date_to, own)
    zeros = dict.fromkeys(("cases", "records", "fines_fen", "confiscated_fen", "penalties_total_fen"), 0)
    found = _figures_by(db, "sector", clause, params, amounts=not (date_from or date_to))
    if date_from or date_to:  # a period: the amounts decided in it, as campaign_stats counts them
        found = _decided_in_period(found, _penalties(db, "sector", agency_id, date_from, date_to, own))
    return {sector: found.get(sector, dict(zeros)) for sector in labels("sectors")} | found


# ---- the evaluation table (考评) per bureau and office

#: the evaluation table's row of the leads not assigned to any agency yet (``bureau_table``)
UNASSIGNED = "未交办线索"
FIGURES = ("cases", "records", "fines_fen", "confiscated_fen", "penalties_total_fen", "leads", "leads_decided",
           "leads_decided_unassigned", "leads_in_time", "interviews", "publicity", "participants")


def _figures_by_agency(db: Database, date_from: str | None, date_to: str | None) -> dict[str | None, dict]:
    """{agency id: {figure: value}} of every agency that has any record in the period."""
    out: dict[str | None, dict] = {}

    def put(agency, **values):
        row = out.setdefault(agency, dict.fromkeys(FIGURES, 0))
        for name, value in values.items():
            row[name] += value

    clause, params = _case_where(None, date_from, date_to)
    # a period: the amounts decided in it, counted below (not worked out here only to be replaced)
    fine_sql, confiscated_sql = (FINE_SQL, CONFISCATED_SQL) if not (date_from or date_to) else ("0", "0")
    for agency, cases, records, fines, confiscated in db.execute(
            "SELECT agency_id, COUNT(*), SUM(records_trace + records_sensitive + records_other), "
            f"SUM({fine_sql}), SUM({confiscated_sql}) FROM cases{clause} GROUP BY agency_id", params):
        put(agency, cases=cases, records=records, fines_fen=fines, confiscated_fen=confiscated,
            penalties_total_fen=fines + confiscated)
    if date_from or date_to:
        for agency, (fines, confiscated) in _penalties(db, "agency_id", None, date_from, date_to).items():
            if fines or confiscated:
                put(agency, fines_fen=fines, confiscated_fen=confiscated, penalties_total_fen=fines + confiscated)
    lead_clause, lead_params = _where(LEAD_DAY, None, date_from, date_to, timestamp=True)
    # another station's copy counts once, an emptied one not at all, one handed over by referral as its copy
    lead_clause += f" AND {FIGURES_LEAD}"
    for agency, count in db.execute(f"SELECT agency_id, COUNT(*) FROM leads{lead_clause} GROUP BY agency_id",
                                    lead_params):
        put(agency, leads=count)
    for agency, ok, unassigned, _years in _decided_leads(db, lead_clause, lead_params):
        put(agency, leads_decided=1, leads_in_time=int(ok), leads_decided_unassigned=int(unassigned))
    held_clause, held_params = _where("held_on", None, date_from, date_to)
    for table, only, extra in (("interviews", HELD_INTERVIEW, [today()]), ("publicity", HELD_PUBLICITY, [today()])):
        for agency, count in db.execute(f"SELECT agency_id, COUNT(*) FROM {table}{held_clause}{only} "
                                        "GROUP BY agency_id", held_params + extra):
            put(agency, **{table: count})
    # the people the publicity reached, per unit as its activities are counted (``HELD_PUBLICITY``)
    for agency, people in db.execute(f"SELECT agency_id, COALESCE(SUM(participants), 0) FROM publicity{held_clause}"
                                     f"{HELD_PUBLICITY} GROUP BY agency_id", held_params + [today()]):
        if people:
            put(agency, participants=people)
    return out


def _row(agency: dict, kind: str, figures: dict, name: str | None = None) -> dict:
    return {"agency_id": agency["id"], "code": agency["code"], "name": name or agency["name"],
            "short_name": name or agency["short_name"], "level": agency["level"], "district": agency["district"],
            "kind": kind, **figures}


def zero_row(db: Database, agency_id: str) -> dict:
    """The evaluation table's row of an agency without any record in the period: its name, every figure 0."""
    cursor = db.execute("SELECT id, code, name, short_name, level, district FROM agencies WHERE id = ?", [agency_id])
    names = [d[0] for d in cursor.description]
    return _row(dict(zip(names, cursor.fetchone(), strict=True)), "agency", dict.fromkeys(FIGURES, 0))


def _sum(rows: list[dict]) -> dict:
    return {name: sum(row[name] for row in rows) for name in FIGURES}


def bureau_table(db: Database, date_from: str | None = None, date_to: str | None = None) -> list[dict]:
    """The evaluation table: per district, the district bureau's own row and each town office's (every unit, one
    without any record in the period with its zeros: an evaluation shows who did nothing), then the district's
    total (``kind`` "district_total"); the city bureau's own row; last the city total (``kind`` "total"). Each agency counts its
    own records (its cases: the filed ones, ``FILED_CASE``); the leads not assigned to any agency yet (and anything
    else of no agency) have a row of their own, 未交办 (``kind`` "unassigned", before the city total), so that the
    rows add up to the city total as a leader checks them. Rows carry the keys of ``FIGURES`` and agency_id, code,
    name, short_name, level, district and kind."""
    figures = _figures_by_agency(db, date_from, date_to)
    zeros = dict.fromkeys(FIGURES, 0)
    cursor = db.execute("SELECT id, code, name, short_name, level, district, parent_id FROM agencies ORDER BY code")
    names = [d[0] for d in cursor.description]
    agencies = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    rows: list[dict] = []
    city = [a for a in agencies if a["level"] == "city"]
    for district in (a for a in agencies if a["level"] == "district"):
        members = [district, *(a for a in agencies if a["parent_id"] == district["id"] and a["level"] == "town")]
        own = [_row(a, "agency", figures.get(a["id"], zeros)) for a in members]
        rows += own
        rows.append(_row(district, "district_total", _sum(own), name=f"{district['district']}合计"))
    rows += [_row(a, "agency", figures.get(a["id"], zeros)) for a in city]
    if any(figures.get(None, {}).values()):
        nobody = {"id": None, "code": "", "name": UNASSIGNED, "short_name": UNASSIGNED, "level": "", "district": ""}
        rows.append(_row(nobody, "unassigned", figures[None]))
    top = city[0] if city else {"id": None, "code": "", "name": "", "short_name": "", "level": "city",
                                "district": ""}
    rows.append(_row(top, "total", _sum(list(figures.values())), name="全市合计"))
    return rows


# ---- figures per month


def _month(day: str) -> tuple[int, int]:
    return int(day[:4]), int(day[5:7])


def _months(first: tuple[int, int], last: tuple[int, int]) -> list[str]:
    out, (year, month) = [], first
    while (year, month) <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


# a table by month lists at most this many months as asked; a longer period is brought to the years that hold a case
# or today (a period of ten years, or of any two years however long ago, lists every month)
LISTED_MONTHS = 120


def _listed_span(first: str, last: str, found: dict) -> tuple[str, str]:
    """The months of a period from ``first`` to ``last`` that a table by month lists: every month of a period up to
    ``LISTED_MONTHS`` long, those without a case at 0 (the winter of two years ago in an empty database included);
    of a longer one, a bound beyond the years in which a case was filed or today falls — the 0001-01-01 or
    9999-12-31 by which a script says "no start" or "no end" — brought to the first or last of those years (95,000
    empty months were written into the 通报's workbook)."""
    (first_year, first_month), (last_year, last_month) = _month(first), _month(last)
    if (last_year - first_year) * 12 + last_month - first_month + 1 <= LISTED_MONTHS:
        return first, last
    years = [int(month[:4]) for month in found] + [int(today()[:4])]
    if int(first[:4]) < min(years):
        first = f"{min(years):04d}-01"
    if int(last[:4]) > max(years):
        last = f"{max(years):04d}-12"
    return first, last


def monthly(db: Database, agency_id: str | None = None, date_from: str | None = None,
            date_to: str | None = None, *, own: bool = False) -> list[dict]:
    """Filed cases (``FILED_CASE``), infringing records and penalties (fines + confiscated) per filing month (in a
    period, the penalties decided in it as ``campaign_stats`` counts them, each in the month it was decided on:
    ``_penalties_by_month``), every month of the period present (zeros included); without a bound, from or to the
    month of the first or last case. ``own`` as for ``campaign_stats``."""
    clause, params = _case_where(agency_id, date_from, date_to, own)
    # in a period the amounts are those decided in it (below), not worked out here only to be replaced
    amounts = f"{FINE_SQL} + {CONFISCATED_SQL}" if not (date_from or date_to) else "0"
    found = {month: (cases, records, penalties) for month, cases, records, penalties in db.execute(
        f"SELECT substr({CASE_DAY}, 1, 7) AS month, COUNT(*), "
        f"SUM(records_trace + records_sensitive + records_other), SUM({amounts}) "
        f"FROM cases{clause} GROUP BY month ORDER BY month", params)}
    if date_from or date_to:  # a period: each month's amounts those decided in it (by each decision's own date)
        decided = _penalties_by_month(db, agency_id, date_from, date_to, own)
        found = {month: (cases, records, sum(decided.get(month, (0, 0))))
                 for month, (cases, records, _counted) in found.items()} | {
            month: (0, 0, sum(amounts)) for month, amounts in decided.items() if month not in found and any(amounts)}
    first = date_from or (min(found) if found else None)
    last = date_to or (max(found) if found else first)
    if first is None or last is None:
        return []
    first, last = _listed_span(first, last, found)
    return [{"month": month, "cases": found.get(month, (0, 0, 0))[0], "records": found.get(month, (0, 0, 0))[1],
             "penalties_total_fen": found.get(month, (0, 0, 0))[2]}
            for month in _months(_month(first), _month(last))]


def monthly_in_period(db: Database, agency_id: str | None = None, date_from: str | None = None,
                      date_to: str | None = None, *, own: bool = False, until: str | None = None) -> list[dict]:
    """``monthly`` over every month of the period as the dashboard, the statistics export and the report show it:
    a period without a start from the campaign's first month (the first case of any agency: a district's chart
    starts where the city's does, not at its own first case), one without an end to the month of ``until`` (by
    default today, Beijing time), months without a case at 0; none when the agency has no case at all. A period
    begun whose end is after ``until`` ends there, as the report states it (``evaluation.stated_bounds``): no month
    still to come is listed (2027年1月 0 0 0.00 on 5 December 2026)."""
    until = (until or today())[:10]
    if date_from and date_to and date_from <= until < date_to:
        date_to = until
    if date_from and date_to:  # every month of the period
        return monthly(db, agency_id, date_from, date_to, own=own)
    # the months to list found first, the table counted once (it was counted over the agency's own months first, to
    # see whether it had any, and thrown away: 1.5 s at 100,000 cases)
    if not date_from:
        clause, params = _case_where(agency_id, None, date_to, own)
        if db.execute(f"SELECT 1 FROM cases{clause} LIMIT 1", params).fetchone() is None:
            # no case of the agency: no table by month; with an end, unless penalties were decided in the period
            months = monthly(db, agency_id, None, date_to, own=own) if date_to else []
            if not months:
                return months
    clause, params = _case_where(None, None, None)
    (first,) = db.execute(f"SELECT MIN({CASE_DAY}) FROM cases{clause}", params).fetchone()
    start = date_from or (first or "")[:10]
    end = date_to or until
    if start and start <= end:
        return monthly(db, agency_id, start, end, own=own)
    return monthly(db, agency_id, date_from, date_to, own=own)  # a period begun after its end: as asked
