"""What happens to a lead once screening found it: assignment (交办) to a district bureau or town office with
the 案件交办通知书, then the decision within the 15-working-day verification period (T1) — file a case (its
parties and complaints linked), not file (with the reason), or refer it to the competent agency with the
案件移送函 (e.g. the communications administration for the operators' ports).

Documents of a lead are drawn from the lead: the forms' case sources (``case.cause``, ``party.name``,
``case.facts`` …) are filled from what the lead and its complaints say."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path

from workstation.audit import AuditWriter
from workstation.case_reference import case_named
from workstation.db import Database
from workstation.db.connection import immediate
from workstation.errors import NotFound, TransitionRefused, ValidationError, WorkstationError, join_sentences
from workstation.i18n import N_, _, language, ngettext
from workstation.records import Case, Party, now, today
from workstation.screening.hand_leads import station_holder
from workstation.screening.phones import OWN_NUMBERS_SQL, hide_own_numbers
from workstation.store.agencies import agencies_above
from workstation.store.base import fetch_dict
from workstation.validators import parse_date
from workstation.vocabulary import shown_label

DECISIONS = ("file", "not_file", "refer")
#: the status a decision gives the lead (``decide_lead``), by whose label the leads page and conflicts say it
DECISION_STATUS = {"file": "filed", "not_file": "not_filed", "refer": "referred"}
OPEN_STATUSES = ("registered", "assigned")
#: the state shown for an open lead whose case was opened but is not filed yet (立案中): derived from the link to its
#: case (``leads.case_id``), not stored; the lead is decided when its case is filed or not filed (``settle_lead``)
FILING = "filing"
FILING_LABEL = N_("Being filed")
#: how a lead decided with its case on the spot (当场处罚, simple procedure: never filed) is shown: its status stays
#: "filed" — the decision that settles it, counted and told to its reporter (T24) as a filing is —, said in its own words
ON_THE_SPOT_LABEL = N_("Decided on the spot")


def _case_t1_text() -> str:
    """Why a lead whose case awaits filing has no extension of its own."""
    return _("A case was opened for this lead: its verification period (T1) runs on in that case, and is extended "
             "there.")


def lead_state(lead: dict) -> str:
    """The lead's state as shown: its status, or ``FILING`` while the case opened for it awaits filing."""
    return FILING if lead["status"] in OPEN_STATUSES and lead["case_id"] else lead["status"]


def lead_state_label(lead: dict, on_the_spot: Container[str] = frozenset()) -> str:
    """The label of ``lead_state``: 立案中 while its case awaits filing, 已当场处罚 (``ON_THE_SPOT_LABEL``) for a lead
    settled with a case among ``on_the_spot`` (``store.leads.on_the_spot_cases``: decided on the spot, never filed) or
    marked so by ``store.leads.lead_rows``, else the label of its status (``decided_label`` looks the case up)."""
    state = lead_state(lead)
    if state == FILING:
        return _(FILING_LABEL)
    if state == "filed" and (lead.get("on_the_spot") or lead["case_id"] in on_the_spot):
        return _(ON_THE_SPOT_LABEL)
    return shown_label("lead_statuses", state)


def decided_label(db: Database | None, lead: dict) -> str:
    """``lead_state_label`` of ``lead`` as said to the user wherever its state is named: 已当场处罚, not 已立案, for a lead
    settled with a case decided on the spot (``store.leads.on_the_spot_cases``; a ``lead_rows`` row says so itself;
    no ``db``: not looked up)."""
    if db is None or "on_the_spot" in lead or lead["status"] != "filed" or not lead["case_id"]:
        return lead_state_label(lead)
    from workstation.store.leads import on_the_spot_cases

    return lead_state_label(lead, on_the_spot_cases(db, lead["case_id"]))


#: the letters a lead sends out (with a 文号), and every form drafted and issued from a lead: with them its internal
#: forms (no 文号; REFERENCE §1.1) — registered with the 案件来源登记表, declined with the 不予立案审批表, its T1
#: extended with the 行政处罚案件有关事项审批表 (延长核查期限); and the 举报处理结果告知书 telling a named reporter
#: what became of a lead decided (``REPORT_NOTICE``: a letter with a 文号, offered with the internal forms)
LEAD_LETTERS = ("assignment_notice", "case_transfer_letter")
REPORT_NOTICE = "report_result_notice"
LEAD_FORMS = (*LEAD_LETTERS, "case_source_register", "non_filing_approval", "matter_approval", REPORT_NOTICE)
#: the lead's documents that tell its complaints as of the day they are dated (``lead_values_on``): none received after
DATED_LEAD_FORMS = (*LEAD_LETTERS, "case_source_register", "non_filing_approval")
#: the 案件来源 a lead's channel ticks on its forms (a complaint passed on by the hotline, the 12315 platform or the
#: consumer council is a 投诉); a channel not listed ticks 其他
SOURCE_CHOICES = {"12345": "投诉", "12315": "投诉", "consumer_council": "投诉", "assigned": "上级交办",
                  "inspection": "依据监督检查职权", "report": "举报", "transfer": "其他部门移送"}
#: the grounds of 《市场监督管理行政处罚程序规定》 art. 20 para. 1 items (一)–(三) as the 不予立案审批表 lists them, each
#: with the words a reason for not filing says it in (every pattern must be found): a reason saying none of them is
#: (四) 依法可以不予立案的其他情形, the form's default (现有证据无法认定违法, 超过追责时效 …). A ground said denied is
#: not it: a first violation denied (并非首次违法, 不属于初次违法), a correction refused or not made (拒不改正, 未及时改正,
#: 没有改正), a lack of fault the party cannot prove (不能证明其没有主观过错, 不能提供证据证明其没有主观过错: a denial of the
#: evidence anywhere before it in its clause, ``_EVIDENCE_CLAUSE``); a first time that is no first violation
#: (第一次被投诉) is not (二).
_NOT_FIRST = r"(?<!非)(?<!不是)(?<!不属于)"
#: the words that deny the party's evidence (不能/未能/无法/没有/缺乏/不足以/拒不 …提供证据, 未提供证据, 无证据)
_EVIDENCE_DENIED = (r"(不能|未能|无法|没有|缺乏|不足以|拒不|未(?=(提供|提交|出示|举出|取得))"
                    r"|无(?=(充分|足够|相关|有效|任何|确凿)?的?证据))")
_CLAUSE_END = "，,。；;：:！!？?"
#: the start of a clause up to the evidence it says proves the lack of fault, with no word denying that evidence
#: (``_EVIDENCE_DENIED``) in it: matched from the clause's first character
_EVIDENCE_CLAUSE = rf"(?:^|(?<=[{_CLAUSE_END}]))(?:(?!{_EVIDENCE_DENIED})[^{_CLAUSE_END}])*?"
_CORRECTED = r"(?<![不未没拒])(?<!拒绝)(?<!没有)(?<!未及时)(?<!不及时)(?<!没有及时)(?<!未能)(?<!未予)改正"
_FIRST_VIOLATION = _NOT_FIRST + r"((初次|首次|第一次)(实施|发生|出现)?(该|此类|同类|上述)?(违法|违规)|首违)"
_NO_FAULT = r"(?<!证明)(?<!证明其)(?<!证明当事人)(没有|无|不存在|不具有)主观过错"
NOT_FILING_GROUNDS = (
    ("违法行为轻微并及时改正，没有造成危害后果",
     (r"(违法行为|情节)(显著)?轻微", _CORRECTED, r"(没有|未|未曾|无)(造成|产生)?(任何)?(危害|社会危害)(后果)?")),
    ("初次违法且危害后果轻微并及时改正",
     (_FIRST_VIOLATION, r"(危害)?后果(较为|比较|显著)?轻微", _CORRECTED)),
    ("当事人有证据足以证明没有主观过错",
     (_EVIDENCE_CLAUSE + r"((?<![无没])(?<!没有)(?<!缺乏)证据(足以)?|(?<![不未])(足以|能够|可以))证明(其|当事人)?"
      r"(没有|无|不存在|不具有)主观过错|" + _NO_FAULT,)),
)


def not_filing_ground(reason: str) -> str | None:
    """The ground of art. 20 para. 1 (一)–(三) the reason for not filing ``reason`` gives in its words
    (``NOT_FILING_GROUNDS``: the first of them it says), None when it says none of them — the 不予立案审批表 then
    ticks (四), its default; the officer may choose another."""
    text = "".join(str(reason or "").split())
    for ground, patterns in NOT_FILING_GROUNDS:
        if text and all(re.search(pattern, text) for pattern in patterns):
            return ground
    return None

#: a clock's period as a document prints it, whatever the window's language (``ClockRule.unit_text`` is the window's)
DOCUMENT_UNITS = {"wd": "{n}个工作日", "cd": "{n}日", "months": "{n}个月", "hours": "{n}小时"}


def get_lead_row(db: Database, lead_id: str) -> dict:
    row = fetch_dict(db, "SELECT * FROM leads WHERE id = ?", [lead_id])
    if row is None:
        raise NotFound(_("No lead {id}.").format(id=lead_id))
    return row


#: what the leads page shows of a lead that a step taken on it rests on: its state and decision, the agency holding it
#: and since when, its case, and when it was last changed (``shown_state``)
SHOWN_STATE = ("status", "decision", "decided_on", "decision_reason", "referred_to", "agency_id", "assigned_on",
               "case_id", "updated_at")


class LeadChanged(TransitionRefused):
    """The lead is no longer as the officer saw it when a step on it was asked (``stale_refusal``): nothing done."""


def shown_state(lead: dict) -> dict:
    """What of ``lead`` (its row as read) a step on it rests on (``SHOWN_STATE``): passed as ``expected`` to
    ``assign_lead``, ``decide_lead``, ``file_case_from_lead`` and ``withdraw_not_filing`` by a window that showed the
    lead so."""
    return {column: lead.get(column) for column in SHOWN_STATE}


def changed_since_shown(lead: dict, shown: dict) -> bool:
    """Whether ``lead`` (its row as stored now) differs from ``shown`` (``shown_state`` of the row a window showed,
    or that row itself) in what a step on it rests on: another window or program changed it meanwhile."""
    return any(lead.get(column) != shown.get(column) for column in SHOWN_STATE if column in shown)


def stale_refusal(lead: dict, expected: dict | None) -> str | None:
    """Why a step on ``lead`` (its row as stored now) asked on the lead as ``expected`` (``shown_state``) is not
    taken: it was changed elsewhere since. None when nothing is expected (the command line) or it is as expected."""
    if expected is None or not changed_since_shown(lead, expected):
        return None
    return _("The lead received {date} was changed elsewhere (in another window or program) since it was shown: "
             "nothing was done. Look at it as it is now and take the step again if it still applies.").format(
        date=(lead["received_at"] or "")[:10])


def _lead_as_expected(db: Database, lead_id: str, expected: dict | None) -> dict:
    """The lead ``lead_id`` as stored now, for a step asked on it as ``expected`` (``shown_state``): refused
    (``LeadChanged``) when it was changed elsewhere since (``stale_refusal``); ``NotFound`` when it is not stored."""
    lead = get_lead_row(db, lead_id)
    if refusal := stale_refusal(lead, expected):
        raise LeadChanged(refusal)
    return lead


def gone_refusal(lead: dict) -> str:
    """Why a step on ``lead`` (the row a window showed) is not taken: the lead is no longer stored — regrouped or
    removed elsewhere since it was shown."""
    return _("The lead received {date} is no longer stored: it was regrouped or removed elsewhere (in another window "
             "or program). The leads are shown again; nothing was done.").format(date=(lead["received_at"] or "")[:10])


def _checked(db: Database, expected: dict | None, step, *args, transaction=None):
    """``step(db, *args, expected)``: a step on a lead that refuses (``stale_refusal``) a lead no longer as
    ``expected``. With ``expected`` it runs in one transaction (``transaction(db)``, else ``db.atomic()``): the lead
    is read, checked and changed under one write lock, no other program's change in between; without (the command
    line) in its own transactions as it opens them."""
    if expected is None:
        return step(db, *args, None)
    with transaction(db) if transaction else db.atomic():
        return step(db, *args, expected)


def _update(db: Database, lead_id: str, changes: dict, action: str) -> dict:
    with db.atomic():
        before = get_lead_row(db, lead_id)
        assignments = ", ".join(f"{column} = ?" for column in changes)
        db.execute(f"UPDATE leads SET {assignments}, updated_at = ? WHERE id = ?",
                   [*changes.values(), now(), lead_id])
        after = get_lead_row(db, lead_id)
        writer = AuditWriter(db)
        writer.add(action, "lead", lead_id, before, after)
        writer.flush()
    return after


#: the kinds of step a lead's history (the ``lead_history`` table, m032; carried by bundles with the lead) records:
#: a re-assignment (改派: the earlier agency and day it was assigned, its T1 due date, the day it was taken away and
#: to which agency, by how many working days that was after the due date — 0: in time —, why and by whom) and a
#: withdrawn decision not to file (撤销不予立案: the day and reason of the decision withdrawn, when, why and by whom)
REASSIGNED = "reassigned"
NOT_FILING_WITHDRAWN = "not_filing_withdrawn"
#: a referral withdrawn with the 案件移送函 that recorded it, voided (``follow_voided_document``): the day it was
#: referred (``decided_on``), the agency it was referred to (kept in ``decision_reason``), when, why (the void's
#: reason) and by whom
REFERRAL_WITHDRAWN = "referral_withdrawn"
#: the record of the reporter told (T24) corrected (``tell_reporter`` with ``correct``) or cleared with the
#: 举报处理结果告知书 that told the reporter, voided (``follow_voided_document``): the day the reporter was recorded
#: told before (kept in ``decided_on``), the way (``REPORTER_TOLD_HOW`` key, kept in ``decision_reason``), when
#: (``on_date``), why (the officer's reason, the void's) and by whom
REPORTER_TOLD_CORRECTED = "reporter_told_corrected"
REPORTER_TOLD_CLEARED = "reporter_told_cleared"
#: a lead assigned (交办) for the first time after its verification period (T1), counted from its receipt, had ended:
#: the agency holding it then (``agency_id``, NULL when none), that period's due date, by how many working days the
#: assignment came after it, the day (``on_date``) and the agency it went to (``to_agency_id``) — the lateness the new
#: period, counted from the assignment, would otherwise wipe out (as a re-assignment's, ``REASSIGNED``)
ASSIGNED_LATE = "assigned_late"
#: a lead handed inside the 行政机关 holding it (交办 or 改派 between a bureau and its own 市场监督管理所, which act in its
#: name, or between two of them: ``same_authority``): the agency holding it before (``agency_id``) since the day
#: ``assigned_on`` (NULL: its receipt or a day not recorded), the day (``on_date``), the agency it went to
#: (``to_agency_id``), its T1 due date and how many working days after it that was. T1 goes on (SAMR rules art. 18
#: counts it from the day the 市场监督管理部门 found the lead or received the materials, REFERENCE §1.2): the lead keeps
#: the day its T1 counts from (``assigned_on`` unchanged) and its extension; this row keeps the day of the hand-over,
#: and makes the lead one assigned (交办) in the statistics (``stats.ASSIGNED_LEAD``), decided or not
ASSIGNED_WITHIN = "assigned_within"


def same_authority(db: Database, holder: str | None, to: str) -> bool:
    """Whether a lead held by the agency ``holder`` goes to ``to`` inside one 行政机关: another agency numbering in the
    same bureau's name (a district bureau and its town offices, ``documents.numbering.numbering_owner``). False for
    the same agency (a lead registered there and assigned to it records the 交办 that brought it there) and for a lead
    held by no agency (it comes from outside)."""
    if not holder or holder == to:
        return False
    from workstation.documents.numbering import numbering_owner

    owner = numbering_owner(db, holder)
    return owner is not None and owner == numbering_owner(db, to)


def _handed_down(db: Database, lead: dict, agency_id: str) -> bool:
    """Whether assigning ``lead`` to ``agency_id`` hands it from the bureau holding it to one of its own offices: a
    distribution inside the bureau, not a 改派 (no reason asked, nothing left behind)."""
    from workstation.documents.numbering import numbering_owner

    return same_authority(db, lead["agency_id"], agency_id) and numbering_owner(db, lead["agency_id"]) == \
        lead["agency_id"]


def held_since(db: Database, lead: dict) -> str:
    """The day the agency holding ``lead`` was assigned it: its last hand-over inside the bureau (``ASSIGNED_WITHIN``)
    when later than its assignment (``assigned_on``, the day its T1 counts from), else that; "" when neither."""
    row = db.execute("SELECT MAX(on_date) FROM lead_history WHERE lead_id = ? AND kind = ? AND to_agency_id IS ?",
                     [lead["id"], ASSIGNED_WITHIN, lead["agency_id"]]).fetchone()
    handed = row[0] if row and row[0] else ""
    return max(handed, lead["assigned_on"] or "")


