"""The case state machine of the ordinary procedure (REFERENCE §1.1), with the simple procedure's one step 当场处罚
(§1.3, ``decide_on_the_spot``, and the way back from it to the ordinary procedure, ``leave_simple_procedure``):
which actions each state offers, the legal conditions (guards) of each action, and applying an action with its
date, reason, timeline event and audit entry. A refused action says why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from workstation.audit import AuditWriter
from workstation.case_reference import case_named
from workstation.db import Database
from workstation.db.connection import immediate
from workstation.decided_transfer import CLOSED_ON, DECIDED_ON, INVESTIGATION_ON
from workstation.document_clocks import TRANSFER_LETTER_FORM
from workstation.errors import TransitionRefused, join_sentences
from workstation.i18n import _, join_names
from workstation.party_decisions import ACTIONS as DECISION_ACTIONS
from workstation.party_notices import PARTY_ACTIONS as NOTICE_ACTIONS
from workstation.party_notices import parties_line
from workstation.records import Case, CaseEvent, Party, now, today
from workstation.store import get_case, parties_of_case
from workstation.store.cases import add_event, update_case
from workstation.validators import parse_date, year_slip
from workstation.vocabulary import shown_label

if TYPE_CHECKING:
    from workstation.clocks import Deadline
    from workstation.document_clocks import NoticeService
    from workstation.payments import Payment
    from workstation.records import ClockEvent

# the procedure actions recorded for one or more parties of a case with several parties: the service of the
# pre-penalty notice and the waiver (party_notices), the service of the decision and the payment (party_decisions)
PARTY_ACTIONS = NOTICE_ACTIONS + DECISION_ACTIONS


@dataclass(frozen=True)
class Transition:
    """One procedure action: from which states, to which state, what it records and its legal condition."""

    name: str
    sources: tuple[str, ...]
    target: str
    date_field: str | None = None
    needs_reason: bool = False
    guard: Callable[[Database, Case], str | None] | None = None
    # the condition on the date the action is recorded with (checked when it is applied), for the parties it is
    # recorded for (empty: the whole case)
    date_guard: Callable[[Database, Case, str, tuple[str, ...]], str | None] | None = None
    # further states from which the action is offered only in a case with several parties (and, with
    # ``several_parties_when``, only while that holds: a party still to be served, a party who may still waive)
    several_parties_sources: tuple[str, ...] = ()
    several_parties_when: Callable[[Database, Case], bool] | None = None
    # an action that answers an order from outside the case (a reconsideration decision or judgment): while nothing
    # ordered it, which is nearly always, the window greys it out with its reason in its tooltip only, instead of
    # spelling that reason out under the actions of every decided and closed case
    answers_an_order: bool = False
    # offered (by the window, ``available``) only while that holds: an action that has nothing to act on in the case
    # (a decision made anew where none was made); the command line, which names any action, gets its guard's refusal
    offered_when: Callable[[Database, Case], bool] | None = None
    # further states the action is taken from, only as the police answered after the case came back or was closed
    # (their 立案 of a case taken back, their withdrawal of one closed as theirs) and, in the window, while
    # ``offered_when`` holds: outside the procedure's course, so kept out of ``sources`` (the steps a case in a state
    # may have taken, ``store.cases``, and the actions a state offers, ``transitions_from``)
    police_sources: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The action's name in the user's language (English with ``WORKSTATION_LANG=en``, else its Chinese label),
        as its button and every refusal naming it say it."""
        return shown_label("transitions", self.name)


def _officers_refusal(db: Database, case: Case, action: str) -> str | None:
    """Why ``action`` (a transition name) cannot be taken by the case's officers: a penalty case is investigated
    by at least two law-enforcement officers who hold enforcement certificates (Penalty Law arts. 42, 55). An
    officer no longer active (deactivated in the officer list), without a certificate, or of another agency than the
    case's bureau and its offices (moved since, or named so on the command line) does not count; the refusal names
    each of them (``store.cases.case_officers_counted``)."""
    from workstation.store.cases import case_officers_counted

    counted, problems = case_officers_counted(db, case)
    if counted >= 2:
        return None
    refusal = _("“{action}” needs at least two active officers with enforcement certificates (Penalty Law "
                "art. 42); this case has {n}.").format(action=shown_label("transitions", action), n=counted)
    return join_sentences([refusal, *problems, officers_remedy()])


def officers_remedy() -> str:
    """What the refusal of too few officers (``_officers_refusal``) says to do in the window; the command line says
    its own (`cases transition … file --officer`) in its place."""
    return _("Officers and their certificate numbers are entered under Case → Enforcement officers…, and named "
             "in the case under Edit case….")


def _filing_guard(db: Database, case: Case) -> str | None:
    from workstation.numbering_hold import current_hold, refusal_text

    if (hold := current_hold(db)) is not None:  # after a restore no case number is taken (``numbering_hold``)
        return refusal_text(hold)
    refusal = _officers_refusal(db, case, "file")
    if refusal:
        return refusal
    if not case.party_ids:
        return _("Filing needs the party of the case.")
    # decided on the spot (简易程序): filed only once its 当场行政处罚决定书 is voided, to change to the ordinary procedure
    return on_the_spot_refusal(db, case, f"“{shown_label('transitions', 'file')}”")


def _investigators_guard(action: str, guard: Callable[[Database, Case], str | None] | None = None
                         ) -> Callable[[Database, Case], str | None]:
    """The guard of an action the case's officers take after the filing (listed in the comment before ``_to_police_guard``): two active, certified
    officers of the case's agency (``_officers_refusal``), then the action's own ``guard``."""
    return lambda db, case: _officers_refusal(db, case, action) or (guard(db, case) if guard else None)


def _police_withdrew_closed(db: Database, case: Case) -> str | None:
    """The day the police withdrew (撤销案件) the case they had opened, when that is their latest answer and the case
    is closed (closed as theirs before they returned it); None otherwise."""
    if case.status != "closed":
        return None
    answer = police_answer(db, case)
    if answer is None or answer[0] != "police_withdrawn":
        return None
    # taken up again after that withdrawal (恢复办理), then decided or terminated and closed: closed as this bureau's
    # own case, not as the police's — no way back by the withdrawal it already answered
    return None if _taken_up_since(db, case, answer[1]) else answer[1]


def _taken_up_since(db: Database, case: Case, day: str) -> str | None:
    """The first day the case was taken up again from the police (恢复办理, from 移送公安 or 已结案) on or after
    ``day``, None when it was not."""
    row = db.execute("SELECT MIN(COALESCE(on_date, substr(at, 1, 10))) FROM case_events WHERE case_id = ? AND kind = "
                     "'transition' AND to_status = 'investigating' AND from_status IN ('transferred_police', "
                     "'closed') AND COALESCE(on_date, substr(at, 1, 10)) >= ?", [case.id, day]).fetchone()
    return row[0] if row else None


def _resume_offered(db: Database, case: Case) -> bool:
    """恢复办理 is offered in a closed case only once the police withdrew it and returned it (``_police_withdrew_closed``)."""
    return case.status != "closed" or _police_withdrew_closed(db, case) is not None


def _closing_offered(db: Database, case: Case) -> bool:
    """结案 is offered in a case still being handled (``INVESTIGATION_ON``) only once the police opened it
    (``police_opened``): taken back on their refusal, then opened on reconsideration or supervision."""
    return case.status not in INVESTIGATION_ON or police_opened(db, case) is not None


def _resume_after_police_guard(db: Database, case: Case) -> str | None:
    """The case comes back from the police only once they declined it (transfer rules arts. 8, 9, 11; REFERENCE
    §1.7 step 7): their 不予立案通知书, or their decision upholding it on a request to reconsider, or their withdrawal
    (撤销案件) of the case they had opened, is recorded for the latest transfer. Not while their answer is awaited or a request to reconsider is pending, and never once they
    opened a criminal case (Penalty Law art. 82: no administrative penalty in its place). Two active, certified
    officers take the investigation up again. A closed case is reopened so only once the police withdrew the case it
    was closed as theirs on (``_police_withdrew_closed``; Penalty Law art. 27); one taken up after that withdrawal
    and closed again as this bureau's own case is refused saying so."""
    if case.status == "closed" and _police_withdrew_closed(db, case) is None:
        answer = police_answer(db, case)
        taken_up = _taken_up_since(db, case, answer[1]) \
            if answer is not None and answer[0] == "police_withdrawn" else None
        if taken_up:  # the withdrawal already answered: closed since as this bureau's own case
            return _("The case is closed as this bureau's own case: the police withdrew it on {withdrawn}, it was "
                     "taken up again on {resumed} (“{action}”) and closed again. That withdrawal is "
                     "answered already: “{action}” does not reopen the case a second time.").format(
                withdrawn=answer[1], resumed=taken_up, action=shown_label("transitions", "resume_after_police"))
        return _("The case is closed, and the police have not withdrawn it (“{withdrawn}”): “{action}” reopens a "
                 "closed case only once they returned it (Penalty Law art. 27).").format(
            withdrawn=shown_label("clock_events", "police_withdrawn"),
            action=shown_label("transitions", "resume_after_police"))
    return _officers_refusal(db, case, "resume_after_police") or _police_answer_refusal(
        db, case, shown_label("transitions", "resume_after_police"))


def _resume_after_police_date_guard(db: Database, case: Case, date: str, _parties: tuple[str, ...] = ()
                                    ) -> str | None:
    """恢复办理 not before the police's latest answer to the transfer (``police_answer``: their refusal, their decision
    upholding it, their withdrawal): the case comes back on that answer, so not on a day it was still with them
    (transfer rules arts. 8, 9). ``latest_step`` counts that answer too (``_police_answer_step``) and so refuses the
    same days; this guard is kept, and runs first, only for its clearer message: it says the case was still with the
    police on that day and from which day to record the step, where the general one says only that steps are
    recorded in their order."""
    answer = police_answer(db, case)
    if answer is None or date >= answer[1]:
        return None
    return _("The police's answer to the transfer, “{answer}”, is recorded on {day}: the case was still with them "
             "on {date}, so “{action}” is not recorded on that day. Record it on {day} or later (transfer rules "
             "arts. 8, 9).").format(answer=shown_label("clock_events", answer[0]), day=answer[1], date=date,
                                    action=shown_label("transitions", "resume_after_police"))


# the steps with the police that answer a transfer, and those after which the police have declined the case (a
# case they opened and then withdrew, 撤销案件, comes back as a refused one does: REFERENCE §1.7 step 7). A request to
# reconsider, or to the procuratorate to supervise the refusal, is pending: the police may still open the case on it
# (transfer rules art. 9), so the case stays with them until they answer it — their 立案, or their refusal standing
# (recorded again as “police_refused” after the procuratorate was asked)
POLICE_ANSWER_KINDS = ("police_filed", "police_refused", "police_review_requested", "police_review_upheld",
                       "procuratorate_requested", "police_withdrawn")
POLICE_DECLINED = ("police_refused", "police_review_upheld", "police_withdrawn")
POLICE_PENDING = ("police_review_requested", "procuratorate_requested")


def _last_transfer_day(db: Database, case: Case) -> str:
    """The day of the case's latest transfer to the police, "" without the step (a case imported as transferred)."""
    row = db.execute("SELECT MAX(COALESCE(on_date, substr(at, 1, 10))) FROM case_events WHERE case_id = ? AND "
                     "kind = 'transition' AND to_status = 'transferred_police'", [case.id]).fetchone()
    return (row[0] if row else None) or ""


def _latest_transfer_after_decision(db: Database, case: Case) -> bool:
    """Whether the case's latest transfer to the police was made after its decision (from one of ``DECIDED_ON``:
    ``decided_transfer.transfer_after_decision``): its decision stays in force and is executed beside the police's
    handling (transfer rules art. 11), so their answers to it do not hold the case's own steps up."""
    from workstation.decided_transfer import transfer_after_decision

    day = transfer_after_decision(db, case)
    return day is not None and day == _last_transfer_day(db, case)


def police_answer(db: Database, case: Case) -> tuple[str, str] | None:
    """(kind, date) of the latest step with the police recorded since the case's latest transfer
    (``POLICE_ANSWER_KINDS``: their 立案 or 不予立案, a request to reconsider, their decision on it, a request to the
    procuratorate), None when none is recorded (their answer is awaited, or the case was never transferred)."""
    marks = ", ".join("?" for _kind in POLICE_ANSWER_KINDS)
    row = db.execute(f"SELECT kind, starts_on FROM clock_events WHERE case_id = ? AND kind IN ({marks}) AND "
                     "starts_on >= ? ORDER BY starts_on DESC, created_at DESC, rowid DESC LIMIT 1",
                     [case.id, *POLICE_ANSWER_KINDS, _last_transfer_day(db, case)]).fetchone()
    return (row[0], row[1]) if row else None


def _police_answer_refusal(db: Database, case: Case, action: str) -> str | None:
    """Why ``action`` (a step's label) cannot follow the police's answer to the transfer, None when the police
    declined the case (``POLICE_DECLINED``): they opened a criminal case, they have not answered yet, or they are
    still deciding on a request to reconsider their refusal."""
    answer = police_answer(db, case)
    if answer is not None and answer[0] in POLICE_DECLINED:
        return None
    if answer is None:
        return _("No answer of the police is recorded for the transfer: “{action}” follows only their refusal to open "
                 "a criminal case. Record “{refused}” (Case → Time limits) when their 不予立案通知书 arrives (transfer "
                 "rules arts. 8, 11).").format(action=action, refused=shown_label("clock_events", "police_refused"))
    if answer[0] == "police_review_requested":
        return _("A request to reconsider the refusal was made on {date}: “{action}” waits for the police's decision "
                 "on it (“{upheld}”), as they may still open the case (transfer rules art. 9).").format(
            date=answer[1], action=action, upheld=shown_label("clock_events", "police_review_upheld"))
    if answer[0] == "procuratorate_requested":
        return _procuratorate_pending(answer[1], action)
    return _("The police opened a criminal case on {date}: the case is theirs, and “{action}” is not possible; no "
             "administrative penalty is imposed in its place (transfer rules art. 11; Penalty Law art. 82). Only if "
             "the police later decline or withdraw the case is it taken up again.").format(date=answer[1],
                                                                                           action=action)


def _procuratorate_pending(day: str, action: str) -> str:
    """Why ``action`` (a step's label) waits while the procuratorate, asked on ``day`` to supervise the police's
    refusal, has not led them to answer: they may still open the case (transfer rules art. 9)."""
    return _("The procuratorate was asked on {date} to supervise the police's refusal: the case stays with the police "
             "until they answer, and “{action}” waits. Record “{filed}” if they open the case then, or “{refused}” "
             "again if their refusal stands (transfer rules art. 9).").format(
        date=day, action=action, filed=shown_label("clock_events", "police_filed"),
        refused=shown_label("clock_events", "police_refused"))


def police_opened(db: Database, case: Case) -> str | None:
    """The day the police opened a criminal case on the case's latest transfer, when that is their latest answer
    (立案, not withdrawn since): the case is theirs whatever its status (one taken back on their refusal and opened by
    them on reconsideration or on the procuratorate's supervision too); None otherwise."""
    answer = police_answer(db, case)
    return answer[1] if answer is not None and answer[0] == "police_filed" else None


def _decided_events(db: Database, case: Case) -> set[str]:
    """The states the case's steps led to. A station's transfer to the police or decline of the filing overruled by
    a status conflict settled for another status (``stats.overruled_steps``) counts as never made: the police did
    not decline a case never sent to them."""
    rows = db.execute("SELECT id, to_status FROM case_events WHERE case_id = ? AND kind = 'transition'",
                      [case.id]).fetchall()
    overruled = ()
    if any(r[1] in ("transferred_police", "not_filed") for r in rows):
        # imported only then: stats imports the bundle modules (~80 ms), which a case never transferred or declined
        # (every draft's context asks) does not need
        from workstation.stats import overruled_steps

        overruled = overruled_steps(db, case.id)
    return {status for event_id, status in rows if event_id not in overruled}


def police_transfer_state(db: Database, case: Case) -> str:
    """Where the case stands with the police: "with_police" while it is transferred to them, "opened" once they
    opened a criminal case (whatever the case's status: it is theirs), "returned" once it came back (the police
    declined it), else "" (never transferred)."""
    answer = police_answer(db, case)
    if answer is not None and answer[0] == "police_filed":
        return "opened"
    from workstation.decided_transfer import with_police

    if case.status == "transferred_police" or with_police(db, case):  # a case transferred after its decision too
        return "with_police"
    return "returned" if "transferred_police" in _decided_events(db, case) else ""


def returned_outcome(db: Database, case: Case) -> str:
    """What became of a case the police declined (``police_transfer_state`` "returned"): "decided" once an
    administrative decision was made in it (a penalty, or none: a transfer comes before any decision), "terminated"
    once its investigation was terminated, "closed" once it was closed without either (straight after the police's
    refusal), "" while it is still to be decided."""
    decided = _decided_events(db, case)
    if decided & {"penalty_decided", "no_penalty"}:
        return "decided"
    if "terminated" in decided:
        return "terminated"
    return "closed" if case.status in ("closed", "archived") else ""


def _transfer_guard(db: Database, case: Case, decided: set[str], action: str = "decide_penalty") -> str | None:
    """A case the police opened is theirs: no penalty step follows (transfer rules art. 11, Penalty Law art. 82).
    Nor while a request to reconsider their refusal, or to the procuratorate to supervise it, is pending
    (``POLICE_PENDING``): they may still open the case (art. 9) — except on a transfer made after the decision
    (``_latest_transfer_after_decision``), whose execution goes on beside the police. A case whose figures reach the
    criminal threshold goes to the police; it is not settled by a decision unless it came back from the police, who
    declined it. The refusal names the criterion the case meets."""
    from workstation.law.criminal import assess_case

    answer = police_answer(db, case)
    # opened by the police, or their refusal still being reconsidered (they may open it yet): no decision meanwhile —
    # unless the case was transferred after its decision, whose execution goes on beside the police (art. 11)
    if answer is not None and (answer[0] == "police_filed" or (
            answer[0] in POLICE_PENDING and not _latest_transfer_after_decision(db, case))):
        return _police_answer_refusal(db, case, shown_label("transitions", action))
    if "transferred_police" in decided:
        return None
    assessment = assess_case(case, prior_punished=case.prior_punished)
    if not assessment.transfer_suggested:
        return None
    refusal = _("The case reaches the criminal threshold for personal information: {criteria} It must be "
                "transferred to the police, not settled by an administrative decision (transfer rules art. 11; "
                "Penalty Law art. 82); decide only after the police declined the case.").format(
        criteria=join_sentences(assessment.reached))
    return join_sentences([refusal, separate_case_remedy()]) if len(case.party_ids) > 1 else refusal


def separate_case_remedy() -> str:
    """How the officer goes on when one party of a case with several is not to be transferred to the police: the
    transfer covers the whole case (no transfer per party), so that party is dealt with in a case of its own — said
    by the refusal of a per-party transfer (``party_refusal``) and of a penalty step at the threshold
    (``_transfer_guard``)."""
    return _("The transfer to the police covers the whole case: a party whose conduct is not criminal is dealt with "
             "in a separate case, filed against that party on its own.")


def criminal_threshold_refusal(db: Database, case: Case, action: str) -> str | None:
    """Why the case cannot take the penalty step ``action`` (a transition's name) — nor the document that leads to
    it, refused before its 文号 is taken (``stage_rules``) — because its figures reach the criminal threshold or
    the police opened it (``_transfer_guard``); None when it can."""
    return _transfer_guard(db, case, _decided_events(db, case), action)


@dataclass(frozen=True)
class TransferDocument:
    """The 涉嫌犯罪案件移送书 a case goes to the police with: its 文号 and the date it bears (移送日期), and the values
    it was issued with (``values``: the figures it states, ``law.transfer_basis``)."""

    number: str
    dated: str
    values: dict = field(default_factory=dict, compare=False, repr=False)


def transfer_document(db: Database, case: Case) -> TransferDocument | None:
    """The latest 涉嫌犯罪案件移送书 issued (not void) in the case since it last came back from the police, None
    when there is none: the case is transferred with it and the materials it lists (REFERENCE §1.7; transfer
    rules art. 6), and a case sent again after the police declined it goes with a new one. A case transferred after
    its decision keeps its status and never comes back: once the police declined that transfer, only a letter issued
    since and dated on or after the day they declined it counts (``_new_letter_bounds``)."""
    since, dated_from = _new_letter_bounds(db, case)
    return next((document for document, issued_at in _transfer_letters(db, case)
                 if issued_at > since and document.dated >= dated_from), None)


def earlier_transfer_document(db: Database, case: Case) -> tuple[TransferDocument, str] | None:
    """The 涉嫌犯罪案件移送书 that went to the police with the case's earlier transfer, which they declined, and the
    day they declined it ("" when not recorded): the latest issued (not void) while ``transfer_document`` finds none
    for a new transfer; None when it finds one, or when no letter was ever issued."""
    if transfer_document(db, case) is not None:
        return None
    document = next((document for document, _issued_at in _transfer_letters(db, case)), None)
    if document is None:
        return None
    marks = ", ".join("?" for _kind in POLICE_DECLINED)
    row = db.execute(f"SELECT MAX(starts_on) FROM clock_events WHERE case_id = ? AND kind IN ({marks})",
                     [case.id, *POLICE_DECLINED]).fetchone()
    return document, (row[0] if row else None) or ""


def _transfer_letters(db: Database, case: Case) -> list[tuple[TransferDocument, str]]:
    """Each 涉嫌犯罪案件移送书 issued (not void) in the case, with its values, and the time it was issued, the latest
    first."""
    import json

    rows = db.execute("SELECT number, values_json, issued_at FROM documents WHERE case_id = ? AND form_id = "
                      "'police_transfer' AND status = 'issued' ORDER BY issued_at DESC, rowid DESC", [case.id])
    letters = []
    for number, values_json, issued in rows:
        values = json.loads(values_json or "{}")
        letters.append((TransferDocument(number=number or "", dated=values.get("issued_on") or issued[:10],
                                         values=values), issued))
    return letters


def _new_letter_bounds(db: Database, case: Case) -> tuple[str, str]:
    """(issued after, dated from): what a 涉嫌犯罪案件移送书 must be to go with the case's next transfer. Issued after
    the case last came back from the police (``resume_after_police``); for a case transferred after its decision
    (``decided_transfer``), which keeps its status, once the police declined that transfer: issued after the transfer
    was recorded — the letter it went with counts no more — and dated on or after the day they declined it."""
    from workstation.decided_transfer import transfer_after_decision

    back = db.execute("SELECT at FROM case_events WHERE case_id = ? AND kind = 'transition' AND from_status = "
                      "'transferred_police' ORDER BY at DESC LIMIT 1", [case.id]).fetchone()
    since, dated_from = (back[0] if back else ""), ""
    answer = police_answer(db, case) if transfer_after_decision(db, case) else None
    if answer is not None and answer[0] in POLICE_DECLINED:
        sent = db.execute("SELECT MAX(at) FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = "
                          "'transferred_police'", [case.id]).fetchone()[0] or ""
        since, dated_from = max(since, sent), answer[1]
    return since, dated_from


def transfer_note(db: Database, case: Case) -> str:
    """What the timeline keeps of the transfer to the police besides its reason: the 涉嫌犯罪案件移送书 it is sent with
    (``transfer_document``), "" when none is issued. Written by ``apply`` whether the window or the command line
    records the transfer."""
    document = transfer_document(db, case)
    if document is None:
        return ""
    return _("Sent with the 涉嫌犯罪案件移送书 {number}.").format(number=document.number)


def noted_reason(reason: str, *notes: str) -> str:
    """The note the timeline keeps of a step: the reason typed, then the note of each warning the officer was told of
    and recorded the step all the same (``closing.ClosingWarning.note``, ``no_decision_note`` …) and of what the step
    was made with — the one writing of the window's dialog and of the command line's ``cases transition``."""
    return " ".join(part for part in (reason.strip(), *notes) if part)


def _transfer_date_guard(db: Database, case: Case, date: str, _parties: tuple[str, ...] = ()) -> str | None:
    """The case goes to the police with its 涉嫌犯罪案件移送书, so not before the day the document bears; and once
    the head approved the transfer report (transfer rules art. 5: the transfer follows the approval, within 24
    hours), not before the day of that approval or of the report recorded."""
    document = transfer_document(db, case)
    if document is not None and date < document.dated:
        return _("The 涉嫌犯罪案件移送书 {number} is dated {dated}: the case goes to the police with it, so the "
                 "transfer cannot be recorded before that day.").format(number=document.number, dated=document.dated)
    later = db.execute("SELECT kind, starts_on FROM clock_events WHERE case_id = ? AND kind IN ('transfer_report', "
                       "'transfer_approved') AND starts_on > ? ORDER BY kind = 'transfer_approved' DESC, starts_on "
                       "DESC LIMIT 1", [case.id, date]).fetchone()
    if later is None:
        return None
    return _("“{step}” is recorded on {dated}: the case goes to the police after the head approved the transfer "
             "report (transfer rules art. 5), so the transfer cannot be recorded before that day.").format(
        step=shown_label("clock_events", later[0]), dated=later[1])


def _penalty_guard(db: Database, case: Case) -> str | None:
    from workstation.law.case_law import discovery_day, no_penalty_refusal

    # Penalty Law arts. 30, 31, 33, 36: the limitation period (to the day the lead was received), the circumstances
    refusal = no_penalty_refusal(case, discovery_day(db, case))
    if refusal:
        return refusal
    if not case.notice_served_on and not case.notice_waived:
        return _("No penalty decision without a served pre-penalty notice or the party's waiver "
                 "(Penalty Law art. 62).")
    decided = _decided_events(db, case)
    if "no_penalty" in decided:
        return _("A decision not to penalise was already made in this case; the two decisions exclude each other.")
    return _transfer_guard(db, case, decided)


def _terminate_guard(db: Database, case: Case) -> str | None:
    """终止调查 does not end a case that must go to the police (REFERENCE §1.1, §4.6): a case whose records or gains
    reach the criminal threshold, or that the police opened, is refused as a decision is (``_transfer_guard``), unless
    it came back from the police, who declined it."""
    from workstation.law.criminal import assess_case

    decided = _decided_events(db, case)
    answer = police_answer(db, case)
    if (answer is not None and answer[0] == "police_filed") or "transferred_police" in decided:
        return _transfer_guard(db, case, decided, "terminate")
    assessment = assess_case(case, prior_punished=case.prior_punished)
    if not assessment.transfer_suggested:
        return None
    return _("The case reaches the criminal threshold for personal information: {criteria} It must be transferred "
             "to the police, not ended by terminating the investigation (Penalty Law arts. 27, 82); terminate it only "
             "after the police declined the case.").format(criteria=join_sentences(assessment.reached))


def _no_penalty_guard(db: Database, case: Case) -> str | None:
    decided = _decided_events(db, case)
    if "penalty_decided" in decided and not decision_revoked(db, case):
        return _("A penalty decision was already made in this case; the two decisions exclude each other.")
    return _transfer_guard(db, case, decided, "decide_no_penalty")


def decision_revoked(db: Database, case: Case) -> bool:
    """Whether the case's decision was revoked or declared void on the whole case's reconsideration or lawsuit (撤销,
    撤销并责令重新作出, 确认无效 recorded on or after its decision date, ``clocks.ANNULLING``: ``penalty_terms.revoked_sql``,
    as the statistics read it): the penalty decided then is no longer in force, and no longer excludes deciding not to
    penalise in the new decision ordered (``redecide``). The outcome is compared with the day the penalty was last
    decided (a decision not to penalise made since moves the case's decision date, not that day); a penalty decided
    again since excludes again."""
    from workstation.clocks import ANNULLING
    from workstation.penalty_terms import revoked_sql

    penalised = ("COALESCE((SELECT MAX(e.on_date) FROM case_events e WHERE e.case_id = cases.id AND e.kind = "
                 "'transition' AND e.to_status = 'penalty_decided'), cases.decided_on, '')")
    whole_case = revoked_sql(ANNULLING, "''", penalised)
    return db.execute(f"SELECT 1 FROM cases WHERE id = ? AND {whole_case}", [case.id]).fetchone() is not None


def _issued_decisions(db: Database, case: Case, form_id: str, parties: list[Party]) -> list[tuple[str, str]]:
    """(party id, 文号) of each issued, not voided decision ``form_id`` of the case, oldest first: the 行政处罚决定书
    in force (one per party), every 不予行政处罚决定书 issued; one recording no party was the case's first party's."""
    from workstation.party_decisions import no_penalty_decisions
    from workstation.penalty_terms import decisions_in_force

    if form_id == "penalty_decision":
        return [(decision.party_id, decision.number) for decision in decisions_in_force(db, case)]
    return no_penalty_decisions(db, case, parties)


def _issued_decision_refusal(db: Database, case: Case, action: str) -> str | None:
    """Why the step ``action`` (decide_penalty, decide_no_penalty) contradicts the decision documents issued in the
    case, None when it does not. In a case with one party every decision document is the case's: a 不予行政处罚决定书
    issued refuses 作出行政处罚决定, a 行政处罚决定书 in force refuses 作出不予行政处罚决定. The steps are the case's,
    not a party's: in a case with several parties 作出行政处罚决定 is refused only when every party was issued a
    不予行政处罚决定书 (none is left to penalise; a party not penalised in a case decided with penalties takes its
    own), and 作出不予行政处罚决定 when any party has a 行政处罚决定书 in force (a case decided not to penalise serves and
    enforces no penalty, so that party's would be left unserved)."""
    parties = parties_of_case(db, case.id)
    one = len(parties) < 2
    form_id = "no_penalty_decision" if action == "decide_penalty" else "penalty_decision"
    issued = _issued_decisions(db, case, form_id, parties)
    if not issued or (form_id == "penalty_decision" and decision_revoked(db, case)):
        return None  # (a 行政处罚决定书 revoked on reconsideration or in court is no longer in force)
    if action == "decide_penalty" and not one and {p.id for p in parties} - {pid for pid, _n in issued}:
        return None
    names = {party.id: party.name for party in parties}
    documents = "、".join(_named_document(form_id, number) for _pid, number in issued)
    if one and action == "decide_penalty":
        refusal = _("{documents} was issued in this case: it cannot also be decided with a penalty, the two "
                    "decisions exclude each other.").format(documents=documents)
    elif one:
        refusal = _("{documents} is in force in this case: it cannot also be decided not to penalise, the two "
                    "decisions exclude each other.").format(documents=documents)
    elif action == "decide_penalty":
        refusal = _("A 不予行政处罚决定书 was issued to every party of the case ({documents}): no party is left to "
                    "penalise, the two decisions exclude each other.").format(documents=_party_documents(
                        issued, names, form_id))
    else:
        refusal = _("A 行政处罚决定书 is in force for a party of the case ({documents}): the case is decided with "
                    "“{action}”, and a party not penalised is issued its own 不予行政处罚决定书 (Penalty Law "
                    "art. 57).").format(documents=_party_documents(issued, names, form_id),
                                        action=shown_label("transitions", "decide_penalty"))
    return join_sentences([refusal, _("Void it first if it was wrong.")])


def _party_documents(issued: list[tuple[str, str]], names: dict[str, str], form_id: str) -> str:
    """"party: 不予行政处罚决定书 文号" for each document issued, joined for a sentence."""
    return "；".join(_("{party}: {document}").format(party=names.get(pid, pid),
                                                    document=_named_document(form_id, number))
                    for pid, number in issued)


def _named_document(form_id: str, number: str) -> str:
    """The decision ``form_id`` named with its 文号 (without one, by its name alone)."""
    name = _DOCUMENT_NAMES[form_id]
    return _("{document} {number}").format(document=name, number=number) if number else name


# the documents that record a case's penalty, proposed or imposed (their fields of ``penalty_terms.Terms``)
_PENALTY_FORMS = ("investigation_report", "pre_penalty_notice", "penalty_decision")


def penalty_recorded(db: Database, case: Case) -> bool:
    """Whether the case records a penalty, proposed or imposed: a fine or confiscated gains on the case, or a fine,
    confiscation, warning, confiscated property or other penalty in an issued (not voided) 调查终结报告,
    行政处罚告知书 or 行政处罚决定书 of the case (in a case with several parties, of any party), or the penalty kept
    when its notice was served (``penalty_terms.served_proposal``): a notice written outside the workstation, which
    the workspace and the case list show as proposed (拟) — refusing its decision as recording nothing would
    contradict them."""
    import json

    from workstation.penalty_terms import Terms, proposed_penalty

    if case.fine_fen or case.confiscated_fen:
        return True
    if case.notice_served_on and proposed_penalty(db, case) is not None:
        return True
    marks = ", ".join("?" for _form in _PENALTY_FORMS)
    rows = db.execute(f"SELECT values_json FROM documents WHERE case_id = ? AND status = 'issued' AND form_id IN "
                      f"({marks})", [case.id, *_PENALTY_FORMS])
    for (values_json,) in rows:
        terms = Terms.of(json.loads(values_json or "{}"))
        if (terms.fine_fen or terms.confiscated_fen or terms.warning or terms.confiscated_property
                or terms.other_penalty):
            return True
    return False


def _no_penalty_recorded_refusal(db: Database, case: Case) -> str | None:
    """作出行政处罚决定 decides a penalty, so one must be recorded (``penalty_recorded``): a case decided with nothing
    imposed would be closed and counted as penalised with nothing; a case not penalised takes 作出不予行政处罚决定."""
    if penalty_recorded(db, case):
        return None
    return _("No penalty is recorded in this case: no fine, confiscation, warning or other penalty, neither on the "
             "case nor in an issued 行政处罚告知书 or 行政处罚决定书. Record the fine or confiscated gains under Edit "
             "case…, or issue the 行政处罚决定书 with the penalty it imposes (a warning alone included); a case not "
             "penalised is decided with “{action}”.").format(action=shown_label("transitions", "decide_no_penalty"))


def _pre_notice_guard(db: Database, case: Case) -> str | None:
    """The pre-penalty notice tells the party of the proposed penalty (Penalty Law art. 44), so the service is
    recorded only once that penalty is known: the case's amounts, or a notice or investigation report issued
    (``penalty_recorded``), within the legal maximum (``typed_maximum_refusal``) and, for a notice written outside
    the workstation (none issued here in force), not below the minimum without a reduced penalty
    (``_typed_minimum_refusal``: ``decide_penalty`` would refuse it later) nor, with no tier chosen, in a tier a
    mandatory circumstance excludes (``_typed_tier_refusal``), as the 行政处罚告知书 issued here is held to them. A notice written outside the
    workstation has its amounts recorded on the case. A case
    at the criminal threshold is not on its way to a penalty at all (REFERENCE §1.1, §4.6: no penalty in place of
    the transfer): no notice until the police declined it (``_transfer_guard``); nor is one whose violations no norm
    penalises in time (``case_law.no_basis_refusal``, Penalty Law art. 38)."""
    from workstation.law.case_law import no_basis_refusal

    refusal = _transfer_guard(db, case, _decided_events(db, case), "send_pre_notice") or no_basis_refusal(case)
    if refusal:  # no penalty to notify without a basis (Penalty Law art. 38)
        return refusal
    if penalty_recorded(db, case):
        from workstation.documents.issuing import in_force_of_form

        return typed_maximum_refusal(db, case) or (
            None if in_force_of_form(db, case.id, "pre_penalty_notice")
            else _typed_minimum_refusal(db, case) or _typed_tier_refusal(db, case))
    return _("The pre-penalty notice tells the party of the proposed penalty, and none is recorded in this case: "
             "issue the 行政处罚告知书 with the penalty it proposes, or, for a notice written outside the workstation, "
             "record its fine or confiscated gains under Edit case… (a warning alone: issue the 调查终结报告 that "
             "proposes it).")