def lead_history(db: Database, lead_id: str, kind: str) -> list[dict]:
    """The rows of the lead's history of ``kind``, oldest first."""
    cursor = db.execute("SELECT * FROM lead_history WHERE lead_id = ? AND kind = ? ORDER BY on_date, at, id",
                        [lead_id, kind])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _record_history(db: Database, lead_id: str, kind: str, on_date: str, action: str, **values) -> dict:
    """Add a step to the lead's history (inside the caller's transaction), audited as a record of its own."""
    from workstation.audit import current_actor
    from workstation.records import new_id

    row = {"id": new_id(), "lead_id": lead_id, "kind": kind, "on_date": on_date, "at": now(),
           "actor": current_actor(), **values}
    db.execute(f"INSERT INTO lead_history ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    writer = AuditWriter(db)
    writer.add(action, "lead_history", row["id"], None, row)
    writer.flush()
    return row


@dataclass(frozen=True)
class CurrentAssignment:
    """Where an assigned lead is now (交办) and since when (``held_since``: "" when the day was not recorded, its T1
    counting from its receipt), its T1 due date, and by how many working days the day ``on`` asked about is after it
    (0 while the deadline is not passed)."""

    agency_id: str
    assigned_on: str
    due: str
    late_days: int


def current_assignment(db: Database, lead: dict, on: str | None = None) -> CurrentAssignment | None:
    """The assignment of ``lead`` a new assignment on ``on`` (default today) would replace, None when it is not
    assigned (or no longer open)."""
    if lead["status"] != "assigned" or not lead["agency_id"]:
        return None
    due, late = _t1_late_days(db, lead, _day(on, "assigned_on"))
    return CurrentAssignment(lead["agency_id"], held_since(db, lead), due, late)


def _t1_late_days(db: Database, lead: dict, day: str) -> tuple[str, int]:
    """(the last day of the lead's T1, ``t1_due`` — "" when it has none —, the working days after it up to ``day``:
    0 while ``day`` is not after it)."""
    due = t1_due(db, lead) or ""
    return due, workdays_over(db, due, day)


def workdays_over(db: Database, due: str, day: str) -> int:
    """The working days after the last day ``due`` of a limit counted in working days (T1) up to ``day``, as the
    clocks' calendar counts them (the days not counted and the extensions recorded): 0 while ``day`` is not after
    ``due``, without ``due``, and on the rest days just after it. The lead's history and `leads decide` count a late
    T1 so (``_t1_late_days``), and so does a case filed late (``concluding._late_warnings``)."""
    from workstation.clocks import engine_for

    if not due or day <= due:
        return 0
    return engine_for(db).cal.workdays_between_ord(dt.date.fromisoformat(due).toordinal(),
                                                   dt.date.fromisoformat(day).toordinal())


def assignment_history(db: Database, lead_id: str) -> list[dict]:
    """The earlier assignments of the lead (its history's re-assignments), oldest first, each as {agency_id,
    assigned_on ('' when not recorded), due, until, late_days, to, reason, by}; [] when it was never re-assigned."""
    return [{"agency_id": r["agency_id"] or "", "assigned_on": r["assigned_on"] or "", "due": r["due"] or "",
             "until": r["on_date"], "late_days": r["late_days"], "to": r["to_agency_id"] or "", "reason": r["reason"],
             "by": r["actor"]} for r in lead_history(db, lead_id, REASSIGNED)]


def earlier_assignments(db: Database, lead_id: str) -> list[dict]:
    """The lead's earlier assignments (``assignment_history``) as ``leads assign --json`` gives them: the agencies by
    their codes, as its ``agency`` (``agency``, ``to``: None for an agency not in the register; their ids, as
    ``assignment_history`` gives them, under ``agency_id`` and ``to_id``), and who re-assigned as ``by``, named as
    its ``officer`` is — the officer of the register (``audit.acting_officer``), None for anyone else: the computer's
    account is never named."""
    from workstation.audit import acting_officer
    from workstation.store import get_agency

    def code(agency_id: str) -> str | None:
        try:
            return get_agency(db, agency_id).code if agency_id else None
        except NotFound:
            return None
    return [{"agency": code(entry["agency_id"]), "agency_id": entry["agency_id"],
             "assigned_on": entry["assigned_on"], "due": entry["due"], "until": entry["until"],
             "late_days": entry["late_days"], "to": code(entry["to"]), "to_id": entry["to"],
             "reason": entry["reason"], "by": acting_officer(db, entry["by"] or "") or None}
            for entry in assignment_history(db, lead_id)]


def reassigned_late(db: Database) -> int:
    """How many leads were taken from an agency after its T1 deadline had passed (each counted once): the
    lateness a re-assignment does not wipe out, counted beside the leads overdue now."""
    return db.execute("SELECT COUNT(DISTINCT lead_id) FROM lead_history WHERE kind = ? AND late_days > 0",
                      [REASSIGNED]).fetchone()[0]


def assigned_late(db: Database) -> int:
    """How many leads were first assigned after their T1, counted from their receipt, had ended (each counted once,
    ``ASSIGNED_LATE``): the lateness the period counted from the assignment does not wipe out."""
    return db.execute("SELECT COUNT(DISTINCT lead_id) FROM lead_history WHERE kind = ? AND late_days > 0",
                      [ASSIGNED_LATE]).fetchone()[0]


def late_assignment_history(db: Database, lead_id: str) -> list[dict]:
    """The lead's assignments made after its T1 had ended (``ASSIGNED_LATE``) and its hand-overs inside the bureau
    holding it (``ASSIGNED_WITHIN``, ``within`` true: T1 went on), oldest first, each as {agency_id (the agency holding
    it before, '' when none), due, until (the day it was assigned), late_days, to, reason, by, within}; [] when it was
    assigned in time (or never) and never handed inside a bureau."""
    rows = sorted(lead_history(db, lead_id, ASSIGNED_LATE) + lead_history(db, lead_id, ASSIGNED_WITHIN),
                  key=lambda r: (r["on_date"], r["at"], r["id"]))
    return [{"agency_id": r["agency_id"] or "", "due": r["due"] or "", "until": r["on_date"],
             "late_days": r["late_days"], "to": r["to_agency_id"] or "", "reason": r["reason"], "by": r["actor"],
             "within": r["kind"] == ASSIGNED_WITHIN} for r in rows]


def replaced_assignment(db: Database, lead: dict, agency_id: str) -> CurrentAssignment | None:
    """The assignment that assigning ``lead`` to ``agency_id`` today replaces (改派: its reason asked, its lateness
    kept), None for a first assignment — not assigned, or assigned there already today or on a day not recorded."""
    current = current_assignment(db, lead)
    if current is not None and current.agency_id == agency_id and current.assigned_on in (today(), ""):
        return None
    if current is not None and _handed_down(db, lead, agency_id):  # the bureau to its own office: T1 goes on
        return None
    return current


def late_assignment_summary(db: Database, lead: dict, on: str | None = None) -> str:
    """What assigning ``lead`` for the first time on ``on`` (default today), or handing it on inside its bureau, is
    told before it is done, "" when its T1, counted from its receipt (or from the assignment that brought it to the
    bureau), has not ended by then: the day it ended and by how many working days, kept in the
    lead's history (``assign_lead``). A re-assignment says its own (``reassign_summary``)."""
    if lead["status"] not in OPEN_STATUSES or lead["case_id"]:
        return ""
    due, late = _t1_late_days(db, lead, _day(on, "assigned_on"))
    if not late:
        return ""
    if lead["assigned_on"]:  # handed on inside the bureau: its T1 counted from the assignment that brought it there
        return ngettext("The lead was assigned on {date}; its verification period (T1) ended on {due}, {n} working "
                        "day ago: the lead's history keeps that this deadline was missed.",
                        "The lead was assigned on {date}; its verification period (T1) ended on {due}, {n} working "
                        "days ago: the lead's history keeps that this deadline was missed.", late).format(
            date=lead["assigned_on"], due=due, n=late)
    return ngettext("The lead was received on {date}; its verification period (T1) ended on {due}, {n} working day "
                    "ago: the lead's history keeps that this deadline was missed.",
                    "The lead was received on {date}; its verification period (T1) ended on {due}, {n} working days "
                    "ago: the lead's history keeps that this deadline was missed.", late).format(
        date=lead["received_at"][:10], due=due, n=late)


def late_assignment_line(db: Database, entry: dict) -> str:
    """A late first assignment of the lead, or a hand-over inside a bureau (``late_assignment_history``), as its
    history shows it (the reason of a hand-over masked, as a re-assignment's is)."""
    from workstation.store import get_agency

    try:
        to = get_agency(db, entry["to"]).name
    except NotFound:
        to = entry["to"] or "—"
    if entry.get("within"):
        from workstation.masking import mask_text

        if entry["late_days"]:
            text = ngettext("Handed to {to} on {date}, inside the same bureau: its verification period (T1) went on, "
                            "having ended on {due} ({n} working day before).",
                            "Handed to {to} on {date}, inside the same bureau: its verification period (T1) went on, "
                            "having ended on {due} ({n} working days before).", entry["late_days"])
        else:
            text = _("Handed to {to} on {date}, inside the same bureau: its verification period (T1) went on, ending "
                     "on {due}.")
        text = text.format(to=to, date=entry["until"], due=entry["due"] or "—", n=entry["late_days"])
        if entry.get("reason"):
            text = join_sentences([text, _("Reason: {reason}").format(reason=mask_text(entry["reason"]))])
        return text
    return ngettext("Assigned to {to} on {date} after its verification period (T1) had ended on {due} ({n} working "
                    "day late): the period counted again from the assignment.",
                    "Assigned to {to} on {date} after its verification period (T1) had ended on {due} ({n} working "
                    "days late): the period counted again from the assignment.", entry["late_days"]).format(
        to=to, date=entry["until"], due=entry["due"] or "—", n=entry["late_days"])


def assign_lead(db: Database, lead_id: str, agency_id: str, on: str | None = None, reason: str = "", *,
                received_by: str | None = None, expected: dict | None = None) -> dict:
    """Assign the lead to a bureau or town office (交办); its T1 verification clock runs from that day when the lead
    goes to another 行政机关 (a bureau and its town offices are one). An
    extension approved before that day extended the period counted until then, which ends here: it is removed
    (audited with the assignment), as the case filed from the lead could not carry it (its T1 starts with the
    assignment) and the new period is extended, where needed, by an approval of its own.

    A lead handed inside the 行政机关 holding it (``same_authority``: a bureau to its own 市场监督管理所, which acts in its
    name, or between them) keeps the day its T1 counts from and its extension: the bureau received it then (SAMR
    rules art. 18, REFERENCE §1.2 T1), and an overdue lead stays overdue; the hand-over is kept in the lead's history
    (``ASSIGNED_WITHIN``), with the ``reason`` asked as for a 改派 unless the bureau hands it to its own office.

    Re-assigning a lead already assigned (改派) needs a ``reason``: the new agency's period runs from its own
    assignment, and the earlier one is kept in the lead's history (``assignment_history``) with its due date and
    whether it was passed, so that the first agency's lateness does not vanish with it. A lead first assigned
    after its T1, counted from its receipt, had ended keeps that lateness in its history likewise
    (``late_assignment_history``; ``reason`` optional).

    Its T1 counting from its receipt, the lead is not assigned to the 行政机关 that received it (``restart_refusal``:
    its holder, or that agency itself), and one of that bureau's offices takes it inside the bureau, its T1 kept,
    whoever holds it now; ``received_by``: the receiving agency when the caller knows it (``receiving_agency``).

    ``expected``: the lead as the window asking it showed it (``shown_state``); refused (``LeadChanged``) when it is
    no longer so, checked in the transaction that assigns — an assignment the officer was not told of is never
    replaced."""
    return _checked(db, expected, _assign_lead, lead_id, agency_id, on, reason, received_by)


def _assign_lead(db: Database, lead_id: str, agency_id: str, on: str | None, reason: str, received_by: str | None,
                 expected: dict | None) -> dict:
    from workstation.store import get_agency

    lead = _lead_as_expected(db, lead_id, expected)
    if lead["status"] not in OPEN_STATUSES:
        raise TransitionRefused(_("This lead was already decided ({status}): it cannot be assigned.").format(
            status=decided_label(db, lead)))
    if lead["case_id"]:
        raise TransitionRefused(_("A case was opened for this lead under its agency: the lead is not re-assigned "
                                  "while that case awaits filing."))
    if refusal := lead_conflict_refusal(db, lead):  # its assignment in conflict with a station's: settled first
        raise TransitionRefused(refusal)
    if db.execute("SELECT 1 FROM agencies WHERE id = ?", [agency_id]).fetchone() is None:
        raise ValidationError({"agency_id": _("Choose the bureau or office the lead is assigned to.")})
    if refusal := city_bureau_refusal(db, agency_id):  # it assigns leads, and is assigned none
        raise ValidationError({"agency_id": refusal})
    receiver = receiving_agency(db, lead, received_by)  # the agency whose receipt its T1 counts from, if any
    if refusal := restart_refusal(db, lead, agency_id, receiver=receiver):  # received by that 行政机关: T1 kept
        raise ValidationError({"agency_id": refusal})
    # 交办 goes down only (REFERENCE §2.1 No. 3): from this station's bureau, or the one the caller says received
    # the lead and assigns it (the demo's seed: the city bureau)
    if refusal := assign_power_refusal(db, agency_id, received_by):
        raise ValidationError({"agency_id": refusal})
    day = _day(on, "assigned_on")
    _not_future(day, "assigned_on")  # its T1 runs from that day: never from one still to come
    if day < lead["received_at"][:10]:
        raise ValidationError({"assigned_on": _("The lead cannot be assigned before it was received ({date}).").format(
            date=lead["received_at"][:10])})
    current = current_assignment(db, lead, day)
    if current and current.agency_id == agency_id and current.assigned_on == day:
        return lead  # assigned there that day already: nothing changes
    if current and current.agency_id == agency_id and not current.assigned_on:
        current = None  # the day of its assignment there recorded (a seed's lead held without it): no re-assignment
    elif current and current.agency_id == agency_id:
        # assigned there already: assigning it again would start its verification period (T1) again and drop its
        # extension, the lateness of the first period lost
        raise ValidationError({"agency_id": _(
            "The lead is assigned to {agency} since {since} already: its verification period (T1) runs from then. "
            "Re-assign it only to another bureau or office.").format(agency=get_agency(db, agency_id).name,
                                                                      since=current.assigned_on)})
    if current and current.assigned_on and day < current.assigned_on:
        raise ValidationError({"assigned_on": _("The lead was assigned to {agency} on {date}: it cannot be re-assigned "
                                                "before that day.").format(
            agency=get_agency(db, current.agency_id).name, date=current.assigned_on)})
    handed_down = _handed_down(db, lead, agency_id)  # the bureau to its own office: no 改派
    if current and not reason.strip() and not handed_down:
        raise ValidationError({"reason": reassign_summary(db, current) + _(
            " Say why it is re-assigned: the reason is kept with the lead's earlier assignment.")})
    # inside the 行政机关 holding it, or the one that received it (its T1 counted from the receipt): its T1 goes on
    if same_authority(db, lead["agency_id"], agency_id) or \
            _in_receiving_bureau(db, receiver, agency_id):
        due, late = _t1_late_days(db, lead, day)
        with db.atomic():
            after = _update(db, lead_id, {"agency_id": agency_id, "status": "assigned"},
                            "reassign" if current and not handed_down else "assign")
            _record_history(db, lead_id, ASSIGNED_WITHIN, day, "assign", reason=reason.strip(),
                            agency_id=lead["agency_id"], assigned_on=(current.assigned_on if current else "") or None,
                            due=due or None, late_days=late, to_agency_id=agency_id)
        return after
    changes = {"agency_id": agency_id, "assigned_on": day, "status": "assigned"}
    if lead["extension_days"] and (lead["extension_approved_on"] or "") < day:
        changes.update(extension_days=0, extension_approved_on=None, extension_approved_by="")
    if current is None:
        due, late = _t1_late_days(db, lead, day)  # the period counted from the receipt, before it restarts
        if not late:
            return _update(db, lead_id, changes, "assign")
        with db.atomic():
            after = _update(db, lead_id, changes, "assign")
            _record_history(db, lead_id, ASSIGNED_LATE, day, "assign", reason=reason.strip(),
                            agency_id=lead["agency_id"] or None, assigned_on=lead["assigned_on"] or None, due=due,
                            late_days=late, to_agency_id=agency_id)
        return after
    with db.atomic():
        after = _update(db, lead_id, changes, "reassign")
        _record_history(db, lead_id, REASSIGNED, day, "reassign", reason=reason.strip(), agency_id=current.agency_id,
                        assigned_on=current.assigned_on or None, due=current.due or None,
                        late_days=current.late_days, to_agency_id=agency_id)
    return after


def city_bureau_refusal(db: Database, agency_id: str) -> str | None:
    """Why no lead is assigned (交办) to ``agency_id`` (None when it may be): the city bureau assigns leads and is
    assigned none (the window does not offer it; its notice would be addressed to itself)."""
    from workstation.store import get_agency

    agency = get_agency(db, agency_id)
    if agency.level != "city":
        return None
    return _("{agency} is the city bureau: a lead is assigned (交办) to a district bureau or a town office. Choose "
             "one of them.").format(agency=agency.name)


#: ``restart_refusal``'s ``receiver``, ``assign_power_refusal``'s and ``offered_to_assign``'s ``bureau``, not given:
#: worked out there
_NOT_GIVEN = object()


def assigning_bureau(db: Database, assigner: str | None = None) -> str | None:
    """The bureau assigning (交办) a lead from this station (``assign_power_refusal``): that of ``assigner`` when the
    caller knows the agency assigning, else of the station's agency (``station_role.own_agency``: at headquarters the
    city bureau), read up to the bureau it is or is an office of (``numbering_owner``); None at a station of no
    agency."""
    from workstation.documents.numbering import numbering_owner
    from workstation.station_role import own_agency

    station = assigner or own_agency(db)
    if not station:
        return None
    return numbering_owner(db, station) or station


def assign_power_refusal(db: Database, agency_id: str, assigner: str | None = None, *,
                         bureau: str | None | object = _NOT_GIVEN) -> str | None:
    """Why this station does not assign (交办) a lead to ``agency_id`` (None when it may): a case is assigned only to a
    lower bureau (REFERENCE §2.1 No. 3, 案件交办通知书), so a station with an agency (``station_role.own_agency``: at
    headquarters the city bureau) assigns to the bureaus and offices under its bureau (a district bureau to its town
    offices, the city bureau to the district bureaus and their offices), and hands a lead inside its own bureau (to
    the bureau or one of its offices, ``same_authority``); a peer bureau, or an office of one, is refused, the path
    that works named: the bureau above both re-assigns the lead (改派), its hand-out bringing it there. None at a
    station of no agency. ``assigner``: the agency assigning when the caller knows it (``assign_lead``'s
    ``received_by``: the bureau that received the lead assigns it). ``bureau``: ``assigning_bureau`` when the caller
    has worked it out already (None included; ``assigner`` is then not read), as the window does once for the agencies
    it offers."""
    from workstation.documents.numbering import numbering_owner
    from workstation.store import get_agency

    if bureau is _NOT_GIVEN:
        bureau = assigning_bureau(db, assigner)
    if not bureau:
        return None
    if numbering_owner(db, agency_id) == bureau or bureau in agencies_above(db, agency_id):
        return None
    target = get_agency(db, agency_id).name
    said = _("{bureau} has no power to assign (本局无权交办) to {agency}: a lead is assigned (交办) only to a bureau or "
             "office under the assigning bureau, and {agency} is not under {bureau}.").format(
        bureau=get_agency(db, bureau).name, agency=target)
    # a matter of another bureau's jurisdiction goes to it by 移送 (SAMR rules art. 14), the lead handed over with the
    # letter (``hand_over_referred``); 改派 by the bureau above both is for a dispute over jurisdiction
    return join_sentences([said, _("If the matter is for {agency}, refer the lead to it with a 案件移送函 (移送…): "
                                   "the referral hands it the lead to be worked.").format(agency=target)])


def receiving_agency(db: Database, lead: dict, received_by: str | None = None) -> str | None:
    """The agency whose receipt of ``lead`` its T1 counts from (SAMR rules art. 18, REFERENCE §1.2 T1: from the day
    the 市场监督管理部门 received the materials), while it counts from it (no assignment, 交办, recorded:
    ``assigned_on``); None when it counts from an assignment, or when the lead came to no agency this installation
    knows. ``received_by``: the caller knows it (the demo's loader: its seed's leads came to the city bureau). Else
    the agency the lead records receiving it (``received_by``, m069: the station's agency when it was registered or
    screened, the city bureau at headquarters, ``receiver_here``), kept whatever the station's agency is now. Else
    (not recorded: a lead kept before m069 whose reasoning gave none then, or brought by a bundle of an older
    version) worked out as before (``_reasoned_receiver``)."""
    if lead["assigned_on"]:
        return None
    if received_by is not None:
        return received_by
    recorded = lead.get("received_by")
    if recorded is not None:
        return recorded or None
    return _reasoned_receiver(db, lead)


def receiver_here(db: Database) -> str | None:
    """The agency receiving a lead registered or screened here now, which the lead records (``received_by``): a
    station's own agency (``station_role.own_agency``); at headquarters the city bureau, which assigns the leads it
    receives down; None (not known: worked out later as ``receiving_agency`` does) at a station of no agency."""
    from workstation.station_role import at_headquarters, city_bureau, own_agency

    return (city_bureau(db) if at_headquarters(db) else own_agency(db)) or None


#: a station's lead whose creation is in the audit log headquarters received from it: that station's agency
_STATION_MADE = ("SELECT s.agency_id FROM station_audit a JOIN stations s ON s.id = a.station_id WHERE "
                 "a.entity = 'lead' AND a.action = 'create' AND a.entity_id = {lead} AND s.agency_id IS NOT NULL "
                 "ORDER BY a.seq LIMIT 1")
_MADE_HERE = "SELECT 1 FROM audit WHERE entity = 'lead' AND action = 'create' AND entity_id = {lead} LIMIT 1"


def _reasoned_receiver(db: Database, lead: dict) -> str | None:
    """The receiving agency of a lead that records none, as it was worked out before m069: at a station, its own
    agency (``own_agency``: it registers and screens the leads it holds); at headquarters, the agency of the station
    whose audit log records making the lead (``station_audit``, as m062 reads it), None for a lead made there
    (headquarters' own: the city bureau's, which assigns it down), else the agency holding it."""
    from workstation.station_role import at_headquarters, own_agency

    if not at_headquarters(db):
        return own_agency(db)
    row = db.execute(_STATION_MADE.format(lead="?"), [lead["id"]]).fetchone()
    if row:
        return row[0]
    made_here = db.execute(_MADE_HERE.format(lead="?"), [lead["id"]]).fetchone()
    # made here: headquarters' own; made by a station whose log did not reach headquarters: the agency holding it is
    # the best knowledge of who received it (its station registered or screened it there)
    return None if made_here else lead["agency_id"]


def back_fill_received_by(db: Database) -> None:
    """m069: give the leads that record no receiving agency, their T1 still counted from the receipt (no assignment
    to another bureau recorded), what ``_reasoned_receiver`` gives them: a station's own agency; at headquarters the
    city bureau for its own leads (which that reasoning left as None, the city bureau's), the station's agency for
    those a station's audit log records making. A lead of unknown origin at headquarters stays NULL: it is reasoned
    as before until the station's bundle brings what the station recorded. Not audited, ``updated_at`` kept.

    At a station, only the leads held by no agency or inside its own bureau (``numbering_owner``): one held by
    another bureau or its office, its T1 still counted from the receipt, was either received by a bureau this
    station worked for before (its agency changed since: that bureau received it) or registered here for that
    bureau (this station's agency received it) — which, nothing here tells, so it stays NULL (reasoned as before,
    not recorded wrongly for good: a copy that knows, headquarters', gives it with a bundle)."""
    from workstation.documents.numbering import numbering_owner
    from workstation.station_role import at_headquarters, city_bureau, own_agency

    open_receipt = "received_by IS NULL AND COALESCE(assigned_on, '') = ''"
    if not at_headquarters(db):
        if agency := own_agency(db):
            bureau = numbering_owner(db, agency) or agency
            holders = [row[0] for row in db.execute(f"SELECT DISTINCT agency_id FROM leads WHERE {open_receipt} "
                                                    "AND COALESCE(agency_id, '') != ''")]
            ours = [holder for holder in holders if holder == agency or numbering_owner(db, holder) == bureau]
            db.execute(f"UPDATE leads SET received_by = ? WHERE {open_receipt} AND (COALESCE(agency_id, '') = '' OR "
                       "agency_id IN (SELECT value FROM json_each(?)))", [agency, json.dumps(ours)])
        return
    made = _STATION_MADE.format(lead="leads.id")
    db.execute(f"UPDATE leads SET received_by = ({made}) WHERE {open_receipt} AND ({made}) IS NOT NULL")
    if city := city_bureau(db):
        db.execute(f"UPDATE leads SET received_by = ? WHERE {open_receipt} AND EXISTS "
                   f"({_MADE_HERE.format(lead='leads.id')})", [city])


def _in_receiving_bureau(db: Database, receiver: str | None, agency_id: str) -> bool:
    """Whether ``agency_id`` is the agency that received the lead (``receiving_agency``) or of its 行政机关."""
    return bool(receiver) and (agency_id == receiver or same_authority(db, receiver, agency_id))


def restart_refusal(db: Database, lead: dict, agency_id: str, received_by: str | None = None, *,
                    receiver: str | None | object = _NOT_GIVEN) -> str | None:
    """Why ``lead`` is not assigned (交办) to ``agency_id`` (None when it may be): the 行政机关 that received it
    (``receiving_agency``) assigning it to itself hands it to no one and would start its T1 again — extending it
    without the head's approval (REFERENCE §1.2: T1 counts from the receipt), whoever holds it now (edited since) and
    whoever assigns it (the window, `leads assign`, headquarters' hand-out). Refused: the agency holding it, and the
    receiving agency itself; an office of that bureau, or the bureau from its office, takes the lead inside it with
    its T1 kept (``assign_lead``, ``ASSIGNED_WITHIN``). ``receiver``: ``receiving_agency`` when the caller has
    worked it out already (None included)."""
    from workstation.store import get_agency

    if receiver is _NOT_GIVEN:
        receiver = receiving_agency(db, lead, received_by)
    if not _in_receiving_bureau(db, receiver, agency_id) or same_authority(db, lead["agency_id"], agency_id):
        return None
    if agency_id == lead["agency_id"]:
        return _("{agency} holds this lead already: its verification period (T1) counts from {date}, and assigning "
                 "the lead there would start it again. Decide the lead there, or assign it to another bureau or "
                 "office.").format(agency=get_agency(db, agency_id).name, date=t1_start(lead))
    if agency_id != receiver:
        return None  # an office of the receiving bureau: handed inside it, its T1 kept
    return _("{agency} received this lead: its verification period (T1) counts from {date}, and assigning the lead "
             "there would start it again. Hand it to one of its offices, correct the agency holding it (edit the "
             "lead), or assign it to another bureau or office.").format(agency=get_agency(db, agency_id).name,
                                                                          date=t1_start(lead))


def offered_to_assign(db: Database, lead: dict, agency_id: str, *,
                      bureau: str | None | object = _NOT_GIVEN) -> bool:
    """Whether the window offers to assign ``lead`` to ``agency_id``: not when ``assign_lead`` would refuse it for
    starting its T1 again (``restart_refusal``). Headquarters' 交办 (the city bureau's) of a lead it received itself
    is offered to any district bureau or office; a station's to the bureaus and offices under its bureau, and inside
    it (``assign_power_refusal``: never a peer bureau). ``bureau``: ``assigning_bureau`` when the caller has worked it
    out already (the window, once for all the agencies it offers)."""
    return restart_refusal(db, lead, agency_id) is None and \
        assign_power_refusal(db, agency_id, bureau=bureau) is None


def suspected_district(db: Database, lead: dict) -> str:
    """The district of the agencies ``lead`` (its row as stored, ``get_lead_row``) is suspected in: its ``district``
    (where screening places its complaints, ``screen_complaint``; one written short, 顺德, read as the district it
    names, ``district_named``, by the screening rules in force), '' when not known or none of the agencies' districts
    (an export's 所属区 kept as written: 市直属, 其他, another city's). Not the district the leads page lists it under
    (``store.leads.lead_district``: the holder's, for a lead registered by hand), which is no suspicion. What
    ``district_warning`` warns against and the window's choice starts on."""
    from workstation.masking import rules_in_force
    from workstation.screening.complaint import district_named
    from workstation.store.agencies import districts

    if not (written := lead.get("district") or ""):
        return ""
    district = district_named(written, rules_in_force())
    return district if district in districts(db) else ""


def district_warning(db: Database, lead: dict, agency_id: str) -> str:
    """What assigning ``lead`` (its row as stored, ``get_lead_row``) to ``agency_id`` is warned of (allowed all the
    same): an agency of another district than the lead's suspected one (``suspected_district``) — neither that
    district's bureau nor one of its town offices (REFERENCE §6.1), where the window's choice starts; '' when the
    lead's district is not known, is none of the agencies' districts or the agency is of it. The command line says it
    among its warnings, the window asks before assigning."""
    from workstation.store import get_agency

    if not (district := suspected_district(db, lead)):
        return ""
    agency = get_agency(db, agency_id)
    if agency.district == district:
        return ""
    return _("The lead's suspected district is {district}, but {agency} is not {district}'s bureau or one of its "
             "offices: check that the lead goes to the bureau competent where the conduct took place.").format(
        district=district, agency=agency.name)


def reassign_summary(db: Database, current: CurrentAssignment) -> str:
    """The lead's assignment a re-assignment replaces, in a sentence or two: the agency, since when, its T1 due
    date and, when passed, by how many working days."""
    from workstation.store import get_agency

    agency = get_agency(db, current.agency_id).name
    if current.assigned_on:
        text = _("The lead is assigned to {agency} since {date}; its verification period (T1) ends on {due}.").format(
            agency=agency, date=current.assigned_on, due=current.due or "—")
    else:  # assigned on a day not recorded (a seed's lead): its T1 counts from its receipt
        text = _("The lead is assigned to {agency}; its verification period (T1) ends on {due}.").format(
            agency=agency, due=current.due or "—")
    if current.late_days:
        text += ngettext(" It is {n} working day overdue: the lead's history keeps that this deadline was missed.",
                         " It is {n} working days overdue: the lead's history keeps that this deadline was missed.",
                         current.late_days).format(n=current.late_days)
    return text


def history_line(db: Database, entry: dict) -> str:
    """One earlier assignment of a lead as its history shows it: where, from when to when, its deadline met or
    missed, and why it was re-assigned."""
    if entry.get("late_days"):
        kept = ngettext("deadline {due} missed by {n} working day", "deadline {due} missed by {n} working days",
                        entry["late_days"]).format(due=entry.get("due") or "—", n=entry["late_days"])
    else:
        kept = _("deadline {due} not passed").format(due=entry.get("due") or "—")
    text = _("Assigned to {agency} on {date}, re-assigned to {to} on {until} ({kept}). Reason: {reason}") \
        if entry["assigned_on"] else _("Assigned to {agency}, re-assigned to {to} on {until} ({kept}). Reason: {reason}")
    return text.format(agency=_agency_name(db, entry["agency_id"]), date=entry["assigned_on"],
                       to=_agency_name(db, entry["to"]),
                       until=entry["until"], kept=kept, reason=entry.get("reason") or "—")


def t1_start(lead: dict) -> str:
    """The day the lead's T1 verification period counts from: its assignment (交办), else its receipt."""
    return lead["assigned_on"] or lead["received_at"][:10]


def t1_deadline(db: Database, lead: dict):
    """The lead's T1 verification period with its approved extension as the deadline board counts it (from its
    assignment, 交办, else its receipt): a ``clocks.Deadline``, ``confirmed`` False (日历待核实) when counted through a
    year without holiday data."""
    from workstation.clocks import engine_for, lead_deadline

    return lead_deadline(engine_for(db), lead["id"], lead["received_at"], lead["assigned_on"], lead["extension_days"],
                         lead["extension_approved_on"], lead["extension_approved_by"])


def t1_due(db: Database, lead: dict) -> str:
    """The last day of the lead's T1 verification period (``t1_deadline``)."""
    return t1_deadline(db, lead).due


def lead_extension_errors(db: Database, lead: dict, days: int, approved_on: str | None, approved_by: str, *,
                          correcting: bool = False) -> dict[str, str]:
    """Field errors of an approved extension of the lead's T1 ({} when valid), under the rules of clocks.toml's
    T1: the approver named, at most the extension limit, approved after the period began, not after today and
    not after the period ran out. The SAMR rules (art. 18, REFERENCE §1.2 T1) allow a single extension: a lead
    already extended is not extended again, only its recorded extension corrected (``correcting``)."""
    from workstation.clocks import rule

    clock = rule("T1")
    errors: dict[str, str] = {}
    if lead["status"] not in OPEN_STATUSES:
        errors["status"] = _("This lead was already decided ({status}).").format(status=decided_label(db, lead))
        return errors
    if lead["case_id"]:
        errors["status"] = _case_t1_text()
        return errors
    try:
        day = parse_date(approved_on)
    except ValueError as exc:
        errors["approved_on"] = str(exc)
        day = None
    if not day and "approved_on" not in errors:
        errors["approved_on"] = _("An extension needs the date it was approved.")
    if not approved_by.strip():
        errors["approved_by"] = _("Enter who approved the extension ({who}).").format(who=clock.extension_approval)
    if lead["extension_days"] and not correcting:
        errors["days"] = _("{clock} was already extended once, by {days} (approved on {date} by {who}); the rules "
                           "allow a single extension of at most {limit} ({approval}). If it was recorded wrongly, "
                           "correct the recorded extension.").format(
            clock=clock.id, days=clock.unit_text(lead["extension_days"]), date=lead["extension_approved_on"] or "—",
            who=lead["extension_approved_by"] or "—", limit=clock.unit_text(clock.extension_limit),
            approval=clock.extension_approval)
    elif days <= 0:
        errors["days"] = _("Enter by how many days the time limit is extended.")
    elif clock.extension_limit and days > clock.extension_limit:  # said of this extension, the lead's first
        errors["days"] = _("{clock} may be extended once, by at most {limit} ({approval}): {days} is more than "
                           "that. Enter {limit_days} or fewer.").format(
            days=clock.unit_text(days), clock=clock.id, limit=clock.unit_text(clock.extension_limit),
            approval=clock.extension_approval, limit_days=clock.extension_limit)
    if day and "approved_on" not in errors:
        start = t1_start(lead)
        if day > today():
            errors["approved_on"] = _("{date} is after today ({today}): record an event once it has happened.").format(
                date=day, today=today())
        elif day < start:
            errors["approved_on"] = _("{clock} started on {date}: an extension cannot be approved before that "
                                      "day.").format(clock=clock.id, date=start)
        else:
            late = _approved_after_t1(db, lead, day)
            if late is not None and not late[1]:  # said, not refused, when the count is unconfirmed
                errors["approved_on"] = _("The time limit ran out on {date}: an extension must be approved before "
                                          "then.").format(date=late[0])
    return errors


def _approved_after_t1(db: Database, lead: dict, day: str) -> tuple[str, str] | None:
    """When an extension approved on ``day`` comes after the last day of the lead's T1 as counted without an
    extension: (that last day, what is said of it instead of refusing it — ``clocks.unconfirmed_count_warning``,
    "" when it is refused: counted on known holidays, or ``day`` long after); None when it does not."""
    from workstation.clocks import engine_for, rule, unconfirmed_count_warning

    clock, start = rule("T1"), t1_start(lead)
    engine = engine_for(db, day)
    due = engine.add(clock.unit, engine.ordinal(start), clock.period)
    if engine.ordinal(day) <= due:
        return None
    end = dt.date.fromordinal(due)
    return end.isoformat(), unconfirmed_count_warning(db, dt.date.fromisoformat(start), end, clock.unit_text(),
                                                      on=dt.date.fromisoformat(day))


def lead_extension_warning(db: Database, lead: dict, approved_on: str | None) -> str:
    """What recording the extension of the lead's T1 approved on ``approved_on`` is told, not refused ("" when
    nothing): approved after the last day of T1 as counted through a year without holiday data, but so shortly
    after that the year's holidays may move that day past it (``lead_extension_errors`` refuses it otherwise)."""
    from workstation.store.clock_events import late_extension_warning

    try:
        day = parse_date(approved_on)
    except ValueError:
        return ""
    if not day or lead["status"] not in OPEN_STATUSES or lead["case_id"] or not t1_start(lead) <= day <= today():
        return ""
    late = _approved_after_t1(db, lead, day)
    return late_extension_warning("T1", day, *late) if late is not None and late[1] else ""


def extend_lead(db: Database, lead_id: str, days: int, approved_on: str | None, approved_by: str, *,
                correct: bool = False) -> dict:
    """Record the approved extension of the lead's 15-working-day verification period (T1: by the head of the
    bureau, at most clocks.toml's limit). The rules allow one extension: a lead already extended is refused
    unless ``correct`` is given, which replaces the recorded extension as a correction (audited as such).
    Audited; the lead's deadline, the deadline board and the statistics count it, and so does the case filed
    from the lead."""
    lead = get_lead_row(db, lead_id)
    correcting = correct and bool(lead["extension_days"])
    errors = lead_extension_errors(db, lead, days, approved_on, approved_by, correcting=correcting)
    if "status" in errors:
        raise TransitionRefused(errors["status"])
    if errors:
        raise ValidationError(errors)
    return _update(db, lead_id, {"extension_days": days, "extension_approved_on": parse_date(approved_on),
                                 "extension_approved_by": approved_by.strip()},
                   "correct_extension" if correcting else "extend")


def _day(value: str | None, field: str) -> str:
    try:
        return parse_date(value) or today()
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from None


def _not_future(day: str, field: str) -> None:
    if day > today():
        raise ValidationError({field: _("{date} has not come yet: pick today or an earlier day.").format(date=day)})


def decided_refusal(db: Database | None, lead: dict) -> str:
    """Why ``lead``, decided, cannot be decided (or filed) again: its decision, and for one not filed on its own (not
    with a case, ``withdrawal_refusal``) how that decision is withdrawn first — in the window (撤销不予立案 on the
    线索 page), as the command line has no command for it."""
    said = _("This lead was already decided ({status}).").format(status=decided_label(db, lead))
    if lead["status"] != "not_filed" or lead["case_id"]:
        return said
    from workstation.errors import join_sentences

    return join_sentences([said, _("To decide it anew, withdraw that decision first: {action} on the {page} page "
                                   "(the command line has no command for it).").format(
        action=_("Withdraw not filing"), page=_("Leads"))])


def decision_refusal(lead: dict, case: Case | None = None, decision: str = "", *,
                     db: Database | None = None) -> str | None:
    """Why ``lead`` cannot be decided (None when it can): it was decided already, or a case was opened for it —
    the lead is then decided with that case (``case``: the case deciding it, ``settle_lead``) —, or, with ``db`` and
    no ``case``, its decision or assignment is in open conflict with a station's copy, to be settled first
    (``lead_conflict_refusal``). Its referral (``decision`` "refer", with its 案件移送函) is taken while that case
    awaits filing: it settles the case (``_refer_pending_case``). With ``db``, a lead decided on the spot is said to
    be so (``decided_label``)."""
    if lead["status"] not in OPEN_STATUSES:
        return decided_refusal(db, lead)
    if lead["case_id"] and case is None and decision != "refer":
        return _("A case was opened for this lead: the lead is decided when that case is filed or not filed (open "
                 "the case).")
    if db is not None and case is None:  # its decision in conflict with a station's: settled first
        return lead_conflict_refusal(db, lead)
    return None


def lead_conflict_refusal(db: Database, lead: dict) -> str | None:
    """Why ``lead`` is not decided nor assigned here now (None when it may be): its decision or assignment is in
    open conflict with another station's copy (``bundle.merge.LEAD_DECISION_UNIT``), named with the ids of those
    conflicts (as `bundle conflicts` lists them). Settling them decides which copy stands; a decision or assignment
    made before would stand beside the other copy's, or be replaced by it without a word when the station's value
    is taken."""
    from workstation.bundle.merge import LEAD_DECISION_UNIT, _station_named

    rows = db.execute(f"SELECT id, station_id FROM conflicts WHERE tbl = 'leads' AND record_id = ? AND status = 'open' "
                      f"AND field IN ({', '.join('?' * len(LEAD_DECISION_UNIT))}) ORDER BY detected_at, field",
                      [lead["id"], *LEAD_DECISION_UNIT]).fetchall()
    if not rows:
        return None
    stations = "、".join(dict.fromkeys(_station_named(db, row[1]) for row in rows))
    return _("This lead's decision and assignment are in conflict with the copy of {station} (open conflicts: "
             "{ids}): settle them first (on the Exchange page's Conflicts tab, or `bundle resolve ID --keep-local` "
             "or `--take-incoming`), then decide or assign the lead if it still needs it.").format(
        station=stations, ids="、".join(row[0] for row in rows))


def others_lead_condition(db: Database) -> tuple[str, list]:
    """An SQL condition on ``leads`` (and its parameters) true at a station of the leads held there that are another
    agency's: assigned outside the station's agency and the offices under it, as a bundle of headquarters brought
    them (a lead headquarters re-assigned, 改派, after handing it to this station: its next hand-out carries the
    re-assignment), or as this station's referral made them (a lead handed over to another agency with its
    案件移送函, ``hand_over_referred``: linked by ``referred_from``, held by that agency from the start, before any
    hand-out brings it back). The station neither decides them nor counts their verification period (T1); "0" at
    headquarters, which decides any lead, and at a station without an agency."""
    from workstation.clocks import data_dir_of
    from workstation.station_role import installation_role, own_agency
    from workstation.store.agencies import AGENCY_AND_OFFICES

    data_dir = data_dir_of(db)
    if data_dir is not None and installation_role(db, data_dir).headquarters:
        return "0", []
    station = own_agency(db)
    if not station:
        return "0", []
    return (f"(agency_id IS NOT NULL AND agency_id NOT IN ({AGENCY_AND_OFFICES}) AND (referred_from IS NOT NULL OR "
            "id IN (SELECT record_id FROM sync_versions WHERE tbl = 'leads' AND station_id IN (SELECT id FROM "
            "stations WHERE role != 'self'))))", [station, station])


def others_lead_refusal(db: Database, lead: dict) -> str | None:
    """Why this station does not decide ``lead`` (a row of leads, as ``get_lead_row`` reads it; one without its
    ``referred_from`` is told as re-assigned) (None when it may): it is another agency's now
    (``others_lead_condition``), re-assigned there by headquarters or handed over by this station's referral."""
    condition, params = others_lead_condition(db)
    if condition == "0" or db.execute(f"SELECT 1 FROM leads WHERE id = ? AND {condition}",
                                      [lead["id"], *params]).fetchone() is None:
        return None
    agency = _agency_name(db, lead["agency_id"])
    if referred := lead.get("referred_from"):  # this station's referral handed it over (``hand_over_referred``)
        return _("This lead was handed over to {agency} by the referral of lead {lead}: it is that agency's to "
                 "decide and work, not this station's.").format(agency=agency, lead=referred)
    return _("This lead is assigned to {agency} (re-assigned by headquarters): it is that agency's to decide, not "
             "this station's.").format(agency=agency)


def not_filing_refusal(db: Database, lead: dict) -> str | None:
    """Why ``lead`` is not decided not to file here (None when it may be): no bureau could approve and issue its
    不予立案审批表 (``issuing_agency``: a lead none holds, at a station with no agency), and a lead not filed is not
    assigned any more — it is assigned (交办) first, as its referral is (``check_lead_issue``)."""
    if issuing_agency(db, lead, "non_filing_approval") is not None:
        return None
    return _("Assign (交办) the lead to a bureau or office first: its 不予立案审批表 carries that bureau's name, and a "
             "lead not filed cannot be assigned any more.")


def decide_lead(db: Database, lead_id: str, decision: str, *, on: str | None = None, reason: str = "",
                referred_to: str = "", case: Case | None = None, expected: dict | None = None) -> dict:
    """Record the decision on a lead: ``file`` (with the case created for it: ``case``), ``not_file`` (a reason
    is required; refused while no bureau could issue its 不予立案审批表, ``not_filing_refusal``) or ``refer`` (the
    agency it goes to is required). A lead whose case awaits filing (立案中) is referred with that case, recorded as
    not filed here (``_refer_pending_case``).

    ``expected``: the lead as the window asking it showed it (``shown_state``); refused (``LeadChanged``) when it is
    no longer so, checked in the transaction that decides — a lead re-assigned meanwhile is not decided on the
    assignment the officer saw."""
    return _checked(db, expected, _decide_lead, lead_id, decision, on, reason, referred_to, case)


def _decide_lead(db: Database, lead_id: str, decision: str, on: str | None, reason: str, referred_to: str,
                 case: Case | None, expected: dict | None) -> dict:
    lead = _lead_as_expected(db, lead_id, expected)
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose file, not file or refer.")})
    refusal = decision_refusal(lead, case, decision, db=db) or (others_lead_refusal(db, lead) if case is None else None)
    if refusal:
        raise TransitionRefused(refusal)
    day = _day(on, "decided_on")
    if day < (lead["assigned_on"] or lead["received_at"][:10]):
        raise ValidationError({"decided_on": _("The decision cannot come before the lead was received or assigned "
                                               "({date}).").format(date=lead["assigned_on"] or lead["received_at"][:10])})
    if decision == "not_file":
        _not_future(day, "decided_on")
    if decision == "not_file" and not reason.strip():
        raise ValidationError({"decision_reason": _("Say why the lead is not filed (e.g. no violation found, "
                                                    "not within our jurisdiction).")})
    if decision == "refer" and not referred_to.strip():
        raise ValidationError({"referred_to": _("Name the agency the lead is referred to.")})
    if decision == "not_file" and case is None and (refusal := not_filing_refusal(db, lead)):
        raise TransitionRefused(refusal)  # its 不予立案审批表 of no bureau: assigned first
    if decision == "refer" and lead["case_id"] and case is None:  # 立案中: referred with the case it settles
        return _refer_pending_case(db, lead, day, referred_to.strip())
    status = DECISION_STATUS[decision]
    changes = {"decision": decision, "decided_on": day, "decision_reason": reason.strip(),
               "referred_to": referred_to.strip(), "status": status}
    if not lead["agency_id"] and (holder := station_holder(db)):
        changes["agency_id"] = holder  # decided by a station of its own: counted under its agency and district
    if decision == "file":
        if case is None:
            raise ValidationError({"case": _("Filing a lead needs the case created for it.")})
        changes["case_id"] = case.id
    if decision != "refer":
        return _update(db, lead_id, changes, "decide")
    from workstation.documents.jurisdiction import referred_agency

    receiver = referred_agency(db, referred_to.strip())
    changes["referred_agency_id"] = receiver.id if receiver is not None else None
    with db.atomic():
        after = _update(db, lead_id, changes, "decide")
        if receiver is not None:  # an agency of the register: handed the matter to work (程序规定 art. 14)
            hand_over_referred(db, after, receiver.id, day)
    return after


#: where a lead handed over by another bureau's referral came from (``hand_over_referred``)
REFERRED_SOURCE = "transfer"
#: the columns of a referred lead its hand-over copy takes as they are: what the matter is and whom it is about
_HANDED_OVER = ("description", "target_party_id", "target_name", "target_phone", "sector", "phones", "businesses",
                "category", "district", "complainant_phone", "reporter_name", "reporter_address",
                "reporter_named_by_number", "first_at", "last_at")
#: the columns of the reporter, left blank in the copy of a lead whose reporter is none of the receiver's: a work
#: order's caller is answered by its channel (``HOTLINE_SOURCES``), an inspection (监督检查) has none; copied as
#: source 其他部门移送, such a caller would be a named reporter there (T24, ``clocks.NAMED_REPORTER``)
_REPORTER_COPIED = ("complainant_phone", "reporter_name", "reporter_address", "reporter_named_by_number")


def handed_over_copy(db: Database, lead_id: str) -> dict | None:
    """The lead made for another agency by the referral of ``lead_id`` (``hand_over_referred``), the latest; None
    when none stands."""
    return fetch_dict(db, "SELECT * FROM leads WHERE referred_from = ? ORDER BY created_at DESC, id DESC LIMIT 1",
                      [lead_id])


def copy_taken_back(db: Database, copy: dict) -> bool:
    """Whether the copy ``copy`` a referral made (``hand_over_referred``) is taken back when the referral is withdrawn
    (its letter voided) or made to another agency: still undecided, nothing recorded of it (no document, interview,
    complaint nor history), and never gone out in a bundle — no version of it shared with another station
    (``sync_base``, ``sync_versions``: an export keeps the versions it sent). Else it stays with its agency."""
    if copy["decided_on"] or copy["status"] not in OPEN_STATUSES:
        return False
    return db.execute(
        "SELECT 1 FROM sync_base WHERE tbl = 'leads' AND record_id = ?1 UNION ALL SELECT 1 FROM sync_versions "
        "WHERE tbl = 'leads' AND record_id = ?1 UNION ALL SELECT 1 FROM documents WHERE lead_id = ?1 UNION ALL "
        "SELECT 1 FROM interviews WHERE lead_id = ?1 UNION ALL SELECT 1 FROM complaints WHERE lead_id = ?1 "
        "UNION ALL SELECT 1 FROM lead_history WHERE lead_id = ?1 LIMIT 1", [copy["id"]]).fetchone() is None


def _take_back_copy(db: Database, copy: dict) -> None:
    """Delete the copy ``copy`` (``copy_taken_back``), audited as a lead deleted (the deletion travels)."""
    db.execute("DELETE FROM leads WHERE id = ?", [copy["id"]])
    writer = AuditWriter(db)
    writer.add("delete", "lead", copy["id"], copy, None)
    writer.flush()


def _agency_name(db: Database, agency_id: str | None) -> str:
    from workstation.store import get_agency

    try:
        return get_agency(db, agency_id).name if agency_id else "—"
    except NotFound:
        return agency_id or "—"


def _same_receiver(db: Database, held: str | None, agency_id: str) -> bool:
    """Whether a copy held by ``held`` is with the agency ``agency_id`` a referral names: that agency, or one of its
    offices it gave the lead to since."""
    return bool(held) and (held == agency_id or agency_id in agencies_above(db, held))


def standing_copy_refusal(db: Database, lead: dict, agency_id: str | None) -> str | None:
    """Why ``lead`` is not referred to ``agency_id`` (None for a body outside the register) now (None when it may
    be): the copy an earlier referral handed another agency stands there (not taken back: ``copy_taken_back``), the
    matter that agency's — referring it elsewhere would make it counted and worked twice."""
    copy = handed_over_copy(db, lead["id"])
    if copy is None or (agency_id and _same_receiver(db, copy["agency_id"], agency_id)) or \
            copy_taken_back(db, copy):
        return None
    return _("An earlier referral handed this lead to {agency}, and its copy stays with it (decided there, or gone "
             "out in a bundle): the matter is {agency}'s. It is not referred elsewhere from here; {agency} refers it "
             "on if it is not its own.").format(agency=_agency_name(db, copy["agency_id"]))


def hand_over_referred(db: Database, lead: dict, agency_id: str, day: str) -> dict:
    """The lead ``agency_id`` (an agency of the register) is handed by the referral of ``lead`` to it on ``day``
    (inside the transaction recording it, ``_decide_lead``): a new lead held by that agency, received that day,
    source 其他部门移送, undecided, what the matter is and whom it is about copied (``_HANDED_OVER``; not the reporter
    of a work order or an inspection, ``_REPORTER_COPIED``), linked to ``lead`` (``referred_from``), audited. Its
    ``first_at``/``last_at`` are the original's when known, else its day received, so that the figures count the
    matter in the period it was received (``stats.LEAD_DAY``), not the one it was referred in; its T1 runs from the
    day it was received there. Its agency's station gets it as it gets a lead headquarters assigned
    there: this station's bundle brings it headquarters, whose hand-out brings it that station; the figures count
    it in the referred lead's stead (``stats.HANDED_OVER_LEAD``). The work orders stay with ``lead`` (each counted
    once). A copy standing from an earlier referral (one withdrawn, its letter voided, and made again): the one
    returned when it is with the same agency (decided there or not: the matter is that agency's already); taken
    back and made anew for another agency when it may be (``copy_taken_back``), else refused
    (``standing_copy_refusal``)."""
    from workstation.records import new_id

    earlier = handed_over_copy(db, lead["id"])
    if earlier is not None and _same_receiver(db, earlier["agency_id"], agency_id):
        return earlier
    if earlier is not None:
        if refusal := standing_copy_refusal(db, lead, agency_id):
            raise TransitionRefused(refusal)
        _take_back_copy(db, earlier)
    stamp = now()
    copied = {column: lead[column] for column in _HANDED_OVER if column in lead}
    if lead.get("source") in (*HOTLINE_SOURCES, "inspection"):
        for column in _REPORTER_COPIED:
            copied.pop(column, None)  # the column's default: none
    original_day = lead["received_at"]
    copied["first_at"] = min(lead.get("first_at") or original_day, original_day)
    copied["last_at"] = lead.get("last_at") or original_day
    row = {**copied,
           "id": new_id(), "source": REFERRED_SOURCE, "received_at": day, "agency_id": agency_id,
           "received_by": agency_id, "status": "registered", "referred_from": lead["id"], "created_at": stamp,
           "updated_at": stamp}
    columns = ", ".join(row)
    db.execute(f"INSERT INTO leads ({columns}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    made = get_lead_row(db, row["id"])
    writer = AuditWriter(db)
    writer.add("refer_hand_over", "lead", made["id"], None, made)
    writer.flush()
    return made


def _decided_after_t1(db: Database, lead: dict, day: str) -> tuple[str, int] | None:
    """(the last day of the lead's T1, ``t1_due``, and how many working days after it ``day`` is, as the lead's
    history counts a late assignment, ``_t1_late_days``: 0 for a rest day right after it) when ``day`` is after it;
    None when it is not (or T1 has no end)."""
    if not day:
        return None
    due, days = _t1_late_days(db, lead, day[:10])
    if not due or day[:10] <= due:
        return None
    return due, days


def late_decision_warning(db: Database, lead: dict, decision: str, on: str | None = None) -> str:
    """What deciding ``lead`` (``not_file`` or ``refer``: its 案件移送函 issued) on ``on`` (default today) is told,
    not refused, when the lead's verification period (T1, 《市场监督管理行政处罚程序规定》第十八条) ended before that
    day: its last day and how many working days after it the decision comes (on a rest day right after it: late all
    the same), as ``concluding.late_filing_warnings`` tells a case's; "" when in time, or when the lead is decided
    with its case (that case's steps say it)."""
    if lead["status"] not in OPEN_STATUSES or lead["case_id"]:
        return ""
    try:
        day = parse_date(on) or today()
    except ValueError:
        return ""
    late = _decided_after_t1(db, lead, day)
    if late is None:
        return ""
    if late[1]:
        over = ngettext("{n} working day", "{n} working days", late[1]).format(n=late[1])
        text = _("The lead's verification period (T1) ended on {due}: referring it on {date} comes {over} after it "
                 "(《市场监督管理行政处罚程序规定》第十八条). If an extension approved before then is not recorded yet, "
                 "record it first; otherwise the referral is recorded all the same, and the lead keeps that it was "
                 "made late.") \
            if decision == "refer" else \
            _("The lead's verification period (T1) ended on {due}: deciding not to file it on {date} comes {over} "
              "after it (《市场监督管理行政处罚程序规定》第十八条). If an extension approved before then is not recorded "
              "yet, record it first; otherwise the decision is recorded all the same, and the lead keeps that it was "
              "made late.")
    else:  # a rest day right after its end: no working day after it, late all the same
        over = ""
        text = _("The lead's verification period (T1) ended on {due}: referring it on {date}, a rest day after it, "
                 "comes late all the same (《市场监督管理行政处罚程序规定》第十八条). If an extension approved before then "
                 "is not recorded yet, record it first; otherwise the referral is recorded all the same, and the lead "
                 "keeps that it was made late.") \
            if decision == "refer" else \
            _("The lead's verification period (T1) ended on {due}: deciding not to file it on {date}, a rest day "
              "after it, comes late all the same (《市场监督管理行政处罚程序规定》第十八条). If an extension approved "
              "before then is not recorded yet, record it first; otherwise the decision is recorded all the same, "
              "and the lead keeps that it was made late.")
    text = text.format(due=late[0], date=day, over=over)
    note = _unconfirmed_t1_note(db, lead, day)  # its end counted without that year's holidays: it may move
    return f"{text} {note}" if note else text


def police_referral_warning(receiver: str) -> str:
    """What referring a lead to ``receiver`` with a 案件移送函 (不属于本局管辖) is told, not refused, when it is a police
    authority (its name holds 公安): a suspected crime is not referred so, but filed, investigated and transferred to
    the police with a 涉嫌犯罪案件移送书 (REFERENCE §1.1; transfer rules art. 3). "" for another agency."""
    if "公安" not in receiver:
        return ""
    return _("{agency} is a police authority: the 案件移送函 refers the lead as not within this bureau's jurisdiction "
             "(不属于本局管辖). A suspected crime is not referred so: the case is filed, investigated and transferred "
             "to the police with a 涉嫌犯罪案件移送书 (“{transfer}”; transfer rules art. 3).").format(
        agency=receiver.strip(), transfer=shown_label("transitions", "transfer_to_police"))


def late_decision_line(db: Database, lead: dict) -> str:
    """What the lead's pane says of a decision not to file or a referral made after the lead's T1 had ended (逾期作出
    决定, with that last day), "" for one made in time — or decided with its case, whose deadlines keep it. A last
    day counted through a year without holiday data says so (``_unconfirmed_t1_note``): the verdict may change."""
    from workstation.errors import join_sentences

    if lead["status"] not in ("not_filed", "referred") or lead["case_id"] or not lead["decided_on"]:
        return ""
    late = _decided_after_t1(db, lead, lead["decided_on"])
    if late is None:
        return ""
    if late[1]:
        text = _("Decided late: the verification period (T1) ended on {due}, {over} before the decision.").format(
            due=late[0], over=ngettext("{n} working day", "{n} working days", late[1]).format(n=late[1]))
    else:
        text = _("Decided late: the verification period (T1) ended on {due}; the decision came on a rest day after "
                 "it.").format(due=late[0])
    # its end counted without that year's holidays: it may move, and the verdict with it
    return join_sentences([text, _unconfirmed_t1_note(db, lead, lead["decided_on"])])


def late_told_warning(db: Database, lead: dict, on: str | None) -> str:
    """What recording the reporter of ``lead`` told on ``on`` is told, not refused, when it comes after the lead's
    T24 (5 working days from its decision to file or not, 投诉举报处理暂行办法 art. 31; counted on the data folder's
    calendar, ``clocks.reporter_deadline``) had ended (逾期告知): that last day and how many working days after it
    ``on`` is (on a rest day right after it: late all the same), its end said unconfirmed when counted through a
    year without holiday data; "" when in time, for a lead with no decision to tell, or a day not readable."""
    from workstation.clocks import engine_for, reporter_deadline

    if lead["decision"] not in ("file", "not_file") or not lead["decided_on"]:
        return ""
    try:
        day = parse_date(on)
    except ValueError:
        return ""
    deadline = reporter_deadline(engine_for(db), lead["id"], lead["decided_on"], None)
    due = deadline.due
    if not day or not due or day <= due:
        return ""
    shown_due = due + ("" if deadline.confirmed else _(" (calendar unconfirmed)"))
    if over := workdays_over(db, due, day):
        return _("Told late: the reporter was to be told by {due} (T24); {date} is {over} after it.").format(
            due=shown_due, date=day, over=ngettext("{n} working day", "{n} working days", over).format(n=over))
    return _("Told late: the reporter was to be told by {due} (T24); {date} is a rest day after it, late all the "
             "same.").format(due=shown_due, date=day)


def late_told_line(db: Database, lead: dict) -> str:
    """What the lead's pane (and `leads told`) keeps of a reporter recorded told after T24 had ended
    (``late_told_warning`` of the day recorded), "" when told in time or not told."""
    return late_told_warning(db, lead, lead["reporter_told_on"]) if lead["reporter_told_on"] else ""


def overdue_t1_line(db: Database, lead: dict, due: str, on: str | None = None, *, confirmed: bool = True) -> str:
    """What the lead's pane says of an open lead whose T1 ended on ``due`` (its last day as the list counts it: a
    lead being filed, 立案中, its case's) before ``on`` (default today) without a decision whether to file: by how
    many working days (``workdays_over``, ``on`` counted as a decision made that day would be), or that ``on`` is a
    rest day after it. A last day counted through a year without holiday data (``confirmed`` False, as the list
    counted ``due``) is cautioned once: the note of ``_unconfirmed_t1_note`` (the lead's own T1, not that of a case
    opened for it) when it has one, else that the day is to be checked; "" when not past it."""
    from workstation.errors import join_sentences

    day = on or today()
    if lead["status"] not in OPEN_STATUSES or not due or day <= due:
        return ""
    over = workdays_over(db, due, day)
    text = _("Overdue by {over}: whether to file was to be decided by {due} (T1).").format(
        over=ngettext("{n} working day", "{n} working days", over).format(n=over), due=due) if over else \
        _("Overdue: whether to file was to be decided by {due} (T1); {day} is a rest day after it.").format(
            due=due, day=day[:10])
    note = "" if lead["case_id"] else _unconfirmed_t1_note(db, lead, day)
    if not note and not confirmed:
        note = _("That day is counted through a year without holiday data: check it against the State Council's "
                 "holiday notice.")
    return join_sentences([text, note])


def withdrawal_refusal(db: Database, lead: dict) -> str | None:
    """Why the decision not to file ``lead`` cannot be withdrawn here (None when it can): the lead is not 不予立案,
    or it was not filed with the case opened for it (that case's 不予立案 decides it, and the case depends on it)."""
    if lead["status"] != "not_filed":
        return _("The lead is {status}: only a decision not to file a lead can be withdrawn.").format(
            status=decided_label(db, lead))
    if lead["case_id"]:
        from workstation.store.cases import get_case

        try:
            linked = get_case(db, lead["case_id"])
            number = case_named(linked.case_number, linked.party_names, linked.cause)
        except NotFound:
            number = "—"
        return _("The lead was not filed with the case opened for it ({number}): that decision is the case's, and "
                 "is not withdrawn from the lead.").format(number=number)
    return None


def reopened_status(lead: dict) -> str:
    """The status a decided lead goes back to when its decision is withdrawn: assigned when it had been assigned
    (its ``assigned_on``: the holding agency, ``agency_id``, is no assignment), else registered."""
    return "assigned" if lead["assigned_on"] else "registered"


def _reopened(lead: dict) -> dict:
    """The changes that put a decided lead back to its state before the decision (``reopened_status``)."""
    return {"status": reopened_status(lead), "decision": "", "decided_on": None, "decision_reason": "",
            "referred_to": "", "referred_agency_id": None, "reporter_told_on": None, "reporter_told_how": ""}


def withdrawn_approvals(db: Database, lead: dict) -> list:
    """The lead's 不予立案审批表 in force (issued, not voided), oldest first: the approval of the decision not to file
    that withdrawing it (``withdraw_not_filing``) voids with it."""
    return [d for d in lead_documents(db, lead["id"]) if d.form_id == "non_filing_approval" and d.status == "issued"]


def withdraw_not_filing(db: Database, lead_id: str, reason: str, on: str | None = None, *,
                        expected: dict | None = None) -> dict:
    """Withdraw the decision not to file a lead (撤销不予立案): the lead goes back to the state it had before —
    assigned when it had been assigned, else registered — its decision, its reason and the day its reporter was told
    of it (T24) cleared, so that its verification period (T1) counts again as it did (from its assignment, else its
    receipt, with its approved extension: it may be overdue). ``reason`` is required. The decision withdrawn, its
    reason and why it was withdrawn are kept in the lead's history (``withdrawal_history``) and the audit. The
    不予立案审批表 that approved it (``withdrawn_approvals``) is voided in the same transaction, with the reason,
    audited: it no longer stands, so a new decision not to file is approved on a new one, and a case opened from the
    lead later holds none in force. Refused, with nothing changed, as ``withdrawal_refusal`` says (or as voiding
    that approval is refused).

    ``expected``: the lead as the window asking it showed it (``shown_state``); refused (``LeadChanged``) when it is
    no longer so, checked in the transaction that withdraws — a newer decision is never withdrawn for one confirmed."""
    return _checked(db, expected, _withdraw_not_filing, lead_id, reason, on)


def _withdraw_not_filing(db: Database, lead_id: str, reason: str, on: str | None, expected: dict | None) -> dict:
    lead = _lead_as_expected(db, lead_id, expected)
    refusal = withdrawal_refusal(db, lead)
    if refusal:
        raise TransitionRefused(refusal)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the decision not to file the lead is withdrawn: the reason is "
                                           "kept in the lead's history.")})
    day = _day(on, "withdrawn_on")
    _not_future(day, "withdrawn_on")
    if lead["decided_on"] and day < lead["decided_on"]:
        raise ValidationError({"withdrawn_on": _("The decision was made on {date}: it cannot be withdrawn before "
                                                 "that day.").format(date=lead["decided_on"])})
    approvals = withdrawn_approvals(db, lead)
    with db.atomic():
        after = _update(db, lead_id, _reopened(lead), "withdraw_not_filing")
        _record_history(db, lead_id, NOT_FILING_WITHDRAWN, day, "withdraw_not_filing", reason=reason.strip(),
                        decided_on=lead["decided_on"] or None, decision_reason=lead["decision_reason"] or "")
        if approvals:
            from workstation.documents.issuing import void_document

            for approval in approvals:
                void_document(db, approval.id, _("Decision not to file withdrawn: {reason}").format(
                    reason=reason.strip()))
    return after