def _decide_penalty_guard(db: Database, case: Case) -> str | None:
    """The guard of 作出行政处罚决定: the penalty's (``_penalty_guard``), no decision document of the other kind
    against it (``_issued_decision_refusal``), a penalty recorded to decide (``_no_penalty_recorded_refusal``), and
    for a decision written outside the workstation no heavier penalty than the party was told of
    (``_typed_heavier_refusal``) nor a fine above the legal maximum (``typed_maximum_refusal``) nor below the minimum
    without a reduced penalty (``_typed_minimum_refusal``) nor, with no tier
    chosen, in a tier a mandatory circumstance excludes (``_typed_tier_refusal``); in a case with several parties, no party that no notice reached (a party added
    after the notice stage: ``party_notices.unnoticed_refusal``, Penalty Law art. 62); in a case with one party
    deciding the penalty proposed (no 行政处罚决定书 in force, no amounts typed on the case), no corrected notice in
    force proposing more than the one served that was not served itself (``penalty_terms.unserved_notice_refusal``,
    arts. 44, 45, 62-64) — a decision issued or typed is compared with the notice served instead; no served notice
    voided without a notice served in its place (``voided_notice_refusal``)."""
    from workstation.party_notices import unnoticed_refusal

    return (_penalty_guard(db, case) or voided_notice_refusal(db, case, "decide_penalty")
            or _issued_decision_refusal(db, case, "decide_penalty") or _no_penalty_recorded_refusal(db, case)
            or typed_maximum_refusal(db, case) or _typed_minimum_refusal(db, case) or _typed_tier_refusal(db, case)
            or unnoticed_refusal(db, case) or _proposed_unserved_refusal(db, case) or _typed_heavier_refusal(db, case))


def _typed_minimum_refusal(db: Database, case: Case) -> str | None:
    """Why a decision written outside the workstation cannot be recorded with the fine typed on the case: it is below
    the minimum of the case's penalty basis and the penalty is not reduced (减轻) for a lighter circumstance chosen
    under Penalty and discretion (``penalty_terms.minimum_refusal``, which the 行政处罚决定书 issued here is held to).
    In a case with one party, a fine typed and no 行政处罚决定书 in force (held to it when issued); in a case with
    several parties, each party not decided by a document in force on its own fine (``law.case_law.party_terms``),
    unless all are the case's amounts together (one party's minimum says nothing of them): ``_typed_party_refusals``."""
    from workstation.penalty_terms import minimum_refusal

    if not case.id:
        return None
    return _typed_party_refusals(db, case, lambda values: minimum_refusal(db, case, values))


def _typed_party_refusals(db: Database, case: Case, check, together=None) -> str | None:
    """The first refusal ``check`` (amounts → why, or None) gives of the fine typed on the case for a decision written
    outside the workstation: in a case with one party, of the case's amounts ({"fine_fen", "confiscated_fen"}) when
    a fine is typed and no 行政处罚决定书 is in force (held to its limits when issued); in a case with several
    parties, of each party's own amounts (with ``addressee.PARTY_KEY``) not decided by a document in force and
    fined, named (``law.case_law.party_terms``: its notice, or what was recorded when its notice was served) —
    unless no party is decided and all are the case's amounts together (all written on paper): then the refusal
    ``together`` (the number of parties → why, or None) gives of them (None without it)."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.law.case_law import party_terms
    from workstation.penalty_terms import Terms, decisions_in_force

    parties = parties_of_case(db, case.id) if case.id else []
    decided = {d.party_id for d in decisions_in_force(db, case)} if case.id else set()
    if len(parties) < 2:
        if not case.fine_fen or decided:
            return None
        return check({"fine_fen": case.fine_fen, "confiscated_fen": case.confiscated_fen})
    terms = party_terms(db, case)
    if not decided and all(t == Terms(fine_fen=case.fine_fen, confiscated_fen=case.confiscated_fen)
                           for t in terms.values()):
        return together(len(parties)) if together is not None else None
    for party in parties:
        own = terms.get(party.id)
        if own is None or party.id in decided or not own.fine_fen:
            continue
        if refusal := check({"fine_fen": own.fine_fen, "confiscated_fen": own.confiscated_fen, PARTY_KEY: party.id}):
            return f"{party.name}: {refusal}"
    return None


def _typed_tier_refusal(db: Database, case: Case) -> str | None:
    """Why a decision written outside the workstation cannot be recorded with the fine typed on the case when the
    case chooses no tier: the fine lies in a tier a mandatory circumstance recorded on the case excludes (应当从轻或者
    减轻, Penalty Law art. 32: ``discretion_tiers.unchosen_tier_refusal``), as a 行政处罚决定书 issued with it is. In a
    case with several parties, each party not decided by a document in force, on its own amounts
    (``law.case_law.party_terms``). Nothing once a 行政处罚决定书 is in force (held to it when issued)."""
    from workstation.discretion_tiers import unchosen_tier_refusal
    from workstation.law.case_law import party_terms
    from workstation.penalty_terms import decisions_in_force

    if case.discretion_tier or not case.discretion_factors or not case.id:
        return None
    decided = {d.party_id for d in decisions_in_force(db, case)}
    parties = parties_of_case(db, case.id)
    if len(parties) < 2:
        return None if decided else unchosen_tier_refusal(db, case, case.fine_fen)
    terms = party_terms(db, case)
    for party in parties:
        own = terms.get(party.id)
        if own is None or party.id in decided or not own.fine_fen:
            continue
        if refusal := unchosen_tier_refusal(db, case, own.fine_fen, party_id=party.id):
            return f"{party.name}: {refusal}"
    return None


def typed_maximum_refusal(db: Database, case: Case) -> str | None:
    """Why the penalty a notice or decision written outside the workstation is recorded with cannot be (None when it
    can): its fine is above the maximum of the case's penalty basis (``penalty_terms.maximum_refusal``, which the
    行政处罚告知书 and 行政处罚决定书 issued here are held to). In a case with one party, the fine typed on the case
    under Edit case…, unless a 行政处罚决定书 is in force (held to it when issued). In a case with several parties,
    each party not decided by a document in force on the amounts it is judged on (its notice, or what was recorded
    when its notice was served: ``law.case_law.party_terms``); while no party has any, the case's fine is theirs
    together, held to the maximum of one party times their number. What the law panel also shows."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.law.case_law import fine_maximum
    from workstation.law.data import yuan
    from workstation.money import figures
    from workstation.penalty_terms import maximum_refusal

    def check(values: dict) -> str | None:
        refusal = maximum_refusal(db, case, values)
        if not refusal or PARTY_KEY in values:
            return refusal
        return join_sentences([refusal, _(  # the case's own amounts, in a case with one party
            "These are the amounts recorded on the case (a fine of {fine}, confiscated illegal gains of "
            "{confiscated}), which a notice or decision written outside the workstation is recorded with: if the "
            "paper document imposes less, correct them under Edit case… first.").format(
            fine=figures(case.fine_fen), confiscated=figures(case.confiscated_fen))])

    def together(parties: int) -> str | None:  # all written on paper: the case's amounts, for all its parties
        maximum = fine_maximum(db, case)
        if maximum is None or not case.fine_fen or case.fine_fen <= parties * maximum.max_fen:
            return None
        if maximum.kind == "condition":
            return maximum_refusal(db, case, {"fine_fen": case.fine_fen, "confiscated_fen": case.confiscated_fen})
        return _("The fine of {fine} recorded on the case for its {count} parties together is above {total}, {count} "
                 "times the maximum of {maximum} that the penalty basis {basis} allows each party. Correct the "
                 "amounts under Edit case…, or issue each party's 行政处罚告知书 or 行政处罚决定书 with its own "
                 "fine.").format(fine=yuan(case.fine_fen), count=parties,
                                 total=yuan(parties * maximum.max_fen), maximum=yuan(maximum.max_fen),
                                 basis=maximum.citation)

    return _typed_party_refusals(db, case, check, together)


def _proposed_unserved_refusal(db: Database, case: Case) -> str | None:
    """Why a case with one party cannot record its decision when what it would decide is the penalty the notice in
    force proposes — no 行政处罚决定书 in force and no amount typed on the case — and that notice is a heavier
    correction not yet served (``penalty_terms.unserved_notice_refusal``). None otherwise: a decision issued was
    compared with the notice served when it was issued, amounts typed are (``_typed_heavier_refusal``)."""
    from workstation.penalty_terms import decisions_in_force, unserved_notice_refusal

    if len(case.party_ids) > 1 or case.fine_fen or case.confiscated_fen or decisions_in_force(db, case):
        return None
    return unserved_notice_refusal(db, case)


def _typed_heavier_refusal(db: Database, case: Case) -> str | None:
    """Why a decision written outside the workstation cannot be recorded (None when it can): the fine or
    confiscated gains typed on the case under Edit case… — what the case is then decided with — are above what the
    notice issued here proposed, or, for a notice written on paper, what was recorded as proposed when it was
    served (``penalty_terms.heavier_refusal``, Penalty Law arts. 44, 45). A 行政处罚决定书 issued here was compared
    when it was issued; a case with several parties records their amounts together, which no one notice proposed,
    so it is not compared here."""
    from workstation.money import figures
    from workstation.penalty_terms import decisions_in_force, heavier_refusal

    if not (case.fine_fen or case.confiscated_fen) or len(case.party_ids) > 1 or decisions_in_force(db, case):
        return None
    # the amounts alone: the case records no warning or other penalty decided, and none is held against it
    refusal = heavier_refusal(db, case, {"fine_fen": case.fine_fen, "confiscated_fen": case.confiscated_fen,
                                         "warning": False})
    return refusal and join_sentences([refusal, _(
        "These are the amounts recorded on the case as decided (a fine of {fine}, confiscated illegal gains of "
        "{confiscated}): if the decision imposed less, correct them under Edit case… first.").format(
        fine=figures(case.fine_fen), confiscated=figures(case.confiscated_fen))])


def _decide_no_penalty_guard(db: Database, case: Case) -> str | None:
    """The guard of 作出不予行政处罚决定: ``_no_penalty_guard``, no 行政处罚决定书 in force against it, and after a
    hearing held its 听证笔录 and 听证报告 issued (``hearing_documents_refusal``: every decision after a hearing is made
    on its record, Penalty Law arts. 57, 65)."""
    return _no_penalty_guard(db, case) or _issued_decision_refusal(db, case, "decide_no_penalty") \
        or hearing_documents_refusal(db, case, penalty=False)


def _corrected_unserved(db: Database, case: Case) -> bool:
    """Whether, in a case with one party told of its penalty and not yet heard at a hearing pending, the notice in
    force is a correction proposing more than the notice served (or adding a hearing right) and not served itself
    (``penalty_terms.unserved_notice``): its service is recorded again (``send_pre_notice`` back to 已告知), and the
    party's period to state, defend and request a hearing counts anew from it (Penalty Law arts. 44, 45, 62-64).
    So too the notice issued in place of the one served that was voided (``_replacement_unserved``), also from a
    hearing asked for on the voided one."""
    from workstation.penalty_terms import unserved_notice

    if _replacement_unserved(db, case) is not None:
        return True
    return case.status in ("pre_notice", "decision_pending") and unserved_notice(db, case) is not None


def _pre_notice_date_guard(db: Database, case: Case, date: str, parties: tuple[str, ...] = ()) -> str | None:
    """The service of a corrected notice (``_corrected_unserved``) not before the day the notice bears; the notice of
    a decision ordered anew (``_redo_unnoticed``) not before the day of the order: it belongs to the new round. The
    first service neither (``_first_service_early``)."""
    from workstation.penalty_terms import last_notice

    ordered = _redo_ordered(db, case) if _redo_unnoticed(db, case) else None
    if ordered is not None and date < ordered.starts_on:
        return _("The new decision was ordered on {ordered} ({number}): the pre-penalty notice preceding it is served "
                 "on that day or later, not on {date}.").format(ordered=ordered.starts_on,
                                                                number=ordered.approved_by or "—", date=date)
    if not case.notice_served_on or len(case.party_ids) > 1:
        return _first_service_early(db, case, date, parties)
    notice = last_notice(db, case)
    if notice is None or not _corrected_unserved(db, case) or date >= notice.issued_on:
        return None
    return _("The 行政处罚告知书 {number} bears {issued}: it is served on that day or later, not on {date}.").format(
        number=notice.number, issued=notice.issued_on, date=date)


def _first_service_early(db: Database, case: Case, date: str, parties: tuple[str, ...]) -> str | None:
    """Why the service of the 行政处罚告知书 issued here cannot be recorded on ``date`` (None when it can): it is
    before the day the notice bears (its 告知日期) — no party is served a notice not yet written, and its period to
    state, defend and request a hearing would count from a day before it. In a case with several parties, each party
    the service is recorded for (``parties``, else every party not yet served) against its own notice."""
    from workstation.party_notices import unserved_parties
    from workstation.penalty_terms import last_notice

    several = len(case.party_ids) > 1
    named = (parties or tuple(party.id for party in unserved_parties(db, case))) if several else (None,)
    names = {party.id: party.name for party in parties_of_case(db, case.id)} if several else {}
    refusals = []
    for party_id in named:
        notice = last_notice(db, case, party_id)
        if notice is None or date >= notice.issued_on:
            continue
        refusal = _("The 行政处罚告知书 {number} bears {issued}: it cannot have been served on {date}, before it was "
                    "issued. Record its service with the day it was served, {issued} or later; if the notice bears a "
                    "wrong date, correct the notice first (更正…).").format(number=notice.number or "—",
                                                                        issued=notice.issued_on, date=date)
        refusals.append(f"{names[party_id]}: {refusal}" if several else refusal)
    return join_sentences(refusals) or None


def _end_statement_guard(db: Database, case: Case) -> str | None:
    if not case.notice_served_on:
        return _("Record the date the pre-penalty notice was served first.")
    return voided_notice_refusal(db, case, "end_statement_period")


def statement_deadline(db: Database, case: Case) -> Deadline | None:
    """The clock T4 of the party's statement, defence and hearing request after the pre-penalty notice (five
    working days from the day after its service — the day a 送达公告 deems it served when one published it: the
    deadline's ``start``; ``due`` is its last day), None without a served notice."""
    from workstation.party_notices import statement_period

    return statement_period(db, case, case.notice_served_on)


def _statement_over_guard(db: Database, case: Case, date: str, _parties: tuple[str, ...] = ()) -> str | None:
    """Ending the statement period, or deciding a penalty, only once the party's period has run (Penalty Law
    arts. 45, 62, 64), unless the party expressly waived it or was heard at a hearing. In a case with several
    parties each party's period counts from the service of its own notice, and its waiver or hearing request is its
    own: the case waits for every party with an issued notice (``party_notices.pending_refusal``); a hearing heard
    those who asked for one, not the others."""
    if len(parties_of_case(db, case.id)) > 1:
        return _several_parties_over(db, case, date)
    period = statement_deadline(db, case)
    if case.notice_waived or period is None or date > period.due:
        return None
    if _heard(db, case):
        return None
    refusal = _("The party may state, defend and request a hearing until {due} ({period} from the service of the "
                "notice on {served}): only from the day after may the case go on without them, unless the party "
                "expressly waived these rights (Penalty Law arts. 45, 62, 64).").format(
        due=period.due, period=period.rule.unit_text(), served=served_day(period))
    given_up = hearing_given_up(db, case)  # asked, then withdrawn: said, as why the period still runs
    return join_sentences([refusal, given_up_note(*given_up[:2]) if given_up else "",
                           statement_count_note(db, period)])


def _heard(db: Database, case: Case) -> bool:
    """Whether the party of a case with one party was heard at a hearing, which ends its statement period: the case
    reached its hearing, and the hearing was not given up (its request withdrawn, or the party absent,
    ``hearing_given_up``) — a party who asked and withdrew may still state and defend until its period ends."""
    # a hearing on the notice served: not one held before a corrected notice was served (``_corrected_unserved``)
    # (a step recorded without its date, by an earlier version, by the day it was recorded)
    asked = db.execute("SELECT 1 FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = 'hearing' "
                       "AND COALESCE(on_date, substr(at, 1, 10)) >= ? LIMIT 1",
                       [case.id, case.notice_served_on or ""]).fetchone()
    return asked is not None and hearing_given_up(db, case) is None


def given_up_note(step: str, day: str) -> str:
    """What a refusal for the party's statement period adds when its hearing was given up by ``step`` on ``day``."""
    return _("“{step}” was recorded on {date}: no hearing was held, so the period to state and defend still runs."
             ).format(step=shown_label("transitions", step), date=day)


def statement_count_note(db: Database, period: Deadline, on: str | None = None) -> str:
    """``clocks.count_note`` of the statement period ``period`` (T4) counted from its start (the service of the
    notice, or the day a 送达公告 deems it served), for a step recorded on ``on``."""
    import datetime as dt

    from workstation.clocks import count_note

    return count_note(db, dt.date.fromisoformat(period.start), dt.date.fromisoformat(period.due),
                      period.rule.unit_text(), on=dt.date.fromisoformat(on[:10]) if on else None)


def served_day(period: Deadline) -> str:
    """The day the statement period ``period`` (T4) counts from as a refusal names it: the service of the notice, or
    the day a 送达公告 deems it served, said so with the day it was published (T30)."""
    import datetime as dt

    deemed = next((item for item in period.detail if item[0] == "deemed_served"), None)
    if deemed is None:
        return period.start
    return _("{date}, deemed served by the public notice published on {published}").format(
        date=period.start, published=dt.date.fromordinal(deemed[2]).isoformat())


def decision_document_day(db: Database, case: Case) -> str | None:
    """The day the issued 行政处罚决定书 of a case with one party bears (its 决定日期), None without one: the day
    作出行政处罚决定 is recorded with when none is given, and its dialog starts at. None in a case with several parties,
    whose decisions each bear their party's own day (``party_decisions``)."""
    from workstation.penalty_terms import decisions_in_force

    if len(parties_of_case(db, case.id)) > 1:
        return None
    return max((d.decided_on for d in decisions_in_force(db, case) if d.decided_on), default=None)


#: the steps recording the service of a document on the party, with its form: recorded, when no day is given, on the
#: 送达日期 of its 送达回证 issued (``receipt_day``)
SERVICE_STEPS = {"send_pre_notice": "pre_penalty_notice", "serve_decision": "penalty_decision"}


def receipt_day(db: Database, case: Case, name: str, party_ids: tuple[str, ...] = ()) -> str | None:
    """The 送达日期 of the 送达回证 issued for the document the service step ``name`` records (``SERVICE_STEPS``) on
    the party (``document_clocks.receipt_service_day``): the day it is recorded with when none is given, and its
    dialog starts at, as a decision is with its 决定书's day. None without one, for another step, and in a case with
    several parties unless one party is named."""
    form_id = SERVICE_STEPS.get(name)
    if form_id is None:
        return None
    several = len(parties_of_case(db, case.id)) > 1
    if several and len(party_ids) != 1:
        return None
    from workstation.document_clocks import receipt_service_day

    return receipt_service_day(db, case, form_id, party_ids[0] if several else None)


#: the sheet approving the filing, whose days the filing is recorded with (``filing_approval``)
FILING_APPROVAL_FORM = "filing_approval"


@dataclass(frozen=True)
class FilingApproval:
    """The days the case's 立案审批表 in force bears: ``approved_on``, its 立案日期 (the head's approval), and
    ``proposed_on``, its 立案呈批日期, each None where the sheet was issued blank for hand filling; ``issued_on`` the
    day it was issued."""

    approved_on: str | None
    proposed_on: str | None
    issued_on: str


def filing_approval(db: Database, case: Case) -> FilingApproval | None:
    """The case's 立案审批表 in force (the latest neither voided nor corrected, ``issuing.in_force_of_form``), None
    without one: the days 立案 starts at (``ui.transition_dialog.filing_advice``) and is compared with
    (``filing_date_warning``)."""
    from workstation.documents.issuing import in_force_of_form

    in_force = in_force_of_form(db, case.id, FILING_APPROVAL_FORM)
    if not in_force:
        return None
    sheet = in_force[-1]
    return FilingApproval(_day_or_none(sheet.values.get("approved_on")),
                          _day_or_none(sheet.values.get("proposed_on")), sheet.issued_at[:10])


def _day_or_none(value) -> str | None:
    try:
        return parse_date(value) if value else None
    except ValueError:
        return None


def filing_date_warning(db: Database, case: Case, filed_on: str,
                        proposed_on: str | None = None) -> tuple[str, str] | None:
    """立案 recorded on ``filed_on`` with the 立案呈批日期 ``proposed_on`` (None: the one the case records) while the
    case's 立案审批表 in force bears other days (``filing_approval``): (what the officer reads, the note the timeline
    keeps), None when they agree, the sheet bears none (left blank for hand filling) or none is issued. Warned, not
    refused: the sheet may be the one wrong, and is then corrected (更正…) once the case is filed — the case keeps
    the days it was filed and proposed on, the sheet prints them."""
    sheet = filing_approval(db, case)
    if sheet is None:
        return None
    given = _day_or_none(proposed_on or case.filing_proposed_on)
    differing = [(label, day, typed) for label, day, typed in (("立案日期", sheet.approved_on, _day_or_none(filed_on)),
                                                            ("立案呈批日期", sheet.proposed_on, given))
                 if day and day != typed]
    if not differing:
        return None
    differences = _("; ").join(_("{label} {sheet} on the sheet, {given} here").format(
        label=label, sheet=day, given=typed or _("none")) for label, day, typed in differing)
    message = _("The 立案审批表 in force (issued {issued}) bears other days than those given here: {differences}. "
                "Record the filing with the days the sheet bears; if the sheet is wrong, correct it (更正… in the "
                "case's documents) once the case is filed.").format(issued=sheet.issued_on, differences=differences)
    return message, _("Filed with days other than the 立案审批表's: {differences}.").format(differences=differences)


def unfiled_approval_warning(case: Case, form_id: str, values: dict) -> str | None:
    """Issuing the 立案审批表 (``form_id``) of a case not filed yet, which has no case number: what the sheet, frozen
    as issued, prints blank — its 案件编号, and its 立案日期 when ``values`` give none — and how to have them printed.
    Warned, not refused: the sheet is drafted, and may be issued, before the filing it approves. None for any other
    form, or a case filed."""
    if form_id != FILING_APPROVAL_FORM or case.case_number:
        return None
    blank = "案件编号" if values.get("approved_on") else "案件编号、立案日期"
    return _("The case is not filed yet, so it has no case number: the 立案审批表 issued now prints its {blank} "
             "blank, and an issued document stays as issued. Fill in by hand on the signed sheet what it leaves "
             "blank, or issue the sheet once the case is filed (or, after the filing, its correction: 更正… in the "
             "case's documents).").format(blank=blank)


def _decide_no_penalty_date_guard(db: Database, case: Case, date: str, parties: tuple[str, ...] = ()) -> str | None:
    """不予行政处罚 after the day of an order to decide anew, not on it (``after_order_refusal``)."""
    return after_order_refusal(db, case, date, parties, "decide_no_penalty")


def _decide_penalty_date_guard(db: Database, case: Case, date: str, parties: tuple[str, ...] = ()) -> str | None:
    """作出行政处罚决定: after the day of an order to decide anew (``after_order_refusal``), once the statement period
    has run (``_statement_over_guard``), and in a case with one party on
    the day the 行政处罚决定书 issued for it bears (its 决定日期, ``decision_document_day``): the case's 决定日期 starts
    the service and payment periods and is printed on the 结案审批表, so it may not differ from the document's; then
    once the legal review it needs is recorded, dated on or before ``date`` (``_review_refusal``)."""
    from workstation.penalty_terms import decisions_in_force

    refusal = after_order_refusal(db, case, date, parties) or _statement_over_guard(db, case, date, parties)
    if refusal:
        return refusal
    day = decision_document_day(db, case)
    if day is None or date == day:
        return hearing_documents_refusal(db, case, parties) or _review_refusal(db, case, date, parties)
    dated = [d for d in decisions_in_force(db, case) if d.decided_on]
    return _("The 行政处罚决定书 issued bears its own 决定日期: {documents}. Record “{action}” with that day, not "
             "{date}; if the document's date is wrong, correct the 行政处罚决定书 first.").format(
        documents=_("; ").join(_("{number} dated {date}").format(number=d.number or _("(no number)"),
                                                               date=d.decided_on) for d in dated),
        action=shown_label("transitions", "decide_penalty"), date=date)


#: the documents of a hearing held that the decision rests on (Penalty Law art. 65), with their titles
HEARING_DOCUMENTS = {"hearing_record": "听证笔录", "hearing_report": "听证报告"}


def hearing_documents_refusal(db: Database, case: Case, party_ids: tuple[str, ...] = (), *,
                              penalty: bool = True) -> str | None:
    """Why the case cannot be decided yet, nor its decision document issued, for want of the documents of the
    hearing held (None when none is missing): after a hearing the decision — a penalty, or, ``penalty`` false, not to
    penalise — is made on the 听证笔录 (Penalty Law arts. 57, 65). For a case whose notices are issued in the
    workstation (``_documents_kept_here``) awaiting its decision, each party heard (``party_hearing_held_on``: not one
    who withdrew its request or stayed away) — in a case with several parties, those of ``party_ids``, else each party
    still undecided — needs its own issued (not voided) 听证笔录 and 听证报告 (``missing_hearing_documents``). A case
    whose notices were written on paper keeps its hearing documents on paper too. A case decided without them (by an
    earlier version, or its status edited) may still have them issued (``stage_rules._hearing_state``)."""
    if case.status not in ("under_review", "decision_pending") or not _documents_kept_here(db, case):
        return None
    from workstation.party_decisions import undecided_parties

    parties = parties_of_case(db, case.id)
    if len(parties) < 2:
        ids: list[str | None] = [None]
    else:
        ids = list(party_ids) or [party.id for party in (undecided_parties(db, case) or parties)]
    lines = []
    for party_id in ids:
        held, missing_forms = missing_hearing_documents(db, case, party_id, parties)
        missing = [HEARING_DOCUMENTS[form_id] for form_id in missing_forms]
        if not missing:
            continue
        if not penalty and len(missing) > 1:
            line = _("A hearing was held in this case on {held}, and no 听证笔录 or 听证报告 of it is issued: the "
                     "decision not to penalise is made on the hearing record too (Penalty Law arts. 57, 65). Issue "
                     "the 听证笔录 and the 听证报告 first.").format(held=held)
        elif not penalty:
            line = _("A hearing was held in this case on {held}, and no {document} of it is issued: the decision not "
                     "to penalise is made on the hearing record too (Penalty Law arts. 57, 65). Issue the {document} "
                     "first.").format(held=held, document=missing[0])
        elif len(missing) > 1:
            line = _("A hearing was held in this case on {held}, and no 听证笔录 or 听证报告 of it is issued: the "
                     "penalty is decided on the hearing record (Penalty Law art. 65). Issue the 听证笔录 and the "
                     "听证报告 first.").format(held=held)
        else:
            line = _("A hearing was held in this case on {held}, and no {document} of it is issued: the penalty is "
                     "decided on the hearing record (Penalty Law art. 65). Issue the {document} first.").format(
                held=held, document=missing[0])
        lines.append(_("{party}: {why}").format(party=_party_name(db, party_id), why=line) if party_id else line)
    return join_sentences(lines) if lines else None


def missing_hearing_documents(db: Database, case: Case, party_id: str | None,
                              parties: list | None = None) -> tuple[str | None, list[str]]:
    """(the day the hearing ``party_id`` asked for was held, the forms of ``HEARING_DOCUMENTS`` not issued for it —
    none issued, or each voided), for the party of a case with several parties, else the case's; (None, []) when no
    hearing of it was held (``party_hearing_held_on``)."""
    from workstation.documents.addressee import party_condition

    parties = parties_of_case(db, case.id) if parties is None else parties
    held = party_hearing_held_on(db, case, party_id, parties)
    if not held:
        return None, []
    of_party, params = party_condition(db, case, party_id, "", parties)
    return held, [form_id for form_id in HEARING_DOCUMENTS if db.execute(
        f"SELECT 1 FROM documents WHERE case_id = ? AND form_id = ? AND status = 'issued'{of_party} LIMIT 1",
        [case.id, form_id, *params]).fetchone() is None]


def _review_refusal(db: Database, case: Case, on_date: str | None = None,
                    party_ids: tuple[str, ...] = ()) -> str | None:
    """Why the penalty cannot be decided yet — on ``on_date``, the decision's day: a review or discussion dated after
    it does not count — for want of the legal review a hearing held requires (Penalty Law art. 58) or of a review or
    collective discussion the bureau's data makes binding (``decision_review``), None when none is missing. Said last,
    after the party's period and the decision's date: the review comes right before the decision. Only before the
    case's decision: a case decided before is not concerned. In a case with several parties the 法制审核 is each
    party's own: of ``party_ids`` (the party a 行政处罚决定书 is written for), else of each party to be decided."""
    if case.status not in ("under_review", "decision_pending"):
        return None
    from workstation.decision_review import review_refusal

    return review_refusal(db, case, on_date, party_ids)


def _waiver_date_guard(db: Database, case: Case, date: str, _parties: tuple[str, ...] = ()) -> str | None:
    """The party waives its statement, defence and hearing request within the period it has for them (T4); once that
    period has run there is nothing left to waive: the statement period has ended (陈述申辩期满). A case with several
    parties holds each party to its own period (``party_notices``)."""
    if len(parties_of_case(db, case.id)) > 1:
        return None
    period = statement_deadline(db, case)
    if period is None or period.due is None or date <= period.due:
        return None
    given_up = hearing_given_up(db, case) if case.status == "decision_pending" else None
    if given_up:  # the case already awaits its decision: no step is left to record instead
        return join_sentences([_("The party's period to state, defend and request a hearing ended on {due} "
                                 "({period} from the service of the notice on {served}), and its hearing was given "
                                 "up on {given_up} (“{step}”): there is nothing left to waive on {date}. The case "
                                 "already awaits its decision.").format(
            due=period.due, period=period.rule.unit_text(), served=served_day(period), given_up=given_up[1],
            step=shown_label("transitions", given_up[0]), date=date),
            statement_count_note(db, period)])
    return join_sentences([_("The party's period to state, defend and request a hearing ended on {due} ({period} "
                             "from the service of the notice on {served}): there is nothing left to waive on {date}; "
                             "record “{ended}” instead.").format(
        due=period.due, period=period.rule.unit_text(), served=served_day(period), date=date,
        ended=BY_NAME["end_statement_period"].label), statement_count_note(db, period)])


def _several_parties_over(db: Database, case: Case, date: str) -> str | None:
    from workstation.party_notices import pending_refusal

    refusal = pending_refusal(db, case, date)
    # a hearing held: not when each party who asked withdrew its request or stayed away (``HEARING_GIVEN_UP``)
    if refusal and "hearing" in _decided_events(db, case) and (pending_hearings(db, case)
                                                                or not hearing_requests(db, case)):
        refusal = join_sentences([refusal, _("The case has several parties: the hearing held does not end the "
                                             "period of the parties who did not ask for it.")])
    return refusal


def _issued_notice_values(db: Database, case: Case, party_id: str | None = None) -> dict | None:
    """The values of the case's latest issued (not void) 行政处罚告知书, None when none was issued here; with
    ``party_id`` (a case with several parties), the latest issued to that party."""
    import json

    from workstation.documents.addressee import party_condition

    of_party, params = party_condition(db, case, party_id)
    row = db.execute(f"SELECT values_json FROM documents WHERE case_id = ? AND form_id = 'pre_penalty_notice' "
                     f"AND status = 'issued'{of_party} ORDER BY issued_at DESC, rowid DESC LIMIT 1",
                     [case.id, *params]).fetchone()
    return json.loads(row[0]) if row else None


def _no_hearing_right(db: Database, case: Case, fine_fen: int, confiscated_fen: int, other: bool,
                      kind: str | None = None) -> str | None:
    """Why the party has no right to a hearing for the proposed penalty (None when it has one): neither the fine
    nor the confiscation reaches the hearing amounts (data: resources/law/thresholds.toml [hearing]) and no
    other penalty (suspension, licence revocation, confiscated property …) is proposed (Penalty Law art. 63).
    ``kind``: the kind of the party proposed the penalty (default: the case's first party's)."""
    from workstation.law.case_law import party_kind
    from workstation.law.data import yuan
    from workstation.law.thresholds import hearing, hearing_limit

    kind = kind or party_kind(db, case)
    if other or hearing(kind, fine_fen, confiscated_fen).applies or unconfirmed_class_hearing(kind, fine_fen,
                                                                                              confiscated_fen):
        return None
    limit, inclusive = hearing_limit(kind)
    return _("The party has no right to a hearing: the proposed fine {fine} and confiscation {confiscated} stay "
             "below the hearing amount for this party ({op} {limit}) and no suspension, licence revocation or other "
             "heavier penalty is proposed (Penalty Law art. 63).").format(
        fine=yuan(fine_fen), confiscated=yuan(confiscated_fen), limit=yuan(limit), op="≥" if inclusive else ">")


#: the party kinds whose class in resources/law/thresholds.toml [party_classes] is UNCONFIRMED: 个体工商户, which 民法典
#: art. 54 calls a natural person doing business, classed there with natural persons (a bureau's copy may class it with
#: organisations). A hearing offered that was not due does no harm; one withheld that was due makes the decision
#: unlawful (Penalty Law art. 62): at the natural-person amounts such a party is not refused the hearing, and a notice
#: not telling it of one is warned of (``unconfirmed_class_warning``). A kind the data classes with natural persons
#: already has the lower amounts.
UNCONFIRMED_CLASS_KINDS = ("individual_business",)


def unconfirmed_class_hearing(kind: str, fine_fen: int, confiscated_fen: int) -> bool:
    """Whether a party of ``kind`` (one of ``UNCONFIRMED_CLASS_KINDS``) that the hearing amounts for its class do not
    reach would have the right to a hearing were it counted as a natural person: the fine or the confiscation reaches
    ``[hearing] natural_person_fen`` of thresholds.toml, as ``thresholds.hearing`` counts them for a natural person
    (the kind ``person``)."""
    from workstation.law.thresholds import hearing, party_class

    if kind not in UNCONFIRMED_CLASS_KINDS or party_class(kind) == "natural_person":
        return False
    if hearing(kind, fine_fen, confiscated_fen).applies:
        return False
    return hearing("person", fine_fen, confiscated_fen).applies