def withdrawal_history(db: Database, lead_id: str) -> list[dict]:
    """The withdrawn decisions not to file the lead (its history's), oldest first, each as {decided_on,
    decision_reason, withdrawn_on, reason, by}; [] when none was."""
    return [{"decided_on": r["decided_on"] or "", "decision_reason": r["decision_reason"], "withdrawn_on": r["on_date"],
             "reason": r["reason"], "by": r["actor"]} for r in lead_history(db, lead_id, NOT_FILING_WITHDRAWN)]


TRANSFER_LETTER = "case_transfer_letter"


def _referral_letter(db: Database, lead: dict) -> bool:
    """Whether the lead's referral was recorded by a 案件移送函 of its (``issue_lead_document``): one issued since
    its last referral withdrawn, dated the day it was referred and addressed to the agency it was referred to. A lead
    referred without a letter (earlier versions) is not."""
    since = max((row["at"] for row in lead_history(db, lead["id"], REFERRAL_WITHDRAWN)), default="")
    from workstation.documents.issuing import get_document

    for (document_id,) in db.execute("SELECT id FROM documents WHERE lead_id = ? AND form_id = ? AND issued_at > ?",
                                     [lead["id"], TRANSFER_LETTER, since]).fetchall():
        document = get_document(db, document_id)
        day = str(document.values.get("issued_on") or document.issued_at)[:10]
        if day == lead["decided_on"] and str(document.values.get("receiver") or "").strip() == lead["referred_to"]:
            return True
    return False


def voided_referral(db: Database, document) -> dict | None:
    """The lead (its row) whose referral voiding ``document`` withdraws, None when it withdraws none: a 案件移送函 in
    force of a lead referred by its letter (``_referral_letter``), with no other 案件移送函 of the lead in force — nor
    a correction of it — once it is voided. A letter superseded by a corrected one, or voided beside a further letter
    in force, leaves the lead referred."""
    from workstation.documents.issuing import correction_of

    if document.form_id != TRANSFER_LETTER or not document.lead_id or document.status != "issued":
        return None
    lead = get_lead_row(db, document.lead_id)
    if lead["status"] != "referred" or lead["case_id"] or correction_of(db, document) is not None:
        return None
    if db.execute("SELECT 1 FROM documents WHERE lead_id = ? AND form_id = ? AND status = 'issued' AND id != ?",
                  [lead["id"], TRANSFER_LETTER, document.id]).fetchone():
        return None
    return lead if _referral_letter(db, lead) else None


def referral_letter_void_refusal(db: Database, document, for_command_line: bool = False) -> str | None:
    """Why the 案件移送函 ``document`` cannot be voided: the referral of the lead its case was opened from was recorded
    by the case's 不予立案 (``refer_with_case``), and no other 案件移送函 of the case or its lead would stay in force —
    the lead would stand referred (已移送) with no letter, which voiding it does not withdraw (``voided_referral``: a
    lead with a case). The way out: undo that step first (撤销上一步; ``for_command_line``: `cases transition CASE
    undo`), which puts the lead back, then void it. None when it can be voided."""
    if document.form_id != TRANSFER_LETTER or document.status != "issued":
        return None
    case_id = document.case_id or (get_lead_row(db, document.lead_id)["case_id"] if document.lead_id else None)
    if not case_id:
        return None
    from workstation.documents.issuing import document_name, in_force_of_form
    from workstation.store.cases import get_case

    case = get_case(db, case_id)
    lead = fetch_dict(db, "SELECT * FROM leads WHERE case_id = ? AND status = 'referred' AND decision = 'refer' "
                          "ORDER BY received_at LIMIT 1", [case_id])
    if lead is None or case.status != "not_filed":
        return None
    in_force = in_force_of_form(db, case_id, TRANSFER_LETTER)
    if document.id not in [d.id for d in in_force]:  # corrected already
        return None
    if any(d.id != document.id and str(d.values.get("receiver") or "").strip() == lead["referred_to"]
           for d in in_force):  # another letter to the agency the lead was referred to stays in force
        return None
    undo = _("cases transition {case} undo --reason TEXT").format(case=case_id) if for_command_line \
        else _("Undo last step… in the case")
    return _("{document} cannot be voided: the case's “{step}” of {date} recorded with it the lead's referral to "
             "{agency}, and the lead would stay referred with no 案件移送函 in force. Undo that step first "
             "(撤销上一步: {undo}), which puts the lead back as it was; then void the letter.").format(
        document=document_name(document), step=shown_label("transitions", "decline_filing"),
        date=lead["decided_on"] or "—", agency=lead["referred_to"] or "—", undo=undo)


def voided_report_notice(db: Database, document) -> dict | None:
    """The lead (its row) whose record of the reporter told (T24) voiding ``document`` clears, None when it clears
    none: a 举报处理结果告知书 in force of the lead's decision as it stands (issued since its last decision withdrawn),
    not corrected by another, with no other one of that decision in force, while the reporter is recorded told by
    letter on or after the letter's date — the letter voided is the one that told. A record by phone or SMS, or of
    a day before the letter, was not made by it and stays."""
    from workstation.documents.issuing import correction_of

    if document.form_id != REPORT_NOTICE or not document.lead_id or document.status != "issued":
        return None
    lead = get_lead_row(db, document.lead_id)
    day = str(document.values.get("issued_on") or document.issued_at)[:10]
    if not lead["reporter_told_on"] or lead["reporter_told_how"] != "letter" or lead["reporter_told_on"] < day:
        return None
    since = max((row["at"] for kind in (NOT_FILING_WITHDRAWN, REFERRAL_WITHDRAWN)
                 for row in lead_history(db, lead["id"], kind)), default="")
    if document.issued_at <= since or correction_of(db, document) is not None:  # another decision's; corrected
        return None
    if any(d.id != document.id for d in _in_force_since(db, lead["id"], REPORT_NOTICE, NOT_FILING_WITHDRAWN,
                                                        REFERRAL_WITHDRAWN)):
        return None
    return lead


def void_effects(db: Database, document) -> list[str]:
    """What voiding the lead's ``document`` changes on the lead, as sentences for the officer (``issuing.
    void_consequences``): the lead reopened when it withdraws its referral (``voided_referral``), and what becomes
    of the lead that referral handed another agency (``copy_taken_back``: removed, or staying there); the record of
    the reporter told cleared when it was made by the 举报处理结果告知书 voided (``voided_report_notice``), T24
    running again; [] otherwise."""
    told = voided_report_notice(db, document)
    if told is not None:
        from workstation.clocks import engine_for, reporter_deadline

        due = reporter_deadline(engine_for(db), told["id"], told["decided_on"], None).due
        return [_("The reporter is no longer recorded as told: the record of {date} by letter is cleared (kept in "
                  "the lead's history), and T24 counts again from the decision of {decided} (due {due}) until the "
                  "corrected letter is recorded as sent.").format(date=told["reporter_told_on"],
                                                                 decided=told["decided_on"], due=due or "—")]
    lead = voided_referral(db, document)
    if lead is None:
        return []
    said = [_("The lead is reopened: its referral to {agency} on {date} is withdrawn (kept in the lead's history), "
              "and it is {status} again, its verification period (T1) counting as before.").format(
        agency=lead["referred_to"] or "—", date=lead["decided_on"] or "—",
        status=shown_label("lead_statuses", reopened_status(lead)))]
    copy = handed_over_copy(db, lead["id"])  # what becomes of the lead the referral handed over
    if copy is not None and copy_taken_back(db, copy):
        said.append(_("The lead the referral handed to {agency} is removed: it was undecided and had not gone out "
                      "in a bundle.").format(agency=_agency_name(db, copy["agency_id"])))
    elif copy is not None:
        said.append(_("The lead the referral handed to {agency} stays with {agency} (decided there, or gone out in "
                      "a bundle): the matter is counted as that agency's, and this lead cannot be referred to "
                      "another agency from here.").format(agency=_agency_name(db, copy["agency_id"])))
    return said


def follow_voided_document(db: Database, document, reason: str) -> dict | None:
    """Follow the void of the lead's ``document`` (inside ``void_document``'s transaction; ``document`` as it was
    before): a 案件移送函 that withdraws the lead's referral (``voided_referral``) reopens the lead to its state
    before it (``reopened_status``: its T1 running again as before), the referral kept in its history
    (``referral_history``) with the void's reason, audited; a 举报处理结果告知书 that told the reporter
    (``voided_report_notice``) clears the record of the reporter told (T24 runs again), the record kept in its
    history (``reporter_told_history``) with the void's reason, audited. Returns the lead changed, None when
    nothing changed."""
    told = voided_report_notice(db, document)
    if told is not None:
        with db.atomic():
            after = _update(db, told["id"], {"reporter_told_on": None, "reporter_told_how": ""}, "void_reporter_told")
            _record_history(db, told["id"], REPORTER_TOLD_CLEARED, today(), "void_reporter_told",
                            reason=reason.strip(), decided_on=told["reporter_told_on"],
                            decision_reason=told["reporter_told_how"])
        return after
    lead = voided_referral(db, document)
    if lead is None:
        return None
    with db.atomic():
        after = _update(db, lead["id"], _reopened(lead), "void_referral")
        _record_history(db, lead["id"], REFERRAL_WITHDRAWN, today(), "void_referral", reason=reason.strip(),
                        decided_on=lead["decided_on"] or None, decision_reason=lead["referred_to"] or "")
        # the lead its referral handed another agency: taken back while it may be, else it stays with that agency
        # (``void_effects`` says which), still counted in the original's stead (``stats.HANDED_OVER_LEAD``)
        copy = handed_over_copy(db, lead["id"])
        if copy is not None and copy_taken_back(db, copy):
            _take_back_copy(db, copy)
    return after


def _refer_pending_case(db: Database, lead: dict, day: str, referred_to: str) -> dict:
    """The referral of ``lead`` whose case awaits filing (立案中), on ``day`` to ``referred_to``: recorded by the
    case's 不予立案 with the lead's 案件移送函 in force (``issue_lead_document`` issues it first, in the same
    transaction), which refers the lead with it (``procedure.pending_referral``, ``refer_with_case``) — T1 met that
    day, the case out of 待立案. Refused as that step is refused, or without such a letter to ``referred_to``.
    Returns the lead as stored after it."""
    from workstation import procedure
    from workstation.store.cases import get_case

    case = get_case(db, lead["case_id"])
    referral = procedure.pending_referral(db, case)
    if referral is not None and referral.receiver != referred_to:
        raise TransitionRefused(_("A case was opened for this lead, and its 案件移送函 {number} in force sends it to "
                                  "{agency}: the lead is referred there with that letter, or the letter is voided "
                                  "first.").format(number=referral.number or "—", agency=referral.receiver))
    if referral is None:
        raise TransitionRefused(_("A case was opened for this lead: the lead is referred to {agency} with a "
                                  "案件移送函 addressed there, issued from the lead or from its case, which records "
                                  "the case as not filed here.").format(agency=referred_to))
    procedure.apply(db, case.id, "decline_filing", on_date=day)
    return get_lead_row(db, lead["id"])


def open_lead_of_case(db: Database, case_id: str) -> dict | None:
    """The open lead (登记 or 已交办, not yet decided) the case was opened from, the earliest received; None when it has
    none (``settle_lead``, ``refer_with_case``)."""
    return fetch_dict(db, "SELECT * FROM leads WHERE case_id = ? AND status IN ('registered', 'assigned') "
                          "ORDER BY received_at LIMIT 1", [case_id])


def refer_with_case(db: Database, case: Case, on: str, referred_to: str) -> dict | None:
    """Refer the open lead ``case`` was opened from to ``referred_to`` on ``on``, as the case's 不予立案 with a
    案件移送函 in force records its referral (``procedure.pending_referral``; called within that step): the lead
    referred (已移送), not declined, its case kept; None when the case has no open lead."""
    lead = open_lead_of_case(db, case.id)
    if lead is None:
        return None
    return decide_lead(db, lead["id"], "refer", on=on, referred_to=referred_to, case=case)


def referral_history(db: Database, lead_id: str) -> list[dict]:
    """The referrals of the lead withdrawn with their letter (its history's), oldest first, each as {decided_on,
    referred_to, withdrawn_on, reason, by}; [] when none was."""
    return [{"decided_on": r["decided_on"] or "", "referred_to": r["decision_reason"], "withdrawn_on": r["on_date"],
             "reason": r["reason"], "by": r["actor"]} for r in lead_history(db, lead_id, REFERRAL_WITHDRAWN)]


def referral_line(entry: dict) -> str:
    """A referral withdrawn as the lead's history shows it (a sentence: ending with its full stop)."""
    return _("Referred to {agency} on {decided}; the referral was withdrawn on {date}, its transfer letter voided. "
             "Reason: {why}").format(agency=entry.get("referred_to") or "—", decided=entry.get("decided_on") or "—",
                                     date=entry.get("withdrawn_on") or "—",
                                     why=full_stop(entry.get("reason") or "") or "—")


#: what ends a sentence already (``full_stop`` adds none after it), and the closing quotes and brackets after which
#: it may stand (他说“别再打了！”)
SENTENCE_ENDS = ("。", "！", "？", "；", "…", ".", "!", "?", ";")
CLOSING_MARKS = "”’」』）)\"'"


def full_stop(text: str, chinese: bool | None = None) -> str:
    """An officer's reason or description as the end of a sentence: its own closing punctuation kept (not
    doubled), else a full stop added. In a Chinese sentence — ``chinese``, by default when the window is in Chinese
    or the text writes Chinese — that is 。 whatever the last character (a date, a number, a Latin letter), and an
    ASCII '.' ending it becomes 。 (2026-09-18. → 2026-09-18。) unless it is the dot of an abbreviation after a Latin
    letter (Co., Ltd.), which ends it as it is; in English (Latin text in an English window) it is '.'."""
    text = text.rstrip()
    if not text:
        return text
    if chinese is None:
        chinese = language() != "en" or any("\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
                                            or "\uff01" <= ch <= "\uff5e" for ch in text)  # or its full-width marks
    if chinese and text.endswith(".") and not text.endswith("..") and not (
            len(text) > 1 and text[-2].isascii() and text[-2].isalpha()):
        return text[:-1] + "。"
    if text.rstrip(CLOSING_MARKS).endswith(SENTENCE_ENDS):
        return text
    return text + ("。" if chinese else ".")


def withdrawal_line(entry: dict) -> str:
    """A withdrawn decision not to file as the lead's history shows it: when it was made and why, when and why it
    was withdrawn (a sentence: ending with its full stop)."""
    return _("Not filed on {decided} ({reason}); that decision was withdrawn on {date}. Reason: {why}").format(
        decided=entry.get("decided_on") or "—", reason=entry.get("decision_reason") or "—",
        date=entry.get("withdrawn_on") or "—", why=full_stop(entry.get("reason") or "") or "—")


#: how a named reporter was told the decision on a lead (T24): the stored key and its label
REPORTER_TOLD_HOW = {"phone": N_("phone"), "letter": N_("letter"), "sms": N_("SMS")}


def lead_was(lead: dict, db: Database | None = None) -> str:
    """What became of ``lead``, as a refusal opens: "The lead has been filed as a case" (该线索已立案), or, for one
    settled with a penalty decided on the spot (``decided_label``; looked up with ``db``), that it was."""
    if lead["status"] == "filed" and lead.get("case_id") and decided_label(db, lead) == _(ON_THE_SPOT_LABEL):
        return _("The lead was settled by a penalty decided on the spot")
    return {"registered": _("The lead is registered"), "assigned": _("The lead has been assigned"),
            "filed": _("The lead has been filed as a case"), "not_filed": _("The lead has been declined"),
            "referred": _("The lead has been referred")}.get(lead["status"]) or \
        shown_label("lead_statuses", lead["status"])


#: the sources of a lead whose caller is answered by the channel it came through, not by this bureau: a work order
#: of the 12345 hotline, the 12315 platform or the consumer council (REFERENCE §6.2) — its caller's number, typed
#: with it, makes it no named report to this bureau (实名举报: T24, the 举报处理结果告知书); ``clocks.NAMED_REPORTER``
#: leaves out the same sources, and the inspection ones (监督检查), which have no reporter at all
HOTLINE_SOURCES = ("12345", "12315", "consumer_council")


def hotline_reporter_warning(source: str, phone: str | None) -> str | None:
    """What registering a lead of ``source`` with the caller's number ``phone`` is warned of (None when nothing): a
    hotline or council work order (``HOTLINE_SOURCES``) is answered by that channel to its caller, so the number
    kept with it makes no named report here — no T24, no 举报处理结果告知书."""
    if source not in HOTLINE_SOURCES or not str(phone or "").strip():
        return None
    return _("A work order of {source} is answered to its caller through that channel: the number is kept as the "
             "caller's, but the lead is no named report to this bureau, so it has no deadline to tell the reporter "
             "(T24) and no 举报处理结果告知书. If the caller reported to this bureau directly, register it with the "
             "source {report}.").format(source=shown_label("lead_sources", source),
                                        report=shown_label("lead_sources", "report"))


#: what a lead records of its reporter (m016, m056): a named report has the name and one of the others
REPORTER_FIELDS = ("reporter_name", "complainant_phone", "reporter_address")


def named_reporter(lead: dict) -> bool:
    """Whether the reporter of ``lead`` (a lead's row, or the fields typed for one) is named (实名举报, 暂行办法 art.
    31), as far as what was recorded with it says: the reporter's name with a way to reach them — a phone or a
    postal address (a letter, 来信, often gives no number), as the lead dialog says. A number alone, with no name,
    makes no named report: no T24, no 举报处理结果告知书. The source is not looked at (``_reporter_applies_refusal``);
    A report stored with a number and no name before the name was needed (m058: ``reporter_named_by_number``) stays
    named as it was while it holds the number.
    ``clocks.NAMED_REPORTER`` is the same test in SQL (the deadline board), so that the board and the page agree."""
    def given(field: str) -> bool:
        return bool(str(lead.get(field) or "").strip())

    if lead.get("reporter_named_by_number") and given("complainant_phone"):
        return True
    return given("reporter_name") and (given("complainant_phone") or given("reporter_address"))


def _not_named_reason(lead: dict) -> str:
    """What a lead whose reporter is not named (``named_reporter``) lacks, as a refusal opens it."""
    if str(lead.get("reporter_name") or "").strip():
        return _("Only the reporter's name was recorded with this lead, with no phone or address to reach them: it "
                 "is not a named report (实名举报)")
    if str(lead.get("complainant_phone") or "").strip() or str(lead.get("reporter_address") or "").strip():
        return _("Only the reporter's phone or address was recorded with this lead, not their name: it is not a "
                 "named report (实名举报)")
    return _("No reporter's name with a phone or an address was recorded with this lead: it is not a named report "
             "(实名举报)")


def _declined_refusal(lead: dict, what: str) -> str | None:
    """Why the reporter of ``lead`` is not told (``what``: the telling refused) because they asked not to be: None
    when they did not."""
    if not lead.get("reporter_declined_on"):
        return None
    return _("The reporter asked on {date} not to be told of the outcome ({reason}): {what}").format(
        date=lead["reporter_declined_on"], reason=lead.get("reporter_declined_reason") or "—", what=what)


def _reporter_applies_refusal(lead: dict) -> str | None:
    """Why ``lead`` has no reporter to tell of its decision (T24) at all (None when it has one): told or not."""
    if lead["source"] == "inspection":
        return _("The lead was found in this bureau's own supervision and inspection (监督检查), not reported: it "
                 "has no reporter to tell (T24).")
    if lead["status"] in OPEN_STATUSES:
        return _("The lead is not decided yet: its reporter is told once it is filed or not filed.")
    if lead["decision"] not in ("file", "not_file"):
        return _("{lead_was}: its reporter is told of a decision to file or not to file it (T24), and there was "
                 "none.").format(lead_was=lead_was(lead))
    if lead["source"] in HOTLINE_SOURCES:  # the channel answers its caller, however much of them was typed
        return _("The lead is a work order of {source}, which answers its caller through its own channel: it is not "
                 "a named report to this bureau, so there is no reporter to tell (T24).").format(
            source=shown_label("lead_sources", lead["source"]))
    if not named_reporter(lead):
        return _("{not_named}, so there is nobody to tell (T24).").format(not_named=_not_named_reason(lead))
    return None


def reporter_refusal(lead: dict) -> str | None:
    """Why the reporter of ``lead`` is not told its decision here (None when the reporter may be told): T24 is the
    named reporter's of a lead filed or not filed, told once (a record made wrongly is corrected:
    ``reporter_correction_refusal``)."""
    if refusal := _reporter_applies_refusal(lead):
        return refusal
    if lead["reporter_told_on"]:
        return _("The reporter was already told on {date}.").format(date=lead["reporter_told_on"])
    return _declined_refusal(lead, _("T24 does not apply, and there is nobody to record as told."))


def reporter_correction_refusal(lead: dict) -> str | None:
    """Why the record of the reporter of ``lead`` told cannot be corrected (None when it can): it has no reporter
    to tell (``reporter_refusal``), or nothing was recorded yet."""
    if refusal := _reporter_applies_refusal(lead):
        return refusal
    if not lead["reporter_told_on"]:
        return _("The reporter is not recorded as told yet: there is nothing to correct; record the day the reporter "
                 "was told.")
    return None


def report_notice_refusal(lead: dict) -> str | None:
    """Why ``lead`` has no 举报处理结果告知书 (None when it may have one): the letter tells a named reporter (实名举报:
    a name with a phone or an address: ``named_reporter``) what was decided — the lead filed, not filed
    or referred; not one whose reporter asked not to be told (``reporter_declined_on``). A lead this bureau
    found itself (监督检查) has no reporter, whatever number was typed with it; the complainants of a lead of hotline
    and council complaints are answered through those channels, and the letter goes to the reporter registered with
    the lead only, never to one of its complainants picked by the workstation."""
    if lead["source"] == "inspection":
        return _("The lead was found in this bureau's own supervision and inspection (监督检查), not reported: there "
                 "is no reporter to send the 举报处理结果告知书 to.")
    if lead["status"] in OPEN_STATUSES:
        return _("The lead is not decided yet: the 举报处理结果告知书 tells the reporter whether it was filed, not "
                 "filed or referred, once that is decided.")
    if lead["complaint_count"] and not any(str(lead.get(field) or "").strip() for field in REPORTER_FIELDS):
        return _("No reporter was registered with this lead: its complaints came through the hotline or the "
                 "consumer council, which answer their complainants, so there is nobody to send the 举报处理结果告知书 "
                 "to.")
    if lead["source"] in HOTLINE_SOURCES:  # the channel answers its caller, however much of them was typed
        return _("The lead is a work order of {source}, which answers its caller through its own channel: it is not "
                 "a named report to this bureau, so there is nobody to send the 举报处理结果告知书 to.").format(
            source=shown_label("lead_sources", lead["source"]))
    if not named_reporter(lead):
        return _("{not_named}, so there is nobody to send the 举报处理结果告知书 to.").format(
            not_named=_not_named_reason(lead))
    return _declined_refusal(lead, _("no 举报处理结果告知书 is sent."))


def report_notice_issued_refusal(db: Database, lead: dict) -> str | None:
    """Why a further 举报处理结果告知书 cannot be issued for ``lead`` (None when it can): one issued (not voided) since
    the lead was last decided already told its reporter that decision. The reporter is told once of a decision
    (T24); a letter issued before a decision not to file was withdrawn (or a referral, with its letter voided) told
    the withdrawn decision, and the decision made again is told by a new one. Drafts are not refused."""
    from workstation.documents.issuing import document_name

    letters = _in_force_since(db, lead["id"], REPORT_NOTICE, NOT_FILING_WITHDRAWN, REFERRAL_WITHDRAWN)
    if not letters:
        return None
    named = "、".join(_("{document} (issued {date})").format(document=document_name(d), date=d.issued_at[:10])
                      for d in letters)
    return _("{documents} already told the reporter of this lead's decision, and a reporter is told of a decision "
             "once. If it must not stand, void it first, saying why.").format(documents=named)


def _in_force_since(db: Database, lead_id: str, form_id: str, *kinds: str) -> list:
    """The lead's documents of ``form_id`` issued (not voided) since the last step of its history of one of
    ``kinds`` was recorded (all of them without one), oldest first: those of the lead as that step left it."""
    from workstation.documents.issuing import get_document

    since = max((row["at"] for kind in kinds for row in lead_history(db, lead_id, kind)), default="")
    return [get_document(db, r[0]) for r in db.execute(
        "SELECT id FROM documents WHERE lead_id = ? AND form_id = ? AND status = 'issued' AND issued_at > ? "
        "ORDER BY issued_at, rowid", [lead_id, form_id, since])]