def unconfirmed_class_warning(db: Database, case: Case, values: dict) -> str | None:
    """The warning of a 行政处罚告知书 (``values``) not telling a party of a kind whose class is unconfirmed
    (``UNCONFIRMED_CLASS_KINDS``) of a hearing that the natural-person amounts would give it: said, never refused.
    The party is the one the notice is for (the case's first in a case with one party)."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.law.case_law import party_kind
    from workstation.law.data import yuan
    from workstation.store import get_party

    if values.get("hearing_required"):
        return None
    kind = get_party(db, values[PARTY_KEY]).kind if values.get(PARTY_KEY) else party_kind(db, case)
    fine_fen, confiscated_fen, _other = _proposed_penalty(values)
    if not unconfirmed_class_hearing(kind, fine_fen, confiscated_fen):
        return None
    return _("The proposed fine {fine} and confiscation {confiscated} stay below the hearing amount the workstation "
             "applies to the party's kind ({kind}, counted as an organisation) but reach the amount for a natural "
             "person, and whether that kind counts as a natural person (民法典 art. 54) is unconfirmed "
             "(resources/law/thresholds.toml [party_classes]): a hearing may be due. Withholding a hearing that is "
             "due makes the decision unlawful (Penalty Law art. 62), telling the party of one does no harm: consider "
             "ticking “告知听证权利”.").format(fine=yuan(fine_fen), confiscated=yuan(confiscated_fen),
                                          kind=shown_label("party_kinds", kind))


def _proposed_penalty(values: dict) -> tuple[int, int, bool]:
    """(fine in fen, confiscated gains in fen, whether another penalty is proposed: confiscated property or an
    other penalty named) from the values of a 行政处罚告知书; a blank amount is none."""
    other = any(str(values.get(name) or "").strip() for name in ("other_penalty", "confiscated_property"))
    return int(values.get("fine_fen") or 0), int(values.get("confiscated_fen") or 0), other


def _party_hearing_refusal(db: Database, case: Case, party: Party | None) -> str | None:
    """Why ``party`` (None: the case's only or first party) has no right to a hearing, None when it has one: the
    proposed penalty is the one of the pre-penalty notice issued to it (a notice that told it of the right keeps
    it), else the fine and confiscation recorded on the case, against the amounts for its kind."""
    from workstation.penalty_terms import served_proposal

    notice = _issued_notice_values(db, case, party.id if party else None)
    kind = party.kind if party else None
    if notice is None:
        # a notice written outside the workstation: the penalty recorded when it was served is the one proposed
        served = served_proposal(db, case, party.id if party else None)
        if served is not None:
            terms = served.terms
            other = bool(terms.confiscated_property or terms.other_penalty)
            refusal = _no_hearing_right(db, case, terms.fine_fen, terms.confiscated_fen, other, kind)
            return refusal and join_sentences([refusal, _("These are the amounts recorded as proposed when the "
                                                          "notice was served on {date}.").format(
                date=served.served_on)])
        refusal = _no_hearing_right(db, case, case.fine_fen, case.confiscated_fen, False, kind)
        return refusal and join_sentences([refusal, _("No 行政处罚告知书 was issued in the case, so these are the "
                                                      "amounts recorded on the case; issue the notice with the penalty "
                                                      "it proposes.")])
    if notice.get("hearing_required"):
        return None
    return _no_hearing_right(db, case, *_proposed_penalty(notice), kind)


def _hearing_refusals(db: Database, case: Case) -> list[tuple[Party | None, str | None]]:
    """Each party of the case with why it has no right to a hearing (None when it has one); one line (party
    None) for a case with one party or none."""
    parties = parties_of_case(db, case.id)
    if len(parties) < 2:
        return [(None, _party_hearing_refusal(db, case, None))]
    return [(party, _party_hearing_refusal(db, case, party)) for party in parties]


def hearing_requests(db: Database, case: Case) -> dict[str, str]:
    """{party id: the date it asked for a hearing} of a case with several parties, in the order they asked (each
    request records its party); empty for a case with one party, whose request is the case's. A party's withdrawal or
    absence recorded while another's hearing is pending (``HEARING_GIVEN_UP``, the case staying at its hearing) is
    not a request. A request made on or before an order to decide anew (撤销并责令重新作出, of the whole case or of its
    party: ``clock_events.redone_since``) was the revoked decision's round: the new round counts only those after it.
    Each by the day it records, else the day it was recorded (``clocks.STEP_DAY``)."""
    from workstation.clocks import STEP_DAY
    from workstation.store.clock_events import redo_orders, redone_since

    rows = db.execute(f"SELECT party_id, {STEP_DAY}, details FROM case_events WHERE case_id = ? AND kind = "
                      "'transition' AND to_status = 'hearing' AND party_id IS NOT NULL ORDER BY at, rowid",
                      [case.id]).fetchall()
    orders = redo_orders(db, case) if rows else []
    return {party_id: day[:10] for party_id, day, details in rows if not given_up_step(details)
            and (not orders or redone_since(db, case, day[:10], party_id, orders) is None)}


def hearings_given_up(db: Database, case: Case) -> dict[str, tuple[str, str]]:
    """{party id: (step, day)} of the parties of a case with several parties whose own hearing request was withdrawn,
    or who did not appear at their hearing (``HEARING_GIVEN_UP``, recorded for the party on or after its request);
    empty for a case with one party, whose step is the case's (``hearing_given_up``)."""
    asked = hearing_requests(db, case)
    rows = db.execute("SELECT party_id, on_date, details FROM case_events WHERE case_id = ? AND kind = 'transition' "
                      "AND from_status = 'hearing' AND party_id IS NOT NULL ORDER BY at, rowid", [case.id])
    given_up = {}
    for party_id, day, details in rows:
        step = given_up_step(details)
        if step and party_id in asked and day >= asked[party_id]:
            given_up.setdefault(party_id, (step, day))
    return given_up


def pending_hearings(db: Database, case: Case) -> dict[str, str]:
    """{party id: the date it asked} of the parties of a case with several parties whose hearing is still to be
    concluded or given up: asked (``hearing_requests``), neither withdrawn nor missed (``hearings_given_up``). Read
    while the case is at its hearing: 听证结束 concludes the hearing of each of them."""
    given_up = hearings_given_up(db, case)
    return {party_id: day for party_id, day in hearing_requests(db, case).items() if party_id not in given_up}


def hearing_request_refusals(db: Database, case: Case) -> list[tuple[Party | None, str | None]]:
    """Each party of the case with why it cannot ask for a hearing now, None when it can: it has no right to one
    (``_party_hearing_refusal``), it already asked, or it expressly waived its statement, defence and hearing request
    (a party who waived no longer asks, as ``_hearing_over_guard`` holds). One line (party None) for a case with one
    party or none."""
    from workstation.party_notices import waivers

    asked = hearing_requests(db, case)
    waived = waivers(db, case)
    refusals = []
    for party, refusal in _hearing_refusals(db, case):
        if party is not None and party.id in asked:
            refusal = _("It already asked for a hearing on {date}.").format(date=asked[party.id])
        elif party is not None and party.id in waived:
            refusal = _waived_note(waived[party.id])
        refusals.append((party, refusal))
    return refusals


def _waived_note(day: str) -> str:
    """Why a party who waived on ``day`` ("" for the waiver recorded for the whole case) cannot ask for a hearing."""
    if not day:
        return _("It expressly waived its statement, defence and hearing request (the waiver recorded for the whole "
                 "case): it no longer asks for a hearing.")
    return _("It expressly waived its statement, defence and hearing request on {date}: it no longer asks for a "
             "hearing.").format(date=day)


def _hearing_right_guard(db: Database, case: Case) -> str | None:
    """A hearing is for the penalties of Penalty Law art. 63, judged for each party on the notice issued to it
    (``_party_hearing_refusal``): in a case with several parties each party with the right asks for itself, so
    the request is refused only when no party can still ask; the refusal then says why for each. Not while the notice
    served was voided (``voided_notice_refusal``)."""
    voided = voided_notice_refusal(db, case, "request_hearing")
    if voided:
        return voided
    refusals = hearing_request_refusals(db, case)
    if len(refusals) == 1:
        return refusals[0][1]
    if any(refusal is None for _party, refusal in refusals):
        return None
    return join_sentences([_no_request_left_lead(db, case)] + [_("{party}: {why}").format(party=party.name, why=refusal)
                                                               for party, refusal in refusals])


def _no_request_left_lead(db: Database, case: Case) -> str:
    """What the refusal of a hearing request no party of a case with several parties can still make begins with:
    each party with the right asked (or, some, waived it), or none has the right."""
    from workstation.party_notices import waivers

    asked, waived = hearing_requests(db, case), waivers(db, case)
    entitled = [party.id for party, refusal in _hearing_refusals(db, case) if refusal is None]
    if any(party_id in waived and party_id not in asked for party_id in entitled):
        return _("Each party with the right to a hearing has asked for one or waived it.")
    if asked:
        return _("Each party with the right to a hearing has asked for one.")
    return _("No party of the case has the right to a hearing.")


def party_refusal(db: Database, case: Case, name: str, party_id: str | None) -> str | None:
    """Why action ``name`` cannot be recorded for ``party_id`` (None: for the whole case), None when it can. The
    hearing request is made by one party: in a case with several parties it names the party who asks, one of
    the case's, with the right to a hearing (judged on its own notice) and not asked yet. A case with one party
    needs no party (its request is the case's); naming its party is accepted. The service of the notice and the
    waiver are recorded for one or more parties: see ``parties_refusal``."""
    parties = parties_of_case(db, case.id)
    if name in PARTY_ACTIONS:
        return parties_refusal(db, case, name, (party_id,) if party_id else ())
    if name == "apply_enforcement":
        from workstation import enforcement

        return enforcement.party_refusal(db, case, party_id)
    if name in HEARING_GIVEN_UP:
        return _given_up_party_refusal(db, case, name, party_id, parties)
    if name == "redecide" and len(parties) > 1:
        return _redecide_party_refusal(db, case, party_id)
    if party_id and name != "request_hearing":
        refusal = _("“{action}” is recorded for the whole case, not for one party: leave out the party.").format(
            action=BY_NAME[name].label)
        return join_sentences([refusal, separate_case_remedy()]) if (
            name == "transfer_to_police" and len(parties) > 1) else refusal
    if name != "request_hearing" or (len(parties) < 2 and party_id in (None, *[p.id for p in parties])):
        return None
    if not party_id:
        return _("Case {case} has {n} parties: say which party asks for the hearing: {parties}.").format(
            case=case_named(case.case_number, case.party_names, case.cause), n=len(parties), parties=parties_line(parties))
    refusal = {party.id: (party, why) for party, why in hearing_request_refusals(db, case) if party is not None}
    if party_id not in refusal:
        return _("{party} is not a party of case {case}. Its parties are: {parties}.").format(
            party=party_id, case=case_named(case.case_number, case.party_names, case.cause), parties=parties_line(parties))
    party, why = refusal[party_id]
    return why and _("{party}: {why}").format(party=party.name, why=why)


def _given_up_party_refusal(db: Database, case: Case, name: str, party_id: str | None,
                            parties: list[Party]) -> str | None:
    """Why the withdrawal of a hearing request or the absence from the hearing (``HEARING_GIVEN_UP``) cannot be
    recorded for ``party_id`` (None: for the case), None when it can. In a case with several parties each party asked
    for its own hearing (``hearing_requests``), so each gives its own up: the step names one whose hearing is pending
    (``pending_hearings``). A case with one party, or whose requests were recorded without their party, records it
    for the case; naming its only party is accepted."""
    known = {party.id: party for party in parties}
    if party_id is not None and party_id not in known:
        return _("{party} is not a party of case {case}. Its parties are: {parties}.").format(
            party=party_id, case=case_named(case.case_number, case.party_names, case.cause),
            parties=parties_line(parties) or _("none"))
    asked = hearing_requests(db, case) if len(parties) > 1 else {}
    if not asked:
        if party_id is None or len(parties) < 2:
            return None
        return _("“{action}” is recorded for the whole case, not for one party: leave out the party.").format(
            action=BY_NAME[name].label)
    pending = pending_hearings(db, case)
    if party_id is None:
        return _("Case {case} has several parties, each asking for its own hearing: say for whom “{action}” is "
                 "recorded, one of those whose hearing is pending: {parties}.").format(
            case=case_named(case.case_number, case.party_names, case.cause), action=BY_NAME[name].label,
            parties=parties_line([party for party in parties if party.id in pending]))
    if party_id in pending:
        return None
    given_up = hearings_given_up(db, case).get(party_id)
    if given_up is not None:
        return _("{party}: “{step}” was already recorded for it on {date}.").format(
            party=known[party_id].name, step=shown_label("transitions", given_up[0]), date=given_up[1])
    return _("{party}: it did not ask for a hearing.").format(party=known[party_id].name)


def parties_refusal(db: Database, case: Case, name: str, party_ids: tuple[str, ...]) -> str | None:
    """Why the service of the notice or the waiver (``party_notices.PARTY_ACTIONS``) cannot be recorded for
    ``party_ids`` (empty: the service on every party not yet served), None when it can; any other action takes
    one party at most (``party_refusal``). A case with one party needs none; naming its party is accepted."""
    from workstation import party_decisions, party_notices

    if name == "request_hearing" and _redo_noticing(db, case, BY_NAME[name]):  # after the party's new notice
        refusal = _redo_noticing_refusal(db, case, name, party_ids)
        if refusal:
            return refusal
    if name not in PARTY_ACTIONS:
        if len(party_ids) > 1:
            return _("“{action}” is recorded for one party at a time: name one.").format(action=BY_NAME[name].label)
        return party_refusal(db, case, name, party_ids[0] if party_ids else None)
    parties = parties_of_case(db, case.id)
    if len(parties) < 2:
        others = [pid for pid in party_ids if pid not in {p.id for p in parties}]
        return others and _("{party} is not a party of case {case}. Its parties are: {parties}.").format(
            party=others[0], case=case_named(case.case_number, case.party_names, case.cause), parties=parties_line(parties) or _("none")) or None
    if name in party_notices.PARTY_ACTIONS and _redo_noticing(db, case, BY_NAME[name]):
        refusal = _redo_noticing_refusal(db, case, name, party_ids)
        if refusal:
            return refusal
    module = party_decisions if name in DECISION_ACTIONS else party_notices
    return module.action_refusal(db, case, name, party_ids)


def _hearing_over_guard(db: Database, case: Case, date: str, _parties: tuple[str, ...] = ()) -> str | None:
    """In a case with several parties, each party whose notice told it of the right to a hearing may request one
    until its period runs out (Penalty Law art. 64 (1)), and the decision rests on the hearing of each party who
    asked (art. 65): the hearing stage, concluded once each party who asked was heard, ends before that period only
    when every party with the right has asked, so that a later request still finds the case at its hearing and not
    at its decision. A request recorded without its party (before parties were recorded) leaves the period. Each
    party's period counts from the service of its own notice; a party who waived no longer asks."""
    from workstation.party_notices import party_periods, waivers

    if statement_deadline(db, case) is None:
        return None
    asked = hearing_requests(db, case)
    waived = waivers(db, case)
    periods = {item.party.id: item for item in party_periods(db, case)}
    entitled = [party for party, refusal in _hearing_refusals(db, case) if party is not None and not refusal
                and party.id not in asked and party.id not in waived]
    # each entitled party who may still ask: until the end of its own period (one served on the case's date when
    # the service was not recorded per party)
    still = {}
    for party in entitled:
        own = periods.get(party.id)
        period = own.period if own is not None else statement_deadline(db, case)
        if period is None or date <= period.due:  # counted from its service, or the day a 送达公告 deems it served
            still.setdefault((period.due, served_day(period)) if period else (None, None), []).append(party.name)
    if not still or (sum(len(names) for names in still.values()) < 2 and not asked):
        return None
    unit = rule_text("T4")
    lines = []
    for (due, served), names in still.items():
        if due is None:
            lines.append(_("{parties} may still request the hearing their notice told them of once it is served: "
                           "record the service first (Penalty Law arts. 64, 65).").format(parties="、".join(names)))
            continue
        lines.append(_("{parties} may still request the hearing their notice told them of, until {due} ({period} "
                       "from the service of the notice on {served}): the hearing stage ends from the day after, "
                       "once each party who asked was heard, so that no request comes after the decision (Penalty "
                       "Law arts. 64, 65).").format(parties="、".join(names), due=due, period=unit, served=served))
    return join_sentences(lines)


def _conclude_hearing_guard(db: Database, case: Case, date: str, parties: tuple[str, ...] = ()) -> str | None:
    """The guard of 听证结束 on ``date``: every party with the right has had its chance to ask
    (``_hearing_over_guard``), and each party who asked was told of the hearing in time (``hearing_notice_refusal``)."""
    return (_hearing_over_guard(db, case, date, parties) or _hearing_ahead_refusal(db, case, date)
            or hearing_notice_refusal(db, case, date))


def conclusion_note(db: Database, case: Case) -> str | None:
    """What 听证结束 says before it is recorded (the window's dialog, the command line's answer): it records the
    hearing of each party whose hearing is pending as held, the party heard — in a case with several parties, named —
    so a party who did not appear at its hearing is recorded first as absent (``HEARING_GIVEN_UP``, Penalty Law art.
    64 (6)), for its documents to say it gave the hearing up and the others' that they were heard. None while the
    case is not at its hearing."""
    if case.status != "hearing":
        return None
    absent, concluded = shown_label("transitions", "hearing_absent"), shown_label("transitions", "conclude_hearing")
    pending = pending_hearings(db, case) if len(parties_of_case(db, case.id)) > 1 else {}
    if not pending:
        return _("“{concluded}” records the hearing as held, the party heard. If the party did not appear at it "
                 "without good reason, record “{absent}” instead (Penalty Law art. 64 (6)).").format(
            concluded=concluded, absent=absent)
    return _("“{concluded}” records the hearing of each party whose hearing is pending as held, each heard: "
             "{parties}. A party who did not appear at its hearing is recorded first with “{absent}” (Penalty Law "
             "art. 64 (6)), so that its documents say it gave the hearing up.").format(
        concluded=concluded, absent=absent, parties="、".join(_party_name(db, pid) for pid in pending))


#: the steps that end the hearing stage with no hearing held (the party withdrew its request, or did not appear), and
#: the key of the step's details that names which (``given_up_step``)
HEARING_GIVEN_UP = ("withdraw_hearing", "hearing_absent")
GIVEN_UP_KEY = "hearing_given_up"


def given_up_step(details: str | None) -> str | None:
    """The step of ``HEARING_GIVEN_UP`` a timeline event's details name, None for any other step."""
    import json

    try:
        kept = json.loads(details) if details else None
    except ValueError:
        return None
    step = kept.get(GIVEN_UP_KEY) if isinstance(kept, dict) else None
    return step if step in HEARING_GIVEN_UP else None


def _given_up_scope(db: Database, case: Case, parties: tuple[str, ...]) -> tuple[str | None, str | None, bool]:
    """(the party whose hearing a step of ``HEARING_GIVEN_UP`` gives up — None: the case's —, the day it asked for
    it, whether the step ends the hearing stage). In a case with several parties the step is the party's named in
    ``parties``, and ends the stage only when no other party's hearing is pending (``pending_hearings``); without a
    party, the case's latest request."""
    every = parties_of_case(db, case.id)
    own = parties[0] if parties and len(every) > 1 else None
    requests = hearing_requests(db, case) if own else {}
    asked = requests[own] if own in requests else _asked_on(db, case, None, every, latest=True)
    return own, asked, own is None or not set(pending_hearings(db, case)) - {own}


def _withdrawal_date_guard(db: Database, case: Case, date: str, parties: tuple[str, ...] = ()) -> str | None:
    """撤回听证申请 on ``date``: not before the party asked for the hearing, and before the hearing is held — once a
    举行听证 is recorded (for the case, or for that party) on or before that day the hearing is concluded instead
    (听证结束). In a case with several parties, when it ends the hearing stage (``_given_up_scope``), not while a
    party with the right may still ask (``_hearing_over_guard``)."""
    own, asked, ends = _given_up_scope(db, case, parties)
    if asked and date < asked:
        return _("The hearing was requested on {asked}: its withdrawal cannot be recorded before that day "
                 "({date}).").format(asked=asked, date=date)
    of_party = " AND (party_id IS NULL OR party_id = ?)" if own else ""
    row = db.execute("SELECT MAX(starts_on) FROM clock_events WHERE case_id = ? AND kind = 'hearing_session' AND "
                     f"starts_on >= ? AND starts_on <= ?{of_party}",
                     [case.id, asked or "", date, *([own] if own else [])]).fetchone()
    if row and row[0]:
        return _("The hearing is recorded as held (“{session}”) on {held}: a request is withdrawn before the hearing. "
                 "Record “{concluded}” instead, or, if the hearing was not held that day, correct the recorded "
                 "hearing day first.").format(session=shown_label("clock_events", "hearing_session"), held=row[0],
                                              concluded=shown_label("transitions", "conclude_hearing"))
    return _hearing_over_guard(db, case, date, parties) if ends else None


def _absence_date_guard(db: Database, case: Case, date: str, parties: tuple[str, ...] = ()) -> str | None:
    """当事人无正当理由未参加听证 on ``date``: the party stays away from the hearing it was told of (Penalty Law art. 64
    (6)), so — for a case whose notices are issued in the workstation — a 听证通知书 in force sets that hearing, on
    ``date`` or before (in a case with several parties, one issued to that party), which reached the party seven
    working days before that hearing (``_late_notice_refusal``); not before the request either
    (``_withdrawal_date_guard``'s conditions but the one on a hearing recorded as held: the day the party was
    expected may be recorded as 举行听证). A case whose notices are written on paper records it no earlier than the
    hearing could be held (``paper_hearing_floor``)."""
    import json

    from workstation.documents.addressee import party_condition

    own, asked, ends = _given_up_scope(db, case, parties)
    if asked and date < asked:
        return _("The hearing was requested on {asked}: the party's absence cannot be recorded before that day "
                 "({date}).").format(asked=asked, date=date)
    if _documents_kept_here(db, case):
        of_party, params = party_condition(db, case, own)
        rows = db.execute(f"SELECT COALESCE(number, ''), values_json, issued_at FROM documents WHERE case_id = ? AND "
                          f"form_id = ? AND status = 'issued'{of_party} AND id NOT IN (SELECT supersedes_id FROM "
                          "documents WHERE supersedes_id IS NOT NULL AND status = 'issued')",
                          [case.id, HEARING_NOTICE_FORM, *params]).fetchall()
        if not rows:
            refusal = _("No 听证通知书 was issued in this case: the party gives up the hearing by not appearing only at "
                        "a hearing it was told of (Penalty Law art. 64 (2), (6)). Issue the 听证通知书 first; if the "
                        "party withdrew its request, record “{withdrawn}” instead.").format(
                withdrawn=shown_label("transitions", "withdraw_hearing"))
            return _("{party}: {why}").format(party=_party_name(db, own), why=refusal) if own else refusal
        days, set_on = [], {}
        for number, values, issued_at in rows:
            kept = json.loads(values or "{}")
            try:
                day = parse_date(str(kept.get("hearing_date") or "")[:10] or None)
            except ValueError:
                continue
            if day:
                days.append((day, number))
                set_on[(number, str(kept.get("issued_on") or issued_at)[:10])] = day
        if days and all(day > date for day, _number in days):
            day, number = min(days)
            return _("The 听证通知书 {number} sets the hearing on {hearing}: the party's absence from it is recorded on "
                     "that day or after, not on {date}.").format(number=number or _("(no number)"), hearing=day,
                                                                 date=date)
        refusal = _late_notice_refusal(db, case, own, date, set_on)
        if refusal:
            return _("{party}: {why}").format(party=_party_name(db, own), why=refusal) if own else refusal
    elif (earliest := paper_hearing_floor(db, case, asked)) and date < earliest:
        refusal = join_sentences([paper_hearing_note(db, asked, earliest), _(
            "The party's absence from it is recorded on that day or after, not on {date}.").format(date=date)])
        return _("{party}: {why}").format(party=_party_name(db, own), why=refusal) if own else refusal
    return _hearing_over_guard(db, case, date, parties) if ends else None


def _late_notice_refusal(db: Database, case: Case, party_id: str | None, date: str,
                         set_on: dict[tuple[str, str], str]) -> str | None:
    """Why the absence recorded on ``date`` is no giving-up of the hearing (None when it is): the 听证通知书 that set
    the hearing the party missed — the last issued on or before ``date`` (``document_clocks.notice_for_hearing``)
    whose hearing day (``set_on``: {(文号, 通知日期): 听证日期}) is not after it — reached the party fewer than seven
    working days before that day (Penalty Law arts. 64 (2), 85; T6, counted as ``hearing_notice_refusal`` counts
    it). Not properly told of the hearing, the party did not stay away from it (art. 64 (6))."""
    import datetime as dt

    from workstation.clocks import count_note, data_dir_of, rule
    from workstation.document_clocks import notice_for_hearing
    from workstation.workdays import default_calendar

    notice = notice_for_hearing(_hearing_notices(db, case, party_id), date, None)
    held = set_on.get((notice.number, notice.issued_on)) if notice is not None else None
    if held is None or held > date:
        return None
    clock = rule("T6")
    told = dt.date.fromisoformat(notice.told_on)
    earliest = default_calendar(data_dir_of(db)).add_workdays(told, clock.period).isoformat()
    if held >= earliest:
        return None
    number, period = notice.number or _("(no number)"), clock.unit_text()
    if notice.served_on:
        line = _("The 听证通知书 {number} was served on {served}, and the hearing it set was on {hearing}: the party "
                 "is told of the hearing's time and place at least {period} before it (Penalty Law arts. 64 (2), 85), "
                 "so that hearing could be held on {earliest} at the earliest.").format(
            number=number, served=notice.served_on, hearing=held, period=period, earliest=earliest)
    else:
        line = _("The 听证通知书 {number} was issued on {issued} (its service is not recorded: no 送达回证 issued for "
                 "it, so it is counted from the day it bears), and the hearing it set was on {hearing}: the party is "
                 "told of the hearing's time and place at least {period} before it (Penalty Law arts. 64 (2), 85), so "
                 "that hearing could be held on {earliest} at the earliest.").format(
            number=number, issued=notice.issued_on, hearing=held, period=period, earliest=earliest)
    advice = _("Not told of it in time, the party did not give the hearing up by staying away: serve a new 听证通知书 "
               "setting the hearing on a day at least {period} after its service, and record “{absent}” only if the "
               "party does not appear then.").format(period=period, absent=shown_label("transitions",
                                                                                        "hearing_absent"))
    return join_sentences([line, advice, count_note(db, told, dt.date.fromisoformat(earliest), period)])


def _parties_heard(db: Database, case_id: str, date: str, *, by: bool = False) -> set[str | None]:
    """The parties whose own 举行听证 is recorded on ``date`` (``by``: on it or before), None among them when one of
    the whole case is."""
    return {party_id for (party_id,) in db.execute(
        "SELECT DISTINCT party_id FROM clock_events WHERE case_id = ? AND kind = 'hearing_session' AND "
        f"starts_on {'<=' if by else '='} ?", [case_id, date])}


def _hearing_ahead_refusal(db: Database, case: Case, date: str) -> str | None:
    """Why the hearing cannot be concluded on ``date`` because it is still to be held (None when it can): a 举行听证
    is recorded after that day, or — none recorded on or before it — the 听证通知书 in force sets the hearing on a
    later day. The hearing is concluded once it was held (Penalty Law arts. 64, 65). In a case with several
    parties heard on different days, 听证结束 concludes each pending party's hearing: one held for a party
    (``record_hearing_session``) does not stand for another's, whose notice sets a later day (the party named)."""
    import json

    session = shown_label("clock_events", "hearing_session")
    row = db.execute("SELECT MIN(starts_on) FROM clock_events WHERE case_id = ? AND kind = 'hearing_session' AND "
                     "starts_on > ?", [case.id, date]).fetchone()
    if row and row[0]:
        return _("The hearing is recorded as “{session}” on {hearing}: it cannot be concluded on {date}, before it is "
                 "held. Conclude it on or after {hearing}, or correct the recorded hearing day.").format(
            session=session, hearing=row[0], date=date)
    heard = _parties_heard(db, case.id, date, by=True)
    if None in heard:
        return None  # held for the whole case (a party's own: those heard, below)
    from workstation.documents.addressee import PARTY_KEY

    rows = db.execute("SELECT COALESCE(number, ''), values_json FROM documents WHERE case_id = ? AND form_id = ? AND "
                      "status = 'issued' AND id NOT IN (SELECT supersedes_id FROM documents WHERE supersedes_id IS "
                      "NOT NULL AND status = 'issued')", [case.id, HEARING_NOTICE_FORM]).fetchall()
    parties = parties_of_case(db, case.id)
    # a party who withdrew its request or stayed away has no hearing to wait for (``HEARING_GIVEN_UP``)
    given_up = hearings_given_up(db, case) if len(parties) > 1 else {}
    # a party whose own hearing is recorded as held by then (``heard``, none of the case's) has none to wait for either
    held_on = []
    for number, values in rows:
        kept = json.loads(values or "{}")
        if (given_up or heard) and (kept.get(PARTY_KEY) or parties[0].id) in {*given_up, *heard}:
            continue
        try:
            day = parse_date(str(kept.get("hearing_date") or "")[:10] or None)
        except ValueError:
            continue
        if day and day > date:
            held_on.append((day, number, (kept.get(PARTY_KEY) or parties[0].id) if heard else None))
    if not held_on:
        return None
    day, number, party_id = min(held_on)
    refusal = _("The 听证通知书 {number} sets the hearing on {hearing}: it cannot be concluded on {date}, before it is "
             "held. Conclude it on or after {hearing}. If it was held earlier, correct the 听证通知书 first (更正… in "
             "the case's documents) to the day it was held, then record that day as “{session}”: a correction is "
             "possible only while the notice still gives the party seven working days before that day (Penalty Law "
             "art. 64); else the hearing is held, and recorded, on {hearing}."
             ).format(number=number or _("(no number)"), hearing=day, date=date, session=session)
    # another party heard already: the one still to be heard is named
    return _("{party}: {why}").format(party=_party_name(db, party_id), why=refusal) if party_id else refusal


HEARING_NOTICE_FORM = "hearing_notice"


def _documents_kept_here(db: Database, case: Case) -> bool:
    """Whether the case's pre-penalty and hearing notices are issued in the workstation: a 行政处罚告知书 or a
    听证通知书 was issued here, voided ones included. A case whose notices were written on paper (imported from a
    register, recorded before) has none, and its hearing notice is not asked for, as a case decided on paper is
    not asked for its 行政处罚决定书 (``voided_decision_refusal``, ``party_decisions.undecided_parties``)."""
    return db.execute("SELECT 1 FROM documents WHERE case_id = ? AND form_id IN ('pre_penalty_notice', ?) LIMIT 1",
                      [case.id, HEARING_NOTICE_FORM]).fetchone() is not None


#: the states of a case whose pre-penalty notice was served and whose penalty is not yet decided
NOTICE_STAGE = ("pre_notice", "hearing", "decision_pending")


def voided_notices(db: Database, case: Case) -> list[str]:
    """The 文号 of the case's 行政处罚告知书 issued in the workstation and voided, in the order issued ("" for one
    issued without a number)."""
    from workstation.penalty_terms import NOTICE_FORM

    return _voided_numbers(db, case, NOTICE_FORM)


def _voided_numbers(db: Database, case: Case, form_id: str) -> list[str]:
    """The 文号 of the case's documents of ``form_id`` voided, in the order issued ("" for one without a number)."""
    return [number for (number,) in db.execute(
        "SELECT COALESCE(number, '') FROM documents WHERE case_id = ? AND form_id = ? AND status = 'void' ORDER BY "
        "issued_at, rowid", [case.id, form_id]).fetchall()]


def _replacement_unserved(db: Database, case: Case) -> tuple[str, str, str] | None:
    """In a case with one party at its notice stage, the notice served voided and a new 行政处罚告知书 in force in its
    place not served (the service recorded names the voided 文号): (voided 文号 served, day served, 文号 in force);
    None otherwise. Its service is recorded again (``send_pre_notice``, ``_corrected_unserved``), T4 counting from it."""
    from workstation.penalty_terms import last_notice, served_proposal

    if case.status not in NOTICE_STAGE or len(case.party_ids) > 1:
        return None
    notice = last_notice(db, case)
    served = served_proposal(db, case) if notice is not None else None
    if served is None or not served.number or served.number == notice.number \
            or served.number not in voided_notices(db, case):
        return None
    return served.number, served.served_on, notice.number


def voided_notice_refusal(db: Database, case: Case, action: str) -> str | None:
    """Why ``action`` (a step after the pre-penalty notice: waive_statement, end_statement_period, request_hearing,
    decide_penalty; the 行政处罚决定书 issued) cannot be taken in a case at its notice stage whose 行政处罚告知书 issued
    in the workstation were all voided (no notice in force told the party of the penalty, Penalty Law arts. 44, 62),
    or, in a case with one party, whose served notice was voided and the notice in force in its place not served
    (``_replacement_unserved``). None otherwise: a case whose notice was written on paper (none issued here) is not
    concerned. The case keeps its status: a corrected notice is issued and its service recorded, from which the
    party's period (T4) counts anew."""
    from workstation.penalty_terms import last_notice

    if case.status not in NOTICE_STAGE or not case.notice_served_on:
        return None
    voided = voided_notices(db, case)
    if not voided:
        return None
    serve = shown_label("transitions", "send_pre_notice")
    if last_notice(db, case) is None:
        return _("No 行政处罚告知书 is in force in this case: {documents} was voided, so “{action}” waits until a "
                 "corrected 行政处罚告知书 is issued and its service recorded (“{serve}”); the party's period to "
                 "state, defend and request a hearing counts from that service (Penalty Law arts. 44, 62).").format(
            documents="、".join(_("{document} {number}").format(document="行政处罚告知书", number=number)
                               if number else "行政处罚告知书" for number in voided),
            action=shown_label("transitions", action), serve=serve)
    replaced = _replacement_unserved(db, case)
    if replaced is None:
        return None
    return _("The 行政处罚告知书 {served} served on {served_on} was voided, and the 行政处罚告知书 {number} in force in its "
             "place has not been served: record its service (“{serve}”) first, so that the party's period to state, "
             "defend and request a hearing counts from it; “{action}” waits until then (Penalty Law arts. 44, "
             "62).").format(served=replaced[0], served_on=replaced[1], number=replaced[2], serve=serve,
                            action=shown_label("transitions", action))


def hearing_day(db: Database, case: Case, date: str, party_id: str | None = None) -> str:
    """The day the hearing concluded on ``date`` was held: the latest 举行听证 recorded on or before it, else
    ``date`` itself (the hearing is not held after it is concluded). ``party_id`` (a case with several parties):
    that party's hearing, read as ``party_hearing_held_on`` reads it (``_held_day``: the latest recorded for it,
    else the 听证日期 of its notice, else the latest recorded for the case), not another party's held on another
    day."""
    parties = parties_of_case(db, case.id) if party_id else []
    if len(parties) > 1:
        return _held_day(db, case, party_id, parties, "", date) or date
    row = db.execute("SELECT MAX(starts_on) FROM clock_events WHERE case_id = ? AND kind = 'hearing_session' AND "
                     "starts_on <= ?", [case.id, date]).fetchone()
    return (row[0] if row else None) or date


def hearing_session_parties(db: Database, case: Case, date: str) -> tuple[str, ...]:
    """The parties a 举行听证 on ``date`` recorded without naming any is theirs, () for the whole case: in a case with
    several parties whose hearings are pending, those whose 听证通知书 in force sets the hearing on that day — () when
    that is each of them (one hearing of the case), or none (notices on paper: none tells the day). A case with one
    party records the case's."""
    from workstation.documents.stage_rules import notice_hearing_date

    if len(parties_of_case(db, case.id)) < 2:
        return ()
    pending = list(pending_hearings(db, case))
    told = tuple(party for party in pending if (found := notice_hearing_date(db, case, party)) is not None
                 and found[1].isoformat() == date)
    return () if len(told) == len(pending) else told


def hearing_session_day(db: Database, case: Case, party_id: str | None = None) -> str | None:
    """The day a 举行听证 is to be recorded on, as the 听证通知书 in force sets it (``notice_hearing_date``), None when
    no notice tells it: the notice of ``party_id``, or of the case with one party; with no party named in a case with
    several, the day common to the pending parties' notices, else the earliest of their days not yet recorded for
    each party it sets (``hearing_session_parties``: the parties such a record is for). A day recorded already (for
    the party, or the whole case: ``_parties_heard``) is not one: it would be refused. What 举行听证… starts at."""
    from workstation.documents.stage_rules import notice_hearing_date

    if party_id or len(parties_of_case(db, case.id)) < 2:
        found = notice_hearing_date(db, case, party_id or None)
        day = found[1].isoformat() if found else None
        heard = _parties_heard(db, case.id, day) if day else set()
        # recorded that day: any record in a case with one party; the party's own or the whole case's, else
        return None if day is None or (heard & {None, party_id} if party_id else heard) else day
    told: dict[str, set[str]] = {}
    for pending in pending_hearings(db, case):
        if (found := notice_hearing_date(db, case, pending)) is not None:
            told.setdefault(found[1].isoformat(), set()).add(pending)
    for day in sorted(told):
        heard = _parties_heard(db, case.id, day)
        if None not in heard and not told[day] <= heard:
            return day
    return None


def hearing_session_refusal(db: Database, case: Case, date: str, party_ids: tuple[str, ...]) -> str | None:
    """Why 举行听证 on ``date`` cannot be recorded for the parties ``party_ids`` (None when it can): each a party of the
    case; in a case with several parties, one whose hearing is pending (asked, neither withdrawn nor missed), not
    before its own request, on the day its own 听证通知书 in force sets (another party's day is not its hearing:
    Penalty Law art. 64 (2)) and not recorded for it on that day already. A case with one party records the case's:
    naming its party is accepted."""
    from workstation.documents.stage_rules import notice_hearing_date

    parties = parties_of_case(db, case.id)
    known = {party.id: party for party in parties}
    session = shown_label("clock_events", "hearing_session")
    lines = []
    for party_id in party_ids:
        if party_id not in known:
            return _("{party} is not a party of case {case}. Its parties are: {parties}.").format(
                party=party_id, case=case_named(case.case_number, case.party_names, case.cause),
                parties=parties_line(parties) or _("none"))
        if len(parties) < 2:
            continue
        name, asked = known[party_id].name, pending_hearings(db, case).get(party_id)
        if asked is None:
            given_up = hearings_given_up(db, case).get(party_id)
            lines.append(_("{party}: “{step}” was already recorded for it on {date}.").format(
                party=name, step=shown_label("transitions", given_up[0]), date=given_up[1]) if given_up else
                _("{party}: it did not ask for a hearing.").format(party=name))
        elif date < asked:
            lines.append(_("{party}: {why}").format(party=name, why=_(
                "The party asked for a hearing on {asked}: a “{session}” cannot be dated before it ({date}). Record "
                "the day the hearing was held, on or after the request.").format(asked=asked, session=session,
                                                                                date=date)))
        elif (found := notice_hearing_date(db, case, party_id)) is not None and found[1].isoformat() != date:
            lines.append(_("{party}: its 听证通知书 {number} sets its hearing on {hearing}, not {date}: record its "
                           "hearing on that day; if the hearing was moved, issue a corrected 听证通知书 (更正) setting "
                           "the day it is held first (Penalty Law art. 64 (2)).").format(
                party=name, number=found[0] or _("(no number)"), hearing=found[1].isoformat(), date=date))
        elif {None, party_id} & _parties_heard(db, case.id, date):
            lines.append(_("{party}: its “{session}” on {date} is recorded already.").format(
                party=name, session=session, date=date))
    return join_sentences(lines) or None


def record_hearing_session(db: Database, case: Case, date: str, note: str = "", party_ids: tuple[str, ...] = (),
                           *, for_command_line: bool = False) -> list[ClockEvent]:
    """Record 举行听证 held on ``date`` (``clock_events.record_clock_event``, checked as there), with ``note``: for
    the parties ``party_ids`` (checked by ``hearing_session_refusal``; one event each), else for those whose
    听证通知书 sets that day (``hearing_session_parties``), else for the whole case — so that in a case with several
    parties heard on different days each party's hearing is dated its own (``party_hearing_held_on``,
    ``hearing_day``). Recorded without ``party_ids``, a party whose own 举行听证 is recorded on that day already is
    left out (refused when that leaves none). A case with one party records the case's, as before. Refused
    (``ValidationError``, its ``party`` field) with nothing recorded. Returns every event recorded."""
    from workstation.errors import ValidationError
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    with db.atomic():
        refusal = hearing_session_refusal(db, case, date, party_ids) if party_ids else None
        if refusal:
            raise ValidationError({"party": refusal})
        if len(parties_of_case(db, case.id)) < 2:
            chosen: tuple[str, ...] = ()  # the case's, as ever
        elif party_ids:  # each party whose hearing is pending named: one hearing of the case
            chosen = () if set(party_ids) >= set(pending_hearings(db, case)) else tuple(dict.fromkeys(party_ids))
        else:
            chosen = hearing_session_parties(db, case, date)
            # a party heard on that day already (its own record): left out, not recorded again for the case
            heard = _parties_heard(db, case.id, date) - {None}
            candidates = chosen or tuple(pending_hearings(db, case))
            if heard and candidates:
                chosen = tuple(party_id for party_id in candidates if party_id not in heard)
                if not chosen:
                    raise ValidationError({"party": hearing_session_refusal(
                        db, case, date, tuple(p for p in candidates if p in heard))})
        writer = AuditWriter(db)
        events = [record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on=date,
                                                    note=note, party_id=party_id), writer,
                                     for_command_line=for_command_line) for party_id in chosen or (None,)]
        writer.flush()
    return events