def notice_in_force_refusal(db: Database, lead: dict) -> str | None:
    """Why a further 案件交办通知书 cannot be issued for ``lead`` (None when it can): one issued (not voided) since
    the lead was last re-assigned already hands its assignment over, under a 交 number of its own; a second would
    take another number for the same assignment. A re-assignment (改派) is a new assignment, with a notice of its
    own. Drafts are not refused."""
    from workstation.documents.issuing import document_name
    from workstation.store import get_agency

    notices = _in_force_since(db, lead["id"], "assignment_notice", REASSIGNED)
    if not notices:
        return None
    notice = notices[-1]
    return _("{document}, dated {date}, already hands this lead's assignment to {agency} over: an assignment has "
             "one 案件交办通知书. If it is wrong, void it first, saying why, then issue the new one.").format(
        document=document_name(notice), date=str(notice.values.get("issued_on") or notice.issued_at)[:10],
        agency=get_agency(db, lead["agency_id"]).name)


def case_report_notice_refusal(db: Database, case: Case) -> str:
    """Why the 举报处理结果告知书 is not written from ``case``: it is the lead's letter — the lead holds the
    reporter's number, its decision and whether the reporter was told (T24) —, so a case names the lead it was
    filed from and how to open it, or says it has none."""
    number = case_named(case.case_number, case.party_names, case.cause)
    lead = case_lead(db, case.id)
    if lead is None:
        return _("Case {case} was not filed from a lead, so it has no reporter to tell: the 举报处理结果告知书 is "
                 "written from a lead (the {leads} page, or `docs render LEAD_ID --form report_result_notice`)."
                 ).format(case=number, leads=_("Leads"))
    return _("The 举报处理结果告知书 is written from the lead, which holds the reporter's number and records the "
             "reporter told: case {case} was filed from lead {lead} (received {date}). Open that lead on the {leads} "
             "page, or run `docs render {lead} --form report_result_notice` (`docs issue` to issue it).").format(
        case=number, lead=lead["id"], date=(lead["received_at"] or "")[:10], leads=_("Leads"))


def reporter_told_errors(lead: dict, on: str | None, how: str = "") -> dict[str, str]:
    """Field errors of the day and the way the reporter of ``lead`` was told ({} when valid): a day given, not
    after today, not before the decision; a way of ``REPORTER_TOLD_HOW`` or none."""
    errors: dict[str, str] = {}
    try:
        day = parse_date(on)
    except ValueError as exc:
        errors["reporter_told_on"] = str(exc)
        day = None
    if not day and not errors:
        errors["reporter_told_on"] = _("Enter the day the reporter was told, such as 2026-10-12.")
    elif day and day > today():
        errors["reporter_told_on"] = _("{date} is after today ({today}): record it once the reporter was "
                                       "told.").format(date=day, today=today())
    elif day and lead["decided_on"] and day < lead["decided_on"]:
        errors["reporter_told_on"] = _("{date} is before the decision on the lead ({decided}): the reporter is "
                                       "told of a decision made.").format(date=day, decided=lead["decided_on"])
    if how not in ("", *REPORTER_TOLD_HOW):
        errors["reporter_told_how"] = _("{how} is not a way of telling the reporter: write phone, letter or "
                                        "sms.").format(how=how)
    return errors


def reporter_correction_errors(lead: dict, on: str | None, how: str, reason: str) -> dict[str, str]:
    """Field errors of a correction of the record of the reporter told ({} when valid): the day and way as a new
    record's (``reporter_told_errors``), and a reason, kept in the lead's history."""
    errors = reporter_told_errors(lead, on, how)
    if not str(reason or "").strip():
        errors["reason"] = _("Say why the record of the reporter told is corrected: the reason is kept in the "
                             "lead's history.")
    return errors


def tell_reporter(db: Database, lead_id: str, on: str | None, how: str = "", *, correct: bool = False,
                  reason: str = "") -> dict:
    """Record the day the named reporter of a lead filed or not filed was told the decision (T24, met by it) and
    how (``REPORTER_TOLD_HOW``, '' when not said): not before the decision, not after today. The reporter is told
    once: a lead recorded told already is refused unless ``correct`` is given, which replaces the record as a
    correction — ``reason`` required, the record replaced kept with it in the lead's history
    (``reporter_told_history``), audited as ``correct_reporter_told``; the same day and way change nothing.
    Audited; refused, with nothing changed, as ``reporter_refusal`` (``reporter_correction_refusal``) and
    ``reporter_told_errors`` (``reporter_correction_errors``) say."""
    lead = get_lead_row(db, lead_id)
    correcting = correct and bool(lead["reporter_told_on"])
    refusal = reporter_correction_refusal(lead) if correcting else reporter_refusal(lead)
    if refusal:
        raise TransitionRefused(refusal)
    errors = reporter_correction_errors(lead, on, how, reason) if correcting else reporter_told_errors(lead, on, how)
    if errors:
        raise ValidationError(errors)
    changes = {"reporter_told_on": parse_date(on), "reporter_told_how": how}
    if not correcting:
        return _update(db, lead_id, changes, "tell_reporter")
    if (changes["reporter_told_on"], how) == (lead["reporter_told_on"], lead["reporter_told_how"]):
        return lead
    with db.atomic():
        after = _update(db, lead_id, changes, "correct_reporter_told")
        _record_history(db, lead_id, REPORTER_TOLD_CORRECTED, today(), "correct_reporter_told", reason=reason.strip(),
                        decided_on=lead["reporter_told_on"], decision_reason=lead["reporter_told_how"])
    return after


def reporter_declined_refusal(lead: dict) -> str | None:
    """Why it cannot be recorded that the reporter of ``lead`` asked not to be told of the outcome (None when it
    can): the lead has no named reporter (this bureau's inspection, a hotline work order, no name with a phone or an
    address), the reporter was told already, or the wish is recorded already. A lead not decided yet may have it
    recorded: a letter may say so from the start."""
    if lead["source"] == "inspection":
        return _("The lead was found in this bureau's own supervision and inspection (监督检查), not reported: it "
                 "has no reporter to tell (T24).")
    if lead["source"] in HOTLINE_SOURCES:
        return _("The lead is a work order of {source}, which answers its caller through its own channel: it is not "
                 "a named report to this bureau, so there is no reporter to tell (T24).").format(
            source=shown_label("lead_sources", lead["source"]))
    if not named_reporter(lead):
        return _("{not_named}, so there is nobody to tell (T24).").format(not_named=_not_named_reason(lead))
    if lead["reporter_told_on"]:
        return _("The reporter was already told on {date}.").format(date=lead["reporter_told_on"])
    if lead.get("reporter_declined_on"):
        return _("The reporter's wish not to be told was already recorded on {date}.").format(
            date=lead["reporter_declined_on"])
    return None


def reporter_declined_errors(lead: dict, on: str | None, reason: str) -> dict[str, str]:
    """Field errors of the record that the reporter of ``lead`` asked not to be told ({} when valid): the day they
    said so, not after today nor before the lead was received, and what they said (the reason, kept)."""
    errors: dict[str, str] = {}
    try:
        day = parse_date(on)
    except ValueError as exc:
        errors["reporter_declined_on"] = str(exc)
        day = None
    received = (lead["received_at"] or "")[:10]
    if not day and not errors:
        errors["reporter_declined_on"] = _("Enter the day the reporter asked not to be told, such as 2026-10-12.")
    elif day and day > today():
        errors["reporter_declined_on"] = _("{date} is after today ({today}): record it once the reporter said "
                                           "so.").format(date=day, today=today())
    elif day and received and day < received:
        errors["reporter_declined_on"] = _("{date} is before the lead was received ({received}).").format(
            date=day, received=received)
    if not str(reason or "").strip():
        errors["reporter_declined_reason"] = _("Say how the reporter asked not to be told (a call, a line in the "
                                               "letter …): it is kept with the lead in place of telling them.")
    return errors


def record_reporter_declined(db: Database, lead_id: str, on: str | None, reason: str) -> dict:
    """Record that the named reporter of a lead asked on ``on`` not to be told of its outcome, with ``reason`` (how
    they said it): T24 then does not apply — not overdue, not on the board — and no 举报处理结果告知书 is written.
    Audited as ``reporter_declined``; refused, nothing changed, as ``reporter_declined_refusal`` and
    ``reporter_declined_errors`` say."""
    lead = get_lead_row(db, lead_id)
    if refusal := reporter_declined_refusal(lead):
        raise TransitionRefused(refusal)
    if errors := reporter_declined_errors(lead, on, reason):
        raise ValidationError(errors)
    return _update(db, lead_id, {"reporter_declined_on": parse_date(on), "reporter_declined_reason":
                                 " ".join(str(reason).split())}, "reporter_declined")


def reporter_told_history(db: Database, lead_id: str) -> list[dict]:
    """The records of the reporter told that were corrected or cleared with their letter voided (the lead's
    history), oldest first, each as {told_on, how, on, reason, by, cleared}; [] when none was."""
    rows = lead_history(db, lead_id, REPORTER_TOLD_CORRECTED) + lead_history(db, lead_id, REPORTER_TOLD_CLEARED)
    rows.sort(key=lambda r: (r["on_date"], r["at"], r["id"]))
    return [{"told_on": r["decided_on"] or "", "how": r["decision_reason"], "on": r["on_date"], "reason": r["reason"],
             "by": r["actor"], "cleared": r["kind"] == REPORTER_TOLD_CLEARED} for r in rows]


def reporter_told_line(entry: dict) -> str:
    """A record of the reporter told corrected or cleared, as the lead's history shows it (a sentence)."""
    how = REPORTER_TOLD_HOW.get(entry.get("how") or "")
    told = _("{date} ({how})").format(date=entry.get("told_on") or "—", how=_(how)) if how else (
        entry.get("told_on") or "—")
    why = full_stop(entry.get("reason") or "") or "—"
    if entry.get("cleared"):
        return _("Recorded as told the reporter on {told}; the record was cleared on {date}, its letter voided. "
                 "Reason: {why}").format(told=told, date=entry.get("on") or "—", why=why)
    return _("Recorded as told the reporter on {told}; the record was corrected on {date}. Reason: {why}").format(
        told=told, date=entry.get("on") or "—", why=why)


def names_no_party(lead: dict) -> bool:
    """Whether the lead names nobody its case could be against: no business, no number and no party registered
    with it (complaints naming neither): its case needs the party from the officer (``file_case_from_lead``)."""
    return not (business_of(lead) or (lead["phones"] or "").strip() or (lead["target_phone"] or "").strip()
                or lead["target_party_id"])


def file_case_from_lead(db: Database, lead_id: str, *, agency_id: str | None = None, sector: str | None = None,
                        officer_ids: list[str] | None = None, party_id: str | None = None,
                        expected: dict | None = None) -> Case:
    """Open the case of a lead: a party for the business behind it (found by name, else created of the kind its name
    tells, ``inferred_party_kind``; the unidentified user of a number as a natural person, which the created event's
    note says), the case in
    'pending filing' with the lead's description and, as the day its materials were received (the start of T1),
    the day it was assigned (交办) to the agency, else its receipt — the day the deadline board and the
    statistics count the lead's T1 from, so that the case's clock goes on where the lead's stopped; the
    complaints linked through the lead; its violation types those the screening rules map the lead's category to
    (none: the officer chooses them); as its officer the signed-in officer when of the receiving agency or its
    district bureau (``proposed_officers``). The officer then files it through the procedure (two certified
    officers): the lead stays open, shown 立案中 (``lead_state``), its T1 running in the case, and is decided when
    the case is filed or not filed (``settle_lead``). ``party_id``: the party the officer named for it, which a
    lead naming no business, no number and no party (``names_no_party``) requires — none is invented: without it
    the case is refused, naming what is missing. Its 案由 as ``case_cause`` words it.

    ``expected``: the lead as the window asking it showed it (``shown_state``); refused (``LeadChanged``) when it is
    no longer so, checked in the transaction that opens the case — a lead re-assigned meanwhile gets no case under
    the agency the officer saw."""
    # immediate, not atomic: the outermost transaction commits the case number taken; ``immediate`` syncs that
    # commit to the disk (synchronous FULL), which a savepoint inside an atomic one would leave to the -wal
    return _checked(db, expected, _file_case_from_lead, lead_id, agency_id, sector, officer_ids, party_id,
                    transaction=immediate)


def _file_case_from_lead(db: Database, lead_id: str, agency_id: str | None, sector: str | None,
                         officer_ids: list[str] | None, party_id: str | None, expected: dict | None) -> Case:
    from workstation.store.cases import create_case
    from workstation.store.parties import inferred_party_kind, party_codes, party_named, save_party
    from workstation.validators import normalize_phone

    lead = _lead_as_expected(db, lead_id, expected)
    if lead["status"] not in OPEN_STATUSES:
        raise TransitionRefused(decided_refusal(db, lead))
    if lead["case_id"]:
        raise TransitionRefused(_("A case was already opened for this lead: open it to file it."))
    refusal = others_lead_refusal(db, lead) or lead_conflict_refusal(db, lead)
    if refusal:
        raise TransitionRefused(refusal)
    holder = None if lead["agency_id"] else station_holder(db)  # a station's lead of none: its own agency's
    agency = agency_id or lead["agency_id"] or holder
    if not agency:  # a state to change, not a value to correct: said without a field's name
        raise WorkstationError(_("Assign the lead to a bureau or office first."))
    given = None
    if party_id:
        given = db.execute("SELECT id, name, kind FROM parties WHERE id = ?", [party_id]).fetchone()
        if given is None:
            raise ValidationError({"party": _("The party chosen is no longer stored: choose or enter it again.")})
    elif names_no_party(lead):
        raise ValidationError({"party": _("The lead names no business and no telephone number, so the party of its "
                                          "case is not known: enter the party (name and kind) to open the case.")})
    # 骚扰电话: calls, which the law of messages alone does not reach
    violations, conditions = map(list, category_law(db, lead))
    officers = officer_ids if officer_ids is not None else proposed_officers(db, agency)
    name = given[1] if given else target_of(lead)
    phone = lead["target_phone"] or ""
    with immediate(db):  # the case number taken is synced to the disk with the case (as ``create_case`` alone does)
        # the party the lead was registered against (two parties may share a name), else the one of its name
        row = (given[:1] if given else None) or (db.execute("SELECT id FROM parties WHERE id = ?", [
            lead["target_party_id"]]).fetchone() if lead["target_party_id"] else None)
        # a case filed before numbers were printed with their area code set off named its party with the number as
        # stored (号码075785836433的使用人): that party is the same one
        row = row or db.execute("SELECT id FROM parties WHERE name IN (?, ?) ORDER BY name = ? DESC LIMIT 1",
                                [name, target_of(lead, as_stored=True), name]).fetchone()
        # the business written another way (（分店） for (分店)), or by its USCC, is the party registered so
        found = party_named(db, name) if not row and business_of(lead) else None
        row, name = (row, name) if found is None else ((found.id,), found.name)
        # the party's 联系电话: the lead's number when a party can be called on it (a landline too; no SMS port)
        try:
            party_phone = normalize_phone(phone) if phone else ""
        except ValueError:
            party_phone = ""
        # a party named is of the kind its name (or a USCC it is named by, kept as its code) tells, as the importer
        # enters it (``inferred_party_kind``: 李建国 a natural person, …行业协会 an association, …有限公司 a company);
        # a lead naming no business is about whoever uses a number: not known to be a company; it is entered as a
        # natural person (the kind whose documents and thresholds protect the party most) until identified
        unidentified = unidentified_party(lead, name)  # as the warning on opening it tells (its name: ours)
        code = party_codes(name)[0] if not unidentified else ""
        kind = inferred_party_kind(name, code) if not unidentified else "person"
        party_id = row[0] if row else save_party(db, Party(name=name, kind=kind, uscc=code, phone=party_phone)).id
        count = lead["complaint_count"] or 0
        # the timeline says which lead in the officer's words (its receipt and channel), not by its UUID; the case
        # keeps the link itself (leads.case_id), shown and opened in the workspace's lead section
        origin = _("From the lead received on {date} ({source})").format(
            date=lead["received_at"][:10], source=shown_label("lead_sources", lead["source"]) if lead["source"] else "—")
        created = origin if row or not unidentified else _(
            "{origin}. The party is not identified yet: it is entered as a natural person named “{name}”; once "
            "identified, correct its name and kind (Edit party), and the cause is offered for correction "
            "too.").format(origin=origin, name=name)
        facts = lead_description(db, lead, for_party=True)  # the party reads the case's facts in its notice
        if count and (lead["phones"] or "").strip():
            facts += _(" (merged from {n} complaints; numbers: {phones})").format(n=count, phones=_paper_phones(lead))
        elif count:  # no number to list: "号码：—" would say nothing
            facts += _(" (merged from {n} complaints)").format(n=count)
        case = create_case(db, Case(
            case_number="", cause=case_cause(lead, name),
            sector=sector or lead["sector"] or "other", agency_id=agency, status="pending_filing",
            violations=violations, law_conditions=conditions, party_ids=[party_id], officer_ids=officers,
            lead_received_on=t1_start(lead), facts=facts),
            note=created)
        if lead["extension_days"]:  # the case's T1 goes on from the lead's, with its approved extension
            from workstation.records import ClockEvent
            from workstation.store.clock_events import record_clock_event

            record_clock_event(db, ClockEvent(
                case_id=case.id, kind="extension", clock="T1", days=lead["extension_days"],
                starts_on=lead["extension_approved_on"], approved_on=lead["extension_approved_on"],
                approved_by=lead["extension_approved_by"], note=origin))
        # decided once the case is filed (settle_lead); a station's lead of no agency held by the station's own
        _update(db, lead_id, {"case_id": case.id, **({"agency_id": holder} if holder else {})}, "open_case")
    return case


def case_cause(lead: dict, name: str) -> str:
    """The 案由 of the case opened on a lead, which every document of the case prints (立案审批表, 调查终结报告,
    决定书 …) until the officer words it otherwise: the campaign's (…涉嫌侵害消费者个人信息案) for a lead screening or
    the campaign's sectors place in it; for a lead registered by hand that leaves its matter unnamed (``matter_unnamed``)
    and names none of the campaign's sectors, …涉嫌违法案 — a shop's expired food is no personal-information matter."""
    if matter_unnamed(lead) and (lead["sector"] or "") not in BUSINESS_SECTORS and not lead.get("category"):
        return _("Case of {name}, suspected of a violation").format(name=name)
    return _("Case of {name}, suspected of infringing consumers' personal information").format(name=name)


def lead_categories(db: Database, lead: dict) -> list[str]:
    """The categories of ``lead`` whose [[category]] ``violations`` and ``facts`` its case starts with: its own (the
    majority's) first, then those of its complaints (a lead of leaks with a complaint of calls: 个人信息泄露, 骚扰电话);
    [] for a lead of no category."""
    if not lead.get("category"):
        return []
    keys = [lead["category"]]
    if lead.get("id"):
        keys += [row[0] for row in db.execute("SELECT DISTINCT category FROM complaints WHERE lead_id = ? AND "
                                              "category != '' ORDER BY category", [lead["id"]])]
    return [key for key in dict.fromkeys(keys) if key]


def _category_violations(keys: list[str], rules) -> tuple[str, ...]:
    """The violation types ``rules`` map the categories ``keys`` to (their [[category]] ``violations``: a lead's own
    and its complaints', ``lead_categories``, as ``_category_facts`` reads them, so that a fact of calls comes with the
    violation whose law it changes); () for categories the rules do not map: the officer chooses them."""
    return tuple(dict.fromkeys(violation for key in keys for violation in rules.category_violations(key)))


def category_law(db: Database, lead: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The violations (``_category_violations``; () for a lead of no category) and the facts (``_category_facts``) a
    case filed from ``lead`` starts with, from one reading of the screening rules in force and of the lead's
    categories (``lead_categories``); a rules file that cannot be read refuses with its file, line and key
    (``RulesError``), even for a lead of no category."""
    from workstation.screening.complaint import rules_for

    rules = rules_for(db)
    keys = lead_categories(db, lead)
    return (_category_violations(keys, rules) if keys else ()), _category_facts(db, lead, keys, rules)


def _category_facts(db: Database, lead: dict, keys: list[str], rules) -> tuple[str, ...]:
    """The facts changing the law applied (``Case.law_conditions``) ``rules`` give the categories ``keys`` of
    ``lead`` and of every complaint in it (``lead_categories``; their [[category]] ``facts``), not its majority
    category alone: a lead with a complaint of calls (骚扰电话) records ``commercial_calls`` whatever most of its
    complaints are, and then ``commercial_messages`` too when one of them is of a category of messages (whose keywords
    name 短信: 垃圾短信) or tells of 短信 the party sent (先打电话推销，挂了又发短信, 短信推销; not 没有发短信, 我已回复短信拒绝,
    运营商发短信提示已拦截, 短信验证码: ``tells_of_messages``, with the rules' keywords of 短信), recorded only beside the
    calls (``case_law.messages_refusal``): a lead of messages alone records neither, and is cited under the law of
    messages. () for a lead of no category or none given. A fact the catalogue in force does not know (a bureau's copy
    older than the fact) is left out, as ``norm_conditions`` leaves it out of the law, and logged: the case is cited
    as that catalogue cites it."""
    import logging

    from workstation.law.case_law import COMMERCIAL_CALLS, COMMERCIAL_MESSAGES
    from workstation.law.data import load
    from workstation.screening.rules import tells_of_messages

    facts = list(dict.fromkeys(fact for key in keys for fact in rules.category_facts(key)))
    # messages: a complaint of a category of 短信 (its keywords name them: 垃圾短信), or one telling of 短信
    messages = any(category.key in keys and COMMERCIAL_CALLS not in category.facts
                   for category in rules.messages_categories)
    if COMMERCIAL_CALLS in facts and COMMERCIAL_MESSAGES not in facts and (messages or lead.get("id") and any(
            tells_of_messages(row[0], rules) for row in db.execute(
                "SELECT text FROM complaints WHERE lead_id = ? AND instr(text, '短信') > 0", [lead["id"]]))):
        facts.append(COMMERCIAL_MESSAGES)
    if COMMERCIAL_CALLS not in facts and COMMERCIAL_MESSAGES in facts:  # messages alone: the law of messages
        facts.remove(COMMERCIAL_MESSAGES)
    known = load("catalogue")["conditions"]
    unknown = [fact for fact in facts if fact not in known]
    if unknown:
        logging.getLogger(__name__).warning(
            "fact %s of category %s left out of the case: not a condition of the catalogue in force (the data "
            "folder's law/catalogue.toml is older than the program's)", ", ".join(unknown), ", ".join(keys))
    return tuple(sorted((fact for fact in facts if fact in known),
                        key=lambda fact: (fact != COMMERCIAL_CALLS, fact != COMMERCIAL_MESSAGES)))


def proposed_officers(db: Database, agency_id: str) -> list[str]:
    """The officers a new case under ``agency_id`` starts with (opened from a lead, or in the new-case dialog): the
    signed-in officer (the account working, as the officers' register names them) when an active officer of that
    agency or of the district bureau above its town office (a shared or administrator account proposes nobody);
    and when it is the station's own agency (``station_role.own_agency``) with exactly two active officers with an
    enforcement certificate — a new station's pair, the two filing needs — both of them. Otherwise the second officer is chosen by the officer, never
    guessed; the officer can untick any."""
    from workstation.station_role import own_agency

    signed_in = _signed_in_proposed(db, agency_id)
    if agency_id != own_agency(db):  # another agency's case (headquarters, a neighbour's): its officers not guessed
        return signed_in
    pair = [r[0] for r in db.execute("SELECT id FROM officers WHERE active = 1 AND agency_id = ? AND "
                                     "trim(coalesce(cert_no, '')) != '' ORDER BY rowid", [agency_id])]
    if len(pair) != 2:
        return signed_in
    return list(dict.fromkeys([*signed_in, *pair]))


def _signed_in_proposed(db: Database, agency_id: str) -> list[str]:
    """The signed-in officer, when an active officer of ``agency_id`` or of the bureau above its town office."""
    from workstation.audit import current_actor

    row = db.execute("SELECT parent_id FROM agencies WHERE id = ? AND level = 'town'", [agency_id]).fetchone()
    agencies = [agency_id, row[0]] if row and row[0] else [agency_id]
    actor = current_actor()
    found = db.execute(f"SELECT id FROM officers WHERE active = 1 AND (name = ? OR id = ?) AND agency_id IN "
                       f"({', '.join('?' * len(agencies))}) ORDER BY agency_id = ? DESC, id LIMIT 1",
                       [actor, actor, *agencies, agency_id]).fetchone()
    return [found[0]] if found else []


#: the procedure actions that decide the lead a case was opened from: filed (or decided on the spot, handled
#: without filing), or not filed
SETTLING_ACTIONS = {"file": "file", "decide_on_the_spot": "file", "decline_filing": "not_file"}


def settle_lead(db: Database, case_id: str, action: str, on: str, reason: str = "") -> dict | None:
    """Decide the open lead the case was opened from as the case's procedure ``action`` on ``on`` decides it (a
    case filed: the lead filed on the case's filing day; not filed: the lead not filed, for the same reason); None
    when the action decides no lead or the case has no open lead. Called within the case's transition."""
    decision = SETTLING_ACTIONS.get(action)
    if decision is None:
        return None
    lead = open_lead_of_case(db, case_id)
    if lead is None:
        return None
    from workstation.concluding import without_decline_note
    from workstation.store.cases import get_case

    return decide_lead(db, lead["id"], decision, on=on, reason=without_decline_note(reason),
                       case=get_case(db, case_id))


def printed_reason(lead: dict) -> str:
    """The reason ``lead`` was not filed for, as its papers print it (its 不予立案审批表, the reporter's 举报处理结果告知书)
    and its pane shows it: without the notes of the warnings its case's 不予立案 was recorded with, which a lead
    decided with its case kept in its reason before (``concluding.without_decline_note``)."""
    from workstation.concluding import without_decline_note

    return without_decline_note(lead["decision_reason"] or "")


def settled_lead(db: Database, case_id: str, action: str, on: str | None) -> dict | None:
    """The lead ``settle_lead`` decided with the case's procedure ``action`` recorded on ``on``, None when the action
    decided none (``step_undo``: undoing the step takes the lead's decision back with it). ``on`` None: on whatever
    day — 当场处罚's, whose day a corrected 当场行政处罚决定书 moves on the case but not on the lead
    (``procedure.follow_on_the_spot_fine``), taken back by “转为普通程序”."""
    decision = SETTLING_ACTIONS.get(action)
    if decision is None:
        return None
    # 不予立案 with a 案件移送函 in force referred the lead (``refer_with_case``)
    referred = "refer" if action == "decline_filing" else decision
    day = "" if on is None else " AND decided_on = ?"
    return fetch_dict(db, f"SELECT * FROM leads WHERE case_id = ? AND decision IN (?, ?){day} "
                          "ORDER BY received_at LIMIT 1", [case_id, decision, referred, *([] if on is None else [on])])


def unsettle_lead(db: Database, lead: dict) -> dict:
    """Put ``lead``, decided with its case's step now undone, back as it was before (``_reopened``): its T1 counted
    as before, decided again when the step is recorded again."""
    return _update(db, lead["id"], _reopened(lead), "reopen")


def unidentified_party(lead: dict, name: str) -> bool:
    """Whether ``name``, the party of ``lead``'s case, is the unidentified user of the lead's number (号码…的使用人:
    a lead naming no business), entered as a natural person until identified — as ``file_case_from_lead`` enters
    it and ``unidentified_party_warning`` tells it."""
    return not business_of(lead) and name in (target_of(lead), target_of(lead, as_stored=True))


def unidentified_party_warning(db: Database, lead: dict, case: Case) -> str:
    """What opening ``case`` for ``lead`` is told when its party is the unidentified user of the lead's number
    (``unidentified_party``): identify it before filing; "" otherwise."""
    from workstation.store.parties import get_party

    name = get_party(db, case.party_ids[0]).name if case.party_ids else ""
    if not name or not unidentified_party(lead, name):
        return ""
    if lead["complaint_count"] or 0:
        return _("The party of case {case} is not identified: it is “{name}”, entered as a natural person. Identify "
                 "who uses the number and correct the party's name and kind (Edit party) before filing the "
                 "case.").format(case=case.id, name=name)
    return _("The party of case {case} is not identified: it is “{name}”, entered as a natural person, and the lead "
             "holds no complaint. Identify who uses the number and correct the party's name and kind (Edit party) "
             "before filing the case.").format(case=case.id, name=name)


def opened_case_warnings(db: Database, lead: dict, case: Case) -> list[str]:
    """What opening ``case`` for ``lead`` is told, not refused (`leads decide --file`; the window shows the case's law
    box, which says the same): its party the unidentified user of the lead's number (``unidentified_party_warning``),
    and its facts or 案由 telling of calls without the facts of calls recorded (``case_law.calls_fact_warning``: a
    bureau's screening rules giving the category no ``facts``), with the command recording them. [] when nothing."""
    from workstation.law.case_law import calls_warning_and_command
    from workstation.screening.complaint import rules_for

    warnings = [unidentified_party_warning(db, lead, case)]
    # the bureau's words of calls count beside the shipped ones
    calls, command = calls_warning_and_command(case, rules_for(db))
    if calls:
        warnings.append(_("{warning} Record them before filing: `{command}` (or Penalty and discretion… on the "
                          "case's page).").format(warning=calls, command=command))
    return [warning for warning in warnings if warning]


def business_of(lead: dict) -> str:
    """The (first) business the lead names, "" when it names none."""
    return (lead["businesses"] or lead["target_name"] or "").split(" ")[0].strip()


def target_of(lead: dict, *, as_stored: bool = False) -> str:
    """Who the lead is about: the business named, else the number calling or texting, written as on paper (a
    landline's area code set off: 号码0757-86661234的使用人); ``as_stored``: the number as stored (075786661234), as
    the parties of cases filed before were named."""
    from workstation.screening.phones import paper_phone

    name = business_of(lead)
    if name:
        return name
    number = (lead["phones"] or lead["target_phone"] or "").split(" ")[0]
    if not number:
        return _("(unknown party)")
    return _("the user of number {number}").format(number=number if as_stored else paper_phone(number))


def shown_target_of(lead: dict) -> str:
    """``target_of`` as a message or a list shows it: a number lead's number masked (号码0757-****1234的使用人), as
    every personal number shown is (``masking``)."""
    from workstation.masking import mask_text

    return mask_text(target_of(lead))


def _paper_phones(lead: dict) -> str:
    """The lead's numbers as documents print them (see ``paper_phone``), "—" when it has none."""
    from workstation.screening.phones import paper_phone

    return "、".join(paper_phone(n) for n in (lead["phones"] or "").split()) or "—"


def _complaint_period(first: str, last: str) -> str:
    """When a lead's complaints came in, as its 案情简介 says it: 2026年3月25日至4月17日 (the year said once when
    it is the same), 2026年3月25日 for one day."""
    from workstation.money import chinese_date

    first, last = first[:10], last[:10]
    if first == last:
        return chinese_date(first)
    end = chinese_date(last)
    if first[:4] == last[:4]:
        end = end.removeprefix(last[:4] + "年")
    return _("{first} to {last}").format(first=chinese_date(first), last=end)


#: a complaint received by the day ``?`` (ISO), as a lead's document dated that day counts it: one whose day of
#: receipt is not known is not left out
_RECEIVED_BY = "NOT ifnull(substr(received_at, 1, 10) > ?, 0)"


def later_complaints(db: Database, lead: dict, on: str | None) -> int:
    """How many of the complaints linked to ``lead`` were received after the day ``on`` (ISO; 0 for None)."""
    if not on:
        return 0
    return db.execute(f"SELECT COUNT(*) FROM complaints WHERE lead_id = ? AND NOT ({_RECEIVED_BY})",
                      [lead["id"], on[:10]]).fetchone()[0]


def lead_as_of(db: Database, lead: dict, on: str | None) -> dict:
    """``lead`` as its document dated ``on`` (ISO) tells it: its complaint count and the days of its first and last
    complaint counted from the complaints linked to it that were received by that day (a complaint also received
    through another channel once, as screening counts them), none when none was — a lead without complaints — and
    the brief of a lead found by screening (its description) as it read with those alone (``_brief_as_of``); the
    lead as it stands when ``on`` is None or every complaint was received by then."""
    if not later_complaints(db, lead, on):
        return lead
    day = str(on)[:10]
    count, distinct, first, last = db.execute(
        f"SELECT COUNT(*), ifnull(SUM(same_as IS NULL), 0), MIN(received_at), MAX(received_at) FROM complaints "
        f"WHERE lead_id = ? AND {_RECEIVED_BY}", [lead["id"], day]).fetchone()
    dated = {**lead, "complaint_count": distinct or count, "first_at": first, "last_at": last, "as_of": day}
    if lead["group_key"] and count:
        dated["description"] = _brief_as_of(db, lead, day)
    return dated


def _brief_as_of(db: Database, lead: dict, on: str) -> str:
    """The brief screening describes a lead with (its count, dates, numbers and first complaints: rules.toml
    [summary]) as it read with the lead's complaints received by the day ``on`` alone, as ``verdict._recount``
    works it out again."""
    from importlib import import_module

    from workstation.masking import rules_in_force
    from workstation.screening.grouping import summarise

    screening = import_module("workstation.screening.screen")  # the package's ``screen`` is the function
    rules = rules_in_force()
    ids = [r[0] for r in db.execute(f"SELECT id FROM complaints WHERE lead_id = ? AND {_RECEIVED_BY}",
                                    [lead["id"], on])]
    state = screening._Pass(db, rules, again=False)
    group = summarise([screening._member(row, state) for row in screening._complaint_rows(db, ids)])
    return screening._lead_row(group, rules, screening._sample_texts(db, group.samples, rules), now())["description"]


def _phones_as_of(db: Database, lead: dict) -> str:
    """The numbers a lead of complaints lists (``_paper_phones``): for a lead as of a day (``lead_as_of``) found
    by screening, those its complaints received by then name — the ones received later are not yet known."""
    if not lead.get("as_of") or not lead["group_key"]:
        return lead["phones"] or ""
    named = {number for row in db.execute(f"SELECT phones FROM complaints WHERE lead_id = ? AND {_RECEIVED_BY}",
                                          [lead["id"], lead["as_of"]]) for number in (row[0] or "").split()}
    return " ".join(n for n in (lead["phones"] or "").split() if n in named) or lead["phones"] or ""


def lead_context(db: Database, lead: dict, receiver: str = "", *,
                 form_id: str = "assignment_notice", on: str | None = None) -> dict[str, object]:
    """The values a lead gives its documents (their case sources): the assignment notice and the transfer letter, and
    its internal forms (``_internal_form_context``); ``form_id`` says which, as they may be issued by different
    bureaus (``issuing_agency``) and some sources mean something else for a lead than for a case. ``on``: the day
    the document is dated, whose complaints it tells (``lead_as_of``: none received after it), every one for None."""
    from workstation.formkit.party_rows import code_label
    from workstation.formkit.values import suspected
    from workstation.records import today as today_
    from workstation.screening.grouping import Member, first_of_each
    from workstation.store import get_agency

    lead = lead_as_of(db, lead, on)
    issuer_id = issuing_agency(db, lead, form_id)
    issuer = get_agency(db, issuer_id) if issuer_id else None
    name = target_of(lead)
    # the lead's own numbers stay, though a masked caller's digits match one (a lead decided before m060); a
    # complaint received through several channels (its copies linked by same_as) quoted once, by its first receipt:
    # the samples screening quotes (``grouping.first_of_each``), as the count counts it
    rows = {r[0]: r for r in db.execute(f"SELECT rowid, received_at, COALESCE(same_as, id), text, {OWN_NUMBERS_SQL} "
                                        f"FROM complaints WHERE lead_id = ? AND {_RECEIVED_BY}",
                                        [lead["id"], lead.get("as_of") or "9999-12-31"])}
    samples = [hide_own_numbers(rows[m.ref][3] or "", tuple((rows[m.ref][4] or "").split()),
                                keep=lead.get("phones") or "")
               for m in first_of_each([Member(n, (), (), r[1] or "", root=r[2]) for n, r in rows.items()], SAMPLES)]
    facts = lead_description(db, lead)
    target = name
    opening = ""  # the first sentence of the 案情简介 of a lead of complaints, which it quotes (_one_page_facts)
    if lead["complaint_count"]:
        # the party is named by the case name and the 当事人 line above it, not again; the numbers called from
        # are listed unless the party is the user of the lead's one number, which its name already gives
        period = _complaint_period(lead["first_at"] or lead["received_at"], lead["last_at"] or lead["received_at"])
        phones = _phones_as_of(db, lead)
        if not phones.split() or (not business_of(lead) and len(phones.split()) <= 1):
            opening = _("{period}, {n} complaints.").format(period=period, n=lead["complaint_count"])
        else:
            opening = _("{period}, {n} complaints (numbers: {phones}).").format(
                period=period, n=lead["complaint_count"], phones=_paper_phones({"phones": phones}))
        facts = _quoting(opening, samples, EXCERPT_LENGTHS[0])
    receiver = receiver or (get_agency(db, lead["agency_id"]).name if lead["agency_id"] else "")
    # the result is reported by the end of T1 (the assignment notice's 报送办理结果的期限); a period already over
    # gives no default, the officer fixes a date — unless the bureau that received the lead handed it to its own
    # office within it, its T1 kept from the receipt (no day of assignment): that end, though passed since, is the
    # date of a notice dated the day of the hand-over (its 交办日期, which the 报送期限 is not before)
    due = t1_due(db, lead) if lead["status"] in OPEN_STATUSES else ""
    handed = "" if lead["assigned_on"] else held_since(db, lead)  # handed inside the bureau, T1 kept: that day
    context = {"today": today_(), "agency.name": issuer.name if issuer else "",
               "lead.t1_due": due if due and (due >= today_() or (handed and due >= handed)) else "",
               # the 案件交办通知书's 交办日期: the day of the assignment it records (``lead_issue_warning`` says
               # another day), the day it is written for a lead not assigned
               "lead.assigned_on": held_since(db, lead) or today_(),  # a hand-over inside the bureau: its day
               "case.cause": _("Lead about {target}, suspected of infringing consumers' personal information").format(
                   target=target),
               "party.name": name, "party.address": "", "party.code": "", "party.code_label": "统一社会信用代码",
               # the case's facts, and those known at filing (the 案件交办通知书's source): for a lead, the same text
               # worded as suspected (a description an officer wrote as 经查……违反了……的规定)
               "case.facts": facts, "case.filing_facts": suspected(facts), "lead.receiver": receiver}
    if form_id == "assignment_notice":  # its 有关情况: a description typed by hand, as reported (据反映，…)
        context["case.filing_facts"] = as_reported(lead, str(context["case.filing_facts"]))
    person, phone = lead_contact(db, issuer_id)
    context.update({"officer1.name": person, "lead.contact_phone": phone})
    party = _lead_party(db, lead, name)
    if party is not None:  # its address, and its kind, which words the address 住所 or 住址 (address_label)
        # a party named with the number as stored (filed before) is printed with it as on paper, like a new one
        context.update({"party.name": name if party.name == target_of(lead, as_stored=True) else party.name,
                        "party.address": party.address, "party.kind": party.kind,
                        "party.code": party.uscc or party.id_number,
                        "party.code_label": code_label(party)})
    if form_id == "case_transfer_letter":  # before the facts are fitted: the reason takes room on the sheet too
        context["lead.transfer_reason"] = transfer_reason(lead)
        context["transfer.receiver"] = transfer_receiver(lead)
    if matter_unnamed(lead):
        # the letter saying this bureau is not competent, or handing a lead of anything to an office: not named the
        # campaign's matter (现将关于…的线索交由你单位办理); nor the 案由 of its internal forms (不予立案审批表,
        # 有关事项审批表): a 棋牌室's gambling is 关于…的线索, no personal-information matter (the 举报处理结果告知书
        # words its matter itself, ``_report_notice_context``)
        context["case.cause"] = _("Lead about {target}").format(target=target)
    if opening and samples and form_id in LEAD_LETTERS:
        context["case.facts"] = context["case.filing_facts"] = _one_page_facts(form_id, context, opening, samples)
    if form_id == REPORT_NOTICE:
        context.update(_report_notice_context(db, lead, str(context["party.name"])))
        if not person:  # no last letter of a lead here nor an officer signed in: the lead's officer, who registered
            # it (登记人, as its 案件来源登记表 names them), else the one filing it would propose (``lead_officers``)
            context["officer1.name"] = lead_registrar(db, lead) or lead_officers(db, lead)["officer1.name"]
    elif form_id not in LEAD_LETTERS:
        context.update(_internal_form_context(db, lead, form_id, str(context["party.name"]), party))
    context["lead.complaints_by"] = lead.get("as_of", "")  # the day whose complaints it tells, "" for every one
    return context


#: the names of the telecom operators (as the screening rules' ``businesses.excluded`` lists them): a lead naming one
#: as its business concerns the operator's own conduct, which the 通信管理局 oversees (REFERENCE §4.8)
OPERATOR_WORDS = ("中国移动", "中国联通", "中国电信", "中国广电", "移动通信", "联合网络通信", "电信股份", "移动公司",
                  "联通公司", "电信公司", "运营商")
#: the sectors of the businesses a campaign lead is about (the screening rules' ``[sectors]``): marketing by a
#: developer, school, decorator or loan firm is not an operator's conduct, whatever number it used
BUSINESS_SECTORS = ("real_estate", "education", "decoration", "microloan")
#: the 移送理由 a lead not about an operator is drafted with: true of any referral, for the officer to complete with
#: the law and the agency that make the matter theirs
NEUTRAL_TRANSFER_REASON = "经审查，该线索反映的问题不属于本局管辖，依法应由你单位处理。"
#: the 移送理由 of a lead about a telecom operator's own conduct (its calling numbers and SMS ports): the 电信管理机构's
#: (a case's letter is drafted with the form's neutral default: its finding may rest on any law)
TELECOM_TRANSFER_REASON = ("经审查，该线索反映的问题涉及电信业务经营者对外呼叫号码和短信端口的管理，依照《中华人民共和国电信条例》"
                           "的规定，属于电信管理机构的职责范围，不属于本局管辖。")


def concerns_operator(lead: dict) -> bool:
    """Whether a lead concerns a telecom operator's own conduct: a lead of no business sector whose business (the
    party named, or the businesses screening found) is an operator (``OPERATOR_WORDS``)."""
    if (lead["sector"] or "") in BUSINESS_SECTORS:
        return False
    return names_operator(" ".join((lead["target_name"] or "", lead["businesses"] or "")))


#: the authority over the telecom operators' own conduct (REFERENCE §4.8): the receiver a 案件移送函 about one is drafted to
TELECOM_REGULATOR = "广东省通信管理局"


def names_operator(name: str) -> bool:
    """Whether ``name`` (a party's, a lead's businesses) names a telecom operator (``OPERATOR_WORDS``)."""
    return any(word in (name or "") for word in OPERATOR_WORDS)


def transfer_receiver(lead: dict) -> str:
    """The 受移送机关 a lead's 案件移送函 is drafted to: the agency its referral recorded (the officer's choice), else
    ``TELECOM_REGULATOR`` for a lead about a telecom operator's own conduct (``concerns_operator``), else none — for
    the officer to name, never an authority the matter is not for (the police, another bureau)."""
    if (lead["referred_to"] or "").strip():
        return lead["referred_to"].strip()
    return TELECOM_REGULATOR if concerns_operator(lead) else ""


def matter_unnamed(lead: dict) -> bool:
    """Whether a lead's letters (its 案件交办通知书 and 案件移送函: 关于…的线索; its 举报处理结果告知书:
    反映…的有关问题, whatever was decided), the 案由 of its internal forms (不予立案审批表, 有关事项审批表) and that of the case
    opened on it (…涉嫌违法案, which every document of the case prints) leave its matter unnamed where
    the campaign's leads are 涉嫌侵害消费者个人信息: a lead registered by hand (no complaints screening judged so), not about a telecom
    operator, may be about anything — a 棋牌室's gambling referred to the police is no personal-information matter,
    and a letter saying this bureau is not competent would contradict itself calling it one."""
    return not lead["complaint_count"] and not concerns_operator(lead)


def transfer_reason(lead: dict) -> str:
    """The 移送理由 a lead's 案件移送函 is drafted with: ``TELECOM_TRANSFER_REASON`` for a lead about a telecom
    operator's own conduct (the 《电信条例》 and the 电信管理机构), else ``NEUTRAL_TRANSFER_REASON`` — a decorator's
    marketing SMS is not the operator's doing."""
    return TELECOM_TRANSFER_REASON if concerns_operator(lead) else NEUTRAL_TRANSFER_REASON


def _report_notice_context(db: Database, lead: dict, name: str) -> dict[str, object]:
    """What a lead gives its 举报处理结果告知书: the reporter's name and postal address, the reporter's number masked as
    the lists show it (never in full on the letter), the day the report was received, what it was about, and the decision as the letter words it —
    filed (with its case's number), not filed (with the recorded reason) or referred (to whom). Printed in Chinese
    whatever the language of the window."""
    from workstation.masking import mask_phone
    from workstation.money import chinese_date

    decided = chinese_date(lead["decided_on"]) if lead["decided_on"] else "　　年　　月　　日"
    result = ""
    if lead["decision"] == "file":
        result = _filed_result(db, lead, decided)
    elif lead["decision"] == "not_file":
        reason = full_stop(printed_reason(lead), chinese=True)  # the letter is Chinese in any window
        result = f"本局于{decided}决定不予立案。" + (f"理由：{reason}" if reason else "")
    elif lead["decision"] == "refer":
        result = f"本局于{decided}将该举报事项移送{lead['referred_to'] or '有关部门'}依法处理。"
    return {"lead.reporter_phone": mask_phone(lead["complainant_phone"]) if lead["complainant_phone"] else "",
            # the reporter's name and postal address as registered (m056): the letter is addressed and posted to them
            "lead.reporter_name": lead.get("reporter_name") or "",
            "lead.reporter_address": lead.get("reporter_address") or "",
            "case.lead_received_on": lead["received_at"][:10],
            # a lead registered by hand may be about anything (``matter_unnamed``): its reporter is told of the
            # matter they reported whatever was decided, not of a personal-information matter
            "case.cause": f"{name}的有关问题" if matter_unnamed(lead) else f"{name}涉嫌侵害消费者个人信息的问题",
            "lead.result_text": result}


def _filed_result(db: Database, lead: dict, decided: str) -> str:
    """What the 举报处理结果告知书 of ``lead``, settled with its case on ``decided`` (as the letter writes the day),
    tells the reporter: a case decided on the spot under the simple procedure and never filed, the 当场行政处罚决定书
    made, by its pre-printed number (none in force, none named); else the filing, with the case's number once it is
    filed — never what the store holds in place of a number for a case not filed (``case_reference.UNFILED_MARK``)."""
    from workstation.store.cases import get_case

    case = get_case(db, lead["case_id"]) if lead["case_id"] else None
    if case is not None and not case.filed_on:
        from workstation.procedure import decided_on_the_spot, on_the_spot_decision

        if decided_on_the_spot(db, case):
            decision = on_the_spot_decision(db, case)
            serial = decision.serial.strip() if decision is not None else ""
            return f"本局于{decided}依照简易程序当场作出行政处罚决定" + (
                f"（当场行政处罚决定书编号：{serial}）" if serial else "") + "。"
    number = case.case_number if case is not None and case.filed_on else ""  # "" for a case not filed
    return f"本局于{decided}决定立案调查" + (f"（案件编号：{number}）" if number else "") + "。"


#: the words a lead's description says in itself that it was reported, passed on, or is suspected (群众反映, 涉嫌, 被举报,
#: 投诉, 据称, 市民来电称, 某局移送 …): the 案件交办通知书 prints it as written (``as_reported``); 称 of a name (名称, 简称,
#: 全称) says no such thing
_REPORTED_WORDS = re.compile(r"反映|涉嫌|举报|投诉|据称|据悉|据报|疑似|转办|移送|来电称|市民称|(?<![名简全])称")
#: the opening the 案件交办通知书 gives a description typed by hand that does not say it was reported
REPORTED_OPENING = "据反映，"


def as_reported(lead: dict, facts: str) -> str:
    """``facts``, the 有关情况 the 案件交办通知书 of ``lead`` prints (its description as ``lead_description`` and
    ``suspected`` give it), worded as reported (据反映，…): nothing is established before the office it goes to has
    verified it, and a hand-typed description written as a finding (某公司多次拨打电话推销楼盘) would print as one.
    Unchanged when the description says so itself (``_REPORTED_WORDS``, in the officer's words, not the 被举报号码 the
    documents add), for a lead of complaints (its quoted complaints say who said what), one the bureau found itself
    (``inspection``), one another department sent (``transfer``: its letter says what it found), and an empty one.
    The description stored is never changed."""
    if lead["complaint_count"] or lead["source"] in ("inspection", "transfer") or not facts.strip() \
            or _REPORTED_WORDS.search(lead["description"] or ""):
        return facts
    return REPORTED_OPENING + facts.lstrip()


def lead_description(db: Database, lead: dict, *, for_party: bool = False) -> str:
    """A lead's description as documents and a case made from it quote it: the complainants' own numbers
    masked (those of its complaints, the lead's complainant, any introduced as one's own), which a description
    screened by an earlier version quotes in full; the numbers complained about as written. ``for_party``: the
    complainants' numbers left out altogether (the case's facts, which its notice and decision print to the party)."""
    # each number of a complainant's cell, those its export showed masked too (138****8000: complainant_masked)
    own = [number for r in db.execute(f"SELECT DISTINCT {OWN_NUMBERS_SQL} FROM complaints WHERE lead_id = ? AND "
                                      "(complainant_phone != '' OR complainant_masked != '')", [lead["id"]])
           for number in r[0].split()]
    if lead.get("complainant_phone"):
        own.append(lead["complainant_phone"])
    # never the lead's own numbers, though a masked caller's digits match one (a lead decided before m060 kept them)
    return _with_numbers_reported(lead, hide_own_numbers(lead["description"] or "", tuple(own), remove=for_party,
                                                         keep=lead.get("phones") or ""))


def _with_numbers_reported(lead: dict, description: str) -> str:
    """The description of a lead registered by hand with the numbers complained of (被举报号码) it does not write
    itself, followed by them as documents print them (被举报号码：0757-88881234、13800001111。): its letters, forms and
    case then name the numbers as a screened lead's do. Left as it is for a lead of complaints (its brief lists its
    numbers) and for one whose party is the user of its one number (号码…的使用人 names it already)."""
    from workstation.screening.phones import ascii_digits, paper_phone

    numbers = (lead.get("phones") or "").split()
    if lead.get("complaint_count") or not numbers or (not business_of(lead) and len(numbers) <= 1):
        return description
    # the digits the description writes, a number's separators left out (0757-8888 1234 writes 075788881234)
    written = re.sub(r"(?<=\d)[\s\-\u2013\u2014()（）]+(?=\d)", "", ascii_digits(description))
    missing = [paper_phone(n) for n in numbers if n not in written]
    if not missing:
        return description
    said = _("Numbers reported: {phones}.").format(phones="、".join(missing))
    if not description.strip():
        return said
    ended = full_stop(description)
    # Chinese sentences follow each other without a space (…2026-09-18。被举报号码：…); an English one after a '.'
    space = " " if language() == "en" and ended[-1].isascii() else ""
    return f"{ended}{space}{said}"


#: an item of a screened lead's brief that screening found nothing for (rules.toml [summary] none: "—"), after its
#: label (经营者：—；地点：—。); ``HAND_BLANK`` takes its place on the internal forms, to be written in by hand
UNKNOWN_IN_BRIEF = re.compile(r"(?<=[：:])\s*—\s*(?=[；;。，,\n]|$)")
HAND_BLANK = "＿" * 8


def _internal_form_context(db: Database, lead: dict, form_id: str, name: str, party: Party | None
                           ) -> dict[str, object]:
    """What a lead gives the internal forms it is registered, declined or extended with (案件来源登记表, 不予立案审批表,
    有关事项审批表), where their case sources mean something else for a lead: the 案件来源 its channel ticks, the day
    it was received (来源时间 and 登记时间, not the T1 start a case counts from), its description as the facts known
    (with how many complaints it gathers, as ``filing_facts`` words it), the party's phone and representative (blank,
    for hand filling, when the lead names no party in the register), no filing date; 登记人 the officer who registered
    it, where the audit names an officer; 办案人员 those filing it would propose (``lead_officers``); the recorded
    reason of a lead not filed and the day it was so decided (its 审批日期), and the 核查意见 of one not filed or
    referred; the matter of a lead whose T1 runs: 延长核查期限 by the extension the rules allow (by the one recorded,
    when it was recorded first), until the day the deadline board then counts."""
    count = lead["complaint_count"] or 0
    # what screening could not find (经营者：—；地点：—) is left blank, for the officer to fill in by hand
    description = UNKNOWN_IN_BRIEF.sub(HAND_BLANK, lead_description(db, lead).strip())
    out: dict[str, object] = {
        "lead.source_choice": SOURCE_CHOICES.get(lead["source"], "其他"),
        "case.lead_received_on": lead["received_at"][:10], "lead.received_on": lead["received_at"][:10],
        "case.filing_facts": (facts := f"{description}（共{count}件相关投诉举报）" if count > 1 else description),
        # the 案件来源登记表's: the same, the lead being as of its 登记时间 already (``lead_values_on``)
        "case.registered_facts": facts,
        "case.filed_on": None, "parties.names": name,
        "party.phone": party.phone if party is not None else "",
        "party.legal_rep": party.legal_rep if party is not None else "",
        "lead.decision_reason": printed_reason(lead) if lead["decision"] == "not_file" else "",
        # the ground of art. 20 its reason gives ((四), the form's default, for none of (一)–(三))
        "lead.decision_ground": not_filing_ground(printed_reason(lead))
        if lead["decision"] == "not_file" else None,
        # the 不予立案审批表's 审批日期: the day the lead was decided not to be filed, none before
        "case.declined_on": (str(lead["decided_on"] or "")[:10] or None) if lead["decision"] == "not_file" else None,
        # nothing ticked for a lead not yet verified and decided
        "lead.proposal": {"file": "立案", "not_file": "不予立案", "refer": "移送"}.get(lead["decision"] or "", ""),
        "officer2.name": "", "officer2.cert_no": ""}
    if form_id == "case_source_register":
        out.update({"officer1.name": lead_registrar(db, lead), "officer1.cert_no": ""})
    else:  # 办案人员 as filing the lead proposes them, else the officer signed in
        out.update(lead_officers(db, lead))
    if form_id == "matter_approval" and lead["status"] in OPEN_STATUSES:
        from workstation.clocks import engine_for, lead_deadline, rule
        from workstation.money import chinese_date

        clock = rule("T1")
        days = lead["extension_days"] or clock.extension_days
        until = t1_due(db, lead) if lead["extension_days"] else lead_deadline(
            engine_for(db), lead["id"], lead["received_at"], lead["assigned_on"], days, today(), "—").due
        # printed on the form: in Chinese whatever the language of the window (``unit_text`` is the window's)
        period = DOCUMENT_UNITS[clock.unit].format(n=days)
        # the reason cites the article T1 rests on (clocks.toml ``source``: SAMR rules art. 18, REFERENCE §1.2 and
        # [S15]); ``lead.matter_extension`` fills the form's old default, which cited the rules' 有关规定 instead
        out.update({"lead.matter": "延长核查期限",
                    "lead.matter_period": f"延长{period}，至{chinese_date(until)}",
                    "lead.matter_extension": period,
                    "lead.matter_reason": (
                        "该线索尚需进一步核查（当事人身份有待确认、相关事实有待核实），不能在"
                        f"{DOCUMENT_UNITS[clock.unit].format(n=clock.period)}内核查完毕并决定是否立案。依照"
                        f"{clock.source}的规定，申请延长核查期限{period}。")})
    return out


def lead_officers(db: Database, lead: dict) -> dict[str, object]:
    """``officer1.*`` and ``officer2.*`` (name, cert_no) of a lead's 不予立案审批表 and 有关事项审批表: the officers
    filing the lead would propose (``proposed_officers`` of the agency it is assigned to), else the officer signed in
    (the second left to fill in by hand), else the two active certified officers of that agency when it has exactly
    two (the pair filing needs: no guess); "" where there is none — among more, the officer chooses."""
    from workstation.audit import current_actor

    ids = proposed_officers(db, lead["agency_id"]) if lead["agency_id"] else []
    rows = [db.execute("SELECT name, cert_no FROM officers WHERE id = ?", [i]).fetchone() for i in ids[:2]]
    rows = [row for row in rows if row]
    if not rows:
        row = db.execute("SELECT name, cert_no FROM officers WHERE name = ? AND active = 1 LIMIT 1",
                         [current_actor()]).fetchone()
        rows = [row] if row else []
    if not rows and lead["agency_id"]:
        pair = db.execute("SELECT name, cert_no FROM officers WHERE active = 1 AND agency_id = ? AND "
                          "trim(coalesce(cert_no, '')) != '' ORDER BY rowid", [lead["agency_id"]]).fetchall()
        rows = list(pair) if len(pair) == 2 else []
    out: dict[str, object] = {}
    for position in (1, 2):
        row = rows[position - 1] if len(rows) >= position else None
        out[f"officer{position}.name"] = row[0] if row else ""
        out[f"officer{position}.cert_no"] = (row[1] or "") if row else ""
    return out


def lead_registrar(db: Database, lead: dict) -> str:
    """The officer who registered the lead (登记人): the account its registration was audited under, when the
    officers' register names an officer so; "" when not known (a lead screened or brought by a bundle under a
    shared account), for the officer to write in."""
    # recorded under their name then (theirs now, or before a rename: m057); named as they sign now
    row = db.execute("SELECT o.name FROM audit a JOIN officers o ON o.active = 1 AND (o.name = a.actor OR o.id IN "
                     "(SELECT f.officer_id FROM officer_names f WHERE f.name = a.actor AND a.at <= f.until)) "
                     "WHERE a.entity = 'lead' AND a.entity_id = ? AND a.action = 'create' ORDER BY a.seq LIMIT 1",
                     [lead["id"]]).fetchone()
    return row[0] if row else ""


def lead_form_refusal(db: Database, lead: dict, form_id: str) -> str | None:
    """Why ``lead`` has no ``form_id`` of its internal forms (None when it may have it): the 不予立案审批表 is a lead's
    being declined or already declined, not one filed or referred; the 有关事项审批表 extends T1 while it runs — not
    for a lead decided, nor once the period ran out (an extension is approved before then)."""
    status = decided_label(db, lead)
    if form_id == REPORT_NOTICE:
        return report_notice_refusal(lead)
    if form_id == "case_transfer_letter":
        if lead["status"] not in (*OPEN_STATUSES, "referred"):
            return _("{lead_was}: the 案件移送函 refers a lead not yet decided.").format(lead_was=lead_was(lead, db))
        if lead["status"] in OPEN_STATUSES and lead["case_id"]:  # 立案中: referred as its case is not filed
            return _pending_case_referral_refusal(db, lead)
    if form_id == "non_filing_approval" and lead["status"] not in (*OPEN_STATUSES, "not_filed"):
        return _("{lead_was}: the 不予立案审批表 is written for a lead being declined or already "
                 "declined.").format(lead_was=lead_was(lead, db))
    if form_id == "matter_approval":
        if lead["status"] not in OPEN_STATUSES:
            return _("The lead was already decided ({status}): its 有关事项审批表 approves extending the verification "
                     "period (T1) while that period runs.").format(status=status)
        if lead["case_id"]:
            return _case_t1_text()
        due = t1_due(db, lead)
        if due < today() and not _unconfirmed_t1_note(db, lead, today()):  # else said (lead_issue_warning)
            return _("The lead's verification period (T1) ran out on {date}: an extension is approved before the "
                     "period runs out.").format(date=due)
    return None


def _pending_case_referral_refusal(db: Database, lead: dict) -> str | None:
    """Why the 案件移送函 of ``lead``, whose case was opened (立案中), cannot refer it (None when it can): its referral
    records the case as not filed here (``_refer_pending_case``), refused as that step is — the case no longer
    awaiting filing, or one that must go to the police (``procedure.available``)."""
    from workstation import procedure
    from workstation.store.cases import get_case

    case = get_case(db, lead["case_id"])
    sent = procedure.pending_referral(db, case)
    if sent is not None:  # a second letter would send it again
        return _("The case opened for this lead was sent to {agency} already, with the 案件移送函 {number}: record "
                 "the referral in the case (“{decline}”: cases transition {case} decline_filing), which refers the "
                 "lead with it.").format(agency=sent.receiver, number=sent.number or _("(no number)"),
                                         decline=shown_label("transitions", "decline_filing"),
                                         case=case.case_number or case.id)
    for transition, refusal in procedure.available(db, case):
        if transition.name == "decline_filing":
            return refusal
    return _("A case was opened for this lead and is “{status}”: the lead is decided with that case (open the "
             "case), not referred from here.").format(status=shown_label("statuses", case.status))


#: how many of a lead's complaints its documents quote (the oldest), and the lengths in characters their texts are
#: cut to, longest first, until the document fits its one sheet (_one_page_facts); the last two keep a text's
#: opening on one line of 小四 (30) and of 三号 or 四号 (22)
SAMPLES = 3
EXCERPT_LENGTHS = (120, 80, 50, 30, 22)
#: what may end an excerpt before its "……" and is dropped (a comma or full stop followed by "……" reads wrong)
_EXCERPT_TRAILING = "，,、；;：:。. 　"
# a telephone number as complaints write it (0757-86661234, 138 0013 8000): an excerpt does not end inside one
_NUMBER_RUN = re.compile(r"[0-9０-９][0-9０-９\- ]*")


def excerpt(text: str, length: int) -> str:
    """The complaint ``text`` on one line (runs of white space as one space), or, when longer than ``length``
    characters, its first ``length`` characters marked as an excerpt with "……" — cut before a telephone number
    the cut would halve, and without a comma or full stop before the "……"."""
    flat = " ".join(text.split())
    if len(flat) <= length:
        return flat
    cut = length
    for run in _NUMBER_RUN.finditer(flat):
        if 0 < run.start() < cut < run.end():
            cut = run.start()
    return flat[:cut].rstrip(_EXCERPT_TRAILING) + "……"


def _quoting(opening: str, samples: list[str], length: int, count: int | None = None) -> str:
    """The 案情简介 of a lead: its ``opening`` sentence, then the first ``count`` (all) of the complaint texts
    ``samples`` excerpted to ``length`` characters, numbered one a line; fewer than all are announced as an
    excerpt of so many ("摘录其中2件：")."""
    texts = samples if count is None else samples[:count]
    if len(texts) < len(samples):
        opening += ngettext("Excerpt of {m} of them:", "Excerpts of {m} of them:", len(texts)).format(m=len(texts))
    return "\n".join([opening] + [numbered(i, excerpt(t, length)) for i, t in enumerate(texts, 1)])


def numbered(number: int, text: str) -> str:
    """``text`` as item ``number`` of a list (1.…); a space after the number's point when the text begins with a
    digit, so that 1.15048254090多次来电 is not read as the decimal 1.15048254090 (item 1 quoting a caller's number)."""
    return f"{number}. {text}" if text[:1].isdigit() else f"{number}.{text}"


def _one_page_facts(form_id: str, context: dict[str, object], opening: str, samples: list[str]) -> str:
    """The 案情简介 the lead's document ``form_id`` (drafted with the defaults of ``context``) prints so that it is
    one A4 sheet: every complaint quoted (``SAMPLES``, each text whole when short) cut to the longest of
    ``EXCERPT_LENGTHS`` that the sheet holds in any type — 三号, else 四号, else 小四 (``fitting.TEXT_SIZES``; the
    document is then set in the largest that holds it): the texts whole before the type large, so that a letter
    does not stop before the fact a complaint is about with half its page empty; when not even their openings
    fit in 小四, fewer quoted; the complaints quoted whole when nothing fits (cutting them would not save the sheet). An officer who types a longer text is not
    cut: the document is set in the type that fits it, or runs on."""
    from dataclasses import replace as replaced

    from workstation.documents.compose import compose
    from workstation.documents.drafts import find_form
    from workstation.documents.fitting import TEXT_SIZES, compact_text, page_count
    from workstation.formkit.values import default_values, field_errors

    form = find_form(form_id)
    plain = replaced(form, fit_page=False)
    full = _quoting(opening, samples, EXCERPT_LENGTHS[0])

    counted: dict[tuple[str, str], bool] = {}  # texts too short to cut are the same at every length

    def fits(facts: str, size: str) -> bool:
        if (facts, size) not in counted:
            drafted = {**context, "case.facts": facts, "case.filing_facts": facts}
            values, _errors = field_errors(form, default_values(form, drafted), drafted)  # a 联系人 is typed later
            document = compose(plain, values, agency=str(context["agency.name"]))
            counted[facts, size] = page_count(compact_text(document, size) if size else document) == 1
        return counted[facts, size]

    # the complaints as whole as the sheet holds them: each length, longest first, in the largest type that holds
    # it (a smaller type quoting the sentence that names the number beats a larger one cutting it off)
    for length in EXCERPT_LENGTHS:
        facts = _quoting(opening, samples, length)
        if any(fits(facts, size) for size in ("", *TEXT_SIZES)):
            return facts
    for count in range(len(samples) - 1, 0, -1):
        facts = _quoting(opening, samples, EXCERPT_LENGTHS[-1], count)
        if fits(facts, TEXT_SIZES[-1]):
            return facts
    return full


def _lead_party(db: Database, lead: dict, name: str) -> Party | None:
    """The party a lead is about: the one linked to it, else the one of the name it names — for the user of a
    number, also as a case filed before named it (the number as stored, 号码075786661234的使用人); None when
    unknown."""
    from workstation.store.parties import find_party, get_party

    if lead["target_party_id"]:
        return get_party(db, lead["target_party_id"])
    if not name:
        return None
    stored = target_of(lead, as_stored=True)
    return find_party(db, name=name) or (find_party(db, name=stored) if stored != name else None)


def _signed_in_officer(db: Database) -> str:
    """The name of the officer working at the station (who signed in) as the officers' register has it, the
    natural 联系人 of a lead's documents; "" when the account working is no officer's."""
    from workstation.audit import current_actor

    row = db.execute("SELECT name FROM officers WHERE name = ? AND active = 1 LIMIT 1", [current_actor()]).fetchone()
    return row[0] if row else ""


def lead_contact(db: Database, agency_id: str | None) -> tuple[str, str]:
    """The 联系人 and 联系电话 a lead's document issued under ``agency_id`` starts with, so that an officer assigning
    leads by the dozen types them once: those of the last lead document the officer signed in issued under that
    agency; else the signed-in officer as the officers' register names them, else the 联系人 of the agency's last
    lead document (a shared account); its phone goes with the person it was typed for. ("", "") when nothing is
    known. Only issued documents count: a voided one may have been voided for a wrong contact."""
    from workstation.audit import current_actor

    actor = current_actor()
    row = db.execute(
        "SELECT d.values_json, d.issued_by = ? FROM documents d JOIN doc_numbers n ON n.number = d.number "
        "WHERE d.lead_id IS NOT NULL AND d.status = 'issued' AND n.agency_id = ? "
        "ORDER BY d.issued_by = ? DESC, d.issued_at DESC, d.rowid DESC LIMIT 1",
        [actor, agency_id, actor]).fetchone() if agency_id else None
    last = json.loads(row[0]) if row else {}
    typed = str(last.get("contact_person") or "").strip()
    person = typed if row and row[1] else (_signed_in_officer(db) or typed)
    phone = str(last.get("contact_phone") or "").strip() if person and person == typed else ""
    return person, phone


def was_assigned(lead: dict) -> bool:
    """Whether ``lead`` was assigned (交办): it is, or it was until decided (the day of its assignment recorded)."""
    return lead["status"] == "assigned" or bool(lead["assigned_on"])


def issuing_agency(db: Database, lead: dict, form_id: str = "assignment_notice") -> str | None:
    """The agency whose name and 文号 a lead's document (``form_id``) carries. The assignment notice of a lead
    assigned (``was_assigned``: decided since, too — the notice stays the assigning bureau's, REFERENCE §2.1 No. 3)
    is the assigning bureau's: this station's agency when the office assigned lies under it (a district bureau
    assigning to its town office, the city bureau to a district or straight to a town office), else the bureau
    above that office. The transfer letter is the holding bureau's: the agency holding the lead (a town office
    acting in its bureau's name). For a lead never assigned, this station's agency (the bureau holding the lead
    refers it itself); None when the station has none. "This station's agency" is ``station_role.own_agency``: at
    headquarters without one chosen, the city bureau. A notice whose issuer would be its addressee is refused
    (``notice_refusal``)."""
    from workstation.formkit.interview_values import acting_agency
    from workstation.station_role import own_agency
    from workstation.store import get_agency

    station = own_agency(db)  # at headquarters without an agency chosen, the city bureau
    if not lead["agency_id"]:
        return acting_agency(db, station).id if station else None
    agency = get_agency(db, lead["agency_id"])
    if form_id == "assignment_notice" and was_assigned(lead) and agency.parent_id:
        if station and station in agencies_above(db, agency.id):
            return acting_agency(db, station).id
        return acting_agency(db, agency.parent_id).id
    return acting_agency(db, agency.id).id


def notice_refusal(db: Database, lead: dict) -> str | None:
    """Why this station does not issue the lead's assignment notice (None when it may): the lead is not assigned
    yet, or was decided without being assigned; the bureau issuing it would be the one it is addressed to (a lead
    assigned to the city bureau itself); or it was assigned to this station's own bureau (or an office beside it) by
    a bureau above — that notice is the assigning bureau's, under its name and 文号; issued here it would take a
    number of that bureau's sequence, which the bureau's own laptop takes too (and a bundle then bringing both is
    refused)."""
    from workstation.station_role import own_agency
    from workstation.store import get_agency

    if lead["status"] not in OPEN_STATUSES and not was_assigned(lead):
        return _("The lead was decided on {date} ({status}) without being assigned: it has no 案件交办通知书, which "
                 "hands a lead over to the bureau or office it is assigned to.").format(
            date=lead["decided_on"] or "—", status=decided_label(db, lead))
    if not lead["agency_id"] or not was_assigned(lead):
        return _("Assign the lead first: the notice is addressed to the district or town it is assigned to.")
    station = own_agency(db)
    issuer = issuing_agency(db, lead)
    if issuer == lead["agency_id"]:
        return _("The lead is assigned to {agency} itself: its 案件交办通知书 would be addressed by {agency} to "
                 "itself. The notice is sent by the assigning bureau to a lower bureau or office: assign the lead "
                 "there.").format(agency=get_agency(db, issuer).name)
    held = lead["agency_id"]
    if station and issuer and issuer != station and issuer in agencies_above(db, station) and \
            held != station and not same_authority(db, station, held) and station not in agencies_above(db, held):
        # held by a bureau or office this station's is not over nor part of (a peer's): who assigned it there is not
        # known here — not said to be the bureau above, whose name the notice would carry
        return _("The lead is held by {office}, which is not under {station}: this bureau has no power to assign "
                 "(本局无权交办) to it, and its 案件交办通知书 is not issued here. A lead goes to {office} by {bureau}, "
                 "the bureau above both, re-assigning it (改派), with that bureau's notice under its name and 文号; if "
                 "{bureau} assigned it, file the notice received with the lead's materials.").format(
            office=get_agency(db, held).name, station=get_agency(db, station).name, bureau=get_agency(db, issuer).name)
    if station and issuer and issuer != station and issuer in agencies_above(db, station):
        return _("This lead was assigned to {office} by {bureau}: its assignment notice is {bureau}'s, issued there "
                 "under its name and 文号, not on this station. File the notice received with the lead's "
                 "materials.").format(office=get_agency(db, lead["agency_id"]).name, bureau=get_agency(db, issuer).name)
    return None


def lead_form_titles() -> str:
    """The titles of a lead's documents (``LEAD_FORMS``) as their forms name them, in that order, joined with 、:
    what the refusal of another form and the command line's help list, so that a form made a lead's is listed."""
    from workstation.formkit import spec

    return "、".join(spec.load_form(spec.FORMS / f"{form_id}.toml").title for form_id in LEAD_FORMS)


def _not_a_lead_form() -> str:
    """Why a form is refused for a lead: which documents a lead has (``lead_form_titles``)."""
    return _("A lead's documents are {titles}; other documents are written for a case.").format(
        titles=lead_form_titles())


def draft_lead_document(db: Database, lead_id: str, form, overrides: dict | None = None, blanks: list | None = None,
                        as_shown: bool = False):
    """The draft of a lead's document (``LEAD_FORMS``): its letters and its internal forms. The 举报处理结果告知书 of
    a lead that cannot have one (undecided, anonymous) is refused saying why (``report_notice_refusal``). Given a
    list ``blanks``, required fields still empty print as ruled blanks and are added to it (as a case's draft:
    ``documents.drafts.draft_document``); ``as_shown`` as in ``dated_lead_values``."""
    if form.id not in LEAD_FORMS:
        raise WorkstationError(_not_a_lead_form())
    lead = get_lead_row(db, lead_id)
    refusal = report_notice_refusal(lead) if form.id == REPORT_NOTICE else None
    if refusal:
        raise WorkstationError(refusal)
    return compose_lead_document(db, lead, form, overrides, blanks, as_shown)


def compose_lead_document(db: Database, lead: dict, form, overrides: dict | None = None, blanks: list | None = None,
                          as_shown: bool = False):
    """The draft of ``form`` drawn from the lead's row ``lead``, with no check of what the lead may have; ``blanks``
    and ``as_shown`` as in ``draft_lead_document``."""
    from workstation.documents.compose import compose
    from workstation.formkit.refusals import draft_values

    context, values = dated_lead_values(db, lead, form, overrides, as_shown)
    values = draft_values(form, values, context, blanks)
    return compose(form, values, agency=str(context["agency.name"]), date=str(values.get("issued_on") or today()))


def document_day(form, values: dict) -> str | None:
    """The day (ISO) the lead's document ``form`` with ``values`` is dated (``values.document_date``: its 交办日期,
    its 登记时间 …, else today); None while the date typed does not read (the form's check says so)."""
    from workstation.formkit.values import document_date, recorded_day

    day = document_date(form, values, today())
    return day if recorded_day(day) else None


def dated_lead_values(db: Database, lead: dict, form, overrides: dict | None = None,
                      as_shown: bool = False) -> tuple[dict, dict]:
    """The context of the lead's ``form`` and its values (``overrides`` over its defaults) as of the day it is dated
    (``document_day``, the date typed among ``overrides`` too): what it tells of the lead's complaints counts
    those received by then (``lead_context``'s ``on``). A value given that is the default the lead gives as it
    stands today (the 案情简介 drafted before its date was changed) takes the default of that day: the officer never
    wrote it — for the values given on the command line (``--values``), where the officer saw no draft. The values
    a window shows (``as_shown``) it dated itself (``lead_values_on``): a 案情简介 equal to today's default is one
    the officer kept (the dated one undone) and is issued and kept as shown."""
    from workstation.formkit.values import default_values

    given = overrides or {}
    context = lead_context(db, lead, form_id=form.id)
    dated, changes = lead_values_on(db, lead["id"], form, context, {**default_values(form, context), **given})
    return dated, {**default_values(form, dated), **given, **({} if as_shown else changes)}


def lead_values_on(db: Database, lead_id: str, form, context: dict, values: dict) -> tuple[dict, dict]:
    """For the window writing the lead's ``form`` with ``context`` (its lead's context as of some day): the context
    as of the day ``values`` date it, for a letter, the 案件来源登记表 and the 不予立案审批表 (``DATED_LEAD_FORMS``,
    ``document_day``; ``context`` itself while that date does not read, or tells the lead's complaints as it does,
    and for the lead's other forms), and the values of ``values`` still the defaults ``context`` gave, with the
    new context's (``stale_defaults``): the 案情简介 and its preview follow the date the officer types."""
    from workstation.formkit.values import default_values

    # a letter tells what was known the day it went out, the 案件来源登记表 what was by its 登记时间 (by default the day
    # the lead came in: for a lead of complaints, its first complaint's), the 不予立案审批表 what was by its approval
    day = document_day(form, values) if form.id in DATED_LEAD_FORMS else None
    if day is None:
        return context, {}
    lead = get_lead_row(db, lead_id)
    on = day if later_complaints(db, lead, day) else ""
    if on == context.get("lead.complaints_by", ""):
        return context, {}
    dated = lead_context(db, lead, form_id=form.id, on=on or None)
    return dated, stale_defaults(default_values(form, context), default_values(form, dated), values)


def stale_defaults(before: dict, after: dict, given: dict) -> dict:
    """The values of ``given`` still the defaults ``before`` (as the officer never changed them) whose default is
    ``after`` now, with that one: the 案情简介 of a lead's document whose date changed follows it."""
    from workstation.formkit.values import _plain  # a text as compared with a default

    return {name: after[name] for name, value in given.items()
            if name in before and before[name] != after.get(name) and value not in (None, "")
            and _plain(value) == _plain(before[name])}


def check_lead_issue(db: Database, lead_id: str, form, overrides: dict | None = None,
                     as_shown: bool = False) -> tuple[dict, dict, str]:
    """Every check that refuses issuing ``form`` for the lead (not a lead's document, no such lead, no bureau whose
    name and 文号 it could carry, a missing or wrong value — a field required to issue among them —, the numbering
    hold of a restore, this station's number blocks of its 文号 used up), run
    without taking a number or writing anything, so the officer is refused before being asked to confirm. Returns
    the checked values, the lead's context and the id of the issuing agency; raises the WorkstationError
    (ValidationError for a value) that refuses it. ``as_shown``: the values of the window (``dated_lead_values``)."""
    from workstation.formkit.values import checked_values

    if form.id not in LEAD_FORMS:
        raise WorkstationError(_not_a_lead_form())
    lead = get_lead_row(db, lead_id)
    refusal = notice_refusal(db, lead) if form.id == "assignment_notice" else None
    if refusal:  # unassigned: it went out with an empty 承办单位; assigned from above: another bureau's number
        raise WorkstationError(refusal)
    refusal = lead_form_refusal(db, lead, form.id)
    if refusal:  # a 不予立案审批表 of a lead filed, an extension of a T1 over
        raise WorkstationError(refusal)
    refusal = lead_conflict_refusal(db, lead) if _refers(lead, form) else None
    if refusal:  # the referral it records would decide a lead whose decision is in conflict with a station's
        raise WorkstationError(refusal)
    refusal = report_notice_issued_refusal(db, lead) if form.id == REPORT_NOTICE else None
    if refusal:  # the reporter was told this decision by a letter already in force
        raise WorkstationError(refusal)
    refusal = notice_in_force_refusal(db, lead) if form.id == "assignment_notice" else None
    if refusal:  # this assignment handed over by a notice in force: a second would take another 交 number
        raise WorkstationError(refusal)
    from workstation.documents.issuing import lead_one_per_case_refusal

    refusal = lead_one_per_case_refusal(db, lead, form)
    if refusal:  # its 案件来源登记表 in force, the lead's or its case's: one per case
        raise WorkstationError(refusal)
    agency_id = issuing_agency(db, lead, form.id)
    if agency_id is None:
        raise WorkstationError(_("Assign the lead to a bureau or office first."))
    context, values = dated_lead_values(db, lead, form, overrides, as_shown)
    if late := notice_after_t1_errors(db, lead, form, values):  # first: no 报送期限 would fit such a notice
        raise ValidationError(_labelled(form, late))
    values = checked_values(form, values, context)
    from workstation.documents.issuing import future_date_refusal, missing_to_issue, number_refusal
    from workstation.documents.numbering import number_year

    if missing := missing_to_issue(form, values):  # the assignment notice's 报送办理结果的期限 (a draft may lack it)
        raise ValidationError(missing)
    if future := future_date_refusal(form, values, _issued_day(values)):  # its 落款日期 after today
        raise ValidationError(future)

    # its 文号 is of the year of its 落款日期 (``numbering.number_year``)
    refusal = number_refusal(db, agency_id, form, year=number_year(_issued_day(values)))
    if refusal:  # the numbering hold, or this station's blocks of the sequence used up: refused before "签发？"
        raise WorkstationError(refusal)
    # dated before the lead, its report_by past T1; a 移送函 to no agency, or to another than the lead's
    if errors := lead_date_errors(db, lead, form, values) or receiver_errors(lead, form, values):
        raise ValidationError(_labelled(form, errors))
    from workstation.documents.jurisdiction import jurisdiction_errors

    # to its own bureau, office or the one above; never to the agency holding the lead (by name, wording or code)
    if errors := jurisdiction_errors(db, agency_id, form, values, holder=lead["agency_id"] or agency_id):
        raise ValidationError(errors)
    if _refers(lead, form):  # not elsewhere while the copy an earlier referral handed over stands there
        from workstation.documents.jurisdiction import referred_agency

        named = referred_agency(db, str(values.get("receiver") or "").strip())
        if refusal := standing_copy_refusal(db, lead, named.id if named is not None else None):
            raise WorkstationError(refusal)
    return values, context, agency_id


def _label(form, name: str) -> str:
    """The label of the field ``name`` of ``form``, which a refusal names it by (the name of a form without it)."""
    field = form.field(name)
    return field.label if field else name


def _labelled(form, errors: dict[str, str]) -> dict[str, str]:
    """The field errors ``errors`` of ``form`` by the labels of their fields (``_label``)."""
    return {_label(form, name): message for name, message in errors.items()}


def referral_refusal(db: Database, lead: dict, receiver: str) -> str | None:
    """Why ``lead``'s 案件移送函 cannot go to ``receiver`` (``receiver_name`` of what the officer typed), as issuing
    it would refuse it (``check_lead_issue``): the agency holding the lead, its bureau or office, the bureau above,
    a number that is no agency code (``jurisdiction.receiver_refusal``); None when it may, or when no bureau could
    issue it (said otherwise)."""
    from workstation.documents.jurisdiction import receiver_refusal

    agency_id = issuing_agency(db, lead, "case_transfer_letter")
    if agency_id is None:
        return None
    return receiver_refusal(db, agency_id, receiver, holder=lead["agency_id"] or agency_id)


def receiver_errors(lead: dict, form, values: dict) -> dict[str, str]:
    """The field error of the 受移送机关 of a 案件移送函 issued for ``lead`` ({} when it fits): the letter of a lead
    open records its referral, to the agency it names (``_refers``), which it must name; a further letter of a lead
    referred (materials sent after) goes to the agency recorded — a lead is referred to the one agency competent
    for it (REFERENCE No. 4), as its 举报处理结果告知书 tells the reporter."""
    if form.id != "case_transfer_letter":
        return {}
    receiver, referred = str(values.get("receiver") or "").strip(), (lead["referred_to"] or "").strip()
    if _refers(lead, form) and not receiver:
        return {"receiver": _("Name the agency the lead is referred to.")}
    if lead["status"] == "referred" and referred and receiver != referred:
        return {"receiver": _("The lead was referred to {agency} on {date}: a further 案件移送函 goes to {agency} "
                              "too, as a lead is referred to the one agency competent for it. Write {agency}.").format(
            agency=referred, date=lead["decided_on"] or "—")}
    return {}


def lead_date_errors(db: Database, lead: dict, form, values: dict) -> dict[str, str]:
    """Field errors of the dates of ``form`` issued for ``lead`` with ``values`` ({} when they fit): no document of
    a lead is dated before the lead was received; its letters not before it was assigned (the 案件移送函 of a lead
    open records its referral on its day, ``decide_lead``), nor before the lead was referred (a further 案件移送函).
    The 案件交办通知书 hands over a lead to verify: dated before the lead was decided, and the result it asks for
    reported by the end of T1 (REFERENCE §1.2 T1: 15 working days from the assignment, longer only by an extension
    approved first; ``notice_after_t1_errors`` refuses one dated after T1 ended before these are checked) — except
    the notice of a hand-over inside the bureau made after T1 ended (``late_hand_over``), whose result is asked by a
    day not before the notice (the form's own rule), its lateness told before issuing (``lead_issue_warning``)."""
    day, received = _issued_day(values), lead["received_at"][:10]
    if form.id == "non_filing_approval" and (approval := _approval_day_errors(lead, values)):
        return approval
    if form.id not in LEAD_LETTERS:
        return {"issued_on": _("The lead was received on {date}: its {title} cannot be dated before that day.").format(
            date=received, title=form.title)} if day < received else {}
    start = t1_start(lead)
    if day < start and _refers(lead, form):
        return {"issued_on": _("The lead is referred when its 案件移送函 is issued: the letter cannot be dated before "
                               "the lead was received or assigned ({date}).").format(date=start)}
    if day < start:
        return {"issued_on": _("The lead was received or assigned on {date}: its {title} cannot be dated before that "
                               "day.").format(date=start, title=form.title)}
    decided = lead["decided_on"] if lead["status"] not in OPEN_STATUSES else ""
    if form.id == "case_transfer_letter" and lead["status"] == "referred" and decided and day < decided:
        return {"issued_on": _("The lead was referred on {date}: a further 案件移送函 cannot be dated before that "
                               "day.").format(date=decided)}
    if form.id != "assignment_notice":
        return {}
    if decided and day > decided:
        return {"issued_on": _("The lead was decided on {date} ({status}): its 案件交办通知书 hands over a lead to "
                               "verify, and cannot be dated after that day.").format(
            date=decided, status=decided_label(db, lead))}
    due, report_by = t1_due(db, lead), str(values.get("report_by") or "")[:10]
    # a hand-over inside the bureau after T1 ended asks by a day on or after it, said late; an unconfirmed T1 end is
    # said (lead_issue_warning)
    if due and report_by > due and not _records_late_hand_over(db, lead, day) \
            and not _unconfirmed_t1_note(db, lead, report_by):
        return {"report_by": _("The lead's verification period (T1) ends on {date}: the result is reported by then. "
                               "Pick that day or an earlier one; a longer period needs its extension approved "
                               "first.").format(date=due)}
    return {}


def _approval_day_errors(lead: dict, values: dict) -> dict[str, str]:
    """The field error of the 审批日期 (``approved_on``) of a 不予立案审批表 of ``lead`` decided not to be filed that is
    not the day of that decision ({} when it is, or the sheet leaves it blank, or the lead is not decided yet): the
    sheet approves the decision the lead records, as a case's approves its decline (``stage_rules._non_filing_date``)."""
    day, decided = str(values.get("approved_on") or "")[:10], lead["decided_on"] or ""
    if lead["status"] != "not_filed" or not day or not decided or day == decided[:10]:
        return {}
    return {"approved_on": _("The 审批日期 ({date}) is not the day the lead was decided not to be filed ({decided}): "
                             "the sheet approves that decision. Write {decided}; if that day is wrong, withdraw the "
                             "decision ({withdraw}) and decide it again on the right day first.").format(
        date=day, decided=decided[:10], withdraw=_("Withdraw not filing"))}


def approval_day_warning(db: Database, lead: dict, decision: str, on: str | None) -> str:
    """What deciding ``lead`` not to be filed (``decision`` not_file) on ``on`` (default today) is told, not refused,
    when its 不予立案审批表 in force was issued approving it on another day: the sheet or the day given is wrong —
    as filing a case on other days than its 立案审批表's is told (``procedure.filing_date_warning``). "" otherwise."""
    if decision != "not_file":
        return ""
    try:
        day = parse_date(on) or today()
    except ValueError:
        return ""
    approved = [str(d.values.get("approved_on") or "")[:10] for d in withdrawn_approvals(db, lead)]
    approved = [date for date in approved if date]
    if not approved or approved[-1] == day:
        return ""
    return _("The 不予立案审批表 in force approves not filing the lead on {approved}, not on {date}: record the "
             "decision on the day it was approved; if the sheet is wrong, void it and issue it again once the lead "
             "is decided.").format(approved=approved[-1], date=day)


def notice_after_t1_errors(db: Database, lead: dict, form, values: dict) -> dict[str, str]:
    """The field error of a 案件交办通知书 of an assigned lead dated (``values``' 交办日期, unchecked: a date that
    does not read is left to the form's check) after its T1 ended ({} when not). The notice records the assignment
    (交办), the day T1 counts from, and asks for the result by the end of T1; dated after T1 ended, no 报送期限
    would be both within T1 and not before the notice, and the extension of a T1 over is refused: it is dated the
    day of the assignment, as it was made (REFERENCE §1.2 T1, catalogue No. 3). Not the notice of a later hand-over
    inside the bureau made after T1 ended (``late_hand_over``): it records that hand-over, on its day."""
    if form.id != "assignment_notice" or not lead["assigned_on"]:
        return {}
    try:
        day = parse_date(str(values.get("issued_on") or "")) or today()
    except ValueError:
        return {}
    due = t1_due(db, lead)
    if not due or day <= due or (lead["status"] not in OPEN_STATUSES and day > (lead["decided_on"] or day)):
        return {}  # within T1; or after the lead was decided, which ``lead_date_errors`` refuses
    if _records_late_hand_over(db, lead, day):  # the hand-over inside the bureau after T1 ended, not the assignment
        return {}
    if _unconfirmed_t1_note(db, lead, day):  # T1's end counted without that year's holidays: said, not refused
        return {}
    return {"issued_on": _("The lead was assigned on {assigned} and its verification period (T1) ended on {due}: a "
                           "案件交办通知书 dated {date} cannot ask for the result within T1. The notice records the "
                           "assignment: change its 交办日期 to {assigned}, the day the lead was assigned, "
                           "and ask for the result by {due} at the latest.").format(
        assigned=lead["assigned_on"], due=due, date=day)}


@dataclass(frozen=True)
class LateHandOver:
    """The lead's last hand-over inside the bureau made after its T1 ended (``late_hand_over``): its day, the end of
    T1, the working days between as the lead's history counted them on that day, the bureau inside which it was
    made, and whether it was made by this installation (its audit log records making the history row)."""

    day: str
    due: str
    late_days: int
    bureau: str | None
    made_here: bool = False


def late_hand_over(db: Database, lead: dict) -> LateHandOver | None:
    """The lead's last hand-over inside the bureau (``ASSIGNED_WITHIN``, to the agency holding it, later than its
    assignment: ``held_since``) when it was made after its T1 ended — None when it was not, or the lead was not
    handed so. Its 案件交办通知书, dated that day, cannot ask for the result within T1 (REFERENCE §1.2 T1: counted
    from the receipt, or the assignment, and extended only by an approval made before it ended): it asks for it by a
    day not before the notice (the form's ``not_before``), and the lateness stays in the lead's history
    (``late_assignment_line``) and is told before issuing (``lead_issue_warning``). Its ``bureau`` is the bureau
    inside which it was handed, in whose name its notice is issued (``numbering_owner``): of the agency holding the
    lead before, as its history row names it — or, held by none (a lead registered and not held: handed by the
    bureau that received it, inside which ``assign_lead`` hands it), of the agency it went to, which is of that same
    bureau. ``made_here``: this installation's audit log records making that row (``assign``), not receiving it from
    another's bundle. The history row does not record which bureau acted (its ``agency_id`` is the holder before,
    ``actor`` the officer's account) and an installation's agency may have changed since: only where the hand-over
    was made, in the name of the bureau it lies inside, is its notice known to be the one of that hand-over
    (``_records_late_hand_over``)."""
    from workstation.documents.numbering import numbering_owner

    handed = held_since(db, lead)
    if not handed or handed == (lead["assigned_on"] or ""):
        return None
    due = t1_due(db, lead)
    if not due or handed <= due:
        return None
    row = db.execute("SELECT agency_id, to_agency_id, late_days, id FROM lead_history WHERE lead_id = ? AND kind = ? "
                     "AND to_agency_id IS ? AND on_date = ? ORDER BY at DESC, id DESC LIMIT 1",
                     [lead["id"], ASSIGNED_WITHIN, lead["agency_id"], handed]).fetchone()
    if row is None:
        return None
    made = db.execute("SELECT 1 FROM audit WHERE entity = 'lead_history' AND entity_id = ? AND action = 'assign' "
                      "LIMIT 1", [row[3]]).fetchone() is not None
    return LateHandOver(handed, due, row[2] or 0, numbering_owner(db, row[0] or row[1]), made)


def _records_late_hand_over(db: Database, lead: dict, day: str, issuer: str | None = None,
                            late: LateHandOver | None = None) -> bool:
    """Whether a 案件交办通知书 dated ``day`` records the lead's hand-over inside the bureau after its T1 ended
    (``late_hand_over``): dated that day or later, and in the name of the bureau inside which it was handed —
    another bureau's notice (the city bureau's of a district's own hand-over) records no such hand-over, and is held
    to T1 as any other. ``issuer``: the bureau a notice issued already carries (``notice_issuer``, wherever it was
    issued: headquarters reads a station's as the station issued it); None for one issued here now, in the name of
    ``issuing_agency`` — only where the hand-over was made (``LateHandOver.made_here``): elsewhere who made it is not
    known (another installation's, perhaps another bureau's, as headquarters' of a district's lead), and the notice
    is held to T1 rather than issued in a bureau's name that may not have made it. ``late``: the lead's
    ``late_hand_over`` when the caller has it already (None: looked up here)."""
    late = late if late is not None else late_hand_over(db, lead)
    if late is None or day[:10] < late.day or late.bureau is None:
        return False
    if issuer is not None:
        return issuer == late.bureau
    return late.made_here and issuing_agency(db, lead) == late.bureau


def notice_issuer(db: Database, notice) -> str | None:
    """The agency whose 文号 an issued notice carries (``doc_numbers.agency_id``): the bureau it was issued in the
    name of, wherever that was (not this installation's ``issuing_agency``). None when its number is not held."""
    row = db.execute("SELECT agency_id FROM doc_numbers WHERE document_id = ? OR (number = ? AND number != '') "
                     "ORDER BY document_id = ? DESC LIMIT 1", [notice.id, notice.number or "", notice.id]).fetchone()
    return row[0] if row else None


def late_hand_over_warning(db: Database, lead: dict, form, values: dict) -> str:
    """What issuing the 案件交办通知书 of a lead handed inside the bureau after its T1 ended (``late_hand_over``) is
    told, not refused: the period's end and by how many working days the hand-over came after it, as the lead's
    history counted them that day (its ``late_days``), and that the result is asked for after that end. "" for
    another form or lead, a notice dated before that hand-over, or one of another bureau than the one that made it."""
    if form.id != "assignment_notice":
        return ""
    late = late_hand_over(db, lead)
    if late is None or not _records_late_hand_over(db, lead, _issued_day(values), late=late):
        return ""
    from workstation.store import get_agency

    return ngettext("The lead was handed to {to} on {date}, inside the bureau, after its verification period (T1) "
                    "had ended on {due} ({n} working day before): the notice asks for the result after that end, "
                    "and the lead's history keeps that this deadline was missed.",
                    "The lead was handed to {to} on {date}, inside the bureau, after its verification period (T1) "
                    "had ended on {due} ({n} working days before): the notice asks for the result after that end, "
                    "and the lead's history keeps that this deadline was missed.", late.late_days).format(
        to=get_agency(db, lead["agency_id"]).name, date=late.day, due=late.due, n=late.late_days)


def _unconfirmed_t1_note(db: Database, lead: dict, day: str) -> str:
    """What a date ``day`` after the end of the lead's T1 (``t1_deadline``) is told instead of being refused when that
    end was counted through a year without holiday data (``clock_events.unconfirmed_end_note``); "" when it is
    refused (or is not after T1)."""
    from workstation.store.clock_events import unconfirmed_end_note

    deadline = t1_deadline(db, lead)
    if not deadline.due or day[:10] <= deadline.due:
        return ""
    return unconfirmed_end_note(db, deadline, day)


def notices_off_calendar(db: Database) -> list[tuple[dict, object, str]]:
    """The 案件交办通知书 in force (issued, not voided, since the lead was last re-assigned) of the leads still being
    verified here — open, no case opened for them (``lead_deadlines`` counts their T1), not another agency's
    (``others_lead_condition``) — whose 报送期限 (``report_by``) is after the day their verification period (T1) now
    ends on (``t1_due``): issued when T1 was counted on another calendar (a year's holidays imported or removed
    since), they ask for the result later than T1 allows — not the notice of a hand-over inside the bureau made after
    T1 ended (``late_hand_over``), which asks after it knowingly. (lead, notice, T1's end), the leads in the order
    received; the notice is not changed by the program."""
    others, params = others_lead_condition(db)
    rows = db.execute(
        "SELECT id FROM leads WHERE status IN ('registered', 'assigned') AND case_id IS NULL AND id IN (SELECT lead_id "
        f"FROM documents WHERE form_id = 'assignment_notice' AND status = 'issued') AND NOT {others} "
        "ORDER BY received_at, id", params).fetchall()
    found = []
    for (lead_id,) in rows:
        lead = get_lead_row(db, lead_id)
        due = ""
        for notice in _in_force_since(db, lead_id, "assignment_notice", REASSIGNED):
            report_by = str(notice.values.get("report_by") or "")[:10]
            due = due or t1_due(db, lead) or ""
            if report_by and due and report_by > due:
                if (issuer := notice_issuer(db, notice)) is not None and \
                        _records_late_hand_over(db, lead, str(notice.values.get("issued_on") or ""), issuer):
                    continue  # a hand-over inside the bureau after T1 ended: asked after it knowingly (by its issuer)
                found.append((lead, notice, due))
    return found


def notice_calendar_lines(db: Database) -> tuple[list[str], list[str]]:
    """What `calendar import`, `calendar remove` and the window's holiday import and removal say of the leads once the
    calendar changed, as ``store.interviews.interview_calendar_lines`` says of the interviews: each 案件交办通知书 in
    force asking for the result after the day the lead's T1 now ends on (``notices_off_calendar``), with what to do.
    (lines, the ids of those notices)."""
    from workstation.board_export import lead_target
    from workstation.documents.issuing import document_name

    lines, ids = [], []
    for lead, notice, due in notices_off_calendar(db):
        party = db.execute("SELECT name FROM parties WHERE id = ?", [lead["target_party_id"]]).fetchone() \
            if lead["target_party_id"] else None
        target = lead_target(lead["target_name"], party[0] if party else None, lead["businesses"])
        ids.append(notice.id)
        lines.append(_("Lead {id} received {date} ({target}): its {document} asks for the result by {printed}, but "
                       "its verification period (T1) now ends on {due}. Void the notice, saying why, and issue it "
                       "again asking for the result by {due} at the latest (docs issue {id} --form "
                       "assignment_notice).").format(
            id=lead["id"], date=lead["received_at"][:10], target=target or "—", document=document_name(notice),
            printed=str(notice.values.get("report_by"))[:10], due=due))
    return lines, ids


def lead_issue_warning(db: Database, lead_id: str, form, values: dict | None = None) -> str:
    """What issuing ``form`` for the lead with ``values`` (its fields as typed; the defaults where missing) is told,
    not refused, when a date it rests on was counted through a year without holiday data (日历待核实: the deadline
    board's “calendar unconfirmed”): the 案件交办通知书 asks for the result by the end of T1, which that year's
    holidays may move — named, with the date it bears after that end, when that is so (``lead_date_errors`` and
    ``notice_after_t1_errors`` refuse it otherwise); the 有关事项审批表 extends a T1 whose end as counted is past.
    The 案件移送函 of a lead still open, which records its referral on its day, is told that the day is after the
    end of T1 when it is (``late_decision_warning``). The 案件交办通知书 dated another day than the lead's assignment
    it records is told so (``notice_day_warning``), and the notice of a hand-over inside the bureau after T1 ended
    that it asks for the result after that end (``late_hand_over_warning``). "" for another form, and when every
    count is confirmed and every date is the one expected."""
    from workstation.errors import join_sentences

    if form.id == TRANSFER_LETTER:  # it records the referral of a lead still open, on its day: late or not
        lead = get_lead_row(db, lead_id)
        if not _refers(lead, form):
            return ""
        return join_sentences([late_decision_warning(db, lead, "refer", _issued_day(values or {})),
                               _hand_over_warning(db, lead, values or {})])
    if form.id not in ("assignment_notice", "matter_approval"):
        return ""
    lead = get_lead_row(db, lead_id)
    return join_sentences([notice_day_warning({**lead, "assigned_on": held_since(db, lead)}, form, values or {}),
                           late_hand_over_warning(db, lead, form, values or {}),
                           _calendar_warning(db, lead, form, values or {})])


def _hand_over_warning(db: Database, lead: dict, values: dict) -> str:
    """The part of ``lead_issue_warning`` about a 案件移送函 to an agency of the register: the lead is handed over
    to it (``hand_over_referred``), and one under this bureau is usually assigned instead
    (``jurisdiction.register_referral_warning``)."""
    from workstation.documents.jurisdiction import register_referral_warning

    receiver = str(values.get("receiver") or "").strip()
    agency_id = issuing_agency(db, lead, TRANSFER_LETTER)
    return register_referral_warning(db, agency_id, receiver) if receiver and agency_id else ""


def notice_day_warning(lead: dict, form, values: dict) -> str:
    """What issuing the 案件交办通知书 of ``lead`` with ``values`` is told, not refused, when its 交办日期 typed is not
    the day the lead was assigned: the notice records that assignment (its default, ``lead.assigned_on``), the day
    T1 counts from; a notice dated the day it was written said the lead was handed over then. "" for another form,
    a lead not assigned, a date not typed (the default) or one that does not read (the form's check says it)."""
    if form.id != "assignment_notice" or not lead["assigned_on"]:
        return ""
    try:
        day = parse_date(str(values.get("issued_on") or ""))
    except ValueError:
        return ""
    if not day or day == lead["assigned_on"]:
        return ""
    return _("The lead was assigned on {assigned}, and the 案件交办通知书 records that assignment: dated {date}, it "
             "says the lead was handed over on that day. Keep {assigned}, the day of the assignment, unless the "
             "notice is in fact dated otherwise on paper.").format(assigned=lead["assigned_on"], date=day)


def _calendar_warning(db: Database, lead: dict, form, values: dict) -> str:
    """The part of ``lead_issue_warning`` about a T1 counted through a year without holiday data."""
    from workstation.errors import join_sentences
    from workstation.store.clock_events import unconfirmed_end_note

    if lead["status"] not in OPEN_STATUSES or lead["case_id"]:
        return ""
    deadline = t1_deadline(db, lead)
    if deadline.confirmed or not deadline.due or not deadline.start:
        return ""
    if form.id == "matter_approval":
        return unconfirmed_end_note(db, deadline, today()) if today() > deadline.due else ""
    after = {name: day for name in ("issued_on", "report_by")
             if (day := str(values.get(name) or "")[:10]) and day > deadline.due}
    if not after:  # within T1: its end, which the notice asks the result by, may move
        return unconfirmed_end_note(db, deadline, deadline.due)
    note = unconfirmed_end_note(db, deadline, max(after.values()))
    return join_sentences([
        *(_("{field} {date} is after {due}, the day the lead's verification period (T1) ends as counted: it is not "
            "refused, as that day is not certain yet.").format(field=_label(form, name), date=day, due=deadline.due)
          for name, day in after.items()), note]) if note else ""


def _refers(lead: dict, form) -> bool:
    """Whether issuing ``form`` for ``lead`` records its referral: the 案件移送函 of a lead still open."""
    return form.id == "case_transfer_letter" and lead["status"] in OPEN_STATUSES


def _issued_day(values: dict) -> str:
    return str(values.get("issued_on") or today())[:10]


def issue_lead_document(db: Database, data_dir: Path, lead_id: str, form, overrides: dict | None = None,
                        as_shown: bool = False):
    """Issue a lead's document: its assignment notice or transfer letter (its 文号 from the issuing bureau), or an
    internal form (no 文号); refused, with nothing taken, as ``check_lead_issue`` refuses it. The transfer letter
    of a lead still open records its referral (已移送) to the agency it is addressed to, on the letter's day, in the
    same transaction: a lead is referred when its letter goes out, not before. ``as_shown`` as in
    ``check_lead_issue``."""
    from workstation.documents.issuing import issue_values

    values, context, agency_id = check_lead_issue(db, lead_id, form, overrides, as_shown)
    refers = _refers(get_lead_row(db, lead_id), form)
    with immediate(db):  # the letter and the referral it records: both or neither
        document = issue_values(db, data_dir, form, values, owner={"lead_id": lead_id}, agency_id=agency_id,
                                agency=str(context["agency.name"]), date=str(values.get("issued_on") or today()))
        if refers:
            decide_lead(db, lead_id, "refer", on=_issued_day(values), referred_to=str(values["receiver"]))
    return document


SNIPPET_LENGTH = 60


@dataclass(frozen=True)
class LeadComplaint:
    """A complaint of the lead a case was filed from, as the case workspace lists it: the complainant's number
    masked, and a snippet of the text with the numbers written in it masked before it is cut (none cut in half)."""

    id: str
    received_at: str
    channel: str
    complainant: str
    text: str

    @property
    def snippet(self) -> str:
        from workstation.masking import mask_text

        shown = " ".join(mask_text(self.text).split())
        return shown if len(shown) <= SNIPPET_LENGTH else shown[:SNIPPET_LENGTH] + "…"


def case_lead(db: Database, case_id: str) -> dict | None:
    """The lead the case was filed from (its row), None for a case not filed from a lead."""
    return fetch_dict(db, "SELECT * FROM leads WHERE case_id = ? ORDER BY decided_on LIMIT 1", [case_id])


def lead_complaints(db: Database, lead_id: str, limit: int = 200) -> tuple[int, list[LeadComplaint]]:
    """How many complaints are linked to the lead, and the first ``limit`` of them, oldest first (channel as its
    label, complainant's number masked: each of a cell of several, as the complaint search shows them; a number the
    export showed masked, as it showed it, after the whole ones of the same cell)."""
    from workstation.masking import mask_field

    count = db.execute("SELECT COUNT(*) FROM complaints WHERE lead_id = ?", [lead_id]).fetchone()[0]
    rows = db.execute("SELECT id, received_at, source, complainant_phone, text, complainant_masked FROM complaints "
                      "WHERE lead_id = ? ORDER BY received_at, rowid LIMIT ?", [lead_id, limit])
    return count, [LeadComplaint(r[0], r[1] or "", shown_label("lead_sources", r[2]) if r[2] else "—",
                                 " ".join(filter(None, (mask_field("complainant_phone", r[3]), r[5]))) or "—",
                                 r[4] or "") for r in rows]


def lead_documents(db: Database, lead_id: str):
    """The documents issued for the lead, oldest first (``IssuedDocument``); for a lead of none, the issuing
    machinery (and reportlab with it) is not imported: the 线索 page asks at each lead selected."""
    ids = [r[0] for r in db.execute("SELECT id FROM documents WHERE lead_id = ? ORDER BY issued_at", [lead_id])]
    if not ids:
        return []
    from workstation.documents.issuing import get_document

    return [get_document(db, document_id) for document_id in ids]