def party_hearing_held_on(db: Database, case: Case, party_id: str | None = None,
                          parties: list | None = None) -> str | None:
    """The day the hearing ``party_id`` asked for was held (None: the case's only or first party), None when the
    case records no hearing of it: the party asked (in a case with several parties its own request,
    ``hearing_requests``; else the case's) and the hearing was concluded (听证结束) after. The day is the 举行听证
    recorded for the party (or for the case) on or before the conclusion, else the 听证日期 of the party's
    听证通知书 in force when that is not after it, else the day the hearing was concluded. In a case with several
    parties, heard on different days, the party's own: the 举行听证 recorded for it (``record_hearing_session``),
    else the 听证日期 of its notice, else one recorded for the whole case — never another party's later day.
    ``parties``: the case's, when the caller read them already."""
    parties = parties_of_case(db, case.id) if parties is None else parties
    asked = _asked_on(db, case, party_id, parties)
    if not asked or (len(parties) > 1 and (party_id or parties[0].id) in hearings_given_up(db, case)):
        return None  # its own request withdrawn, or its hearing missed, while another's went on
    ends = db.execute("SELECT on_date, details FROM case_events WHERE case_id = ? AND kind = 'transition' AND "
                      "from_status = 'hearing' AND to_status = 'decision_pending' AND on_date >= ?",
                      [case.id, asked]).fetchall()
    # a hearing stage ended by the party's withdrawal or absence (``HEARING_GIVEN_UP``) held no hearing
    concluded = max((day for day, details in ends if day and not given_up_step(details)), default=None)
    if not concluded:
        return None
    return _held_day(db, case, party_id, parties, asked, concluded) or concluded


def _held_day(db: Database, case: Case, party_id: str | None, parties: list, since: str, until: str, *,
              noticed: bool = True) -> str | None:
    """The day the hearing of ``party_id`` (None: the case's only or first party) was held, from ``since`` to
    ``until``, None when nothing tells it: with one party, the latest 举行听证 recorded, else the 听证日期 of its
    听证通知书 in force; with several, the latest recorded for the party (``record_hearing_session``), else the
    听证日期 of its own notice, else the latest recorded for the whole case — never another party's day. Without
    ``noticed``, the days recorded only (not the notice's: a hearing still to come). Shared by
    ``party_hearing_held_on``, ``hearing_day`` and ``party_decisions.party_heard_on``."""
    several = len(parties) > 1
    of_party = " AND party_id = ?" if several else ""
    row = db.execute("SELECT MAX(starts_on) FROM clock_events WHERE case_id = ? AND kind = 'hearing_session' AND "
                     f"starts_on >= ? AND starts_on <= ?{of_party}",
                     [case.id, since, until, *([party_id or parties[0].id] if several else [])]).fetchone()
    if row and row[0]:
        return str(row[0])[:10]
    day = _noticed_hearing_day(db, case, party_id, parties, since, until) if noticed else None
    if day or not several:
        return day
    row = db.execute("SELECT MAX(starts_on) FROM clock_events WHERE case_id = ? AND kind = 'hearing_session' AND "
                     "starts_on >= ? AND starts_on <= ? AND party_id IS NULL", [case.id, since, until]).fetchone()
    return str(row[0])[:10] if row and row[0] else None


def _noticed_hearing_day(db: Database, case: Case, party_id: str | None, parties: list, asked: str,
                         concluded: str) -> str | None:
    """The 听证日期 of the 听证通知书 in force of ``party_id`` (the last issued giving one from ``asked`` to
    ``concluded``), None without one."""
    import json

    from workstation.documents.addressee import party_condition

    condition, params = party_condition(db, case, party_id, "d", parties)
    notices = db.execute(f"SELECT values_json FROM documents d WHERE case_id = ? AND form_id = ? AND status = "
                         f"'issued'{condition} AND NOT EXISTS (SELECT 1 FROM documents s WHERE s.supersedes_id = d.id "
                         f"AND s.status = 'issued') ORDER BY issued_at DESC, rowid DESC",
                         [case.id, HEARING_NOTICE_FORM, *params]).fetchall()
    for (values,) in notices:
        try:
            day = parse_date(str(json.loads(values or "{}").get("hearing_date") or "")[:10] or None)
        except ValueError:
            continue
        if day and asked <= day <= concluded:
            return day
    return None


def _asked_on(db: Database, case: Case, party_id: str | None, parties: list, latest: bool = False) -> str | None:
    """The day the party ``party_id`` asked for a hearing (None: the case's only or first party), None without one;
    in a case with one party the case's latest request — a party that gave its hearing up and, served a corrected
    notice again, asked anew gave up, or is heard on, its new request (``hearing.requested_on``); ``latest``: the
    case's latest request, whoever made it."""
    if len(parties) > 1 and not latest:
        return hearing_requests(db, case).get(party_id or parties[0].id)
    row = db.execute("SELECT MAX(on_date) FROM case_events WHERE case_id = ? AND kind = 'transition' AND "
                     "to_status = 'hearing'", [case.id]).fetchone()
    return row[0] if row else None


def hearing_given_up(db: Database, case: Case, party_id: str | None = None,
                     parties: list | None = None) -> tuple[str, str, str] | None:
    """(step, day, asked) when the hearing ``party_id`` asked for on ``asked`` (None: the case's only or first party;
    in a case with one party its latest request, ``_asked_on``) was not held because the party withdrew its request or did not appear (``HEARING_GIVEN_UP``), recorded on
    ``day`` as the latest end of the hearing stage since the request — in a case with several parties, the step
    recorded for that party (``hearings_given_up``), else one recorded for the case —; None otherwise (no request,
    the hearing still pending, or held and concluded)."""
    parties = parties_of_case(db, case.id) if parties is None else parties
    asked = _asked_on(db, case, party_id, parties)
    if not asked:
        return None
    if len(parties) > 1 and (own := hearings_given_up(db, case).get(party_id or parties[0].id)):
        return (*own, asked)
    # else the end of the hearing stage recorded for the case (a step of one party is that party's only)
    of_case = " AND party_id IS NULL" if len(parties) > 1 else ""
    row = db.execute("SELECT on_date, details FROM case_events WHERE case_id = ? AND kind = 'transition' AND "
                     f"from_status = 'hearing' AND to_status = 'decision_pending' AND on_date >= ?{of_case} ORDER BY "
                     "on_date DESC, at DESC, rowid DESC LIMIT 1", [case.id, asked]).fetchone()
    step = given_up_step(row[1]) if row else None
    return (step, row[0], asked) if step else None


def _hearing_notices(db: Database, case: Case, party_id: str | None) -> list[NoticeService]:
    """Each 听证通知书 in force issued to ``party_id`` (None: of the case) with the day it reached the party or None
    (``document_clocks.NoticeService``), in the order issued: issued, not voided, not replaced by a correction; served
    as its 送达回证 or 送达公告 says (``document_clocks.hearing_notice_services``)."""
    import json

    from workstation.document_clocks import hearing_notice_services
    from workstation.documents.addressee import party_condition

    of_party, params = party_condition(db, case, party_id)
    rows = db.execute(f"SELECT COALESCE(number, ''), values_json, issued_at FROM documents WHERE case_id = ? AND "
                      f"form_id = ? AND status = 'issued'{of_party} AND id NOT IN (SELECT supersedes_id FROM "
                      f"documents WHERE supersedes_id IS NOT NULL AND status = 'issued')",
                      [case.id, HEARING_NOTICE_FORM, *params]).fetchall()
    mine = {(number, str(json.loads(values or "{}").get("issued_on") or issued_at)[:10])
            for number, values, issued_at in rows}
    return [s for s in hearing_notice_services(db, [case.id]).get(case.id, []) if (s.number, s.issued_on) in mine]


def paper_hearing_floor(db: Database, case: Case, asked: str | None) -> str | None:
    """The earliest day the hearing asked for on ``asked`` can be held in a case whose notices are written on paper
    (``_documents_kept_here`` False): its 听证通知书 comes after the request — the day of the request at the
    earliest — and reaches the party at least seven working days before the hearing (Penalty Law arts. 64 (2), 85;
    REFERENCE §1.2 T6), so the request day and T6's working days after it, on the workstation's calendar. None for a
    case whose notices are issued here (the notice in force is counted, ``hearing_notice_refusal``) or without a
    request."""
    import datetime as dt

    from workstation.clocks import data_dir_of, rule
    from workstation.workdays import default_calendar

    if not asked or _documents_kept_here(db, case):
        return None
    return default_calendar(data_dir_of(db)).add_workdays(dt.date.fromisoformat(asked), rule("T6").period).isoformat()


def paper_hearing_note(db: Database, asked: str, earliest: str) -> str:
    """Why a hearing asked for on ``asked``, in a case whose notices are written on paper, is held on ``earliest``
    at the earliest (``paper_hearing_floor``), with ``clocks.count_note`` when that count runs through a year
    without holiday data."""
    import datetime as dt

    from workstation.clocks import count_note, rule

    period = rule("T6").unit_text()
    return join_sentences([
        _("The hearing was asked for on {asked}; its 听证通知书, written on paper, comes after the request and tells "
          "the party of the hearing's time and place at least {period} before it (Penalty Law arts. 64 (2), 85), "
          "so the hearing can be held on {earliest} at the earliest.").format(asked=asked, period=period,
                                                                               earliest=earliest),
        count_note(db, dt.date.fromisoformat(asked), dt.date.fromisoformat(earliest), period)])


def _paper_conclusion_refusal(db: Database, case: Case, date: str) -> str | None:
    """Why the hearing of a case whose notices are written on paper cannot be concluded on ``date`` (None when it
    can): the hearing concluded — held on the 举行听证 recorded on or before that day, else on that day
    (``hearing_day``) — is before the day the request allows (``paper_hearing_floor``): of each party whose hearing
    is pending in a case with several parties, else of the case's latest request."""
    parties = parties_of_case(db, case.id)
    requests = (pending_hearings(db, case) if len(parties) > 1 else {}) or \
        {None: _asked_on(db, case, None, parties, latest=True)}
    lines = []
    for party_id, asked in requests.items():
        held = hearing_day(db, case, date, party_id)  # the party's own, not another's held on another day
        earliest = paper_hearing_floor(db, case, asked)
        if earliest is None or held >= earliest:
            continue
        session = shown_label("clock_events", "hearing_session")
        if held == date:
            then = _("It is not concluded on {date}: record the day it was held, on or after {earliest}, as "
                     "“{session}”, then conclude it.").format(date=date, earliest=earliest, session=session)
        else:  # a 举行听证 recorded before the floor was checked
            then = _("It is recorded as held (“{session}”) on {hearing}: if it was held later, correct that day "
                     "(Case → Time limits), then conclude it; held that day, the party was not told of it in time, "
                     "and it is held again from the day a 听证通知书 served allows.").format(
                session=session, hearing=held)
        line = join_sentences([paper_hearing_note(db, asked, earliest), then])
        lines.append(_("{party}: {why}").format(party=_party_name(db, party_id), why=line) if party_id else line)
    return join_sentences(lines) or None


def hearing_notice_refusal(db: Database, case: Case, date: str) -> str | None:
    """Why the hearing cannot be concluded on ``date`` for want of notice (None when it can): the party is told of
    the hearing's time and place at least seven working days before it (Penalty Law arts. 64 (2), 85; REFERENCE
    §1.2 T6, counted on the workstation's calendar as the clock T6 is). Each party who asked for a hearing (the
    case's party in a case with one party) needs the 听证通知书 in force that set the hearing — the last issued on
    or before the day it was held (``hearing_day``), as T6 takes it (``document_clocks.notice_for_hearing``): a
    hearing moved by a later notice is told by that one — to have reached it that long before: served on the day
    its 送达回证 (or 送达公告) says, else — said so — on the day it bears. A case whose notices were written on paper
    is not asked for it (``_documents_kept_here``), but its hearing not held before the day the request allows
    (``_paper_conclusion_refusal``)."""
    import datetime as dt

    from workstation.clocks import count_note, data_dir_of, rule
    from workstation.document_clocks import notice_for_hearing
    from workstation.workdays import default_calendar

    if not _documents_kept_here(db, case):
        return _paper_conclusion_refusal(db, case, date)
    clock = rule("T6")
    calendar = default_calendar(data_dir_of(db))
    # the parties whose hearing is concluded: not one who withdrew its request or stayed away (``HEARING_GIVEN_UP``)
    asked = pending_hearings(db, case) if len(parties_of_case(db, case.id)) > 1 else {}
    period, session = clock.unit_text(), shown_label("clock_events", "hearing_session")
    recorded = db.execute("SELECT 1 FROM clock_events WHERE case_id = ? AND kind = 'hearing_session' AND starts_on "
                          "<= ?", [case.id, date]).fetchone() is not None
    lines = []
    for party_id in asked or [None]:
        held = hearing_day(db, case, date, party_id)  # the party's own, not another's held on another day
        notices = _hearing_notices(db, case, party_id)
        # none issued by the hearing day (all dated after it): the first to reach the party is named, late as it is
        notice = notice_for_hearing(notices, held, None) or min(notices, key=lambda n: n.told_on, default=None)
        if notice is None and not recorded:  # nothing says a hearing was held: none is described as held
            line = _("No 听证通知书 was issued for the hearing the party asked for, and no hearing is recorded as held: "
                     "the party is told of the hearing's time and place at least {period} before it (Penalty Law "
                     "arts. 64 (2), 85). Issue the 听证通知书, hold the hearing from the day it allows (record that "
                     "day as “{session}”: {hold} among the case's steps, or {record} under {deadlines}; or `cases "
                     "transition CASE hold_hearing --date DAY`), then conclude it; if the party withdrew its request, "
                     "record “{withdrawn}” instead.").format(
                period=period, session=session, hold=_("Hold hearing…"), record=_("Record clock event…"),
                deadlines=_("Deadlines"), withdrawn=shown_label("transitions", "withdraw_hearing"))
        elif notice is None:
            line = _("No 听证通知书 was issued for the hearing held on {hearing}: the party is told of the hearing's "
                     "time and place at least {period} before it (Penalty Law arts. 64 (2), 85). Issue the "
                     "听证通知书 and hold the hearing from the day it allows (record that day as “{session}”)."
                     ).format(hearing=held, period=period, session=session)
        else:
            number, issued, served = notice.number, notice.issued_on, notice.served_on
            told = dt.date.fromisoformat(notice.told_on)
            earliest = calendar.add_workdays(told, clock.period).isoformat()
            if held >= earliest:
                continue
            if served:  # T6 counts from the day the party received the notice (its 送达回证 or 送达公告)
                line = _("The 听证通知书 {number} was served on {served}, and the hearing was held on {hearing}: the "
                         "party is told of the hearing's time and place at least {period} before it (Penalty Law arts. "
                         "64 (2), 85), so the hearing could be held on {earliest} at the earliest (record that day as "
                         "“{session}”).").format(number=number or _("(no number)"), served=served, hearing=held,
                                                period=period, earliest=earliest, session=session)
            else:
                line = _("The 听证通知书 {number} was issued on {issued}, and the hearing was held on {hearing}: the "
                         "party is told of the hearing's time and place at least {period} before it (Penalty Law arts. "
                         "64 (2), 85), so the hearing could be held on {earliest} at the earliest (record that day as "
                         "“{session}”). Its service is not recorded (no 送达回证 issued for it), so it was counted from "
                         "the day it bears.").format(number=number or _("(no number)"), issued=issued, hearing=held,
                                                     period=period, earliest=earliest, session=session)
            line = join_sentences([line, count_note(db, told, dt.date.fromisoformat(earliest), period)])
        lines.append(_("{party}: {why}").format(party=_party_name(db, party_id), why=line) if party_id else line)
    return join_sentences(lines) if lines else None


#: the actions whose legal condition counts working days (``count_warning``)
COUNTED_ACTIONS = ("decide_penalty", "end_statement_period", "conclude_hearing", "hearing_absent",
                   "apply_enforcement")


def count_warning(db: Database, case: Case, name: str, date: str, party_ids: tuple[str, ...] = ()) -> str | None:
    """What recording action ``name`` on ``date`` is told, not refused, when the legal condition that allows it
    counts working days through a year without holiday data (日历待核实, ``clocks.count_note``): the day its period
    ran to may move once that year's holidays are known. 作出行政处罚决定 and 陈述申辩期满 after the party's statement
    period (T4, each waiting party's own in a case with several parties), 听证结束 on a hearing held seven working days
    after its 听证通知书 reached the party (T6; the absence from it likewise, of the party ``party_ids`` names),
    申请法院强制执行 after the ten working days of the 催告书 (T15). None
    when nothing such is counted; the refusals of a date within such a count say it themselves."""
    import datetime as dt

    from workstation.clocks import count_note

    notes = []
    if name in ("decide_penalty", "end_statement_period") and not case.notice_waived:
        if len(parties_of_case(db, case.id)) > 1:
            from workstation.party_notices import party_periods

            for item in party_periods(db, case):
                if item.period is not None and item.waived_on is None and not item.hearing_stands and date > item.period.due:
                    notes.append(statement_count_note(db, item.period, date))
        else:
            period = statement_deadline(db, case)
            if period is not None and date > period.due and not _heard(db, case):
                notes.append(statement_count_note(db, period, date))
    elif name in ("conclude_hearing", "hearing_absent") and _documents_kept_here(db, case):
        from workstation.clocks import data_dir_of, rule
        from workstation.document_clocks import notice_for_hearing
        from workstation.workdays import default_calendar

        calendar = default_calendar(data_dir_of(db))
        clock = rule("T6")
        asked = pending_hearings(db, case) if len(parties_of_case(db, case.id)) > 1 else {}
        if name == "hearing_absent" and party_ids:  # the absent party's own notice, not the others'
            asked = dict.fromkeys(party_ids, "")
        for party_id in asked or [None]:
            held = hearing_day(db, case, date, party_id)
            notice = notice_for_hearing(_hearing_notices(db, case, party_id), held, None)
            if notice is not None:
                told = dt.date.fromisoformat(notice.told_on)
                earliest = calendar.add_workdays(told, clock.period)
                if held >= earliest.isoformat():
                    notes.append(count_note(db, told, earliest, clock.unit_text(),
                                            on=dt.date.fromisoformat(held[:10])))
    elif name == "apply_enforcement":
        from workstation.documents.stage_rules import demand_count_note
        from workstation.enforcement import unpaid_parties

        for item in unpaid_parties(db, case):
            if (party_ids and item.party.id not in party_ids) or item.applied_on or not item.earliest:
                continue
            if date >= item.earliest:
                notes.append(demand_count_note(db, dt.date.fromisoformat(item.demand_served_on),
                                               on=dt.date.fromisoformat(date[:10])))
    return join_sentences(dict.fromkeys(note for note in notes if note)) or None


def count_warning_note() -> str:
    """What the timeline keeps of a step recorded all the same after ``count_warning``."""
    return _("Recorded on a count of working days through a year without holiday data (calendar unconfirmed).")


def rule_text(clock_id: str) -> str:
    """The period of clock ``clock_id`` in words (“5 working days”)."""
    from workstation.clocks import rule

    return rule(clock_id).unit_text()


def _untold_hearing_right(db: Database, case: Case, fine_fen: int, confiscated_fen: int,
                          kind: str | None = None, form_id: str = "pre_penalty_notice",
                          penalties: tuple[str, ...] = ()) -> str | None:
    """Why a notice without its hearing paragraph cannot propose this fine and confiscation (None when it can):
    either reaches the hearing amount for the party, or ``penalties`` (the penalties giving the right its 其他行政处罚
    names: 吊销营业执照, 责令停产停业 …, ``thresholds.written_penalties``) are proposed, so the notice must tell it of
    the right to request a hearing (Penalty Law arts. 44, 63, 64). A notice silent on that right leaves the decision
    open to annulment. For the 调查终结报告 (``form_id``) the same: its statement 未达到听证标准 would send the notice
    out without it. Only the amounts proposed are named, never one of ¥0.00."""
    from workstation.law.case_law import party_kind
    from workstation.law.catalogue import shown_penalty_label
    from workstation.law.data import yuan
    from workstation.law.thresholds import hearing, hearing_limit

    kind = kind or party_kind(db, case)
    if penalties:
        named_penalties = "、".join(shown_penalty_label(p) for p in penalties)
        if form_id == "investigation_report":
            return _("The penalty proposed ({penalties}) gives the party the right to request a hearing whatever the "
                     "amounts (Penalty Law art. 63), so the report cannot say it stays below the hearing standard: "
                     "tick “当事人享有要求听证的权利”, or propose another penalty.").format(penalties=named_penalties)
        return _("The penalty proposed ({penalties}) gives the party the right to request a hearing whatever the "
                 "amounts (Penalty Law art. 63): the notice must tell the party of that right (Penalty Law arts. 44, "
                 "63, 64). Tick “告知听证权利”, or propose another penalty.").format(penalties=named_penalties)
    if not hearing(kind, fine_fen, confiscated_fen).applies:
        return None
    limit, inclusive = hearing_limit(kind)
    named = [what.format(amount=yuan(amount)) for amount, what in (
        (fine_fen, _("a fine of {amount}")), (confiscated_fen, _("confiscation of illegal gains of {amount}")))
        if amount]
    amounts = named[0] if len(named) == 1 else _("{first} and {second}").format(first=named[0], second=named[1])
    if form_id == "investigation_report":
        return _("The penalty proposed ({amounts}) reaches the hearing amount for this party ({op} {limit}), so the "
                 "report cannot say it stays below: the party has the right to request a hearing and the notice must "
                 "tell it so (Penalty Law arts. 63, 64). Tick “当事人享有要求听证的权利”, or propose a penalty below "
                 "that amount.").format(amounts=amounts, limit=yuan(limit), op="≥" if inclusive else ">")
    return _("The penalty proposed ({amounts}) reaches the hearing amount for this party ({op} {limit}): the notice "
             "must tell the party of its right to request a hearing (Penalty Law arts. 44, 63, 64). Tick “告知听证权利”, "
             "or propose a penalty below that amount.").format(amounts=amounts, limit=yuan(limit),
                                                               op="≥" if inclusive else ">")


# the documents enforcing an unpaid fine (催告书, 强制执行申请书): refused while the unpaid amount is 0
UNPAID_FORMS = ("performance_demand", "enforcement_application")


def values_refusal(db: Database, case: Case, form_id: str, values: dict) -> str | None:
    """Why the document ``form_id`` with its checked ``values`` cannot be issued in the case, None when it can
    (the 催告书 and 强制执行申请书 of nothing unpaid, ``UNPAID_FORMS``; the 催告书's surcharge above the fine or date
    within the payment period, ``demand_surcharge.demand_refusal``; the 强制执行申请书's surcharge above the fine,
    ``demand_surcharge.surcharge_refusal``; for the 调查终结报告 its statement on the
    hearing against its penalty, ``_notice_hearing_refusal``; and for every other form but the 行政处罚告知书, the
    行政处罚决定书 and the 当场行政处罚决定书 nothing more): more confiscated than the illegal gains the case records
    (``penalty_terms.confiscation_refusal``); a fine above the maximum of the case's penalty basis
    (``penalty_terms.maximum_refusal``), or below its minimum without a reduced penalty
    (``penalty_terms.minimum_refusal``); a 裁量理由 stating a tier the fine lies outside with no reason written
    (``stage_rules.printed_tier_refusal``); a kind of penalty the case's penalty basis does not provide
    (``penalty_terms.kinds_refusal``); for the notice, the hearing paragraph and its penalty
    (``_notice_hearing_refusal``); for the decision, a penalty heavier than the last issued notice proposed
    (``penalty_terms.heavier_refusal``, Penalty Law arts. 44, 45, said before the kinds), and, last, the legal review
    it needs before the case is decided, dated on or before its 决定日期 (``_review_refusal``)."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.documents.stage_rules import printed_tier_refusal
    from workstation.penalty_terms import (
        confiscation_refusal,
        heavier_refusal,
        kinds_refusal,
        maximum_refusal,
        minimum_refusal,
    )

    if form_id in UNPAID_FORMS:
        refusal = _revoked_form_refusal(db, case, form_id, values) or _unpaid_refusal(db, case, form_id, values)
        if refusal:
            return refusal
    if form_id == "performance_demand":  # its surcharge above the fine, or dated before the party was late
        from workstation.demand_surcharge import demand_refusal

        return demand_refusal(db, case, values)
    if form_id == "enforcement_application":  # its surcharge above the fine (行政处罚法 art. 72)
        from workstation.demand_surcharge import surcharge_refusal

        return surcharge_refusal(db, case, values, "申请执行的加处罚款")
    if form_id == "investigation_report":
        return _notice_hearing_refusal(db, case, values, form_id)
    if form_id not in FINED_FORMS:
        return None
    refusal = _no_basis_refusal(case, form_id) or confiscation_refusal(case, values) or maximum_refusal(
        db, case, values) or minimum_refusal(db, case, values) or printed_tier_refusal(db, case, values)
    if refusal:
        return refusal
    if form_id == ON_THE_SPOT_FORM:  # its fine's cap for the simple procedure is the field's own (``limit``)
        return kinds_refusal(db, case, values)
    if form_id == "penalty_decision":
        return heavier_refusal(db, case, values) or kinds_refusal(db, case, values) \
            or _waiver_claim_refusal(db, case, values) or _hearing_claim_refusal(db, case, values) \
            or decision_hearing_documents_refusal(db, case, values) \
            or _review_refusal(db, case, str(values.get("decided_on") or "")[:10] or None,
                               tuple(filter(None, [values.get(PARTY_KEY)])))
    return kinds_refusal(db, case, values) or _notice_hearing_refusal(db, case, values)


def _no_basis_refusal(case: Case, form_id: str) -> str | None:
    """``case_law.no_basis_refusal`` of the 行政处罚告知书, 行政处罚决定书 or 当场行政处罚决定书 ``form_id`` (None for any
    other form): no penalty of any kind in a case recording violations no norm penalises in time."""
    if form_id not in FINED_FORMS:
        return None
    from workstation.documents.drafts import find_form
    from workstation.law.case_law import no_basis_refusal

    return no_basis_refusal(case, find_form(form_id).title)


def decision_hearing_documents_refusal(db: Database, case: Case, values: dict, *, penalty: bool = True) -> str | None:
    """``hearing_documents_refusal`` for the 行政处罚决定书 (``penalty``) or the 不予行政处罚决定书 with ``values``: in a
    case with several parties, of the party it is written for."""
    from workstation.documents.addressee import PARTY_KEY

    party_id = values.get(PARTY_KEY)
    return hearing_documents_refusal(db, case, (party_id,) if party_id else (), penalty=penalty)


def _revoked_form_refusal(db: Database, case: Case, form_id: str, values: dict) -> str | None:
    """Why a 催告书 or 强制执行申请书 cannot be issued: the decision it would enforce (of its party, or the whole
    case's) was revoked on reconsideration or in court and is no longer executed, or declared void and never had
    effect (``clock_events.annulled_by``), or changed to no fine with nothing confiscated
    (``clock_events.changed_to_nothing``): nothing is left to enforce; None otherwise."""
    from workstation.clocks import VOID
    from workstation.documents.addressee import PARTY_KEY
    from workstation.store.clock_events import annulled_by, changed_to_nothing

    revoked = annulled_by(db, case, values.get(PARTY_KEY) or None)
    document = {"performance_demand": "行政处罚决定履行催告书", "enforcement_application": "强制执行申请书"}[form_id]
    if revoked is None:
        changed = changed_to_nothing(db, case, values.get(PARTY_KEY) or None)
        return None if changed is None else _(
            "The penalty decision was changed on {date} ({number}) to no fine, and it confiscates nothing: nothing is "
            "left to pay, so no {document} is issued to enforce it.").format(
            date=changed.starts_on, number=changed.approved_by, document=document)
    if revoked.kind == VOID:
        return _("The penalty decision was declared void on {date} ({number}): it never had legal effect, so no "
                 "{document} is issued to enforce it.").format(date=revoked.starts_on, number=revoked.approved_by,
                                                              document=document)
    return _("The penalty decision was revoked on {date} ({number}): it is no longer executed, so no {document} is "
             "issued to enforce it.").format(date=revoked.starts_on, number=revoked.approved_by, document=document)


def _unpaid_refusal(db: Database, case: Case, form_id: str, values: dict) -> str | None:
    """Why a 催告书 or 强制执行申请书 cannot demand its unpaid amount (None when it can): nothing unpaid, a decision
    that imposed no money (a warning alone: nothing is enforced by them), or more than the decision in force of its
    party imposed (fine and confiscated illegal gains, ``payments``) less what the case records that party paid. In a
    case with several parties, the party's own decision (``demand_surcharge.enforced``): none in force while the
    others' are issued in the workstation, nothing is enforced; decided outside the workstation for all the parties
    together, the case's total is an upper limit, said as such."""
    from workstation.demand_surcharge import enforced
    from workstation.documents.drafts import find_form
    from workstation.money import figures
    from workstation.payments import recorded_payment

    title = find_form(form_id).title
    found = enforced(db, case, values, title)
    if found.undecided:
        return found.undecided
    single, decision = found.party_id, found.decision
    fine, confiscated = found.fine_fen, found.confiscated_fen
    if not fine and not confiscated:
        return _("The decision {decision} imposes no fine and confiscates no illegal gains (a warning alone, or "
                 "property only): there is no money for a {title} to demand. A {title} enforces an unpaid fine or "
                 "confiscated sum; if the decision is wrong, correct it first.").format(decision=decision, title=title)
    unpaid = int(values.get("unpaid_fen") or 0)
    if not unpaid:
        return _("Nothing is unpaid: the amount still unpaid is 0 (a warning alone, or the fine paid in full). "
                 "Write the amount the party has not paid; a decision without an unpaid amount is not enforced.")
    recorded = recorded_payment(db, case, single)  # the party's own payment (the case's, with one party)
    paid = 0
    if recorded is not None:
        payment = recorded[1]
        paid = fine + confiscated if payment.paid_fen is None else max(payment.paid_fen - payment.surcharge_fen, 0)
    due = max(fine + confiscated - paid, 0)
    if unpaid > due and found.unknown:  # the party's own amount is not known: at most what all the parties owe
        return _("The unpaid amount {unpaid} is more than the case records for all its {n} parties together: "
                 "{imposed} (fine and confiscated illegal gains), less {paid} recorded paid by this party, leaves "
                 "{due} at most. The party's own amount is not known (decided outside the workstation); write what "
                 "its own decision leaves unpaid (a surcharge goes in its own field).").format(
            unpaid=figures(unpaid), n=found.parties, imposed=figures(fine + confiscated), paid=figures(paid),
            due=figures(due))
    if unpaid > due:
        return _("The unpaid amount {unpaid} is more than the decision {decision} leaves unpaid: it imposes {imposed} "
                 "(fine and confiscated illegal gains) and the case records {paid} paid, so {due} at most. Write the "
                 "amount the party has not paid (a surcharge goes in its own field).").format(
            unpaid=figures(unpaid), decision=decision, imposed=figures(fine + confiscated), paid=figures(paid),
            due=figures(due))
    return None


def _waiver_claim_refusal(db: Database, case: Case, values: dict) -> str | None:
    """Why a 行政处罚决定书 of one party of a case with several parties cannot say that the party expressly waived
    its statement and hearing (None when it can): the case records no waiver of that party, only of others (each
    waives for itself, ``party_notices``); the decision would state what the party did not do."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.party_notices import waivers

    party_id = values.get(PARTY_KEY)
    if not values.get("statement_waived") or not party_id or len(parties_of_case(db, case.id)) < 2:
        return None
    if party_id in waivers(db, case):
        return None
    return _("{party} did not waive its statement, defence and hearing (the case records no waiver of it; each "
             "party waives for itself): untick “当事人明确放弃陈述、申辩（听证）权利”, or record its waiver first if "
             "it did waive.").format(party=_party_name(db, party_id))


def _hearing_claim_refusal(db: Database, case: Case, values: dict, *, sheet: bool = False) -> str | None:
    """Why a 行政处罚决定书 (``sheet``: the 行政处理决定审批表, whose row 陈述申辩（听证）及复核情况 says the same) cannot
    be issued for what it says of the party's hearing and statement (None when it can): the party asked for a hearing
    that was held (``party_hearing_held_on``) while the document gives no 听证日期 — it would say the party never
    asked; or a 陈述申辩笔录 of the party is issued while the document neither writes its statement nor says it
    waived — it would say the party stated nothing."""
    from workstation.documents.addressee import PARTY_KEY, party_condition

    parties = parties_of_case(db, case.id)
    party_id = values.get(PARTY_KEY) or (parties[0].id if parties else None)
    held = party_hearing_held_on(db, case, party_id, parties)
    why = None
    if held and not values.get("hearing_held_on") and sheet:
        why = _("The party asked for a hearing, which was held on {date}, but “听证日期” is empty: the "
                "行政处理决定审批表 would say the party did not ask for a hearing. Fill in “听证日期” ({date}) and write "
                "the party's statements at the hearing, their recheck and whether they were adopted in "
                "“陈述申辩（听证）及复核情况”.").format(date=held)
    elif held and not values.get("hearing_held_on"):
        why = _("The party asked for a hearing, which was held on {date}, but “听证日期” is empty: the decision would "
                "say the party did not ask for a hearing. Fill in “听证日期” ({date}) and write the party's statements "
                "at the hearing and how they were adopted in “陈述申辩及采纳情况”.").format(date=held)
    condition, params = party_condition(db, case, party_id, "d", parties)
    stated = db.execute(f"SELECT 1 FROM documents d WHERE case_id = ? AND form_id = 'statement_record' AND status = "
                        f"'issued'{condition} LIMIT 1", [case.id, *params]).fetchone()
    if not why and stated and not str(values.get("statement") or "").strip() and not values.get("statement_waived"):
        why = _("The case holds the party's 陈述申辩笔录, but “陈述申辩（听证）及复核情况” is empty: the "
                "行政处理决定审批表 would say the party made no statement or defence. Write what the party stated and "
                "argued, its recheck and whether it was adopted, with the reasons.") if sheet else _(
            "The case holds the party's 陈述申辩笔录, but “陈述申辩及采纳情况” is empty: the decision would say the "
            "party made no statement or defence. Write what the party stated and argued and whether it was "
            "adopted, with the reasons.")
    if why and party_id and len(parties) > 1:
        return _("{party}: {why}").format(party=_party_name(db, party_id), why=why)
    return why


def _notice_hearing_refusal(db: Database, case: Case, values: dict,
                            form_id: str = "pre_penalty_notice") -> str | None:
    """Why a notice with these values cannot be issued for its hearing paragraph: a paragraph telling the party of
    a right to a hearing that the proposed penalty does not give, or none where the proposed fine or confiscation
    gives the right (Penalty Law art. 63). The amounts are those for the kind of the party the notice is for
    (a person and a company have different ones). The 调查终结报告 (``form_id``) is held to the same: its
    statement that the penalty does (not) reach the hearing amounts follows what it proposes."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.store import get_party

    fine_fen, confiscated_fen, other = _proposed_penalty(values)
    kind = get_party(db, values[PARTY_KEY]).kind if values.get(PARTY_KEY) else None
    if not values.get("hearing_required"):
        from workstation.law.thresholds import written_penalties

        return _untold_hearing_right(db, case, fine_fen, confiscated_fen, kind, form_id,
                                     written_penalties(str(values.get("other_penalty") or "")))
    refusal = _no_hearing_right(db, case, fine_fen, confiscated_fen, other, kind)
    if refusal is None:
        return None
    if form_id == "investigation_report":
        return join_sentences([refusal, _("Untick “当事人享有要求听证的权利” or propose the penalty that gives the "
                                          "right.")])
    return join_sentences([refusal, _("Untick “告知听证权利” or propose the penalty that gives the right.")])


def _hearing_request_guard(db: Database, case: Case, date: str, parties: tuple[str, ...] = ()) -> str | None:
    """A hearing is requested after the notice is served and within the party's five working days (Penalty Law
    art. 64 (1)); silence until then waives it. In a case with several parties, the party who asks counts from the
    service of its own notice."""
    if parties and len(parties_of_case(db, case.id)) > 1:
        from workstation.document_clocks import deemed_of
        from workstation.party_notices import services

        why = _request_date_refusal(db, case, date, services(db, case).get(parties[0]),
                                    deemed_of(db, case, parties[0]))
        return why and _("{party}: {why}").format(party=_party_name(db, parties[0]), why=why)
    return _request_date_refusal(db, case, date, case.notice_served_on)


def _request_date_refusal(db: Database, case: Case, date: str, served: str | None,
                          deemed: dict[str, tuple[str, str]] | None = None) -> str | None:
    """Why a hearing cannot be requested on ``date`` by the party served on ``served`` (``deemed``: the services its
    own 送达公告 moved, ``party_notices.statement_period``), None when it can."""
    from workstation.party_notices import statement_period

    period = statement_period(db, case, served, deemed)
    if period is None:
        if case.notice_served_on:  # served on another party, not on this one
            return _("Its notice has not been served: record the day it was served first.")
        return _("Record the date the pre-penalty notice was served first.")
    if date < served:
        return _("A hearing cannot be requested ({date}) before the notice was served ({served}).").format(
            date=date, served=served)
    if date > period.due:
        return _("A hearing had to be requested by {due} ({period} from the service of the notice on {served}); "
                 "the party's silence until then waived it (Penalty Law art. 64 (1)).").format(
            due=period.due, period=period.rule.unit_text(), served=served_day(period))
    return None


def _party_name(db: Database, party_id: str) -> str:
    from workstation.store import get_party

    return get_party(db, party_id).name


def _unserved(db: Database, case: Case) -> bool:
    from workstation.party_notices import unserved_parties

    return bool(unserved_parties(db, case))


def _may_waive(db: Database, case: Case) -> bool:
    """Whether a party of a case with several parties may waive while the case is at a hearing or awaits its
    decision: awaiting it, only a party who gave up its hearing (``HEARING_GIVEN_UP``), whose period still holds the
    decision back unless it waives it, or — the case back at its decision on an order to decide anew
    (``_redo_ordered``) — a party served the new notice there (its service after the order, ``party_notices.services``
    counting no other), whose period holds the new decision back as the first notice's did."""
    from workstation.party_notices import services, waiving_parties

    able = waiving_parties(db, case)
    if case.status == "decision_pending":
        given_up = hearings_given_up(db, case)
        served = services(db, case) if able and _redo_ordered(db, case) is not None else {}
        able = [party for party in able if party.id in given_up or party.id in served]
    return bool(able)


def _alone_may_waive(db: Database, case: Case) -> bool:
    """Whether the only party of a case awaiting its decision may waive: it gave up its hearing
    (``HEARING_GIVEN_UP``) and has not waived, so it may still state and defend until its period ends, and that
    period holds the decision back unless it waives it — as a party of a case with several parties does
    (``_may_waive``)."""
    return case.status == "decision_pending" and not case.notice_waived and hearing_given_up(db, case) is not None


def _decision_unserved(db: Database, case: Case) -> bool:
    from workstation.party_decisions import unserved_parties

    return bool(unserved_parties(db, case))


def undecided_amounts_refusal(db: Database, case: Case, action: str) -> str | None:
    """Why ``action`` (履行完毕, or 结案 of a served case) waits, None when it need not: the notice proposed a fine or
    confiscated gains, but no 行政处罚决定书 is in force and the case records no amount decided, so what the party
    owes is not known. Taken then, the payment would be recorded as owing nothing and the case closed with its
    penalty never recorded (``penalty_terms.proposed_penalty`` is what the case still shows as proposed)."""
    from workstation.money import figures
    from workstation.penalty_terms import proposal_source, proposed_penalty

    proposed = proposed_penalty(db, case)
    if proposed is None or not (proposed.fine_fen or proposed.confiscated_fen):
        return None
    amounts = []
    if proposed.fine_fen:
        amounts.append(_("a fine of {amount}").format(amount=figures(proposed.fine_fen)))
    if proposed.confiscated_fen:
        amounts.append(_("confiscation of illegal gains of {amount}").format(
            amount=figures(proposed.confiscated_fen)))
    return _("“{action}” needs the penalty decided, and this case records none: {source} proposed {amounts}, but no "
             "行政处罚决定书 is in force and no decided amount is recorded on the case, so what the party owes is not "
             "known. Issue the 行政处罚决定书 (documents section), or, for a decision written outside the workstation, "
             "record its fine and confiscated gains under Edit case…; then record the step.").format(
        action=action, source=proposal_source(proposed), amounts=_("; ").join(amounts))


def no_decision_warning(db: Database, case: Case, name: str) -> str | None:
    """What recording 作出行政处罚决定 or 送达处罚决定书 (``name``) with no 行政处罚决定书 in force warns of, None when one
    is: a decision made outside the workstation is lawful, so the step is taken, but what the party owes is then
    only what the case records under Edit case… — without it a later 履行完毕 is refused
    (``undecided_amounts_refusal``) —, and in a case with several parties no party's own amount is known
    (``payments.party_amounts``). A 决定书 issued here and voided with none in force in its place is named as
    voided (``voided_decisions``); one voided and issued again is in force: no warning."""
    from workstation.money import figures
    from workstation.penalty_terms import DECISION_FORM, decisions_in_force

    if decisions_in_force(db, case):
        return None
    voided = voided_decisions(db, case)
    if voided:  # issued here and voided, none in force in its place: not a decision never issued
        parts = [_("{documents}, issued in the workstation for case {case}, was voided and no 行政处罚决定书 is in "
                   "force in its place: “{action}” is recorded as for a decision made outside the workstation. If a "
                   "corrected 行政处罚决定书 is to be issued, issue it first.").format(
            documents="、".join(_named_document(DECISION_FORM, number) for number in voided),
            case=case_named(case.case_number, case.party_names, case.cause), action=shown_label("transitions", name))]
    else:
        parts = [_("No 行政处罚决定书 is issued in the workstation for case {case}: “{action}” is recorded for a "
                   "decision made outside it.").format(case=case_named(case.case_number, case.party_names, case.cause),
                                                      action=shown_label("transitions", name))]
    if case.fine_fen or case.confiscated_fen:
        parts.append(_("The case records the amounts decided as a fine of {fine} and confiscated illegal gains of "
                       "{confiscated}: check them against the decision under Edit case….").format(
            fine=figures(case.fine_fen), confiscated=figures(case.confiscated_fen)))
    elif undecided_amounts_refusal(db, case, "") is not None:  # the notice proposed money: not known without them
        parts.append(_("Enter the fine and confiscated illegal gains it decided under Edit case…: until they are, "
                       "“{performed}” is refused, since what the party owes is not known.").format(
            performed=shown_label("transitions", "record_performance")))
    else:
        parts.append(_("If it imposed a fine or confiscated illegal gains, enter them under Edit case…: the payment "
                       "is checked against them."))
    if len(case.party_ids) > 1:
        parts.append(_("With {n} parties, the amounts on the case are their total: each party's own amount is known "
                       "only from its own 行政处罚决定书, so each party's payment is not checked.").format(
            n=len(case.party_ids)))
    return join_sentences(parts)


def no_notice_warning(db: Database, case: Case) -> str | None:
    """What recording 送达行政处罚告知书 with no 行政处罚告知书 in force warns of, None when one is (in a case with
    several parties, any party's), as ``no_decision_warning`` does for the decision: a notice written outside the
    workstation is lawful, so the service is recorded (``_pre_notice_guard`` takes the penalty the case records),
    but the party is then taken as told of what the case records — its amounts under Edit case…, else the penalty
    its 调查终结报告 proposes (``penalty_terms.served_details``) — and the decision is held to that. A 告知书 issued
    here and voided with none in force in its place is named as voided."""
    from workstation.money import figures
    from workstation.penalty_terms import last_notice

    if last_notice(db, case) is not None:
        return None
    named = case_named(case.case_number, case.party_names, case.cause)
    action = shown_label("transitions", "send_pre_notice")
    voided = voided_notices(db, case)
    if voided:
        parts = [_("{documents}, issued in the workstation for case {case}, was voided and no 行政处罚告知书 is in "
                   "force in its place: “{action}” is recorded as for a notice written outside the workstation. If a "
                   "corrected 行政处罚告知书 is to be served, issue it first.").format(
            documents="、".join(_("{document} {number}").format(document="行政处罚告知书", number=number) if number
                               else "行政处罚告知书" for number in voided), case=named,
            action=action)]
    else:
        parts = [_("No 行政处罚告知书 is issued in the workstation for case {case}: “{action}” is recorded for a notice "
                   "written outside it.").format(case=named, action=action)]
    if case.fine_fen or case.confiscated_fen:
        parts.append(_("The party is taken as told of the amounts the case records, a fine of {fine} and confiscated "
                       "illegal gains of {confiscated}, and the decision is held to them: check them against the "
                       "notice under Edit case….").format(fine=figures(case.fine_fen),
                                                         confiscated=figures(case.confiscated_fen)))
    else:
        parts.append(_("The party is taken as told of the penalty the 调查终结报告 proposes, and the decision is held "
                       "to it: if the notice proposed a fine or confiscated illegal gains, enter them under Edit "
                       "case… first."))
    if len(case.party_ids) > 1:
        parts.append(_("With {n} parties, the amounts on the case are their total: what each party was told is kept "
                       "only from its own 行政处罚告知书 or 调查终结报告 issued in the workstation.").format(
            n=len(case.party_ids)))
    return join_sentences(parts)


def no_notice_note(db: Database, case: Case) -> str:
    """What the timeline keeps of 送达行政处罚告知书 recorded all the same after ``no_notice_warning``: that no
    行政处罚告知书 issued in the workstation is in force, naming those issued and voided."""
    voided = voided_notices(db, case)
    numbered = "、".join(number for number in voided if number)
    if not voided:
        return _("Served without a 行政处罚告知书 issued in the workstation.")
    if numbered:
        return _("Served with the 行政处罚告知书 {numbers} voided and none in force in its place.").format(
            numbers=numbered)
    return _("Served with the 行政处罚告知书 issued in the workstation voided and none in force in its place.")


def _payment_guard(db: Database, case: Case) -> str | None:
    """In a case with several parties each party owing money pays its own fine, once its decision was served on it
    (``parties_refusal`` says who); the action is refused only when a party still owes and none can pay now. A
    decision revoked on the party's reconsideration or lawsuit is refused a payment by its date
    (``_payment_date_guard``): one made before, while the decision was executed, is recorded."""
    from workstation import party_decisions

    items = party_decisions.party_payments(db, case)
    unpaid = [item.party for item in items if item.owes and item.paid_on is None]
    refusal = voided_decision_refusal(db, case, "record_performance")
    if refusal or not unpaid:  # nothing left to pay: the action concludes the case, once every party is decided
        return (refusal or undecided_amounts_refusal(db, case, shown_label("transitions", "record_performance"))
                or party_decisions.undecided_refusal(db, case, shown_label("transitions", "record_performance")))
    if party_decisions.paying_parties(db, case):
        return None
    return _("The decision has not been served on {parties}, who must still pay: record its service first; the "
             "payment period counts from it.").format(parties="、".join(party.name for party in unpaid))


def _payment_date_guard(db: Database, case: Case, date: str, parties: tuple[str, ...] = ()) -> str | None:
    """No payment dated on or after the day the case's decision was revoked on the party's reconsideration or
    lawsuit (``clock_events.annulled_by``): revoked, it is no longer executed and nothing is owed under it (行政复议法 art. 64,
    行政诉讼法 art. 70); what was paid is refunded, and the case is closed (结案) instead. A payment made before that
    day is recorded: a challenge does not stop the decision being carried out (行政复议法 art. 42, 行政诉讼法 art.
    56), and the refund is of that payment. A payment of the parties ``parties`` (a case with several) is held to
    each one's own revocation too (``clock_events.annulled_by`` of the party): another party's decision standing, its
    payment is recorded. A decision declared void (确认无效, 行政复议法 art. 67, 行政诉讼法 art. 75) is held so too: it
    never had effect (``annulled_by`` reads both). Each party's own decision in force is the one made on its own day
    (``payments.decision_day``: a party decided anew after its order pays under its new decision); one revoked by
    an order to decide anew with no new decision made since (``payments.pending_order``) is owed nothing."""
    from workstation.clocks import VOID
    from workstation.payments import decision_day, pending_order
    from workstation.store.clock_events import annulled_by

    own = [(pid, pending_order(db, case, pid) or annulled_by(db, case, pid, decision_day(db, case, pid)))
           for pid in parties if pid]
    own = [(pid, revoked) for pid, revoked in own if revoked is not None and date >= revoked.starts_on]
    if any(revoked.party_id for _pid, revoked in own) and len(parties_of_case(db, case.id)) > 1:
        return join_sentences((_(
            "{party}: its penalty decision was declared void on {date} ({number}): it never had legal effect against "
            "it and it owes nothing under it, so no payment of it is recorded; money it already paid is to be "
            "refunded to it.") if revoked.kind == VOID else _(
            "{party}: its penalty decision was revoked on {date} ({number}): it is no longer executed against it and "
            "it owes nothing under it, so no payment of it is recorded; money it already paid is to be refunded to "
            "it.")).format(party=_party_name(db, pid), date=revoked.starts_on, number=revoked.approved_by)
            for pid, revoked in own if revoked.party_id)
    revoked = own[0][1] if own else annulled_by(db, case)
    if revoked is None or date < revoked.starts_on:
        return None
    if revoked.kind == VOID:
        return _("The penalty decision was declared void on {date} ({number}): it never had legal effect and nothing "
                 "is owed under it, so no payment is recorded (“{action}” is not possible); money already paid is to "
                 "be refunded to the party. Close the case (“{close}”).").format(
            date=revoked.starts_on, number=revoked.approved_by,
            action=shown_label("transitions", "record_performance"), close=shown_label("transitions", "close"))
    return _("The penalty decision was revoked on {date} ({number}): it is no longer executed and nothing is owed "
             "under it, so no payment is recorded (“{action}” is not possible); money already paid is to be "
             "refunded to the party. Close the case (“{close}”), or — if a new decision was ordered — take "
             "“{redecide}”.").format(
        date=revoked.starts_on, number=revoked.approved_by, action=shown_label("transitions", "record_performance"),
        close=shown_label("transitions", "close"), redecide=shown_label("transitions", "redecide"))


def _waiver_guard(db: Database, case: Case) -> str | None:
    """In a case with several parties each waives for itself, once its notice was served (``parties_refusal``
    says who); the action is refused only when no party can. Not while the notice served was voided
    (``voided_notice_refusal``)."""
    from workstation.party_notices import waiving_parties

    voided = voided_notice_refusal(db, case, "waive_statement")
    if voided:
        return voided
    if len(parties_of_case(db, case.id)) < 2 or waiving_parties(db, case):
        return None
    return _("No party can waive now: each party served has waived or asked for a hearing, and the others' "
             "notices are not served yet.")


def _closing_guard(db: Database, case: Case) -> str | None:
    """A case decided with each party's own 决定书 issued in the workstation is closed (结案) only once every party
    has a 行政处罚决定书 in force or a 不予行政处罚决定书 (Penalty Law art. 57; ``party_decisions.undecided_refusal``);
    a case ended as a whole (transferred to the police, terminated, not filed) needs none. A performed case whose
    decisions were all voided waits for a corrected one (``voided_decision_refusal``). A served case (a party did not
    pay) is closed once the people's court was applied to for every party that did not pay (``enforcement``). A case
    transferred after its decision waits for the police's answer (``decided_transfer.closing_refusal``); one taken
    back on their refusal and decided or terminated since is not closed while a request to reconsider that refusal,
    or to the procuratorate to supervise it, is pending (``POLICE_PENDING``: they may still open it; transfer rules
    art. 9)."""
    from workstation import party_decisions

    if case.status == "transferred_police":
        return _police_closing_refusal(db, case)
    if case.status in INVESTIGATION_ON:  # taken back, then opened by the police (``_closing_offered``)
        if police_opened(db, case) is not None:
            return None
        return _("“{action}” ends a case still being handled only once the police opened a criminal case on it "
                 "(“{filed}”): the case is theirs then (transfer rules art. 11). Otherwise it is decided, or its "
                 "investigation terminated, before it is closed.").format(
            action=BY_NAME["close"].label, filed=shown_label("clock_events", "police_filed"))
    from workstation.decided_transfer import closing_refusal
    from workstation.store.clock_events import annulled_by

    refusal = closing_refusal(db, case)  # transferred after its decision: the police's answer first
    if refusal:
        return refusal
    answer = police_answer(db, case)
    if answer is not None and answer[0] in POLICE_PENDING and "transferred_police" in _decided_events(db, case):
        # taken back and decided or terminated, then their refusal reconsidered: they may still open the case
        return _police_answer_refusal(db, case, BY_NAME["close"].label)
    # the decision revoked or declared void, or changed to no fine, on reconsideration or in court: nothing to enforce
    if case.status == "served" and (annulled_by(db, case) is not None or _changed_to_nothing(db, case) is not None):
        return None
    if case.status == "served":  # a party that does not pay: closed once the court is applied to (enforcement)
        from workstation import enforcement

        return (voided_decision_refusal(db, case, "close")
                or undecided_amounts_refusal(db, case, BY_NAME["close"].label)
                or party_decisions.undecided_refusal(db, case, BY_NAME["close"].label)
                or enforcement.closing_refusal(db, case))
    if case.status not in ("performed", "no_penalty"):
        return None
    from workstation.closing import owed_refusal

    # performed with money still owed (a fine paid late without its surcharge) and no waiver recorded: not closed
    return (voided_decision_refusal(db, case, "close")
            or party_decisions.undecided_refusal(db, case, BY_NAME["close"].label)
            or owed_refusal(db, case))


def _enforcement_guard(db: Database, case: Case) -> str | None:
    """申请法院强制执行: for a party that has not paid, once the court may be applied to (``enforcement``); not while
    no 行政处罚决定书 is in force. While a party's time to pay (T8) runs, it is not yet asked a 催告书
    (``enforcement.step_refusal``)."""
    from workstation import enforcement

    return (_revoked_refusal(db, case, "apply_enforcement")
            or voided_decision_refusal(db, case, "apply_enforcement")
            or enforcement.step_refusal(db, case))


def _revoked_refusal(db: Database, case: Case, action: str) -> str | None:
    """Why the execution step ``action`` cannot be taken: the decision was revoked on the party's reconsideration or
    lawsuit (行政复议法 art. 64, 行政诉讼法 art. 70: revoked, it is no longer executed) or declared void (art. 67,
    art. 75: it never had effect), or changed to no fine with nothing confiscated (nothing is left to pay); None
    otherwise."""
    from workstation.clocks import VOID
    from workstation.store.clock_events import annulled_by

    revoked = annulled_by(db, case)
    if revoked is None:
        changed = _changed_to_nothing(db, case)
        return None if changed is None else _(
            "The penalty decision was changed on {date} ({number}) to no fine, and it confiscates nothing: nothing is "
            "left to pay, so “{action}” is not possible; close the case.").format(
            date=changed.starts_on, number=changed.approved_by, action=shown_label("transitions", action))
    if revoked.kind == VOID:
        return _("The penalty decision was declared void on {date} ({number}): it never had legal effect, so "
                 "“{action}” is not possible; close the case.").format(
            date=revoked.starts_on, number=revoked.approved_by, action=shown_label("transitions", action))
    return _("The penalty decision was revoked on {date} ({number}): it is no longer executed, so “{action}” is not "
             "possible; close the case, or — if a new decision was ordered — take “{redecide}”.").format(
        date=revoked.starts_on, number=revoked.approved_by, action=shown_label("transitions", action),
        redecide=shown_label("transitions", "redecide"))


def _changed_to_nothing(db: Database, case: Case):
    """The outcome of the whole case's reconsideration or lawsuit that changed its decision to no fine with nothing
    confiscated (``clock_events.changed_to_nothing``), None when none did."""
    from workstation.store.clock_events import changed_to_nothing

    return changed_to_nothing(db, case)


def _redo_ordered(db: Database, case: Case):
    """The outcome of a reconsideration or lawsuit of the whole case that revoked its decision in force and ordered a
    new one (撤销并责令重新作出, recorded on or after its decision date), None when there is none."""
    from workstation.store.clock_events import clock_events_of

    return next((event for event in clock_events_of(db, case.id) if event.kind == "challenge_redo"
                 and not event.party_id and event.starts_on >= (case.decided_on or "")), None)


def _redo_unnoticed(db: Database, case: Case) -> bool:
    """Whether the case, back at its decision on an order to decide anew (``redecide``), has no pre-penalty notice
    served since the order: the new decision is preceded by its own notice (Penalty Law art. 62), served from 待决定
    (``send_pre_notice`` back to 已告知) — also in a case imported without the service of the first notice recorded,
    which could not be decided again otherwise."""
    if case.status != "decision_pending":
        return False
    ordered = _redo_ordered(db, case)
    return ordered is not None and (case.notice_served_on or "") < ordered.starts_on


def redo_notice_warning(db: Database, case: Case, party_id: str | None = None,
                        day: str | None = None) -> tuple[str, str] | None:
    """(what is said, what the timeline keeps) when a decision made on ``day`` (today by default) after an order to
    decide anew (撤销并责令重新作出, ``challenge_redo``: of the whole case, or of the party ``party_id``; without one, of
    any party of the case) follows no 行政处罚告知书 served since the order (``party_notices.services``: a service on
    or before the order was the revoked decision's) on a party it concerns: the new decision is made after the party
    is told anew (Penalty Law arts. 44, 62). Warned, not refused (a notice served on paper, a decision imposing
    nothing); None when every party concerned was served since, or decided anew before ``day``, or no order
    concerns it. Said on 作出行政处罚决定 and on issuing the new 行政处罚决定书 (``penalty_terms.redo_decision_warning``),
    not on 重新作出处理决定, which the new notice follows (served for one party: ``awaiting_new_decision``)."""
    from workstation.party_notices import services
    from workstation.penalty_terms import own_decision_days
    from workstation.store.clock_events import redo_orders

    day = (day or today())[:10]
    orders = [event for event in redo_orders(db, case) if event.starts_on < day]
    if not orders:
        return None
    heard = _redo_hearing_warning(db, case, party_id)
    if heard:
        return heard
    parties = parties_of_case(db, case.id)
    several = len(parties) > 1
    decided = own_decision_days(db, case).items()
    served = services(db, case, parties)
    unserved, latest = [], None
    for party in parties if several else parties[:1]:
        if several and party_id and party.id != party_id:
            continue
        own = [event for event in orders if not several or not event.party_id or event.party_id == party.id]
        if not own:
            continue
        order = max(own, key=lambda event: event.starts_on)
        if any(who == party.id and order.starts_on < on < day for who, on in decided):
            continue  # decided anew since the order: that decision's notice is not this one's concern
        if order.starts_on < (served.get(party.id) or "") <= day:
            continue
        unserved.append(party.name)
        latest = order if latest is None or order.starts_on > latest.starts_on else latest
    if latest is None:
        return None
    number = (latest.approved_by or "").strip() or "—"
    said = _("No 行政处罚告知书 is recorded as served on {parties} since the new decision was ordered on {ordered} "
             "({number}): the new decision is made only after the party is told anew of the facts, grounds and "
             "penalty proposed and of its rights to state, defend and request a hearing (Penalty Law arts. 44, 62). "
             "Serve the new notice before the new decision is made; if it was served on paper, keep its 送达回证 in "
             "the case file.").format(parties="、".join(unserved), ordered=latest.starts_on, number=number)
    kept = _("No 行政处罚告知书 recorded as served since the order to decide anew of {ordered} (Penalty Law art. "
             "62).").format(ordered=latest.starts_on)
    return said, kept


def _redo_hearing_warning(db: Database, case: Case, party_id: str | None) -> tuple[str, str] | None:
    """(what is said, what the timeline keeps) when a party awaiting its new decision (``awaiting_new_decision``;
    ``party_id`` alone, given) asked for a hearing after its new notice (``hearing_requests``, recorded while the case
    kept its status) and no hearing (举行听证) is recorded for it since: the decision follows the hearing (Penalty Law
    arts. 63–65). None otherwise."""
    awaiting = [party for party in awaiting_new_decision(db, case) if not party_id or party.id == party_id]
    if not awaiting or case.status == "hearing":
        return None
    asked = hearing_requests(db, case)
    for party in awaiting:
        day = asked.get(party.id)
        if not day:
            continue
        held = db.execute("SELECT 1 FROM clock_events WHERE case_id = ? AND kind = 'hearing_session' AND starts_on >= "
                          "? AND (party_id IS NULL OR party_id = ?) LIMIT 1", [case.id, day, party.id]).fetchone()
        if held:
            continue
        said = _("{party} asked for a hearing on {date}, after its new 行政处罚告知书, and no hearing (举行听证) is "
                 "recorded for it since: its new decision is made after the hearing, on the facts established there "
                 "(Penalty Law arts. 63–65). Hold the hearing and record it (Case → Time limits) before the new "
                 "decision.").format(party=party.name, date=day)
        kept = _("Hearing asked on {date}, none recorded since (Penalty Law art. 65).").format(date=day)
        return said, kept
    return None


#: the details of the step 重新作出处理决定 recorded for one party of a case with several (``_redecide_for_party``)
REDECIDED_KEY = "redecided_for"


def _redecided_days(db: Database, case: Case) -> dict[str, str]:
    """{party id: the latest day “重新作出处理决定” was recorded for that party alone (``REDECIDED_KEY``, "" when
    undated)} of ``case``."""
    return {party_id: day or "" for party_id, day in db.execute(
        "SELECT party_id, MAX(on_date) FROM case_events WHERE case_id = ? AND kind = 'transition' AND "
        "party_id IS NOT NULL AND json_valid(details) AND "
        f"json_extract(details, '$.{REDECIDED_KEY}') IS NOT NULL GROUP BY party_id", [case.id])}


def party_redo_orders(db: Database, case: Case) -> dict[str, ClockEvent]:
    """{party id: the order to decide anew concerning that party alone} of a case with several parties: an outcome
    of the party's own reconsideration or lawsuit that revoked its decision and ordered a new one (撤销并责令重新作出,
    ``challenge_redo`` naming the party), recorded on or after the date of the party's decision in force (its own
    行政处罚决定书's, else the case's), for which “重新作出处理决定” was not yet recorded for the party (on or after the
    order). Only that party is decided anew; the others' decisions stand (行政复议法 art. 64; 行政诉讼法 art. 70)."""
    from workstation.penalty_terms import own_decision_days
    from workstation.store.clock_events import redo_orders

    orders = [event for event in redo_orders(db, case) if event.party_id]
    if not orders or len(parties_of_case(db, case.id)) < 2:
        return {}
    own = own_decision_days(db, case)
    redecided = _redecided_days(db, case)
    pending = {}
    for event in orders:
        since = own.get(event.party_id) or case.decided_on or ""
        if event.starts_on >= since and redecided.get(event.party_id, "") < event.starts_on:
            pending[event.party_id] = event
    return pending


def awaiting_new_decision(db: Database, case: Case) -> list[Party]:
    """The parties of a case with several parties for which 重新作出处理决定 was recorded alone
    (``_redecide_for_party``) after the day of the latest order to decide anew concerning it, no new decision made for
    it since (``party_decisions.undecided_parties``): the party is told anew of the penalty proposed (Penalty Law
    arts. 44, 62), so its new 行政处罚告知书's service and its waiver are recorded for it (``--party``) whatever the
    case's status, which they leave as it is (``_redo_noticing``); its period otherwise runs out on its own
    (``party_notices.pending_refusal``). Empty in a case with one party (its case goes back to its decision)."""
    redecided = _redecided_days(db, case)
    if not redecided or len(case.party_ids) < 2:
        return []
    from workstation.party_decisions import undecided_parties
    from workstation.store.clock_events import orders_since, redo_orders

    undecided = {party.id: party for party in undecided_parties(db, case)}
    orders = redo_orders(db, case)
    out = []
    for party_id, day in redecided.items():
        own_orders = orders_since(db, case, "", (party_id,), orders)
        order = max(own_orders, key=lambda event: event.starts_on) if own_orders else None
        if party_id in undecided and order is not None and day > order.starts_on:
            out.append(undecided[party_id])
    return out


def _redo_noticing(db: Database, case: Case, transition: Transition) -> bool:
    """Whether the new notice's service or its waiver (``transition``) is offered only for a party awaiting its new
    decision (``awaiting_new_decision``): the case's status is not one it is otherwise taken from."""
    return transition.name in ("send_pre_notice", "waive_statement", "request_hearing") and len(case.party_ids) > 1 \
        and case.status not in transition.sources + transition.several_parties_sources \
        and bool(awaiting_new_decision(db, case))


def redo_noticing_parties(db: Database, case: Case, name: str) -> list[Party] | None:
    """The parties awaiting their new decision (``awaiting_new_decision``) for whom the new notice's service or its
    waiver (``name``) can still be recorded while the case's status does not otherwise take it (``_redo_noticing``):
    those not yet served with it, or served and free to waive (``party_notices.unserved_parties``,
    ``waiving_parties``); None when that path does not apply to ``name`` (the case's own status offers it)."""
    from workstation import party_notices

    transition = BY_NAME.get(name)
    if transition is None or name not in party_notices.PARTY_ACTIONS or not _redo_noticing(db, case, transition):
        return None
    awaiting = {party.id for party in awaiting_new_decision(db, case)}
    open_to = party_notices.unserved_parties if name == "send_pre_notice" else party_notices.waiving_parties
    return [party for party in open_to(db, case) if party.id in awaiting]


def _redo_noticing_refusal(db: Database, case: Case, name: str, party_ids: tuple[str, ...]) -> str | None:
    """Why the new notice's service or its waiver (``name``) cannot be recorded for ``party_ids`` in a case whose
    status takes it only for a party awaiting its new decision (``_redo_noticing``), None when each is one."""
    awaiting = awaiting_new_decision(db, case)
    names = "、".join(party.name for party in awaiting)
    if not party_ids:
        return _("“{action}” is recorded here only for a party decided anew after an order to decide anew ({parties}): "
                 "name it.").format(action=BY_NAME[name].label, parties=names)
    known = {party.id: party.name for party in parties_of_case(db, case.id)}
    others = [pid for pid in party_ids if pid not in {party.id for party in awaiting}]
    if not others:
        return None
    return join_sentences(_("{party}: its decision stands (no order to decide anew awaits its new decision), so "
                            "“{action}” is not recorded for it while the case is “{status}”; it is recorded only for "
                            "{parties}.").format(party=known.get(pid, pid), action=BY_NAME[name].label,
                                                 status=shown_label("statuses", case.status), parties=names)
                          for pid in others)


def _redecide_party_refusal(db: Database, case: Case, party_id: str | None) -> str | None:
    """Why 重新作出处理决定 cannot be recorded for ``party_id`` (None: for the whole case), None when it can: an order
    of the whole case (``_redo_ordered``) takes the whole case back to its decision, naming no party; an order
    concerning one party alone (``party_redo_orders``) is answered for that party, named, and for no other — the
    others' decisions stand."""
    if _redo_ordered(db, case) is not None:
        return None if not party_id else _(
            "“{action}” is recorded for the whole case, not for one party: leave out the party.").format(
            action=BY_NAME["redecide"].label)
    pending = party_redo_orders(db, case)
    if not pending:
        return None  # the guard says why
    parties = parties_of_case(db, case.id)
    ordered = [party for party in parties if party.id in pending]
    orders = "; ".join(_("{party}: {number} of {date}").format(
        party=party.name, number=(pending[party.id].approved_by or "").strip() or "—",
        date=pending[party.id].starts_on) for party in ordered)
    if not party_id:
        return _("The new decision was ordered for {parties} alone ({orders}): the decisions of the case's other "
                 "parties stand. Name the party “{action}” is recorded for.").format(
            parties="、".join(party.name for party in ordered), orders=orders, action=BY_NAME["redecide"].label)
    if party_id in pending:
        return None
    name = next((party.name for party in parties if party.id == party_id), None)
    if name is None:
        return _("{party} is not a party of case {case}. Its parties are: {parties}.").format(
            party=party_id, case=case_named(case.case_number, case.party_names, case.cause),
            parties=parties_line(parties))
    return _("{party}: no reconsideration decision or judgment ordered a new decision for it: its decision stands, "
             "and “{action}” is recorded only for {parties} ({orders}).").format(
        party=name, action=BY_NAME["redecide"].label, parties="、".join(party.name for party in ordered), orders=orders)


def _redecide_for_party(db: Database, case: Case, transition: Transition, party_id: str, date: str,
                        note: str) -> Case:
    """Record 重新作出处理决定 for the party ``party_id`` whose own decision was revoked with a new one ordered
    (``party_redo_orders``; one party at a time: ``parties_refusal``), the case keeping its status — the party is
    issued its new 行政处罚决定书 (or 不予行政处罚决定书), served and paid on its own (``party_decisions``) while the
    others' decisions stand — except a case performed or closed, which goes back to "served" (reopened) until the new
    decision is done with (a party not decided yet holds back 履行完毕 and 结案:
    ``party_decisions.undecided_parties``)."""
    import json

    changes: dict = {"status": "served" if case.status in ("performed", "closed") else case.status}
    if case.status == "closed":
        changes["closed_on"] = None
    return _record(db, case, transition, changes, date, note, party_id, json.dumps({REDECIDED_KEY: party_id}))


def _redecide_guard(db: Database, case: Case) -> str | None:
    """重新作出处理决定: the case goes back to its decision only when a reconsideration decision or a judgment revoked
    its decision in force and ordered a new one (行政复议法 art. 64; 行政诉讼法 art. 70), recorded for the whole
    case (Case → Time limits). Not in a case that never had a penalty decision (``had_penalty_decision``)."""
    if not had_penalty_decision(db, case):
        return _("Case {case} was closed without a penalty decision: there is no decision for a reconsideration or "
                 "judgment to order made anew, so “{action}” is not possible.").format(
            case=case_named(case.case_number, case.party_names, case.cause), action=shown_label("transitions",
                                                                                                "redecide"))
    if _redo_ordered(db, case) is not None or party_redo_orders(db, case):  # for whom: ``_redecide_party_refusal``
        return None
    if not case.decided_on:  # decided on a day not recorded (a register's case): "since its decision of —" said nothing
        return _("No reconsideration decision or judgment ordering a new decision (“{redo}”) is recorded for the "
                 "whole case since its decision: the case goes back to its decision only on such an order "
                 "(《行政复议法》 art. 64; 《行政诉讼法》 art. 70). Record it first (Case → Time limits).").format(
            redo=shown_label("clock_events", "challenge_redo"))
    return _("No reconsideration decision or judgment ordering a new decision (“{redo}”) is recorded for the whole "
             "case since its decision of {date}: the case goes back to its decision only on such an order "
             "(《行政复议法》 art. 64; 《行政诉讼法》 art. 70). Record it first (Case → Time limits).").format(
        redo=shown_label("clock_events", "challenge_redo"), date=case.decided_on)


def had_penalty_decision(db: Database, case: Case) -> bool:
    """Whether the case had a penalty decision: always, in the states after one (决定、送达、履行); a closed case only
    when it was decided (a 决定日期 recorded) and not merely not to penalise — one terminated or never filed was never
    decided, one decided not to penalise has no penalty decision to revoke (unless a penalty was decided in it too)."""
    if case.status != "closed":
        return True
    decided = _decided_events(db, case)
    return "penalty_decided" in decided or (bool(case.decided_on) and "no_penalty" not in decided)


def _redecide_offered(db: Database, case: Case) -> bool:
    """Whether 重新作出处理决定 is offered (``available``): in a case that had a penalty decision, once a new one was
    ordered (``_redo_ordered``: the guard allows it), or — greyed out with the guard's reason — while a
    reconsideration or lawsuit against the decision in force awaits its outcome; not otherwise (no challenge, or one
    decided without ordering a new decision), where choosing it could only be refused."""
    from workstation.store.clock_events import challenges

    if not had_penalty_decision(db, case):
        return False
    if _redo_ordered(db, case) is not None or party_redo_orders(db, case):
        return True
    since = case.decided_on or ""
    return any(c.ends_on is None and c.starts_on >= since for c in challenges(db, case))


def _redecide_date_guard(db: Database, case: Case, date: str, parties: tuple[str, ...] = ()) -> str | None:
    """The case (the parties ``parties``: ``party_redo_orders``) goes back to its decision after the day the new
    decision was ordered, not on it (``after_order_refusal``)."""
    return after_order_refusal(db, case, date, parties, "redecide")


def after_order_refusal(db: Database, case: Case, date: str, parties: tuple[str, ...] = (),
                        action: str = "decide_penalty") -> str | None:
    """Why ``action`` (重新作出处理决定, 作出行政处罚决定, 不予行政处罚) cannot be dated ``date``, None when it can: on or
    before the latest order to decide anew (撤销并责令重新作出, ``challenge_redo``) of the whole case or concerning one
    of the parties ``parties`` (in a case with one party, any): a decision of the order's day is the one it revoked
    (``clock_events.annulled_by``, ``redone_since`` and ``penalty_terms.revoked_sql`` read an order on or after a
    decision's date as revoking it), so the new one is made — and the case taken back to it — after that day (for
    重新作出处理决定, which decides nothing, its own sentence: the order's day still belongs to the revoked round,
    ``awaiting_new_decision`` comparing strictly). The
    行政处罚决定书 and 不予行政处罚决定书 are held to the same day (``stage_rules._decision_before_order``)."""
    from workstation.store.clock_events import latest_order_since

    order = latest_order_since(db, case, date, parties if len(case.party_ids) > 1 else None)
    if order is None:
        return None
    if action == "redecide":  # not a decision: the step opens the new round, which begins after the order's day
        return _("The new decision was ordered on {ordered} ({number}): “{action}” is dated after that day, not on or "
                 "before it ({date}) — the order's day still belongs to the revoked round, and the new round begins "
                 "the day after.").format(ordered=order.starts_on, number=(order.approved_by or "").strip() or "—",
                                          action=shown_label("transitions", action), date=date)
    return _("The new decision was ordered on {ordered} ({number}): “{action}” is dated after that day, not on or "
             "before it ({date}) — a decision of the order's day would be the one it revoked.").format(
        ordered=order.starts_on, number=(order.approved_by or "").strip() or "—",
        action=shown_label("transitions", action), date=date)


def _enforcement_date_guard(db: Database, case: Case, date: str, parties: tuple[str, ...] = ()) -> str | None:
    from workstation import enforcement

    return enforcement.date_refusal(db, case, date, parties)


def _police_closing_refusal(db: Database, case: Case, on: str | None = None) -> str | None:
    """A case with the police is closed once they opened a criminal case (立案: the case is theirs). A case they
    declined is not closed as it is: the agency may ask them to reconsider (T28; after a refusal upheld, turn to the
    procuratorate, T28c), and otherwise handles the case itself — taken up again (“恢复办理”) and decided, with a
    penalty where one is due, or its investigation terminated (transfer rules arts. 8, 9; REFERENCE §1.7 step 7);
    closing it straight away would end it with no administrative decision. ``on``: the day (default today), which
    says whether the agency may still ask."""
    import datetime as dt

    from workstation.clocks import rule

    answer = police_answer(db, case)
    action = shown_label("transitions", "close")
    resume = shown_label("transitions", "resume_after_police")
    if answer is None:
        return _("The police have not answered the transfer yet: “{action}” waits until their 立案通知书 or 不予立案通知书 "
                 "is recorded (Case → Time limits; transfer rules art. 8).").format(action=action)
    kind, day = answer
    if kind == "police_filed":
        return None
    if kind == "police_review_requested":
        return _("A request to reconsider the refusal was made on {date}: “{action}” waits for the police's decision "
                 "on it (“{upheld}”), as they may still open the case (transfer rules art. 9).").format(
            date=day, action=action, upheld=shown_label("clock_events", "police_review_upheld"))
    if kind == "procuratorate_requested":
        return _procuratorate_pending(day, action)
    if kind == "police_withdrawn":
        return _("On {date} the police withdrew the case they had opened and returned it: it is decided "
                 "administratively now, so take it up again with “{resume}” instead of “{action}” (Penalty Law "
                 "art. 27).").format(date=day, resume=resume, action=action)
    clock = rule("T28" if kind == "police_refused" else "T28c")
    due = (dt.date.fromisoformat(day) + dt.timedelta(days=clock.period)).isoformat()
    supervised = kind == "police_refused" and db.execute(
        "SELECT 1 FROM clock_events WHERE case_id = ? AND kind = 'procuratorate_requested' AND starts_on >= ? AND "
        "starts_on <= ?", [case.id, _last_transfer_day(db, case), day]).fetchone() is not None
    handled = _("A case the police declined is handled by the agency itself: take it up again with “{resume}” and "
                "decide it (a penalty where one is due, no penalty, or the investigation terminated); “{action}” "
                "follows that decision, not the refusal (transfer rules art. 9).").format(resume=resume,
                                                                                        action=action)
    if supervised:  # their refusal stands after the procuratorate's supervision: nobody is left to ask
        return join_sentences([_("“{answer}” is recorded on {date}, after the procuratorate was asked to supervise "
                                 "the police's refusal.").format(answer=shown_label("clock_events", kind), date=day),
                               handled])
    if (on or today()) > due:
        return join_sentences([_("“{answer}” is recorded on {date}, and the period to ask the police to reconsider "
                                 "ended on {due} ({clock}, {period}).").format(
            answer=shown_label("clock_events", kind), date=day, due=due, clock=clock.id, period=clock.unit_text()),
            handled])
    return join_sentences([_("“{answer}” is recorded on {date}: until {due} ({clock}, {period}) the agency may still "
                             "ask the police to reconsider, or the procuratorate to supervise.").format(
        answer=shown_label("clock_events", kind), date=day, due=due, clock=clock.id, period=clock.unit_text()),
        handled])


def _closing_date_guard(db: Database, case: Case, date: str, _parties: tuple[str, ...] = (), *,
                        for_command_line: bool = False) -> str | None:
    """结案 not before the 报请日期 of the 结案审批表 in force (``closing.approval_in_force``): the closing is approved
    on the sheet asking for it, not before it was asked for (its correction advised with ``--supersedes``
    ``for_command_line``). Of a case with the police, or of one taken back that they opened since: not before the
    day their 立案 is recorded (the case is theirs from that day)."""
    refusal = approval_date_refusal(db, case, date, for_command_line=for_command_line)
    if refusal:
        return refusal
    if case.status != "transferred_police" and case.status not in INVESTIGATION_ON:
        return None
    answer = police_answer(db, case)
    if answer is None or answer[0] != "police_filed" or date >= answer[1]:
        return None
    return _("“{answer}” is recorded on {day}: the case is closed as theirs on that day or after, not on {date}."
             ).format(answer=shown_label("clock_events", "police_filed"), day=answer[1], date=date)


def approval_date_refusal(db: Database, case: Case, date: str, *, for_command_line: bool = False) -> str | None:
    """Why 结案 is not recorded on ``date``, before the 报请日期 of the 结案审批表 in force (``closing.approval_in_force``),
    None when it is not: the closing is approved on the sheet asking for it. Its correction advised, with
    ``--supersedes`` ``for_command_line`` (the command line's refusal, ``cli.cmd_cases_transition``)."""
    from workstation.closing import approval_in_force
    from workstation.documents.issuing import or_supersedes

    sheet = approval_in_force(db, case)
    asked = str(sheet.values.get("proposed_on") or "")[:10] if sheet is not None else ""
    if not asked or date >= asked:
        return None
    return _("The 结案审批表 in force asks on {asked} (its 报请日期) for the case to be closed: the closing is approved "
             "on it, so it is not recorded on {date}, before it was asked for. Record it on {asked} or later; if the "
             "sheet's date is wrong, issue its correction first (更正… in the case's documents{or_supersedes}).").format(
        asked=asked, date=date, or_supersedes=or_supersedes(sheet.number or sheet.id, for_command_line))


def _transfer_approval_guard(db: Database, case: Case) -> str | None:
    """The head refused the latest transfer report (负责人不批准移送): the case goes to the police only on a new
    report the head approves (transfer rules art. 5). A case decided and transferred already is not transferred
    again while it is with the police or theirs (``decided_transfer.pending_refusal``)."""
    from workstation.decided_transfer import pending_refusal

    refusal = pending_refusal(db, case)
    if refusal:
        return refusal
    row = db.execute("SELECT kind, starts_on FROM clock_events WHERE case_id = ? AND kind IN ('transfer_report', "
                     "'transfer_approved', 'transfer_refused') ORDER BY starts_on DESC, created_at DESC, rowid DESC "
                     "LIMIT 1", [case.id]).fetchone()
    if row is None or row[0] != "transfer_refused":
        return None
    return _("The head refused the transfer on {date} (“{refused}”): the case goes to the police only on a new "
             "transfer report the head approves; record “{report}” and “{approved}” first (transfer rules "
             "art. 5).").format(date=row[1], refused=shown_label("clock_events", "transfer_refused"),
                                report=shown_label("clock_events", "transfer_report"),
                                approved=shown_label("clock_events", "transfer_approved"))


def transfer_approval_day(db: Database, case: Case, until: str = "9999-12-31") -> str | None:
    """The day of the head's latest approval of the transfer report (“transfer_approved”) recorded since the police
    last declined the case (``POLICE_DECLINED``, on or before ``until``: the day of the transfer a letter goes
    with); an approval before that decline went with the transfer they declined, and a new transfer rests on a new
    approval (transfer rules art. 5). None when none is recorded: the transfer and its 涉嫌犯罪案件移送书 are warned
    of, not refused (``concluding.transfer_warnings``, ``stage_rules._transfer_letter_dates``)."""
    marks = ", ".join("?" for _kind in POLICE_DECLINED)
    floor = db.execute(f"SELECT MAX(starts_on) FROM clock_events WHERE case_id = ? AND kind IN ({marks}) AND "
                       "starts_on <= ?", [case.id, *POLICE_DECLINED, until]).fetchone()[0] or ""
    return db.execute("SELECT MAX(starts_on) FROM clock_events WHERE case_id = ? AND kind = 'transfer_approved' AND "
                      "starts_on >= ?", [case.id, floor]).fetchone()[0] or None


#: the step after the penalty decision each state offers, which needs a 行政处罚决定书 in force
DECIDED_STEPS = {"penalty_decided": "serve_decision", "served": "record_performance", "performed": "close"}
#: the further steps a served case takes on its decision in force: 结案 (once the court was applied to for a party
#: that did not pay) and 申请法院强制执行 (``voided_decision_refusal`` names them)
SERVED_STEPS = ("close", "apply_enforcement")


#: the note ``no_decision_note`` keeps of a step recorded before any 行政处罚决定书 was issued (its message id, which
#: ``shown_step_note`` looks for in each language)
NO_DECISION_NOTE = "Recorded without a 行政处罚决定书 issued in the workstation."


def no_decision_note(db: Database, case: Case) -> str:
    """What the timeline keeps of 作出行政处罚决定 or 送达处罚决定书 recorded all the same after ``no_decision_warning``:
    that no 行政处罚决定书 issued in the workstation is in force, naming those issued and voided."""
    voided = voided_decisions(db, case)
    numbered = "、".join(number for number in voided if number)
    if not voided:
        return _("Recorded without a 行政处罚决定书 issued in the workstation.")  # NO_DECISION_NOTE
    if numbered:
        return _("Recorded with the 行政处罚决定书 {numbers} voided and none in force in its place.").format(
            numbers=numbered)
    return _("Recorded with the 行政处罚决定书 issued in the workstation voided and none in force in its place.")


def shown_step_note(note: str, on_date: str, decided_days: list[str]) -> str:
    """A step's timeline ``note`` as the timeline shows it: without the ``NO_DECISION_NOTE`` it was recorded with
    once a 行政处罚决定书 in force is dated that day (``on_date``) or before (``decided_days``: the 决定日期 of the
    decisions in force) — the decision recorded before its 决定书 was issued later the same day. The note stays as
    recorded (the timeline is appended to only); in English, in the window's language or in Chinese, as it was
    written."""
    if not note or not any(day and day <= on_date for day in decided_days):
        return note
    from workstation.i18n import DEFAULT_LANGUAGE, load_catalogue

    for text in dict.fromkeys((NO_DECISION_NOTE, _(NO_DECISION_NOTE),
                               load_catalogue(DEFAULT_LANGUAGE).get(NO_DECISION_NOTE, NO_DECISION_NOTE))):
        for kept in (f" {text}", f"{text} ", text):  # joined to the others by a space (``noted_reason``)
            note = note.replace(kept, "")
    return note.strip()


def voided_decisions(db: Database, case: Case) -> list[str]:
    """The 文号 of the case's 行政处罚决定书 issued in the workstation and voided, in the order issued ("" for one
    issued without a number)."""
    from workstation.penalty_terms import DECISION_FORM

    return _voided_numbers(db, case, DECISION_FORM)


def voided_decision_refusal(db: Database, case: Case, action: str) -> str | None:
    """Why ``action`` (serve_decision, record_performance, close; in a served case also close and apply_enforcement,
    ``SERVED_STEPS``) cannot be taken in a case decided with penalties
    whose 行政处罚决定书 were issued in the workstation and are all voided, None otherwise: no decision is in force
    to serve, pay or close on, until a corrected one is issued (``issuing.void_consequences`` says so when voiding).
    The case keeps its status: no transition takes it back. A case decided on the spot whose 当场行政处罚决定书 were
    all voided waits so for a corrected one (``_voided_on_the_spot_refusal``), unless it is taken back to be filed
    under the ordinary procedure (``leave_simple_procedure``); a case decided on paper (no
    decision issued here) is not concerned; in a case with several parties the decisions still in force
    are served and paid as before (``party_decisions`` waits for the others)."""
    from workstation.penalty_terms import DECISION_FORM, decisions_in_force

    if DECIDED_STEPS.get(case.status) != action and not (case.status == "served" and action in SERVED_STEPS):
        return None
    if case.procedure_kind == SIMPLE:  # decided on the spot: its 当场行政处罚决定书 is the decision in force
        refusal = _voided_on_the_spot_refusal(db, case, action)
        if refusal:
            return refusal
    voided = voided_decisions(db, case)
    if not voided or decisions_in_force(db, case):
        return None
    return _("There is no 行政处罚决定书 in force in this case: {documents} was voided, so “{action}” waits until a "
             "corrected 行政处罚决定书 is issued.").format(
        documents="、".join(_named_document(DECISION_FORM, number) for number in voided),
        action=shown_label("transitions", action))


def _serve_guard(db: Database, case: Case) -> str | None:
    """The decision is served once a 行政处罚决定书 is in force (``voided_decision_refusal``)."""
    return voided_decision_refusal(db, case, "serve_decision")


# the form of the simple procedure's decision (简易程序, REFERENCE §1.3) and the case's procedure_kind it records
ON_THE_SPOT_FORM = "on_the_spot_decision"
SIMPLE = "simple"
#: the forms that impose the penalty, each checked against the case's law and fines: the 行政处罚告知书, the
#: 行政处罚决定书 and the 当场行政处罚决定书
FINED_FORMS = ("pre_penalty_notice", "penalty_decision", ON_THE_SPOT_FORM)


@dataclass(frozen=True)
class OnTheSpotDecision:
    """The 当场行政处罚决定书 of a case decided under the simple procedure: its pre-printed serial, the day it bears
    (decided and handed over on the spot), the fine it imposes in fen (0: a warning alone), whether it warns, and the
    payment of a fine the officers collected on the spot (``on_the_spot_payment.collected_payment``; None: paid at
    the bank)."""

    serial: str
    dated: str
    fine_fen: int
    warning: bool = False
    payment: Payment | None = None


def on_the_spot_decision(db: Database, case: Case) -> OnTheSpotDecision | None:
    """The latest 当场行政处罚决定书 issued (not voided) in the case, None when there is none."""
    import json

    row = db.execute("SELECT values_json, issued_at FROM documents WHERE case_id = ? AND form_id = ? AND status = "
                     "'issued' ORDER BY issued_at DESC, rowid DESC LIMIT 1", [case.id, ON_THE_SPOT_FORM]).fetchone()
    if row is None:
        return None
    values = json.loads(row[0])
    dated = str(values.get("decided_at") or row[1])[:10]
    from workstation.on_the_spot_payment import collected_payment

    return OnTheSpotDecision(serial=str(values.get("serial_no") or ""), dated=dated,
                             fine_fen=int(values.get("fine_fen") or 0), warning=bool(values.get("warning")),
                             payment=collected_payment(values))


def _voided_on_the_spot_refusal(db: Database, case: Case, action: str) -> str | None:
    """Why ``action`` (record_performance, close) cannot be taken in a case decided on the spot whose 当场行政处罚决定书
    issued in the workstation were all voided, with no decision in force in their place (none corrected, no
    行政处罚决定书): nothing is left to pay or close on until a corrected one is issued, or the case goes back to be
    filed under the ordinary procedure (``leave_simple_procedure``). None otherwise."""
    from workstation.penalty_terms import decisions_in_force

    voided = [serial or "" for (serial,) in db.execute(
        "SELECT json_extract(values_json, '$.serial_no') FROM documents WHERE case_id = ? AND form_id = ? AND "
        "status = 'void' ORDER BY issued_at, rowid", [case.id, ON_THE_SPOT_FORM]).fetchall()]
    if not voided or on_the_spot_decision(db, case) is not None or decisions_in_force(db, case):
        return None
    return join_sentences([_("There is no 当场行政处罚决定书 in force in this case: {serials} was voided, so “{action}” "
                             "waits until a corrected 当场行政处罚决定书 is issued.").format(
        serials="、".join(serial for serial in voided if serial) or "当场行政处罚决定书",
        action=shown_label("transitions", action)),
        _("To decide the case under the ordinary procedure instead, record “{leave}”: it goes back to await "
          "filing.").format(leave=shown_label("transitions", "leave_simple_procedure"))])


def _decline_filing_guard(db: Database, case: Case) -> str | None:
    """不予立案 is of the ordinary procedure as 立案 is: refused while the case's 当场行政处罚决定书 is in force (declined,
    the case dropped its fine, could be closed, and the decision handed to the party stayed in force). Nor is a case
    declined that must go to the police, as it is not decided or terminated (``_transfer_guard``): one whose figures
    reach the criminal threshold (Penalty Law art. 27; transfer rules art. 3) is filed and transferred, unless it came
    back from the police, who declined it; one the police opened is theirs (``decline_threshold_refusal``)."""
    return (on_the_spot_refusal(db, case, f"“{shown_label('transitions', 'decline_filing')}”")
            or decline_threshold_refusal(db, case))


@dataclass(frozen=True)
class Referral:
    """The 案件移送函 in force that sent a case awaiting filing away: ``receiver`` the authority it names, ``number`` its
    文号, ``dated`` the day it bears."""

    receiver: str
    number: str
    dated: str


def pending_referral(db: Database, case: Case) -> Referral | None:
    """The 案件移送函 in force (the latest, the case's own or its lead's: ``issuing.in_force_of_form``) that sent a
    case awaiting filing (待立案) to the authority it names; None in any other state, or without one. A case has no
    state of its own for a referral (REFERENCE §1.1 TRANSFERRED_OUT ends the lead, not a case): the step that ends a
    case not filed here, 不予立案, taken while one is in force records the referral (``apply``) — on the letter's day
    and for its reason unless given, T1 met that day (clocks.toml: ``event:not_filed``), the case out of 待立案 —, its
    lead referred (已移送) to that authority, not declined (``leads_workflow.refer_with_case``)."""
    return letter_in_force(db, case) if case.status == "pending_filing" else None


def letter_in_force(db: Database, case: Case) -> Referral | None:
    """The 案件移送函 (``document_clocks.TRANSFER_LETTER_FORM``) in force of ``case`` that names its receiver — the
    latest, the case's own or its lead's (``issuing.in_force_of_form``) — as a ``Referral``: the receiver, its 文号,
    the day it bears (its 落款日期 read as dates are, else the day it was issued); None without one. Whatever the
    case's state: ``pending_referral`` reads it of a case awaiting filing, ``jurisdiction.awaiting_termination`` of
    one under investigation."""
    from workstation.documents.issuing import in_force_of_form

    letters = [d for d in in_force_of_form(db, case.id, TRANSFER_LETTER_FORM)
               if str(d.values.get("receiver") or "").strip()]
    if not letters:
        return None
    letter = letters[-1]
    return Referral(str(letter.values["receiver"]).strip(), letter.number or "",
                    _day_or_none(letter.values.get("issued_on")) or letter.issued_at[:10])


def decline_threshold_refusal(db: Database, case: Case) -> str | None:
    """Why the case's filing is not declined (不予立案) — nor its 不予立案审批表 issued (``stage_rules``) — as it must
    go to the police: its figures reach the criminal threshold (Penalty Law art. 27; transfer rules art. 3), so it is
    filed and transferred, unless it came back from the police, who declined it; or the police opened it
    (``_transfer_guard``). None when it may be declined."""
    from workstation.law.criminal import assess_case

    decided = _decided_events(db, case)
    answer = police_answer(db, case)
    if (answer is not None and answer[0] == "police_filed") or "transferred_police" in decided:
        return _transfer_guard(db, case, decided, "decline_filing")
    assessment = assess_case(case, prior_punished=case.prior_punished)
    if not assessment.transfer_suggested:
        return None
    return _("The case reaches the criminal threshold for personal information: {criteria} A case suspected of a "
             "crime goes to the police; its filing is not declined (Penalty Law art. 27; transfer rules art. 3). "
             "Record “{file}” and then “{transfer}” with the 涉嫌犯罪案件移送书.").format(
        criteria=join_sentences(assessment.reached), file=shown_label("transitions", "file"),
        transfer=shown_label("transitions", "transfer_to_police"))


def on_the_spot_refusal(db: Database, case: Case, what: str) -> str | None:
    """Why ``what`` (a step or document of the ordinary procedure, as the refusal names it) is refused in a case
    whose 当场行政处罚决定书 is in force (issued and not voided, the step 当场处罚 recorded or not): the case was
    decided under the simple procedure, and changes to the ordinary procedure (改按普通程序) only once that decision
    is voided. None when no 当场行政处罚决定书 is in force."""
    decision = on_the_spot_decision(db, case)
    if decision is None:
        return None
    return _("The 当场行政处罚决定书 {serial} decided this case under the simple procedure and is in force: {what} "
             "belongs to the ordinary procedure. To change to the ordinary procedure (改按普通程序), void it first "
             "(Void… beside it in the case's documents, or docs void).").format(serial=decision.serial, what=what)


#: the documents of the ordinary procedure alone (REFERENCE §1.1): the filing or not, the investigation's report, the
#: notice and the hearing, the legal review, the collective discussion, the decision's approval and the decisions — none
#: is issued while the case's 当场行政处罚决定书 is in force (``on_the_spot_refusal``)
ORDINARY_FORMS = ("filing_approval", "non_filing_approval", "investigation_report", "pre_penalty_notice",
                  "hearing_notice", "hearing_record", "hearing_report", "legal_review", "collective_discussion",
                  "decision_approval", "penalty_decision", "no_penalty_decision")


def follow_on_the_spot_fine(db: Database, case_id: str) -> None:
    """A case decided on the spot records the fine, the day and the payment of its 当场行政处罚决定书 in force:
    ``decide_on_the_spot`` writes them, and issuing or voiding one afterwards (``documents.issuing``) writes them
    again — a corrected one's fine is the case's, and with none in force (voided, none in its place) the case records
    no fine, so that the case list, the statistics and the payment count none; its day is the case's decision and
    service (T8, T10, T31 count from it; ``on_the_spot_day_refusals`` refuses a day the steps since cannot take); and
    its fine collected on the spot, while no payment is recorded, is recorded paid as ``decide_on_the_spot`` records
    it (``_collected_on_the_spot``), T8 not left running against money collected. A case not decided on the spot, or
    decided since by a 行政处罚决定书 (whose amounts count instead, ``penalty_terms.decided_sql``), is left as it is."""
    from workstation.documents.issuing import on_the_spot_paid_on
    from workstation.penalty_terms import decisions_in_force

    case = get_case(db, case_id)
    if case.procedure_kind != SIMPLE or decisions_in_force(db, case):
        return
    decision = on_the_spot_decision(db, case)
    changes = {"fine_fen": decision.fine_fen if decision else 0}
    before = case.decided_on
    if decision and case.decided_on and decision.dated != case.decided_on:
        changes.update(decided_on=decision.dated, served_on=decision.dated)
    if any(getattr(case, field) != value for field, value in changes.items()):
        case = update_case(db, replace(case, **changes), fine_follows_document=True)  # a closed case's too
    if decision and before and case.decided_on != before:  # the step 当场处罚 and the fine collected with it
        _move_collected_payment(db, case, before, decision.payment)
    if decision and decision.payment and case.status == "served" and not on_the_spot_paid_on(db, case.id):
        _collected_on_the_spot(db, case, decision.dated)


def _move_collected_payment(db: Database, case: Case, before: str, payment) -> None:
    """The step 当场处罚 recorded on the decision's day ``before`` (待立案 → 已送达), and the payment it recorded for
    the fine collected on the spot (履行 that day, its voucher the receipt ``payment`` names; none when ``payment`` is
    None: paid at the bank), moved to the case's new decision day with it in one audited update, so that the
    timeline does not show the decision after its payment."""
    from workstation.documents.issuing import payment_events
    from workstation.payments import details_voucher_key, voucher_key

    moved = [row[0] for row in db.execute(
        "SELECT id FROM case_events WHERE case_id = ? AND kind = 'transition' AND from_status = 'pending_filing' AND "
        "to_status = 'served' AND on_date = ?", [case.id, before])]
    key = voucher_key(payment.voucher) if payment is not None else ""
    for event_id, day, details in payment_events(db, case.id) if key else []:
        if day == before and details_voucher_key(details) == key:
            moved.append(event_id)
    if not moved:
        return
    writer = AuditWriter(db)
    for event_id in moved:
        db.execute("UPDATE case_events SET on_date = ? WHERE id = ?", [case.decided_on, event_id])
        writer.add("update", "case", case.id, {"event": event_id, "on_date": before},
                   {"event": event_id, "on_date": case.decided_on})
    writer.flush()


def _after_spot_kinds() -> tuple[str, ...]:
    """The clock events that follow a decision made on the spot: its 当场行政处罚决定书's day is not moved past them."""
    from workstation.on_the_spot_payment import BANKED, HANDED_OVER
    from workstation.store.clock_events import AFTER_DECISION, AFTER_SPOT_DECISION, OUTCOMES

    return (*AFTER_SPOT_DECISION, HANDED_OVER, BANKED, *AFTER_DECISION, *OUTCOMES)


def on_the_spot_day_refusals(db: Database, case: Case, form_id: str, values: dict) -> dict[str, str]:
    """{label of 处罚时间: why} when the 当场行政处罚决定书 in ``values``, issued in a case whose 当场处罚 is recorded
    (its correction, or a new one after the last was voided), bears a day the case cannot take as its decision's
    (``follow_on_the_spot_fine`` carries it onto the case): one after a step recorded since the decision (a payment —
    the fine collected with it too —, the closing, the filing with the bureau, the hand-over of the fine …). {}
    otherwise (an earlier day, or the same)."""
    from workstation.documents.issuing import payment_events

    day = str(values.get("decided_at") or "")[:10]
    if form_id != ON_THE_SPOT_FORM or case.procedure_kind != SIMPLE or not case.decided_on or day <= case.decided_on:
        return {}
    from workstation.documents.drafts import find_form

    label = find_form(form_id).field("decided_at").label
    kinds = _after_spot_kinds()
    later = [(on, shown_label("clock_events", kind)) for kind, on in db.execute(
        f"SELECT kind, starts_on FROM clock_events WHERE case_id = ? AND kind IN ({','.join('?' * len(kinds))}) "
        "AND starts_on < ?", [case.id, *kinds, day]).fetchall()]
    later += [(on, shown_label("transitions", "record_performance"))
              for _id, on, _details in payment_events(db, case.id) if on < day]
    if case.closed_on and case.closed_on < day:
        later.append((case.closed_on, shown_label("transitions", "close")))
    if not later:
        return {}
    on, step = min(later)
    return {label: _("“{step}” was recorded on {date} since the decision: a decision dated {day} would come after it. "
                     "Write a 处罚时间 on or before {date}.").format(step=step, date=on, day=day)}


def _collected_on_the_spot(db: Database, case: Case, date: str) -> Case:
    """The case just decided on the spot, its fine paid there and then when the officers collected it (当场收缴,
    Penalty Law art. 68): the performance (履行) recorded on the decision's day with the fine paid and the number of
    the official receipt (专用票据, art. 70) as its voucher, so that the case can be closed; a receipt's number already
    recorded for another case's payment is refused (``payments.voucher_refusal``)."""
    from workstation.payments import voucher_refusal

    payment = on_the_spot_decision(db, case).payment
    if payment is None:
        return case
    refused = voucher_refusal(db, case, payment)
    if refused:
        raise TransitionRefused(refused[1])
    return _record(db, case, BY_NAME["record_performance"], {"status": "performed"}, date, "", None,
                   payment.to_json())


def _on_the_spot_guard(db: Database, case: Case) -> str | None:
    """当场处罚 (simple procedure, Penalty Law arts. 51, 52) records the 当场行政处罚决定书 issued in a case with one
    party: its fine within the cap for the party's class, not a case in which no penalty may be given
    (``case_law.no_penalty_refusal``), nor one that must go to the police."""
    from workstation.law.case_law import discovery_day, no_penalty_refusal, party_kind
    from workstation.law.thresholds import simple_procedure_limit
    from workstation.money import figures

    parties = parties_of_case(db, case.id)
    if len(parties) > 1:
        return _("“{action}” decides a case with one party on the spot; this case has {n} parties: decide it under "
                 "the ordinary procedure.").format(action=shown_label("transitions", "decide_on_the_spot"), n=len(parties))
    # said before the document is asked for: no penalty to hand over
    refusal = no_penalty_refusal(case, discovery_day(db, case))
    if refusal:
        return refusal
    decision = on_the_spot_decision(db, case)
    if decision is None:
        return _("No 当场行政处罚决定书 was issued in this case: issue it first with the serial printed on the form, "
                 "then record “{action}” (Penalty Law arts. 51, 52).").format(
            action=shown_label("transitions", "decide_on_the_spot"))
    if not decision.fine_fen and not decision.warning:  # issued so before the form required a penalty (version 5)
        return _("The 当场行政处罚决定书 {serial} imposes neither a warning nor a fine: void it, and issue one with the "
                 "penalty decided on the spot (Penalty Law art. 51).").format(serial=decision.serial)
    kind = party_kind(db, case)
    cap = simple_procedure_limit(kind)
    if decision.fine_fen > cap:
        return _("The 当场行政处罚决定书 {serial} imposes a fine of {amount}, above the simple-procedure limit of "
                 "{limit} for this party ({kind}; Penalty Law art. 51): void it and decide the case under the "
                 "ordinary procedure.").format(serial=decision.serial, amount=figures(decision.fine_fen),
                                               limit=figures(cap), kind=shown_label("party_kinds", kind))
    return _transfer_guard(db, case, _decided_events(db, case), "decide_on_the_spot")


def _on_the_spot_date_guard(db: Database, case: Case, date: str, _parties: tuple[str, ...] = ()) -> str | None:
    """The decision is made and handed over on the spot: the step bears the day of its 当场行政处罚决定书."""
    decision = on_the_spot_decision(db, case)
    if decision is None or date == decision.dated:
        return None
    return _("The 当场行政处罚决定书 {serial} is dated {dated}: it was decided and handed over on the spot that day, "
             "so record “{action}” with {dated}.").format(serial=decision.serial, dated=decision.dated,
                                                          action=shown_label("transitions", "decide_on_the_spot"))


def decided_on_the_spot(db: Database, case: Case) -> bool:
    """Whether the case stands decided on the spot under the simple procedure (当场处罚, ``decide_on_the_spot``): its
    procedure is the simple one, or its latest step into 已送达 was 当场处罚 (from 待立案)."""
    if case.procedure_kind == SIMPLE:
        return True
    row = db.execute("SELECT from_status FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = "
                     "'served' ORDER BY at DESC, rowid DESC LIMIT 1", [case.id]).fetchone()
    return row is not None and row[0] == "pending_filing"


def _simple_voided(db: Database, case: Case) -> bool:
    """“转为普通程序” is offered in a case decided on the spot once no 当场行政处罚决定书 of it is in force (voided):
    while one is, the button would only repeat its refusal under every such case."""
    return decided_on_the_spot(db, case) and on_the_spot_decision(db, case) is None


def _leave_simple_guard(db: Database, case: Case) -> str | None:
    """转为普通程序 (REFERENCE §1.3): a case decided on the spot whose 当场行政处罚决定书 was voided because the matter
    must go through the ordinary procedure (the fine above the simple procedure's limit, the facts disputed) goes
    back to 待立案, to be filed and decided with the ordinary forms. Only a case decided on the spot, with no
    decision in force (its 当场行政处罚决定书 voided, no 行政处罚决定书 issued since) and no payment recorded."""
    from workstation.penalty_terms import decisions_in_force

    action = shown_label("transitions", "leave_simple_procedure")
    if not decided_on_the_spot(db, case):
        return _("“{action}” takes a case decided on the spot under the simple procedure back to be filed under the "
                 "ordinary procedure; this case was not decided on the spot.").format(action=action)
    refusal = on_the_spot_refusal(db, case, f"“{action}”")
    if refusal:
        return refusal
    if decisions_in_force(db, case):
        return _("A 行政处罚决定书 is in force in this case: “{action}” takes back only a case left without a decision. "
                 "Void the 行政处罚决定书 first if the case is to be decided anew under the ordinary procedure."
                 ).format(action=action)
    from workstation.documents.issuing import on_the_spot_paid_on

    if paid_on := on_the_spot_paid_on(db, case.id):
        return _("A payment was recorded in this case on {date} under its 当场行政处罚决定书: a decision performed, even "
                 "in part, is not taken back by “{action}”. Issue a corrected 当场行政处罚决定书 in the case instead."
                 ).format(date=paid_on, action=action)
    return None


# The steps the case's officers take after filing, refused without two active officers holding certificates of the
# case's agency (``_investigators_guard``; Penalty Law arts. 42, 55, REFERENCE §1.1, and §1.7 for the transfer, which
# two officers report, ``transfer_officers_refusal``): resume, conclude_investigation, submit_review, send_pre_notice, decide_penalty,
# decide_no_penalty, transfer_to_police (before a decision), resume_after_police, terminate; filing itself names them
# (``_filing_guard``). Not guarded, as refusing them would lose a fact or a bookkeeping step of a case whose officers
# left: the service of a decision already made (serve_decision), a transfer after the decision, what the party did (waive_statement, request_hearing, withdraw_hearing, hearing_absent), the hearing held by
# its presiding officer (conclude_hearing), the end of the statement period (end_statement_period), suspend (the
# investigation stops: its clocks stop), the payment (record_performance), the court applied to (apply_enforcement),
# an order from outside (redecide), and closing and archiving (close, archive); decline_filing, decide_on_the_spot and
# leave_simple_procedure are taken before or without filing.


def _to_police_guard(db: Database, case: Case) -> str | None:
    """移送公安机关: from the investigation on, by two officers of the case (``transfer_officers_refusal``); a case
    already decided (a crime found after the decision, its officers maybe gone since, or a register's case without
    any) is transferred on its approval alone — its decision stands and the facts were established by those who
    decided."""
    return transfer_officers_refusal(db, case) or _transfer_approval_guard(db, case)


def transfer_officers_refusal(db: Database, case: Case) -> str | None:
    """Why the case cannot be transferred to the police by its officers (``_officers_refusal`` of
    “transfer_to_police”): before a decision, two certified officers form the team and write the transfer report
    (REFERENCE §1.7 step 2) — refused as the transfer is, and so is the 涉嫌犯罪案件移送书 (``stage_rules``). None
    for a case already decided, transferred on its approval alone."""
    return None if case.status in DECIDED_ON else _officers_refusal(db, case, "transfer_to_police")


@dataclass(frozen=True)
class FailedReview:
    """A 案件审核表 in force (案件审核 or 法制审核) answering 否 to one of its 审核事项: the review did not pass, the
    reviewer sending the case back for further investigation (退回补充调查) or for its facts to be corrected."""

    number: str
    reviewed_on: str
    findings: tuple[str, ...]
    #: the document's id: a 案件审核表 bears no 文号, so the return's audit entry names it by this
    document_id: str = ""

    def sentence(self) -> str:
        """The 案件审核表 named with what it found: said with the step's button and kept with the step's note."""
        return _("The 案件审核表 {number} of {date} found {findings}.").format(
            number=self.number or _("(no number)"), date=self.reviewed_on or "—", findings=join_names(self.findings))


def failed_review(db: Database, case: Case) -> FailedReview | None:
    """The latest 案件审核表 in force of the case's review now — dated on or after the file went to review
    (``review_on``; one of an earlier submission was answered by its return) — that answers 否 to a 审核事项
    (``decision_review.failed_answers``), None without one: the review did not pass (审核未通过的，不得作出决定,
    Penalty Law art. 58 para. 1), and the reviewer's opinion to send the case back for further investigation
    (退回补充调查) its usual answer (offered first by the window, never forced)."""
    from workstation.decision_review import LEGAL_REVIEW_FORM, failed_answers
    from workstation.documents.issuing import in_force_of_form

    found = None
    for document in in_force_of_form(db, case.id, LEGAL_REVIEW_FORM):
        day = str(document.values.get("reviewed_on") or document.issued_as.get("date") or document.issued_at)[:10]
        findings = failed_answers(document.values)
        if findings and (not case.review_on or day >= str(case.review_on)[:10]):
            found = FailedReview(document.number or "", day, tuple(findings), document.id)
    return found


def _return_guard(db: Database, case: Case) -> str | None:
    """退回补充调查: not over a decision document in force (the decision rests on the facts sent back: void it first)."""
    from workstation.penalty_terms import decisions_in_force

    numbers = [decision.number or _("(no number)") for decision in decisions_in_force(db, case)]
    if numbers:
        return _("The 行政处罚决定书 {numbers} is in force in this case: the decision rests on the facts the case would "
                 "be sent back to investigate. Void it first (Documents), then send the case back.").format(
            numbers=join_names(numbers))
    if case.status == "decision_pending" and len(parties_of_case(db, case.id)) > 1:
        # each party's notice, waiver and hearing are its own records (party_notices), which the new round would
        # have to take back party by party: not done by this step
        return _("This case has several parties, each told of its penalty on its own: it is not sent back from "
                 "“{status}” here. Record the further investigation in the case file, or correct the "
                 "行政处罚告知书 and serve it again on each party.").format(
            status=shown_label("statuses", case.status))
    return None


#: the audit entry of 退回补充调查 besides its step's: the reason and the 案件审核表 it answers, kept in force
REVIEW_RETURN_AUDIT = "review_return"


def _returned_note(failed: FailedReview | None, reason: str) -> str:
    """The timeline's note of 退回补充调查: the reason, then the 案件审核表 that found the case's facts wanting (kept in
    force, ``failed``), if one was issued here."""
    return noted_reason(reason, failed.sentence() if failed else "",
                        _("Sent back for further investigation; submitted again, the review counts anew."))


TRANSITIONS: tuple[Transition, ...] = (
    Transition("file", ("pending_filing",), "investigating", "filed_on", guard=_filing_guard),
    Transition("decline_filing", ("pending_filing",), "not_filed", needs_reason=True, guard=_decline_filing_guard),
    # the simple procedure (REFERENCE §1.3): no filing; the 当场行政处罚决定书 is handed over at once, so the case is
    # served (decided_on, served_on, fine_fen and procedure_kind from the document); payment and closing follow
    Transition("decide_on_the_spot", ("pending_filing",), "served", guard=_on_the_spot_guard,
               date_guard=_on_the_spot_date_guard),
    Transition("suspend", ("investigating",), "suspended", needs_reason=True),
    Transition("resume", ("suspended",), "investigating", guard=_investigators_guard("resume")),
    Transition("conclude_investigation", ("investigating",), "investigation_concluded",
               guard=_investigators_guard("conclude_investigation")),
    Transition("submit_review", ("investigation_concluded",), "under_review", "review_on",
               guard=_investigators_guard("submit_review")),
    # in a case with several parties the notice is served on each, maybe on different days: the service on a party
    # not yet served is recorded while the others' periods run or their hearing is pending (party_notices)
    # in a case with one party, a corrected notice proposing more than the one served is served again from 已告知
    # or 待决定 (``_corrected_unserved``): the case goes back to 已告知, its period counted from that service
    Transition("send_pre_notice", ("under_review",), "pre_notice", "notice_served_on",
               guard=_investigators_guard("send_pre_notice", _pre_notice_guard),
               date_guard=_pre_notice_date_guard, several_parties_sources=("pre_notice", "hearing",
                                                                          "decision_pending"),
               several_parties_when=_unserved),
    # the party waives the rights the served notice told it of (Penalty Law arts. 44, 45, 62; REFERENCE §1.1: the
    # statement and the hearing request follow the notice), so not before the notice; in a case with several
    # parties each waives for itself, also while another's hearing is pending, and a party who gave up its own
    # hearing waives the rest of its period (also once the case awaits its decision)
    Transition("waive_statement", ("pre_notice",), "decision_pending", needs_reason=True, guard=_waiver_guard,
               date_guard=_waiver_date_guard, several_parties_sources=("hearing", "decision_pending"),
               several_parties_when=_may_waive),
    # in a case with several parties a party may still ask while the hearing of another is pending
    Transition("request_hearing", ("pre_notice",), "hearing", guard=_hearing_right_guard,
               date_guard=_hearing_request_guard, several_parties_sources=("hearing",)),
    Transition("conclude_hearing", ("hearing",), "decision_pending", date_guard=_conclude_hearing_guard),
    # no hearing is held: the party withdraws its request before it (撤回听证申请), or does not appear at the hearing it
    # was told of without good reason, which gives it up (Penalty Law art. 64 (6)); the case goes on to its decision,
    # the note saying how (in writing; orally, recorded in a 笔录; did not appear) and the documents after it saying so
    Transition("withdraw_hearing", ("hearing",), "decision_pending", needs_reason=True,
               date_guard=_withdrawal_date_guard),
    Transition("hearing_absent", ("hearing",), "decision_pending", needs_reason=True, date_guard=_absence_date_guard),
    Transition("end_statement_period", ("pre_notice",), "decision_pending", guard=_end_statement_guard,
               date_guard=_statement_over_guard),
    Transition("decide_penalty", ("decision_pending",), "penalty_decided", "decided_on",
               guard=_investigators_guard("decide_penalty", _decide_penalty_guard), date_guard=_decide_penalty_date_guard),
    Transition("decide_no_penalty", ("under_review", "decision_pending"), "no_penalty", "decided_on",
               needs_reason=True, guard=_investigators_guard("decide_no_penalty", _decide_no_penalty_guard),
               date_guard=_decide_no_penalty_date_guard),
    # 退回补充调查: the reviewer's opinion sends the case back to its investigation (usually after a review answering
    # 否, which does not pass: Penalty Law art. 58 para. 1; the return itself is the reviewer's practice, no article
    # REFERENCE gives) — from 案件审核, and from 待决定 where the 法制审核 follows the hearing. The 案件审核表
    # stays in force, the reason is the timeline's note; submitted again, its review (T3) counts from that day
    Transition("return_for_investigation", ("under_review", "decision_pending"), "investigating", needs_reason=True,
               guard=_return_guard),
    # in a case with several parties each party's decision is served on it, maybe on different days, and each
    # party owing money pays its own (party_decisions): the case is performed once every such party paid
    Transition("serve_decision", ("penalty_decided",), "served", "served_on",
               guard=_serve_guard,
               several_parties_sources=("served", "performed"), several_parties_when=_decision_unserved),
    Transition("record_performance", ("served",), "performed", guard=_payment_guard,
               date_guard=_payment_date_guard),
    # a party that does not pay after the 催告书: the court is applied to for compulsory enforcement, per party, once
    # the demand's ten working days and the remedy periods have run (enforcement); the case stays served till 结案
    Transition("apply_enforcement", ("served",), "served", guard=_enforcement_guard,
               date_guard=_enforcement_date_guard),
    # the 涉嫌犯罪案件移送书 is the output of the transfer, not one of its guards (REFERENCE §1.1, §1.7): the workspace
    # reminds of it and offers to write it (ui.transition_dialog.transfer_advice). A crime found after the penalty
    # decision is transferred too (transfer rules art. 11; Penalty Law arts. 27, 35): the decision stays in force and
    # the case keeps its status, the transfer recorded beside it (``decided_transfer``, ``apply``)
    Transition("transfer_to_police", INVESTIGATION_ON + DECIDED_ON, "transferred_police", needs_reason=True,
               guard=_to_police_guard, date_guard=_transfer_date_guard),
    # a case closed as the police's (they opened it) that they withdrew since (撤销案件, returned to the agency) is
    # reopened to be decided (REFERENCE §1.7 step 7), as ``redecide`` reopens a closed case; one archived is not
    Transition("resume_after_police", ("transferred_police",), "investigating", needs_reason=True,
               guard=_resume_after_police_guard, date_guard=_resume_after_police_date_guard,
               offered_when=_resume_offered, police_sources=("closed",)),
    # not a case at the criminal threshold: it goes to the police (REFERENCE §4.6)
    Transition("terminate", ("investigating", "suspended"), "terminated", needs_reason=True,
               guard=_investigators_guard("terminate", _terminate_guard)),
    # a case decided for each party in the workstation is closed once every party is decided (party_decisions); a
    # served case once the court was applied to for every party that did not pay (enforcement)
    # the decision revoked on the party's reconsideration or lawsuit with a new one ordered (撤销并责令重新作出,
    # 行政复议法 art. 64, 行政诉讼法 art. 70): the case goes back to its decision; the revoked 行政处罚决定书 is voided
    # (naming the reconsideration decision or judgment) and the new one issued and decided as the first was. A case
    # closed meanwhile (结案) is reopened for it: the order binds the agency whatever its file says (the case is
    # decided again, not left closed on a revoked decision); one archived (归档) is not taken back here
    Transition("redecide", ("penalty_decided", "served", "performed", "closed"), "decision_pending", needs_reason=True,
               guard=_redecide_guard, date_guard=_redecide_date_guard, answers_an_order=True,
               offered_when=_redecide_offered),
    # 转为普通程序 (REFERENCE §1.3): a case decided on the spot whose 当场行政处罚决定书 was voided as the matter must go
    # through the ordinary procedure goes back to 待立案, its decision, service, fine and simple procedure cleared
    # (``apply``), to be filed (立案) and decided with the ordinary forms; offered once that decision was voided
    Transition("leave_simple_procedure", ("served",), "pending_filing", needs_reason=True, guard=_leave_simple_guard,
               offered_when=_simple_voided),
    # a case taken back on the police's refusal that they opened since (on reconsideration, or on the procuratorate's
    # supervision) is theirs: closed (移送司法) from the state it is in, offered there only then (``_closing_offered``)
    Transition("close", ("served", "performed", "no_penalty", "transferred_police", "terminated", "not_filed"),
               "closed",
               "closed_on", guard=_closing_guard, date_guard=_closing_date_guard, offered_when=_closing_offered,
               police_sources=INVESTIGATION_ON),
    Transition("archive", ("closed",), "archived"),
)
BY_NAME = {t.name: t for t in TRANSITIONS}


def not_offered_refusal(db: Database, case: Case, transition: Transition) -> str:
    """Why ``transition`` is not taken in the case's state: the states it is taken from, and the steps the procedure
    offers in the case's own (``available``: those this case is offered, not all the state may offer — no “重新决定”
    in a closed case whose decision nothing revoked), and 撤销上一步 when its last step may be undone — what is
    missing before it, not the state alone (the command line names any action; the window offers only these)."""
    status = shown_label("statuses", case.status)
    refusal = _("“{action}” is not possible while the case is “{status}”.").format(action=transition.label,
                                                                                 status=status)
    states = [f"“{shown_label('statuses', source)}”" for source in dict.fromkeys(transition.sources)]
    sources = states[0] if len(states) == 1 else _("{states} or {last}").format(states=join_names(states[:-1]),
                                                                              last=states[-1])
    offered = join_names(f"“{t.label}”" for t, _refusal in available(db, case))
    # a step a case with several parties also takes in this state (for a party still to take it): not "once"
    taken = "" if case.status in transition.several_parties_sources else _("It is taken once the case is {states}."
                                                                          ).format(states=sources)
    undo = _("Its last step can be undone: “{undo}” in the case's workspace, or cases transition {case} undo --reason "
             "TEXT on the command line.").format(undo=_("Undo last step…"), case=case.case_number or case.id) \
        if undo_refusal(db, case) is None else ""
    return join_sentences([
        refusal, taken,
        _("From “{status}” the procedure goes on with {actions}.").format(status=status, actions=offered) if offered
        else _("Nothing more is recorded in a case “{status}”.").format(status=status), undo])


def transitions_from(status: str) -> list[Transition]:
    """The actions the law offers in ``status``, whatever the case's details."""
    return [t for t in TRANSITIONS if status in t.sources]


def _offered(db: Database, case: Case, transition: Transition) -> bool:
    """Whether ``transition`` is offered in the case's state (some only in a case with several parties)."""
    if case.status in transition.sources or case.status in transition.police_sources:
        return True
    if _redo_noticing(db, case, transition):  # a party awaiting its new decision: its new notice, whatever the status
        return True
    if case.status not in transition.several_parties_sources:
        return False
    if len(parties_of_case(db, case.id)) < 2:  # one party: its waiver of the rest of its period, and the service
        # of a corrected notice proposing more than the one served (``_corrected_unserved``)
        if transition.name == "send_pre_notice":
            return _corrected_unserved(db, case) or _redo_unnoticed(db, case)
        return transition.name == "waive_statement" and _alone_may_waive(db, case)
    return transition.several_parties_when is None or transition.several_parties_when(db, case)


def available(db: Database, case: Case) -> list[tuple[Transition, str | None]]:
    """Each action offered in the case's state with the reason it is refused now (None when allowed)."""
    return [(t, t.guard(db, case) if t.guard else None) for t in TRANSITIONS if _offered(db, case, t)
            and (t.offered_when is None or t.offered_when(db, case))]


def undo_last_step(db: Database, case_id: str, reason: str, expected_event_id: str | None = None) -> Case:
    """撤销上一步: undo the case's last recorded step, its status, dates, clock events and payment put back
    (``step_undo``); TransitionRefused says why it cannot be — also when ``expected_event_id`` (the step the officer
    confirmed) is no longer the last step, nothing undone."""
    from workstation import step_undo

    return step_undo.undo_last_step(db, case_id, reason, expected_event_id)


def undo_refusal(db: Database, case: Case) -> str | None:
    """Why the case's last step cannot be undone now (``step_undo``), None when it can."""
    from workstation import step_undo

    return step_undo.undo_refusal(db, case)


# the states in which a decision document may be issued: while the decision is being taken, and after it (a
# correction supersedes it); in the others the law has not reached the decision (or the case went elsewhere)
DECISION_STATES = {
    "penalty_decision": ("decision_pending", "penalty_decided", "served", "performed", "closed", "archived"),
    "no_penalty_decision": ("under_review", "decision_pending", "no_penalty", "closed", "archived"),
}


def issue_refusal(db: Database, case: Case, form_id: str) -> str | None:
    """Why the decision ``form_id`` (行政处罚决定书 or 不予行政处罚决定书) cannot be issued in the case now, None
    when it can (and for every other document): not before the procedure reaches the decision — for a penalty,
    the pre-penalty notice served and the party's period run, or waived —, not when the other decision was made,
    and not while the case must go to the police (the guards of the decision actions). A case with several parties
    decided with penalties takes a 不予行政处罚决定书 for a party left without a decision (``_party_no_penalty_open``).
    No document of the ordinary procedure (``ORDINARY_FORMS``) while a 当场行政处罚决定书 is in force
    (``on_the_spot_refusal``). No 行政处罚告知书, 行政处罚决定书 or 当场行政处罚决定书 in a case whose violations no norm
    penalises in time (``_no_basis_refusal``)."""
    if refusal := _no_basis_refusal(case, form_id):  # no penalty without a basis: said before anything else
        return refusal
    if form_id in ORDINARY_FORMS:  # decided on the spot: voided first, to change to the ordinary procedure
        from workstation.documents.drafts import find_form

        refusal = on_the_spot_refusal(db, case, find_form(form_id).title)
        if refusal:
            return refusal
    states = DECISION_STATES.get(form_id)
    if states is None:
        return None
    decided = _decided_events(db, case)
    per_party = _party_no_penalty_open(db, case, form_id)
    if case.status not in states and not per_party:  # the other decision made: said as the two excluding each other
        return decision_exclusion(db, case, form_id) or _(
            "A {document} cannot be issued while the case is “{status}”: it is issued when the case awaits "
            "its decision (after the pre-penalty notice and the party's statement, or their waiver), or "
            "after the decision.").format(document=_DOCUMENT_NAMES[form_id],
                                          status=shown_label("statuses", case.status))
    refusal = None if per_party else _recorded_exclusion(db, case, form_id, decided)
    if refusal:  # the decision the case records, whether or not its document was issued here (REFERENCE §1.1)
        return refusal
    if case.status in ("under_review", "decision_pending"):
        guard = _penalty_guard if form_id == "penalty_decision" else _no_penalty_guard
        refusal = guard(db, case)
        if not refusal and form_id == "penalty_decision":  # no notice in force served: none of a decision either
            voided = voided_notice_refusal(db, case, "decide_penalty")
            if voided:
                return join_sentences([_("The 行政处罚决定书 cannot be issued yet."), voided])
        if refusal or form_id != "penalty_decision" or len(parties_of_case(db, case.id)) > 1:
            return refusal  # several parties: each party's own period (``party_issue_refusal``)
        # a case with one party that reached its decision otherwise (status edited, imported) waits as the step does
        refusal = _statement_over_guard(db, case, today())
        return refusal and join_sentences([_("The 行政处罚决定书 cannot be issued yet."), refusal])
    return None


_DOCUMENT_NAMES = {"penalty_decision": "行政处罚决定书", "no_penalty_decision": "不予行政处罚决定书"}
# the states of a case decided with a penalty, before it is closed
PENALISED_STATES = ("penalty_decided", "served", "performed")
# the states of a case that made the other decision, before it is closed: the decision document of the kind it
# excludes is refused there, named as the decision the case records (``decision_exclusion``)
_EXCLUDED_IN = {"penalty_decision": ("no_penalty",), "no_penalty_decision": PENALISED_STATES}


def decision_exclusion(db: Database, case: Case, form_id: str) -> str | None:
    """Why the decision ``form_id`` cannot be issued because the case is in a state of the other decision (a
    不予行政处罚决定书 once it was decided with a penalty, served or performed; a 行政处罚决定书 once it was decided not
    to penalise), naming the decision it records (``_recorded_exclusion``); None in any other state, for a party of
    several left without a decision (``_party_no_penalty_open``) and for every other document. The case's documents
    do not offer such a form."""
    if case.status not in _EXCLUDED_IN.get(form_id, ()) or _party_no_penalty_open(db, case, form_id):
        return None
    return _recorded_exclusion(db, case, form_id, _decided_events(db, case))


def _recorded_exclusion(db: Database, case: Case, form_id: str, decided: set[str]) -> str | None:
    """Why the decision ``form_id`` contradicts the decision the case records, whether or not its document was issued
    in the workstation (decided on paper, imported from a register): a 行政处罚决定书 after a decision not to
    penalise, a 不予行政处罚决定书 after a penalty decision not revoked (``_penalty_recorded``), naming the recorded
    decision; None when the case records neither. The two decisions exclude each other (REFERENCE §1.1)."""
    if form_id == "penalty_decision":
        if case.status != "no_penalty" and "no_penalty" not in decided | _left_states(db, case):
            return None
        return _("A decision not to penalise was already made in this case ({decision}): a 行政处罚决定书 cannot "
                 "also be issued, the two decisions exclude each other. Issue the 不予行政处罚决定书 the case records "
                 "instead, if it is to be printed.").format(decision=_recorded_decision(case, penalised=False))
    if not _penalty_recorded(db, case, decided) or decision_revoked(db, case):
        return None
    return _("A penalty decision was already made in this case ({decision}): a 不予行政处罚决定书 cannot also be "
             "issued, the two decisions exclude each other. Issue the 行政处罚决定书 the case records instead, if it "
             "is to be printed; if the decision was revoked on reconsideration or in court, record the revocation "
             "(Case → Time limits) and “{action}” first.").format(decision=_recorded_decision(case, penalised=True),
                                                                  action=shown_label("transitions", "redecide"))


def _penalty_recorded(db: Database, case: Case, decided: set[str]) -> bool:
    """Whether the case records a penalty decided: the step 作出行政处罚决定, a state after it the case is in or went
    through (a decision served or performed, a warning alone included), or a closed case's 决定日期 with a fine or
    confiscation recorded and no decision not to penalise."""
    passed = decided | _left_states(db, case)
    if case.status in PENALISED_STATES or passed.intersection(PENALISED_STATES):
        return True
    return (case.status in CLOSED_ON and bool(case.decided_on) and bool(case.fine_fen or case.confiscated_fen)
            and "no_penalty" not in passed)


def _left_states(db: Database, case: Case) -> set[str]:
    """The states the case's steps left: with ``_decided_events``, every state it is recorded in (the first step
    of a case imported in a later state leaves that state)."""
    rows = db.execute("SELECT DISTINCT from_status FROM case_events WHERE case_id = ? AND kind = 'transition'",
                      [case.id]).fetchall()
    return {row[0] for row in rows if row[0]}


def _recorded_decision(case: Case, penalised: bool) -> str:
    """The case's recorded decision as a refusal names it: its date, the fine and confiscation of a penalty and the
    case's state ("decided on 2026-04-24: a fine of ¥3,000.00; the case is “Closed”")."""
    from workstation.penalty_terms import amounts_named

    amounts = amounts_named(case.fine_fen or 0, case.confiscated_fen or 0) if penalised else ""
    status = shown_label("statuses", case.status)
    if amounts:
        return _("decided on {date}: {penalties}; the case is “{status}”").format(
            date=case.decided_on or "—", penalties=amounts, status=status)
    return _("decided on {date}; the case is “{status}”").format(date=case.decided_on or "—", status=status)


def _party_no_penalty_open(db: Database, case: Case, form_id: str) -> bool:
    """Whether a 不予行政处罚决定书 may be issued in a case with several parties decided with penalties: a party is
    left without a decision (``party_decisions.undecided_parties``), and the decision that concludes it may be not
    to penalise it (Penalty Law art. 57); ``party_issue_refusal`` keeps it to such a party."""
    from workstation.party_decisions import undecided_parties

    return (form_id == "no_penalty_decision" and case.status in ("penalty_decided", "served", "performed")
            and bool(undecided_parties(db, case)))


def _party_exclusion_refusal(db: Database, case: Case, form_id: str, party_id: str) -> str | None:
    """Why ``form_id`` cannot be issued to ``party_id`` because the other decision concludes that party: a
    行政处罚决定书 in force, or a 不予行政处罚决定书 issued to it; None when neither does. Each party is decided once,
    penalised or not (the two decisions exclude each other). In a case with one party every decision of the case is
    that party's, whatever party its values record (also while the case still awaits its decision)."""
    from workstation.party_decisions import no_penalty_decisions, redone_decisions
    from workstation.penalty_terms import decisions_in_force

    name = _party_name(db, party_id)
    parties = parties_of_case(db, case.id)
    one = len(parties) < 2
    redone = redone_decisions(db, case, parties)  # revoked with a new one ordered: they exclude nothing
    spared = {pid for pid, number in no_penalty_decisions(db, case, parties) if number not in redone}
    if form_id == "penalty_decision" and (bool(spared) if one else party_id in spared):
        return _("A 不予行政处罚决定书 was issued to {party}; a party is either penalised or not, the two decisions "
                 "exclude each other: void it first if it was wrong.").format(party=name)
    if form_id == "no_penalty_decision" and any((one or d.party_id == party_id) and d.number not in redone
                                                for d in decisions_in_force(db, case)) \
            and not decision_revoked(db, case):
        return _("A 行政处罚决定书 is in force for {party}; a party is either penalised or not, the two decisions "
                 "exclude each other: void it first if it was wrong.").format(party=name)
    return None


def _party_repeat_refusal(db: Database, case: Case, form_id: str, party_id: str,
                          supersedes: str | None = None) -> str | None:
    """Why a further ``form_id`` cannot be issued to ``party_id``: a decision of the same kind is in force for that
    party (a 行政处罚决定书 neither voided nor corrected since, a 不予行政处罚决定书 not voided), naming its 文号; None
    when none is. A party is decided once: a second decision would silently take the place of the first (or stand
    beside it). A voided one no longer stands; one that names it as the document it corrects (``supersedes``, its
    id or 文号) replaces it openly. In a case with one party every decision of the case is that party's. A
    行政处罚决定书 or 不予行政处罚决定书 revoked with a new one ordered (撤销并责令重新作出: ``challenge_redo`` of the whole
    case or of that party on or after its date, ``party_decisions.redone_decisions``) no longer stands in the new
    one's way."""
    from workstation.party_decisions import redone_decisions

    parties = parties_of_case(db, case.id)
    one = len(parties) < 2
    redone = redone_decisions(db, case, parties)
    numbers = [number for pid, number in _issued_decisions(db, case, form_id, parties)
               if (one or pid == party_id) and number not in redone]
    if not numbers:
        return None
    if supersedes:
        row = db.execute("SELECT number FROM documents WHERE case_id = ? AND form_id = ? AND status = 'issued' AND "
                         "(id = ? OR number = ?)", [case.id, form_id, supersedes, supersedes]).fetchone()
        if row is not None and row[0] and row[0] in numbers:
            return None
    documents = "、".join(_named_document(form_id, number) for number in numbers)
    return _("{party} already has {documents} in force, and a party is decided only once. If it is wrong, void it "
             "first (saying why), then issue the new one.").format(party=_party_name(db, party_id),
                                                                   documents=documents)


def party_issue_refusal(db: Database, case: Case, form_id: str, party_id: str | None,
                        supersedes: str | None = None) -> str | None:
    """Why the 行政处罚决定书 or 不予行政处罚决定书 of the party ``party_id`` cannot be issued today, None when it can
    (and for every other document): the other decision concludes that party (``_party_exclusion_refusal``; in a case
    with one party, the other decision issued in the case, so that a case awaiting its decision does not take
    both); a decision of the same kind is in force for it (``_party_repeat_refusal``: void it first, or correct it
    naming it in ``supersedes``); in a case with several parties, for a 行政处罚决定书 before the case's decision,
    that party's notice is not served, or its own period to state, defend and request a hearing runs, and it
    neither waived nor asked for a hearing, or it was served no notice at all (``unnoticed_refusal``; Penalty Law
    arts. 45, 62)."""
    from workstation.party_notices import pending_refusal, unnoticed_refusal

    if form_id not in _DOCUMENT_NAMES or party_id is None:
        return None
    refusal = _party_exclusion_refusal(db, case, form_id, party_id) or _party_repeat_refusal(
        db, case, form_id, party_id, supersedes)
    if refusal or len(parties_of_case(db, case.id)) < 2:
        return refusal
    if form_id != "penalty_decision" or case.status not in ("under_review", "decision_pending"):
        return None
    refusal = unnoticed_refusal(db, case, party_id) or pending_refusal(db, case, today(), party_id)
    return refusal and join_sentences([_("The 行政处罚决定书 of {party} cannot be issued yet.").format(
        party=_party_name(db, party_id)), refusal])


def latest_step(db: Database, case: Case) -> tuple[str, str] | None:
    """(date, what) of the latest step recorded in the case so far: the date of the act, its key dates, the
    dates its procedure actions were recorded with and, in a case with several parties, the steps recorded for
    one party (the service of its notice or decision, its waiver, its payment), and the police's latest answer to
    the transfer that took the case to them (``_police_answer_step``); None for a case with none."""
    from workstation.store.cases import MILESTONES

    # the verification counted from the lead's assignment (``leads_workflow.t1_start``) is said so, not 线索登记
    assigned = bool(case.lead_received_on) and db.execute(
        "SELECT 1 FROM leads WHERE case_id = ? AND assigned_on = ?", [case.id, str(case.lead_received_on)[:10]]
    ).fetchone() is not None
    steps = [(getattr(case, field), _("the lead's assignment") if assigned and field == "lead_received_on"
              else _(text)) for field, text in MILESTONES if getattr(case, field)]
    if case.act_on:
        steps.append((case.act_on, _("the date of the act")))
    row = db.execute("SELECT on_date, to_status FROM case_events WHERE case_id = ? AND kind = 'transition' "
                     "AND on_date IS NOT NULL ORDER BY on_date DESC, at DESC LIMIT 1", [case.id]).fetchone()
    if row is not None:
        steps.append((row[0], _("the case became “{status}”").format(status=shown_label("statuses", row[1]))))
    party_step = _latest_party_step(db, case)
    if party_step is not None:
        steps.append(party_step)
    police_step = _police_answer_step(db, case)
    if police_step is not None:
        steps.append(police_step)
    return max(steps, key=lambda step: step[0], default=None)


def _police_answer_step(db: Database, case: Case) -> tuple[str, str] | None:
    """(date, what) of the police's latest answer to the case's latest transfer (``police_answer``), a step of the
    case as its transitions are: the case is taken back, decided or closed after it, not on a day it was still with
    them. None without one, and for a transfer after the decision (``DECIDED_ON``), whose execution runs on beside
    the police's handling (transfer rules art. 11: a payment is recorded with its own day)."""
    answer = police_answer(db, case)  # first: a case never sent to the police asks nothing more
    if answer is None or _latest_transfer_after_decision(db, case):
        return None
    return answer[1], _("the police's “{answer}”").format(answer=shown_label("clock_events", answer[0]))


def party_step_kinds() -> tuple[str, ...]:
    """The kinds of the case events that are one party's own step in a case with several parties: its notice served,
    its waiver, its decision served, its payment, the court applied to against it."""
    from workstation.enforcement import APPLIED
    from workstation.party_decisions import DECISION_SERVED, PAID
    from workstation.party_notices import SERVED, WAIVED

    return SERVED, WAIVED, DECISION_SERVED, PAID, APPLIED


def _latest_party_step(db: Database, case: Case) -> tuple[str, str] | None:
    """(date, what) of the latest step recorded for one party of a case with several parties, None without any."""
    from workstation.enforcement import APPLIED
    from workstation.party_decisions import DECISION_SERVED, PAID
    from workstation.party_notices import SERVED, WAIVED
    from workstation.payments import is_part

    row = db.execute("SELECT on_date, kind, party_id, details FROM case_events WHERE case_id = ? AND kind IN "
                     "(?, ?, ?, ?, ?) "
                     "AND party_id IS NOT NULL AND on_date IS NOT NULL ORDER BY on_date DESC, at DESC LIMIT 1",
                     [case.id, *party_step_kinds()]).fetchone()
    if row is None:
        return None
    texts = {SERVED: _("the pre-penalty notice was served on {party}"),
             WAIVED: _("{party} waived its statement, defence and hearing"),
             DECISION_SERVED: _("the decision was served on {party}"), PAID: _("{party} paid"),
             APPLIED: _("the court was applied to for enforcement against {party}")}
    if row[1] == PAID and is_part(row[3]):  # a part payment, as the timeline names it
        texts[PAID] = _("{party} paid part of what it owes")
    elif row[1] == DECISION_SERVED:  # a 不予行政处罚决定书's service, as the timeline names it
        from workstation.party_decisions import no_penalty_served

        if no_penalty_served(db, case)(row[2], row[0]):
            texts[DECISION_SERVED] = _("the no-penalty decision was served on {party}")
    return row[0], texts[row[1]].format(party=_party_name(db, row[2]))


#: the hearing steps of one party (its request, its withdrawal, its absence): in a case with several parties they run
#: beside the other parties' steps, held to that party's own (``_latest_own_step``)
HEARING_STEPS = ("request_hearing", *HEARING_GIVEN_UP)


def _latest_own_step(db: Database, case: Case, party_id: str, *, whole_stage: bool = False) -> tuple[str, str] | None:
    """(date, what) of the latest step a hearing step of ``party_id`` in a case with several parties must not come
    before: the case's steps that are no party's own (``latest_step`` without the service of the notice, which is
    each party's, held by the step's own condition), and that party's own service, waiver and hearing steps — not
    another party's, whose steps run beside its own. ``whole_stage``: the step ends the hearing stage for the case
    (``_given_up_scope``), so it does not come before another party's hearing step either."""
    from workstation.party_notices import SERVED, WAIVED
    from workstation.store.cases import MILESTONES

    steps = [(getattr(case, field), _(text)) for field, text in MILESTONES
             if getattr(case, field) and field != "notice_served_on"]
    if case.act_on:
        steps.append((case.act_on, _("the date of the act")))
    others = "" if whole_stage else " AND (party_id IS NULL OR party_id = ?)"
    row = db.execute("SELECT on_date, to_status FROM case_events WHERE case_id = ? AND kind = 'transition' AND "
                     "on_date IS NOT NULL AND NOT (from_status = 'under_review' AND to_status = 'pre_notice' AND "
                     f"party_id IS NULL){others} ORDER BY on_date DESC, at DESC LIMIT 1",
                     [case.id, *([] if whole_stage else [party_id])]).fetchone()
    if row is not None:
        steps.append((row[0], _("the case became “{status}”").format(status=shown_label("statuses", row[1]))))
    row = db.execute("SELECT on_date, kind FROM case_events WHERE case_id = ? AND kind IN (?, ?) AND party_id = ? "
                     "AND on_date IS NOT NULL ORDER BY on_date DESC, at DESC LIMIT 1",
                     [case.id, SERVED, WAIVED, party_id]).fetchone()
    if row is not None:
        texts = {SERVED: _("the pre-penalty notice was served on {party}"),
                 WAIVED: _("{party} waived its statement, defence and hearing")}
        steps.append((row[0], texts[row[1]].format(party=_party_name(db, party_id))))
    return max(steps, key=lambda step: step[0], default=None)


def date_refusal(db: Database, case: Case, name: str, on_date: str | None,
                 party_ids: tuple[str, ...] | str | None = (), *, for_command_line: bool = False) -> str | None:
    """Why action ``name`` cannot be recorded in the case with the date ``on_date`` (None: today), or None when
    it can: a date that is not in the calendar, a day still to come or in a year before
    ``validators.EARLIEST_YEAR`` (``year_slip``), a day the action's legal condition excludes (for the parties
    ``party_ids`` it is recorded for), or a day before the latest step already recorded
    (the procedure runs in order; in a case with several parties the service on a further party and a party's
    waiver run beside the others' steps and are held to their own conditions instead,
    ``party_notices.date_refusal``, as do the service of the decision on a further party and a party's payment,
    ``party_decisions.date_refusal``; a party's hearing steps, ``HEARING_STEPS``, come after that party's own steps
    and the case's, not the other parties', ``_latest_own_step``). ``for_command_line``: the refusal is the command
    line's, a correction advised with ``--supersedes`` (``_closing_date_guard``)."""
    from workstation import party_decisions, party_notices

    if isinstance(party_ids, str) or party_ids is None:
        party_ids = (party_ids,) if party_ids else ()
    transition = BY_NAME[name]
    try:
        # no day given: today, or for the decision the day its issued 行政处罚决定书 bears (as ``apply`` records it)
        date = parse_date(on_date) or (decision_document_day(db, case) if name == "decide_penalty" else receipt_day(
            db, case, name, party_ids)) or today()  # a service: the day of its 送达回证
    except ValueError as exc:
        return str(exc)
    if date > today():
        return _("{date} is still to come: record “{action}” with the day it was taken (today at the latest, "
                 "{today}).").format(date=date, action=transition.label, today=today())
    if slip := year_slip(date, _("The day of “{action}”").format(action=transition.label)):  # 〔1026〕 for a 立案
        return slip
    guard = transition.date_guard
    if guard is _closing_date_guard:
        refusal = _closing_date_guard(db, case, date, party_ids, for_command_line=for_command_line)
    else:
        refusal = guard(db, case, date, party_ids) if guard else None
    refusal = refusal or _resumed_before_refusal(db, case, transition, date)
    if refusal:
        return refusal
    if name in NOTICE_ACTIONS and len(parties_of_case(db, case.id)) > 1:
        refusal = party_notices.date_refusal(db, case, name, date, party_ids)
        if refusal or party_notices.side_by_side(case, name):
            return refusal
    if name in DECISION_ACTIONS and len(parties_of_case(db, case.id)) > 1:
        refusal = party_decisions.date_refusal(db, case, name, date, party_ids)
        if refusal or party_decisions.side_by_side(case, name, party_ids):
            return refusal
    if name in HEARING_STEPS and party_ids and len(parties_of_case(db, case.id)) > 1:
        latest = _latest_own_step(db, case, party_ids[0], whole_stage=name in HEARING_GIVEN_UP
                                  and _given_up_scope(db, case, party_ids)[2])
    else:
        latest = latest_step(db, case)
    if latest is not None and date < latest[0]:
        return _("{date} is before the latest step of the case ({what}, {latest}): the steps of the procedure "
                 "are recorded in their order.").format(date=date, what=latest[1], latest=latest[0])
    return None


def apply(db: Database, case_id: str, name: str, *, on_date: str | None = None, reason: str = "",
          party_id: str | None = None, party_ids: tuple[str, ...] = (), proposed_on: str | None = None,
          payment: Payment | None = None, officer_ids: tuple[str, ...] = (), in_full: bool = False,
          for_command_line: bool = False) -> Case:
    """Apply action ``name`` to the case; TransitionRefused says why when the state or the law forbids it (a
    correction advised with ``--supersedes`` ``for_command_line``: ``date_refusal``).
    ``officer_ids``: with ``file``, the officers the case is filed with (办案人员, in their order), made its officers in
    the same transaction before its guard counts them — nothing changes when the filing is refused.
    ``payment``: with ``record_performance``, the amount paid, its surcharge and voucher (``payments``), kept with
    the event; in a case with one party, an amount short of what is owed is a payment of part (``payments.part_left``),
    the case staying served, unless ``in_full``: the officer records the decision performed all the same (the rest
    waived or reduced, 行政强制法 art. 42, or the total computed not what the voucher settles). So for one party of a
    case with several, under its own decision: its payment of part (``payments.as_part``) leaves it owing, its
    payment period and enforcement running, unless ``in_full``.
    ``party_id``: the party who asks for a hearing, needed in a case with several parties (``party_refusal``) and
    recorded with the event. ``party_ids`` (or ``party_id``): in a case with several parties, the parties the notice
    was served on (none: every party not yet served) or who waive (``party_notices``). ``proposed_on``: with
    ``file``, the day the filing was proposed for approval (立案呈批日期; None keeps the one recorded).
    ``decline_filing`` of a case awaiting filing sent away by a 案件移送函 in force (``pending_referral``) records the
    referral: on the letter's day and for the transfer it states unless others are given, its lead referred (已移送)
    to the authority it names rather than declined (``leads_workflow.refer_with_case``)."""
    transition = BY_NAME.get(name)
    if transition is None:
        raise TransitionRefused(_("Unknown procedure action {name}.").format(name=name))
    named = tuple(dict.fromkeys(party_ids or ((party_id,) if party_id else ())))
    # filing gives the case its number (update_case): synced to the disk with it, as a number taken by create_case is
    with immediate(db) if name == "file" else db.atomic():
        case = get_case(db, case_id)
        if name == "transfer_to_police" and case.status in CLOSED_ON:  # said with what to do instead
            from workstation.decided_transfer import closed_refusal

            raise TransitionRefused(closed_refusal(case))
        if not _offered(db, case, transition):
            # a party named with 送达处罚决定书 after the others' service: why not that party (``party_decisions``)
            named_refusal = (name == "serve_decision" and named and case.status in transition.several_parties_sources
                             and parties_refusal(db, case, name, named))
            if name == "serve_decision" and named and case.status in CLOSED_ON and not named_refusal:
                from workstation.party_decisions import spared_closed_refusal

                # a party's 不予行政处罚决定书 is served before 结案: said so, with what to do instead
                named_refusal = spared_closed_refusal(db, case, named)
            raise TransitionRefused(named_refusal or not_offered_refusal(db, case, transition))
        if officer_ids and name == "file":  # named as it is filed (``cases transition … file --officer``)
            case = update_case(db, replace(case, officer_ids=list(dict.fromkeys(officer_ids))))
        refusal = (transition.guard(db, case) if transition.guard else None) or parties_refusal(db, case, name,
                                                                                                 named)
        if refusal:
            raise TransitionRefused(refusal)
        several = len(parties_of_case(db, case.id)) > 1
        if not several:
            named = ()  # a case with one party: the action is the case's, as before
        referral = pending_referral(db, case) if name == "decline_filing" else None
        if referral is not None:  # sent away by its 案件移送函: the referral, for the letter's reason on its day
            from workstation.concluding import transfer_letter_reason

            reason = reason if reason.strip() else transfer_letter_reason(db, case)
            on_date = on_date or referral.dated
        if transition.needs_reason and not reason.strip():
            raise TransitionRefused(_("“{action}” needs a reason.").format(action=transition.label))
        if name == "decide_on_the_spot" and not on_date:  # the day the 当场行政处罚决定书 bears
            on_date = on_the_spot_decision(db, case).dated
        if name == "decide_penalty" and not on_date:  # the day the issued 行政处罚决定书 bears, if there is one
            on_date = decision_document_day(db, case)
        if name in SERVICE_STEPS and not on_date:  # the 送达日期 of the issued 送达回证, if there is one
            on_date = receipt_day(db, case, name, named)
        refusal = date_refusal(db, case, name, on_date, named, for_command_line=for_command_line)
        if refusal:
            raise TransitionRefused(refusal)
        date = parse_date(on_date) or today()
        if name == "record_performance" and in_full and payment is not None and payment.waiver is None:
            # recorded in full: the officer's reason, less the notes the window or command line added to it, kept
            # with the payment as the rest's waiver (行政强制法 art. 42), "" without one (``closing.waiver_reason``)
            from workstation.payments import without_added_notes

            payment = replace(payment, waiver=without_added_notes(reason))
        details = payment.to_json() if payment is not None and name == "record_performance" else None
        if name == "record_performance":  # a voucher's number already recorded for a payment (of the parties named)
            from workstation.payments import voucher_refusal

            refused = voucher_refusal(db, case, payment, named or None)
            if refused:
                raise TransitionRefused(refused[1])
        if name == "record_performance" and payment is not None and len(named) > 1:  # each party's own share
            from workstation.payments import payment_shares

            shares, refused = payment_shares(db, case, date, named, payment)
            if refused:
                raise TransitionRefused(refused[1])
            details = {party: share.to_json() for party, share in shares.items()}
        elif name == "record_performance" and payment is not None:  # nothing to pay, a surcharge above the fine
            from workstation.payments import owed, payment_refusal

            refused = payment_refusal(owed(db, case, date, named[0] if named else None), payment)
            if refused:
                raise TransitionRefused(refused[1])
            if not several and not in_full:  # part of what is owed: a payment, the case staying served (T15, T16)
                from workstation.party_decisions import PAID
                from workstation.payments import part_left

                if part_left(db, case, date, payment) is not None:
                    _party_events(db, case, PAID, (None,), date, reason.strip(), details)
                    return get_case(db, case.id)
            elif several and named and not in_full:
                # a party's part of what it owes under its own decision: its payment, the party not paid (T8, T16 run
                # on), the case performed only once every party paid
                from workstation.payments import as_part, part_left

                if part_left(db, case, date, payment, named[0]) is not None:
                    details = as_part(details)
        if name == "send_pre_notice" and not several:
            from workstation.penalty_terms import served_details

            details = served_details(db, case)  # the penalty the party is told of, kept with the service
        if name in HEARING_GIVEN_UP:  # kept with the step: the documents after it tell it from a hearing held
            import json

            details = json.dumps({GIVEN_UP_KEY: name})
            if named and set(pending_hearings(db, case)) - set(named):
                # another party's hearing is still pending: the case stays at its hearing, the clocks stopped
                return _record(db, case, transition, {"status": case.status}, date, reason.strip(), named[0],
                               details)
        if name == "request_hearing" and several and _redo_noticing(db, case, transition):
            # the party decided anew asks after its new notice (arts. 63, 64): its request, the case's status staying
            return _record(db, case, transition, {"status": case.status}, date, reason.strip(), named[0], None,
                           "hearing")
        if several and name in PARTY_ACTIONS:
            return _apply_for_parties(db, case, transition, named, date, reason.strip(), details)
        if name == "redecide" and several and named:  # the order concerned this party alone
            return _redecide_for_party(db, case, transition, named[0], date, reason.strip())
        if name == "apply_enforcement":  # one event per party the court is applied for; the case stays served
            from workstation import enforcement

            parties = enforcement.parties_to_record(db, case, named, date)
            _party_events(db, case, enforcement.APPLIED, tuple(party.id for party in parties), date, reason.strip())
            return get_case(db, case.id)
        if name == "close" and case.status == "served" and not reason.strip():
            from workstation.enforcement import closing_note

            reason = closing_note(db, case)
        if name == "transfer_to_police":  # the 移送书 it is sent with, after the reason (and a warning read)
            reason = " ".join(part for part in (reason.strip(), transfer_note(db, case)) if part)
        returned = None  # 退回补充调查: (the reason given, the 案件审核表 it answers), audited after the step
        if name == "return_for_investigation":  # the 案件审核表 it answers named with the reason
            returned = (reason.strip(), failed_review(db, case))
            reason = _returned_note(returned[1], returned[0])
        changes = {"status": transition.target}
        event_status = None
        if name == "transfer_to_police" and case.status in DECIDED_ON:
            # the decision stays in force and its execution goes on (transfer rules art. 11: not suspended; a fine
            # paid is credited against the criminal fine, Penalty Law art. 35, and nothing in REFERENCE §1.7 stops
            # its collection, so the fine is still collected): the case keeps its status and its payment, surcharge,
            # 催告 and court-enforcement clocks run on; the transfer is the timeline's step beside it
            changes, event_status = {"status": case.status}, transition.target
        if transition.date_field:
            changes[transition.date_field] = date
        if name == "waive_statement":
            changes["notice_waived"] = True
        if name == "send_pre_notice":  # a corrected notice served again: its rights are waived anew, if at all
            changes["notice_waived"] = False
            # the notice of a decision ordered anew keeps the revoked one's date until the new decision (T2 stays met
            # by it, T2b counts the new one): the case's dates accept a notice after it (``cases.redone_after``)
        if name == "resume_after_police" and case.status == "closed":  # reopened: the police returned it
            changes["closed_on"] = None
            reason = noted_reason(reason, _("The case, closed on {closed}, is reopened: the police withdrew it on "
                                            "{date} and returned it to be decided (Penalty Law art. 27).").format(
                closed=case.closed_on or "—", date=_police_withdrew_closed(db, case)))
        if name == "return_for_investigation" and case.status == "decision_pending":
            # the notice of the facts sent back is served anew after the new review, and the party waives its rights
            # on it anew, if at all: the service stays on the timeline alone (step_undo.CLEARED gives it back), so
            # does the waiver (``step_undo`` gives it back)
            changes["notice_served_on"] = None
            changes["notice_waived"] = False
        if name == "redecide":  # the new decision is served anew: the revoked one's service is its timeline's alone
            changes["served_on"] = None
            if case.status == "closed":  # reopened: closed again once the new decision is done with
                changes["closed_on"] = None
        if name == "file" and proposed_on:
            changes["filing_proposed_on"] = proposed_on  # checked against the filing date by update_case
        if name == "decide_on_the_spot":
            changes.update(decided_on=date, served_on=date, procedure_kind=SIMPLE,
                           fine_fen=on_the_spot_decision(db, case).fine_fen)
        if name == "leave_simple_procedure":  # the on-the-spot decision's traces: filed and decided anew
            changes.update(decided_on=None, served_on=None, procedure_kind=None, fine_fen=0)
        updated = _record(db, case, transition, changes, date, reason.strip(), named[0] if named else None,
                          details, event_status)
        if returned is not None:  # beside the step's entry: its reason and the 案件审核表 it answers (no 文号: its id)
            writer = AuditWriter(db)
            writer.add(REVIEW_RETURN_AUDIT, "case", case.id, {"status": case.status},
                       {"status": updated.status, "reason": returned[0],
                        "review": returned[1].document_id if returned[1] else None})
            writer.flush()
        if name == "decide_on_the_spot":  # a fine collected on the spot is paid with the decision
            updated = _collected_on_the_spot(db, updated, date)
        _stop_or_resume_clock(db, case.id, name, date, reason.strip(), left=case.status, entered=updated.status)
        from workstation.leads_workflow import refer_with_case, settle_lead, settled_lead, unsettle_lead

        if referral is not None:  # its lead referred (已移送) to the authority the letter names, not declined
            refer_with_case(db, updated, date, referral.receiver)
        settle_lead(db, case.id, name, date, reason.strip())  # the lead the case was opened from decided with it
        if name == "leave_simple_procedure" and (lead := settled_lead(db, case.id, "decide_on_the_spot", None)):
            # the lead settled by the 当场处罚 taken back with it (立案中 again, its T24 not started): decided when
            # the case is filed or not filed, on that day
            unsettle_lead(db, lead)
    return updated


def _record(db: Database, case: Case, transition: Transition, changes: dict, date: str, note: str,
            party_id: str | None, details: str | None = None, event_status: str | None = None) -> Case:
    """Write the case's ``changes`` (its new status among them) with the audit entry and the timeline event.
    ``event_status``: the state the timeline event records when the case keeps its status (the transfer to the
    police after the decision, ``decided_transfer``)."""
    updated = update_case(db, replace(case, **changes), allow_status_change=True)
    writer = AuditWriter(db)
    after = {"status": changes["status"]} | ({"step": transition.name} if event_status else {})
    writer.add("transition", "case", case.id, {"status": case.status}, after)
    writer.flush()
    add_event(db, CaseEvent(case_id=case.id, kind="transition", at=now(), on_date=date, actor=writer.actor,
                            from_status=case.status, to_status=event_status or changes["status"], note=note,
                            party_id=party_id, details=details))
    return updated


def _apply_for_parties(db: Database, case: Case, transition: Transition, named: tuple[str, ...], date: str,
                       note: str, details: str | dict[str, str | None] | None = None) -> Case:
    """Record the service of the notice on the parties ``named`` (none: every party not yet served), or their
    waiver, in a case with several parties: one event per party (``party_notices``), audited. The first service
    takes the case to the notice stage with its date (the case's ``notice_served_on``); a waiver takes it to its
    decision once no party with an issued notice is left to wait for, and marks the case waived once every such
    party waived."""
    from workstation import party_notices

    if transition.name in DECISION_ACTIONS:
        return _apply_decision_for_parties(db, case, transition, named, date, note, details)
    if _redo_noticing(db, case, transition):  # a party awaiting its new decision: the case's status and dates stay
        from workstation.penalty_terms import served_details

        for party_id in named:
            _party_events(db, case, party_notices.SERVED if transition.name == "send_pre_notice"
                          else party_notices.WAIVED, (party_id,), date, note,
                          served_details(db, case, party_id) if transition.name == "send_pre_notice" else None)
        return get_case(db, case.id)
    if transition.name == "send_pre_notice":
        kind = party_notices.SERVED
        named = named or tuple(party.id for party in party_notices.unserved_parties(db, case))
    else:
        kind = party_notices.WAIVED
    if kind == party_notices.SERVED:
        from workstation.penalty_terms import served_details

        for party_id in named:  # each party told of its own penalty, kept with its service
            _party_events(db, case, kind, (party_id,), date, note, served_details(db, case, party_id))
    else:
        _party_events(db, case, kind, named, date, note)
    changes: dict = {}
    if transition.name == "send_pre_notice" and case.status == "under_review":
        changes = {"status": transition.target, "notice_served_on": date}
    elif transition.name == "waive_statement":
        periods = party_notices.party_periods(db, case)
        if case.status == "pre_notice" and not party_notices.pending_refusal(db, case, date):
            changes["status"] = transition.target
        if periods and all(item.waived_on is not None for item in periods):
            changes["notice_waived"] = True
    if "status" in changes:
        return _record(db, case, transition, changes, date, note, None)
    return update_case(db, replace(case, **changes), allow_status_change=True) if changes else get_case(db, case.id)


def _party_events(db: Database, case: Case, kind: str, party_ids: tuple[str, ...], date: str, note: str,
                  details: str | None = None) -> None:
    """One case event of ``kind`` (a service, a waiver, a payment) for each of ``party_ids`` on ``date``, audited;
    the case's status is left as it is."""
    writer = AuditWriter(db)
    for party_id in party_ids:
        add_event(db, CaseEvent(case_id=case.id, kind=kind, at=now(), on_date=date, actor=writer.actor,
                                from_status=case.status, to_status=case.status, note=note, party_id=party_id,
                                details=details))
        writer.add(kind, "case", case.id, None, {"party_id": party_id, "on_date": date})
    writer.flush()


def _apply_decision_for_parties(db: Database, case: Case, transition: Transition, named: tuple[str, ...],
                                date: str, note: str, details: str | dict[str, str | None] | None = None) -> Case:
    """Record the service of the decision on the parties ``named`` (none: every party whose decision — a
    行政处罚决定书 in force, or a 不予行政处罚决定书 beside the others' penalties made by ``date`` — was not yet served,
    ``party_decisions.served_with_no_party``), or their payment, in a case with several parties: one event per
    party (``party_decisions``), audited. The first service takes the case to "served" with its date (the case's
    ``served_on``); a payment takes it to "performed" once every party owing money paid, and so does the action
    without a party when none owes. ``details``: the payment, or {party id: its own share} of one payment for
    several (``payments.payment_shares``)."""
    from workstation import party_decisions

    if transition.name == "serve_decision":
        kind = party_decisions.DECISION_SERVED
        named = named or tuple(party.id for party in party_decisions.served_with_no_party(db, case, date))
    else:
        kind = party_decisions.PAID
    if kind == party_decisions.PAID and isinstance(details, dict):  # one payment split into each party's own
        for party_id in named:
            _party_events(db, case, kind, (party_id,), date, note, details.get(party_id))
    else:
        _party_events(db, case, kind, named, date, note, details if kind == party_decisions.PAID else None)
    changes: dict = {}
    spared = party_decisions.spared_decision_days(db, case) if transition.name == "serve_decision" else {}
    if transition.name == "serve_decision" and case.status == "penalty_decided" and set(named) - set(spared):
        # served once a 行政处罚决定书 is: a 不予行政处罚决定书's service alone leaves the others' to record
        changes = {"status": transition.target, "served_on": date}
    elif (transition.name == "record_performance" and case.status == "served" and party_decisions.all_paid(db, case)
          and not party_decisions.undecided_parties(db, case)):  # a party not decided yet: its payment is recorded
        changes = {"status": transition.target}
    return _record(db, case, transition, changes, date, note, None) if changes else get_case(db, case.id)


# actions that stop the case's clocks (Penalty Law art. 60: suspension and hearing time are not counted) and
# the actions that restart them: {action: (clock event kind, starts it)}
CLOCK_ACTIONS = {"suspend": ("suspension", True), "resume": ("suspension", False),
                 "request_hearing": ("hearing", True), "conclude_hearing": ("hearing", False),
                 "withdraw_hearing": ("hearing", False), "hearing_absent": ("hearing", False)}
# the status each stopping clock event stands for: whatever step takes the case out of it (a suspended case sent to
# the police or terminated, a case at its hearing sent to the police) ends the event as its own resumption would,
# else the clocks would stay stopped for good and a later suspension or hearing be closed in its stead
CLOCK_STATUSES = {"suspension": "suspended", "hearing": "hearing"}


def _stop_or_resume_clock(db: Database, case_id: str, action: str, date: str, reason: str, *, left: str,
                          entered: str) -> None:
    """Start the clock event ``action`` stops the clocks with, or end the one it restarts them from; and end an open
    event whose status (``CLOCK_STATUSES``) the step took the case out of, from ``left`` to ``entered``."""
    from workstation.records import ClockEvent
    from workstation.store.clock_events import open_event, record_clock_event

    kind, starts = CLOCK_ACTIONS.get(action, (None, False))
    if starts and open_event(db, case_id, kind) is None:  # a further party's request: the clocks stay stopped
        record_clock_event(db, ClockEvent(case_id=case_id, kind=kind, starts_on=date, note=reason))
    resumed = kind if kind and not starts else None
    ending = {resumed} if resumed else set()
    ending |= {k for k, status in CLOCK_STATUSES.items() if left == status and entered != status}
    for each in sorted(ending):
        _end_open_event(db, case_id, each, date, resumed=each == resumed)


def _resumed_before_refusal(db: Database, case: Case, transition: Transition, date: str) -> str | None:
    """Why the step ``transition`` that restarts the clocks (恢复, the end of the hearing: ``CLOCK_ACTIONS``) cannot
    bear ``date``: the open event that stopped them began after that day (its start corrected since), so it would end
    before it began. None when it can: on the day the event began it stopped them for no day (``_end_open_event``)."""
    from workstation.store.clock_events import open_event

    kind, starts = CLOCK_ACTIONS.get(transition.name, (None, True))
    running = None if starts else open_event(db, case.id, kind)
    if running is None or running.starts_on <= date:
        return None
    return _("“{event}” began on {began} (the case's clock events): “{action}” on {date} would end it before it "
             "began. Record “{action}” on {began} or later, or correct the day “{event}” began first.").format(
        event=shown_label("clock_events", kind), began=running.starts_on, action=transition.label, date=date)


def _end_open_event(db: Database, case_id: str, kind: str, date: str, *, resumed: bool = False) -> None:
    """End the case's open clock event of ``kind`` (if any) the day before the clocks run again on ``date``. The
    step that restarts them (``resumed``: 恢复, the end of the hearing) on the day the event began stopped them for
    no day: the event is removed, the reason noted on the timeline (the steps that began and ended it stay there).
    A step taking the case out of the event's status otherwise ends it after at least its first day."""
    import datetime as dt

    from workstation.store.clock_events import delete_clock_event, open_event, record_clock_event

    running = open_event(db, case_id, kind)
    if running is None:
        if resumed:  # older data (ended or removed while the case was suspended): said, not refused, or the case
            from workstation.records import CaseEvent, now  # would stay suspended for good
            from workstation.store.cases import add_event

            add_event(db, CaseEvent(case_id=case_id, kind="clock", at=now(), on_date=date, note=_(
                "No “{kind}” was running in the case's clock events when the case resumed on {date} (it was ended "
                "or removed while the case was suspended): the time limits count every day of the suspension not "
                "recorded there. Check them.").format(kind=shown_label("clock_events", kind), date=date)))
        return
    if resumed and running.starts_on == date:  # not before it: ``_resumed_before_refusal``
        delete_clock_event(db, running.id, _("The clocks ran again on {date}, the day this began: no day is left "
                                             "uncounted.").format(date=date))
        return
    # the stop covers the days up to the one before the clock runs again (at least its first day)
    last = max(running.starts_on, (dt.date.fromisoformat(date) - dt.timedelta(days=1)).isoformat())
    record_clock_event(db, replace(running, ends_on=last))
