"""Statutory clocks (REFERENCE §1.2): the deadlines of each case computed from its key dates and its recorded
clock events under the rules of ``resources/law/clocks.toml``, with the working-day calendar.

A deadline carries how it was counted (start, period and unit, extensions with their approval, the intervals
that did not count, a roll to the next working day) and its legal source. A clock that runs in the case's stage
but cannot be computed (its start date is missing) is reported as such, never left out; a suspension that is
still running stops the clock and shows the days used and left.

The board computes the clocks of every open case in one pass over two queries; dates are handled as ordinals
and the explanation of a deadline is only written when someone reads it."""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import re
import threading
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from workstation import read_once
from workstation.case_reference import FILED_NUMBER_SQL
from workstation.db import Database
from workstation.decided_transfer import INVESTIGATION_ON
from workstation.document_clocks import DETAILS as DOCUMENT_DETAILS
from workstation.document_clocks import (
    REVIEW_AFTER_HEARING,
    SERVED_DOCUMENTS,
    TRANSFERRED_OUT,
    complete_by_documents,
    deemed_starts,
    transfer_letters,
)
from workstation.document_clocks import explain as explain_document_detail
from workstation.i18n import N_, _, ngettext
from workstation.on_the_spot_payment import COLLECTED_SQL
from workstation.on_the_spot_payment import FACT as COLLECTED_FACT
from workstation.party_notices import SERVED as NOTICE_SERVED
from workstation.penalty_terms import DECISION_FORM, IN_FORCE, NOTICE_FORM, PROPOSED_KEY, _party_of
from workstation.records import Case, today
from workstation.vocabulary import label, shown_label

# the kinds of clock events that are intervals (a start and, once over, an end) rather than single dates
INTERVAL_KINDS = ("suspension", "hearing", "announcement", "testing", "identification", "refund_order",
                  "preservation", "seizure", "deferral", "reconsideration", "litigation")
POINT_KINDS = ("hearing_session", "demand", "publication", "publication_withdrawn", "publication_stopped",
               "transfer_report",
               "transfer_approved", "transfer_refused", "police_filed", "police_refused", "police_review_requested",
               "police_review_upheld", "procuratorate_requested", "exhibits_transferred", "no_exhibits",
               "police_withdrawn", "bureau_filing", "fine_handed_over", "fine_banked",
               "challenge_upheld", "challenge_revoked", "challenge_changed", "challenge_unlawful", "challenge_void",
               "challenge_redo", "challenge_withdrawn", "challenge_not_accepted", "challenge_dismissed")
# the kind of the events read from the case's steps rather than recorded: the transfer to the police (T27's start),
# an interval from the transfer to the day before the case was taken up again after the police declined it (恢复办理,
# from 移送公安 or, closed as theirs and withdrawn by them, from 已结案), else before the step that took it out of 移送公安
# (结案): the time with the police, which T2 does not count (clocks.toml T2 ``excluded``, a data decision); open while
# the police hold it. A transfer made after the decision (the case keeping its status) is no such time: it stops nothing
TRANSFERRED = "transferred_police"
# the kind of the other time with the police read from the case's steps (``transfers``): a case taken back on their
# refusal, closed as theirs (结案 from an investigation status, once they opened it on reconsideration or supervision)
# and taken up again when they withdrew it, from that close to the day before the case was taken up again. Its own
# kind, so that it starts no T27; a clock excluding ``TRANSFERRED`` excludes it as that time (``_excluded_kind``)
POLICE_HELD = "police_held"
# the kind of the events read from the documents rather than recorded (``changed_decisions``): T19's start
DECISION_CHANGED = "decision_changed"
# the kind of the events read from the case's steps rather than recorded (``performances``): the day the penalty was
# performed (履行, the payment recorded), which meets the payment period T8; read for one case (``case_clocks``), not
# on the board, where neither T8 nor T16 runs once the case is performed
PERFORMED = "performed"
# the decision fact of a case whose penalty was performed (clocks.toml not_applicable: T16, nothing left to enforce)
PERFORMED_FACT = "performed"
# the kind of the events read from the case's steps rather than recorded (``declines``): the day the filing was
# declined (不予立案), which meets T1 in a case never filed; read for one case (``case_clocks``), not on the board,
# where T1 runs only while the case awaits its filing decision
DECLINED = "not_filed"
# the outcomes of the party's reconsideration or lawsuit that revoke the decision (撤销; 撤销并责令重新作出:
# 行政复议法 art. 64, 行政诉讼法 art. 70): nothing is left to pay or enforce under it (clocks.toml not_applicable
# "revoked": T8, T15, T16); with those that change it or declare it unlawful or void, they start T19 when it stood
# published (``overturned_decisions``)
REVOKING = ("challenge_revoked", "challenge_redo")
# the outcome that changes the decision (变更): the fine as changed, where it says one, is what the statistics count
# (``stats.FINE_SQL``; kept in the outcome's ``days``: store.clock_events.CHANGED)
CHANGING = "challenge_changed"
OVERTURNING = (*REVOKING, CHANGING, "challenge_unlawful", "challenge_void")
REVOKED_FACT = "revoked"
# the outcome that declares the decision unlawful (确认违法, 行政复议法 art. 65, 行政诉讼法 art. 74): the decision in force
# is then not published (信息公示规定 art. 11; clocks.toml not_applicable "unlawful": T18)
UNLAWFUL = "challenge_unlawful"
UNLAWFUL_FACT = "unlawful"
# the outcome that declares the decision void (确认无效, 行政复议法 art. 67, 行政诉讼法 art. 75): void from the start, it
# binds no one, so, as after a revocation, nothing is left to pay, demand or enforce under it (T8, T15, T16), and, as
# after one declared unlawful, it is not published (信息公示规定 art. 11: T18) — clocks.toml not_applicable
# "declared_void" (not "voided": a 行政处罚决定书 voided, 作废, in the workstation)
VOID = "challenge_void"
VOID_FACT = "declared_void"
# the outcomes after which nothing is left to pay, demand or enforce under the decision: revoked or declared void
ANNULLING = (*REVOKING, VOID)
# a change to no fine at all (the outcome's ``no_fine``, read as this ``days``: ``STORED_EVENT_COLUMNS``) of a
# decision whose only money was a fine (``FINE_ALONE_FACT``): nothing is left to pay or enforce (clocks.toml
# not_applicable "nothing_owed")
NO_FINE = -1
FINE_ALONE_FACT = "fine_alone"
NOTHING_OWED_FACT = "nothing_owed"
# the decision fact of a case whose decisions issued in the workstation were all voided, none in force in their place
# (clocks.toml not_applicable "voided": T8, T10, T11, T16, T18, until a new decision is issued)
VOIDED_FACT = "voided"
# the detail items that make a deadline unconfirmed whatever its own calendar: it counts from another clock's
# unconfirmed last day (T16 from T11), or an internal limit ends on a day of a year without holiday data that may be
# a rest day (a weekend, or a day about a festival: ``WorkCalendar.maybe_rest_day``)
UNCONFIRMING = ("start_unconfirmed", "rest_day_unconfirmed")
EXTENSION = "extension"
# the detail of a party's remedy period that the other remedy replaced (``remedy_taken``: T11 after a reconsideration)
REPLACED = "replaced"
# the party's reconsideration, and its outcome when the party withdrew it with the body's consent (撤回, 行政复议终止):
# such a reconsideration starts no period to sue after its decision (T12) and does not replace the direct suit (T11),
# which counts again from its own start, court enforcement (T16) from its end — 最高人民法院关于适用《中华人民共和国行政
# 诉讼法》的解释 (法释〔2018〕1号) art. 58, UNCONFIRMED (REFERENCE §11; resources/law/clocks.toml T12)
RECONSIDERATION = "reconsideration"
WITHDRAWN = "challenge_withdrawn"
# the detail saying so (``withdrawn_reconsiderations``) on T11 and T16
WITHDRAWN_DETAIL = "reconsideration_withdrawn"
# the decision not to penalise (不予行政处罚决定书): challenged as a penalty decision is (行政复议法 art. 20, 行政诉讼法
# art. 46; the remedies it prints), the party's periods to apply and to sue (T10, T11) counting from its service, which
# no step records: its 送达回证 (``no_penalty_service``). The detail saying so on T10 and T11
NO_PENALTY_FORM = "no_penalty_decision"
NO_PENALTY_SERVED = "no_penalty_served"
# the detail of T8 saying that a deferral recorded ends on or before its last day without it, so moves nothing
DEFERRAL_NOT_LATER = "deferral_not_later"
# the details of T8 deferred to the last instalment of a 分期缴纳罚款通知书 (``instalment_periods``): the next instalment
# it now counts to, and the instalments missed
INSTALMENT_NEXT = "instalment_next"
INSTALMENT_MISSED = "instalment_missed"
# the detail of T8 met, and of T16 not needed, in a served case with one party whose payments of part add up to all
# the decision as it now stands asks (``payments.balance`` settled: a deferral recorded since took the surcharge
# away, a fine lowered …), 履行完毕 not yet recorded (``paid_periods``): (it, paid, owed, in fen)
PAID_BY_PARTS = "paid_by_parts"
# the detail of the new decision's T8 and T16 after payments under a decision since revoked with a new one ordered
# (``payments.annulled_payment_note``: to be refunded or offset): (it, what is said)
ANNULLED_PAID = "annulled_paid"
# the decision fact of a case decided without its 行政处罚决定书 in the workstation, recording no fine or confiscation,
# whose 行政处罚告知书 proposed more than a warning (``DECISION_COLUMNS``): what was decided is not entered, so not
# taken for a warning alone — the periods to pay, enforce and publish (T8, T16, T18) run, with this detail saying so
AMOUNTS_NOT_ENTERED = "amounts_not_entered"
# the detail of T27 in a case imported as transferred to the police without the step: the day is not known
NO_TRANSFER_DATE = "no_transfer_date"
# the detail of T6 ended with the case's step once the hearing's day came with nothing recorded meeting it and the
# hearing stage not left before that day: no 听证通知书 for the hearing held (none issued here, or voided since;
# ``_notices_not_recorded``)
BEFORE_NOT_RECORDED = "before_not_recorded"
CASE_DATES = ("lead_received_on", "filed_on", "review_on", "notice_served_on", "decided_on", "served_on")
DUE_SOON_DAYS = 7
# the statuses of a case whose procedure is over: a clock still running there (T18 of a closed case) runs only from
# a step the case took, never as "not computable" for one it never took
ENDED_STATUSES = ("closed", "archived")
# the statuses of a case whose procedure is over or handed over (移送公安, 终止调查, 结案, 归档): a party's statement
# period (T4) that never started, the party never served its notice, no longer will — not applicable there
# (``never_started``), not "not computable" for a service no one will record. (The periods from the service of a
# party's decision stay "missing" there: an unserved decision is not in force for that party, a gap to fill.)
OVER_STATUSES = (TRANSFERRED, "terminated", *ENDED_STATUSES)
# the detail item of such a period, with the case's status (``_explain``)
NEVER_STARTED = "never_started"
OPEN_STATES = ("overdue", "expired", "due_soon", "open", "stopped", "missing")
#: the state of a clock paused while its case, sent to another authority by a 案件移送函, awaits its 终止调查
#: (``Deadline.transferred_out``), and what the board's Remaining says of it
TRANSFERRED_OUT_TEXT = N_("Transferred, awaiting termination")
TRANSFERRED_OUT_LEFT = N_("transferred, awaiting termination")


@dataclass(frozen=True)
class ClockRule:
    """One statutory time limit of ``resources/law/clocks.toml``."""

    id: str
    title: str
    period: int
    unit: str
    start: str
    source: str
    before: bool = False
    running: frozenset[str] = frozenset()
    done: str = ""
    # further event kinds any of which meets it too (clocks.toml ``done`` as a list: T27 met by either answer)
    done_also: tuple[str, ...] = ()
    extension_days: int = 0
    extension_approval: str = ""
    extension_limit: int = 0
    extension_further: str = ""
    extension_further_by: tuple[str, ...] = ()
    extension_further_limit: int = 0
    extension_once: bool = False
    excluded: frozenset[str] = frozenset()
    party_facing: bool = False
    board: bool = True
    deferred_by: str = ""
    start_deferred_by: str = ""
    start_instead: tuple[str, ...] = ()
    unconfirmed: str = ""
    unconfirmed_on_rest_day: bool = False  # ``unconfirmed`` applies only when the last day is a rest day
    # (event kind, why) pairs: the exclusion of that kind's time is not confirmed by the law (clocks.toml
    # ``excluded_unconfirmed``, of the kinds this clock excludes), said in the calculation when that time is excluded
    excluded_unconfirmed: tuple[tuple[str, str], ...] = ()
    expires: bool = False
    # the measure lapses by itself once over (clocks.toml ``lapses``: T13, 先行登记保存): "expired", shown as lapsed
    lapses: bool = False
    # a date the law deems, not a duty (clocks.toml ``deemed``: T30, 公告送达): never overdue nor met late, and the
    # interval of its event another clock excludes ends on its last day (``_Engine.exclude``)
    deemed: bool = False
    # a period shown on the case, not a duty (clocks.toml ``span``: T20, the publication period): never overdue nor
    # met late, ended early by a ``done`` event before its last day (``_Engine._finish``)
    span: bool = False
    # what chooses the length instead of ``period`` (clocks.toml ``period_by``: "publication", T20:
    # ``publication_period.publication_periods``)
    period_by: str = ""
    not_applicable: tuple[tuple[str, str], ...] = ()
    deadline_text: str = ""
    # the decision fact (``decision_facts``) without which the clock does not exist for a case (T31: a case decided
    # under the simple procedure); "" for every case
    only_for: str = ""
    # (decision fact, "clock:<id>") pairs: under that fact the clock starts from the other clock instead (T16 of a
    # decision made on the spot: from T10, the direct suit T11 not applying)
    start_if: tuple[tuple[str, str], ...] = ()
    # the case statuses beyond ``running`` in which the party's period still counts to its last day, off the board
    # (clocks.toml ``outlives``: T10, T11, T12 of a closed case), instead of ending with the case
    outlives: frozenset[str] = frozenset()
    # (event kind, why) pairs: the party took that other remedy instead (clocks.toml ``replaced_by``: T10 after a
    # direct suit, T11 after a reconsideration), the clock no longer applies from that day (``remedy_taken``)
    replaced_by: tuple[tuple[str, str], ...] = ()
    # counts only the events recorded on or after the decision date in force (clocks.toml ``current_decision``: T15,
    # T16): the 催告书, deferral, challenges and outcomes of a decision since revoked and made again no longer count
    current_decision: bool = False
    # an outcome kind after which the clock stays met by the first decision (clocks.toml ``redone_by``: T2 after 撤销并
    # 责令重新作出, the new decision counted by T2b): ``_Engine.first_decision``
    redone_by: str = ""
    # started only by an event of the whole case, not one naming a party (clocks.toml ``whole_case``: T2b, the new
    # decision ordered for the whole case, which ``redecide`` answers; a party's own order does not reopen it)
    whole_case: bool = False

    def current(self, events: list[EventFacts], decided: int | None) -> list[EventFacts]:
        """``events`` as the clock counts them, the decision in force made on ``decided`` (``current_decision``)."""
        if not self.current_decision or decided is None or not events:
            return events
        return [e for e in events if e.start >= decided]

    @property
    def start_kind(self) -> str:
        """"field" (a case date), "event" (one deadline per event of a kind), "end" (one per ended event of a kind,
        from its end) or "clock" (another's deadline)."""
        return self.start.split(":", 1)[0] if ":" in self.start else "field"

    @property
    def start_ref(self) -> str:
        return self.start.split(":", 1)[1] if ":" in self.start else self.start

    @property
    def start_index(self) -> int | None:
        """Where a case-date start sits in ``CASE_DATES``."""
        return CASE_DATES.index(self.start) if self.start_kind == "field" else None

    @property
    def done_event(self) -> str:
        return self.done[6:] if self.done.startswith("event:") else ""

    @property
    def done_events(self) -> tuple[str, ...]:
        """The event kinds any of which meets the clock."""
        return tuple(d[6:] for d in (self.done, *self.done_also) if d.startswith("event:"))

    @property
    def done_index(self) -> int | None:
        return CASE_DATES.index(self.done) if self.done and not self.done_event else None

    @property
    def extendable(self) -> bool:
        return self.extension_days > 0

    def not_applicable_because(self, facts: frozenset[str]) -> str:
        """Why the time limit does not apply to a case with these decision facts ("" when it applies)."""
        return next((why for fact, why in self.not_applicable if fact in facts), "")

    def unit_text(self, n: int | None = None) -> str:
        n = self.period if n is None else n
        return {"wd": _("{n} working days"), "cd": _("{n} days"), "months": _("{n} months"),
                "hours": _("{n} hours")}[self.unit].format(n=n)


def rules() -> tuple[ClockRule, ...]:
    """The clock rules in file order, their titles and texts (approvers, the police's duty of T27, why a rule is
    unconfirmed or does not apply) in the user's language: in English their twins of vocabulary_en.toml
    ([clock_titles] by clock id, [clock_texts] by the Chinese text), else the Chinese of clocks.toml."""
    return _rules(_english())


def _english() -> bool:
    """Whether the rules are wanted in English: the language held for a count (``clock_rules_held``), else the
    user's language, the clocks.toml in force looked at first (``_rules_in_force``)."""
    english = getattr(_HELD, "english", None)
    if english is None:
        from workstation.i18n import language

        _rules_in_force()
        english = language() == "en"
    return english


def _rules_in_force() -> None:
    """Forget what was made of the rules read before (``_rules``, ``_plan_in``, ``_deemed_by``, ``_referenced``)
    once the clocks.toml in force changed (the bureau's copy changed, came or was taken away: ``law.data.changed``):
    called first by each of them a caller asks for, so that none counts with the rules read before; looked at once
    for a whole count while ``clock_rules_held``."""
    if getattr(_HELD, "english", None) is not None:
        return
    from workstation.law.data import changed

    data = changed("clocks", _RULES_OF[0])
    if data is not None:
        for made in (_rules, _plan_in, _deemed_by_in, _referenced_in):
            made.cache_clear()
        _RULES_OF[0] = data


#: the parsed clocks.toml the cached ``_rules`` were made from
_RULES_OF: list = [None]

#: of the thread counting with the rules held (``clock_rules_held``): ``english``, the language of the rules it counts with
_HELD = threading.local()


@contextmanager
def clock_rules_held():
    """On this thread, look for a change of the clocks.toml in force (``_rules_in_force``) and read the user's
    language once, when entered, not again for each case: the board looked for the bureau's copy of clocks.toml once
    a case (its data folder worked out, a stat), 9 of the 12 seconds of a count of 100,000 cases. Not a snapshot:
    another thread's ``rules()`` finding the bureau's copy changed clears the cached rules, and what this thread
    counts after that uses the new file (as it did without the hold). Nested: the outer hold's. Never around a
    ``yield``: a generator suspended inside the hold leaves this thread held (resumed on another, for good)."""
    if getattr(_HELD, "english", None) is not None:
        yield
        return
    from workstation.i18n import language

    _rules_in_force()
    _HELD.english = language() == "en"
    try:
        yield
    finally:
        _HELD.english = None


@cache
def _rules(english: bool) -> tuple[ClockRule, ...]:
    # read when the first deadline is counted (after the window's first paint), not at import; checked by
    # ``law.data.check_clocks``: a damaged file or a value the engine cannot count is a WorkstationError naming the
    # file, the line and the key, never a traceback nor a deadline counted in another unit
    from workstation.law.data import load
    from workstation.vocabulary import english_labels

    data = load("clocks")
    titles, texts = english_labels().get("clock_titles", {}), english_labels().get("clock_texts", {})

    def shown(text: str) -> str:
        return texts.get(text, text) if english and text else text

    # why the exclusion of an event's time is unconfirmed, by its kind: said by each clock excluding it
    why_excluded = {kind: why for kind, why in (data.get("excluded_unconfirmed") or {}).items()
                    if isinstance(why, str) and why}
    out = []
    for item in data["clock"]:
        item = {**item, "title": titles.get(item["id"], item["title"]) if english else item["title"],
                "deadline_text": shown(item.get("deadline_text", "")), "unconfirmed": shown(item.get("unconfirmed", "")),
                "not_applicable": {fact: shown(why) for fact, why in item.get("not_applicable", {}).items()},
                "replaced_by": {kind: shown(why) for kind, why in item.get("replaced_by", {}).items()}}
        if "extension" in item:
            item["extension"] = {**item["extension"], "approval": shown(item["extension"].get("approval", "")),
                                 "further": shown(item["extension"].get("further", ""))}
        extension = item.get("extension", {})
        done = item.get("done", "")
        done = [done] if isinstance(done, str) else list(done)
        out.append(ClockRule(
            id=item["id"], title=item["title"], period=int(item["period"]), unit=item["unit"], start=item["start"],
            source=item["source"], before=item.get("direction", "after") == "before",
            running=frozenset(item.get("running", ())), done=done[0] if done else "", done_also=tuple(done[1:]),
            extension_days=int(extension.get("days", 0)), extension_approval=extension.get("approval", ""),
            extension_limit=int(extension.get("limit", 0)), extension_further=extension.get("further", ""),
            extension_further_by=tuple(extension.get("further_by", ())),
            extension_further_limit=int(extension.get("further_limit", 0)),
            extension_once=bool(extension.get("once", False)),
            excluded=frozenset(item.get("excluded", ())), party_facing=bool(item.get("party_facing", False)),
            board=bool(item.get("board", True)), deferred_by=item.get("deferred_by", ""),
            start_deferred_by=item.get("start_deferred_by", ""), start_instead=tuple(item.get("start_instead", ())),
            unconfirmed=item.get("unconfirmed", ""),
            unconfirmed_on_rest_day=bool(item.get("unconfirmed_on_rest_day", False)), expires=bool(item.get("expires", False)),
            excluded_unconfirmed=tuple((kind, shown(why)) for kind, why in why_excluded.items()
                                       if kind in item.get("excluded", ())),
            lapses=bool(item.get("lapses", False)), deemed=bool(item.get("deemed", False)),
            span=bool(item.get("span", False)), period_by=item.get("period_by", ""),
            not_applicable=tuple(item.get("not_applicable", {}).items()),
            deadline_text=item.get("deadline_text", ""), only_for=item.get("only_for", ""),
            start_if=tuple(item.get("start_if", {}).items()), outlives=frozenset(item.get("outlives", ())),
            replaced_by=tuple(item["replaced_by"].items()),
            current_decision=bool(item.get("current_decision", False)), redone_by=item.get("redone_by", ""),
            whole_case=bool(item.get("whole_case", False))))
    return tuple(out)


def rule(clock_id: str) -> ClockRule:
    for r in rules():
        if r.id == clock_id:
            return r
    raise KeyError(clock_id)


def running_statuses() -> frozenset[str]:
    """Every case status in which some clock runs (the board's open cases): of an event's clock only where the
    event is read from the case's steps (T27 while the case is with the police), a recorded one bringing its case
    to the board by itself."""
    return frozenset().union(*(r.running for r in rules() if r.start_kind not in ("event", "end")
                               or r.start_ref == TRANSFERRED))


@dataclass(frozen=True, slots=True)
class EventFacts:
    """The columns of a clock event the computation needs (ordinals for dates)."""

    id: str
    kind: str
    clock: str
    start: int
    end: int | None
    days: int
    approved_on: str | None
    approved_by: str
    # the party whose own reconsideration or litigation it is, or whose goods are tested or seized, or whose seizure
    # is extended (T14 of a party's seizure counts that party's testing and extensions and the whole case's:
    # ``case_deadlines``' ``own``; clock_events.party_id, m022); "" for the whole case
    party: str = ""
    # the seal-up or seizure (its event's id) an extension of its T14 extends (clock_events.measure_id, m061): that
    # measure's alone (``of_measure``); "" for every other event, and an extension recorded before, which extends each
    measure: str = ""

    def of(self, party_id: str) -> bool:
        """Whether the event concerns the party ``party_id``: one of the whole case concerns every party."""
        return not self.party or self.party == party_id

    def of_measure(self, event_id: str) -> bool:
        """Whether the event concerns the measure begun by the event ``event_id``: an extension naming another
        measure does not (行政强制法 art. 25: each measure is extended by its own 延长决定书); any other event does."""
        return not self.measure or self.measure == event_id


@dataclass(slots=True)
class Deadline:
    """One deadline of one case: its state, due date and how it was counted (dates kept as ordinals; ``start``,
    ``due`` and ``done_on`` give them as ISO text)."""

    case_id: str
    case_number: str
    rule: ClockRule
    state: str
    start_ord: int | None = None
    due_ord: int | None = None
    days_left: int | None = None
    confirmed: bool = True
    done_ord: int | None = None
    event_id: str | None = None
    detail: tuple = ()
    lead_id: str | None = None
    start_what: str = ""  # what the start date is when not the rule's own start (``start_label``'s ``ref``)
    # the party whose own deadline this is (a case with several parties served on different days), else ""
    party: str = ""
    party_id: str | None = None
    interview_id: str | None = None  # a 约谈's rectification report (``interview_deadlines``), not a case's clock
    # the 责令改正通知书 whose re-inspection this row awaits (``rectification_checks``), not a statutory clock
    document_id: str | None = None
    # who the row concerns and who handles it, as the board shows them (``board_export.name_rows``; masked)
    party_label: str = ""
    officers: str = ""
    # the case column's name of a case without a number (``board_export.name_rows``): one decided on the spot by its
    # 当场行政处罚决定书 (当场处罚 No.…); shown only, never the ``case_number`` of ``as_dict``
    case_label: str = ""
    # of a working-day count through a year without holiday data, those years as the calendar it was counted on gave
    # them (``_Engine._finish``; the data folder's own files included), which its calculation names
    unconfirmed_years: tuple[int, ...] = ()

    @property
    def start(self) -> str | None:
        return None if self.start_ord is None else _iso(self.start_ord)

    @property
    def due(self) -> str | None:
        return None if self.due_ord is None else _iso(self.due_ord)

    @property
    def done_on(self) -> str | None:
        return None if self.done_ord is None else _iso(self.done_ord)

    @property
    def clock(self) -> str:
        return self.rule.id

    @property
    def title(self) -> str:
        if self.detail[:1] == ((NO_TRANSFER_DATE,),):
            return _("{title} (transfer date not recorded)").format(title=self.rule.title)
        if self.rule.deadline_text and self.due and self.open:  # another body's duty (T27): what it must do by when
            return self.rule.deadline_text.format(due=self.due)
        title = self.rule.title
        if self.rule.id == "T3" and any(item[:1] == (REVIEW_AFTER_HEARING,) for item in self.detail):  # after the hearing
            title = _("{title} (after the hearing)").format(title=title)
        title = f"{title}（{self.party}）" if self.party else title
        return _instalment_title(title, self.detail) if self.rule.id == "T8" and self.detail else title

    @property
    def limit_text(self) -> str:
        """The time limit as the board, the handout and ``clocks`` name it: its code and title (T4 当事人陈述、申辩…), an
        interview's rectification report by its title alone (it has no code: no statutory period)."""
        return self.title if self.interview_id or self.document_id else f"{self.clock} {self.title}"

    @property
    def source(self) -> str:
        return self.rule.source

    @property
    def stopped_by(self) -> tuple[str, ...]:
        """The kinds of the intervals still running that stopped the clock ("suspension", "hearing" …), else ()."""
        return next((tuple(item[2]) for item in self.detail if item[0] == "stopped"), ())

    @property
    def awaiting(self) -> tuple[str, ...]:
        """The kinds of the challenges still pending (a reconsideration, a lawsuit) that keep the clock from starting
        (T16 counts from the end of the remedy periods: REFERENCE §1.2), else (): such a clock has not started yet,
        which is no pause of a clock that began."""
        return next((tuple(item[2]) for item in self.detail if item[0] == "awaiting"), ()) \
            if self.state == "stopped" else ()

    @property
    def paused(self) -> bool:
        """Stopped, but not by a suspension of the case: the time of a hearing, an announcement, testing … is not
        counted (行政处罚法 art. 60), which is no 中止 (kept for a suspension, 案件中止); not a clock that has not
        started (``awaiting``)."""
        return self.state == "stopped" and "suspension" not in self.stopped_by and not self.awaiting

    @property
    def transferred_out(self) -> bool:
        """Paused as its case was sent to another authority by a 案件移送函 in force, not yet terminated here
        (``TRANSFERRED_OUT``): shown 已移送，待终止 (``TRANSFERRED_OUT_TEXT``), never counted on to overdue."""
        return self.paused and TRANSFERRED_OUT in self.stopped_by

    @property
    def state_key(self) -> str:
        """The key of ``deadline_states`` the deadline is shown with: "paused" for a clock ``paused``,
        "not_started" for one waiting for a challenge to end (``awaiting``), "lapsed" for a measure over that lapsed
        by itself (``ClockRule.lapses``), "notice_period" for a deemed date still to come (``ClockRule.deemed``)."""
        if self.awaiting:
            return "not_started"
        if self.rule.lapses and self.state == "expired":  # 先行登记保存 not decided in time: lapsed by itself (T13)
            return "lapsed"
        if self.rule.deemed and self.state in ("open", "due_soon"):  # 公告期内, until deemed served (T30)
            return "notice_period"
        if self.rule.span and self.state in ("open", "ended"):  # a period, not a duty (T20's publication period)
            return "in_period" if self.state == "open" else "ended_early" if self.done_ord is not None \
                else "period_over"
        return "paused" if self.paused else self.state

    @property
    def state_label(self) -> str:
        """The state as shown (Chinese): a paused clock says what is not counted, 暂停计时（听证期间不计入）."""
        if self.transferred_out:
            return _(TRANSFERRED_OUT_TEXT)
        return label("deadline_states", self.state_key) + self.paused_note(label)

    def shown_limit(self) -> str:
        """``limit_text`` as `clocks` and the moved deadlines of a calendar change say it, in the user's language (in English the
        clock's English title, the party or remark beside it kept): "T3 立案期限", an interview's report and a
        责令改正复查 without their code."""
        from workstation.vocabulary import shown_label

        english = shown_label("clock_titles", self.clock)
        title = self.title.replace(self.rule.title, english, 1) if self.rule.title and english != self.clock \
            else self.title
        return title if self.interview_id or self.document_id else f"{self.clock} {title}"

    def shown_state(self) -> str:
        """``state_label`` in the user's language (``vocabulary.shown_label``)."""
        from workstation.vocabulary import shown_label

        if self.transferred_out:
            return _(TRANSFERRED_OUT_TEXT)
        return shown_label("deadline_states", self.state_key) + self.paused_note(shown_label)

    def paused_note(self, labelled) -> str:
        """What a paused clock does not count, "（听证期间不计入）", or what a clock not started waits for,
        "（行政复议期间尚未结束）", with the event kinds' labels ``labelled`` gives; a re-inspection recorded after a
        责令改正通知书, its result: "（已改正）"; a T1 missed before the lead's assignment says so first."""
        if self.document_id and self.state == "checked":
            from workstation.rectification_checks import result_label

            return _(" ({what})").format(what=result_label(self.detail[0][4], labelled))
        if self.awaiting:
            return _(" ({kinds} still pending)").format(
                kinds="、".join(labelled("clock_events", kind) for kind in self.awaiting))
        # a T1 missed before the lead's (latest) assignment (``assignment_misses``), then what a pause does not count
        missed = [item for item in self.detail if item[0] == MISSED_BEFORE_ASSIGNMENT]
        note = _(" (overdue before the assignment: due {date})").format(date=_iso(missed[-1][2])) if missed else ""
        if not self.paused or not self.stopped_by:
            return note
        return note + _(" ({kinds}: time not counted)").format(
            kinds="、".join(event_label(kind, labelled) for kind in self.stopped_by))

    @property
    def rest_day_flagged(self) -> bool:
        """An internal limit still to be met (or met late) whose last day is a rest day: not moved, only flagged
        (REFERENCE §1.2 rule 3) — the board marks the row and the calculation says so."""
        return self.state not in ("met", "ended", "stopped", "missing", "not_applicable") and any(
            item[0] in ("rest_day", "rest_day_unconfirmed") for item in self.detail)

    @property
    def open(self) -> bool:
        return self.state in OPEN_STATES

    def calculation(self) -> str:
        """How the deadline was counted, in the user's language (one line per step)."""
        return "\n".join(_explain(self))

    def as_dict(self) -> dict:
        # no number (a case not filed, a lead's or an interview's clock) is null, as ``cases list`` gives it
        return {"case_id": self.case_id, "lead_id": self.lead_id, "interview_id": self.interview_id,
                "document_id": self.document_id,
                "case_number": self.case_number or None, "clock": self.clock,
                "title": self.title, "state": self.state, "start": self.start, "due": self.due,
                "days_left": self.days_left, "unit": self.rule.unit, "period": self.rule.period,
                "party_facing": self.rule.party_facing, "confirmed": self.confirmed, "done_on": self.done_on,
                "calculation": self.calculation(), "source": self.source, "party": self.party or None,
                "party_id": self.party_id}


def remedy_taken(r: ClockRule, start: int | None, events: list[EventFacts],
                 party_id: str = "") -> tuple[int | None, tuple | None]:
    """How the party's remedy period ``r`` (clocks.toml ``replaced_by``: T10, T11) stands by the first of the
    events that end it, recorded on or after ``start`` (a challenge of a decision made before it, since made again,
    is not one of this decision): (its day, None) when it is one of ``done`` (the party applied for reconsideration,
    or sued, in time or late), (None, (``REPLACED``, its day, its kind, why)) when the party took the other remedy
    instead (``replaced_by``), (None, None) while neither was recorded. ``party_id``: that party's own events and the
    whole case's count (``EventFacts.of``); without it only the whole case's (a case with one party records every
    challenge so)."""
    if start is None:
        return None, None
    replacing = dict(r.replaced_by)
    # a reconsideration the party withdrew does not replace the direct suit (``WITHDRAWN``): it still meets T10
    withdrawn = withdrawn_reconsiderations(events) if replacing else {}
    first = min(((e.start, e.kind) for e in events if (e.kind in r.done_events or e.kind in replacing
                                                       and e.id not in withdrawn)
                 and e.start >= start and (e.of(party_id) if party_id else not e.party)), default=None)
    if first is None:
        return None, None
    if first[1] in replacing:
        return None, (REPLACED, first[0], first[1], replacing[first[1]])
    return first[0], None


def withdrawn_reconsiderations(events: list[EventFacts]) -> dict[str, EventFacts]:
    """{id of a reconsideration of ``events`` the party withdrew: the outcome recording the withdrawal}
    (``WITHDRAWN``): it starts no T12, does not replace T11 and does not move T16."""
    if not any(e.kind == WITHDRAWN for e in events):
        return {}
    reconsiderations = {e.id for e in events if e.kind == RECONSIDERATION}
    return {e.clock: e for e in events if e.kind == WITHDRAWN and e.clock in reconsiderations}


def replaced_deadline(d: Deadline, replaced: tuple | None) -> Deadline:
    """``d`` shown as not applicable since the party took the other remedy (``remedy_taken``), its last day kept
    (T16 still counts from T11's); ``d`` itself when it was not replaced."""
    if replaced is None or d.state == "missing":
        return d
    return Deadline(d.case_id, d.case_number, d.rule, "not_applicable", d.start_ord, d.due_ord, None, d.confirmed,
                    None, d.event_id, (("not_applicable", replaced[3]), replaced[:3]), start_what=d.start_what)


def never_started(r: ClockRule, case_id: str, number: str, status: str) -> Deadline:
    """A party's statement period ``r`` (T4) with no start — the party never served its notice — in a case whose
    procedure is over or handed over (``OVER_STATUSES``): "missing" while the case may still serve it, not applicable
    once the case is transferred, terminated, closed or archived: not open, nothing left to record."""
    if status not in OVER_STATUSES:
        return Deadline(case_id, number, r, "missing")
    why = _("Does not apply to this party: the case records no {what} for it and is now “{status}”, so this period "
            "never started and no longer will; nothing is left to record.").format(
        what=start_label(r), status=shown_label("statuses", status))
    return Deadline(case_id, number, r, "not_applicable", detail=(("not_applicable", why), (NEVER_STARTED, status)))


def _latest(events: list[EventFacts], kind: str) -> EventFacts | None:
    """The most recently begun event of ``kind`` with an (approved) end date, e.g. the deferral of payment."""
    ended = [e for e in events if e.kind == kind and e.end is not None]
    return max(ended, key=lambda e: e.start) if ended else None


#: the police's answers whose clocks (T28, T28b, T28c) end once the case was taken back from them (恢复办理), and the
#: status they are computed in then (none of their ``running``)
TAKEN_BACK_ENDS = ("police_refused", "police_review_requested", "police_review_upheld")
TAKEN_BACK = "taken_back"
#: the clock column of a transfer to the police made after the decision (``transfers``: the case keeps the
#: decision's status), "" for one that took the case out of its investigation
AFTER_DECISION = "after_decision"


def _taken_back(events: list[EventFacts] | None, begun: int) -> bool:
    """Whether the latest transfer to the police on or before ``begun`` took the case out of its investigation (not
    a transfer after the decision, ``AFTER_DECISION``): the case left 移送公安 since, taken back or closed — even on
    the day it was transferred —, the status it is in does not keep the police's answer running."""
    transfers = [e for e in events or () if e.kind == TRANSFERRED and e.start <= begun]
    latest = max(transfers, key=lambda e: e.start, default=None)
    return latest is not None and latest.clock != AFTER_DECISION


def _iso(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` ``months`` calendar months later, on the month's last day when it is shorter (08-31 + 6 → 02-28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def _add_months(ordinal: int, months: int) -> int:
    return add_months(dt.date.fromordinal(ordinal), months).toordinal()


def _excluded_kind(kind: str) -> str:
    """The kind whose exclusion covers an event's time: the time closed as the police's (``POLICE_HELD``) is time
    with the police (``TRANSFERRED``), excluded, and said, as that."""
    return TRANSFERRED if kind == POLICE_HELD else kind


def _excluded_by(kind: str) -> str:
    """The kind a clock's ``excluded`` names to leave out an event's time: that of ``_excluded_kind``; a case sent to
    another authority by a 案件移送函 in force (``TRANSFERRED_OUT``) is, as a case with the police, the matter handed
    to another authority — what stops for the one stops for the other (T2), said as its own (已移送，待终止)."""
    return TRANSFERRED if kind == TRANSFERRED_OUT else _excluded_kind(kind)


def _excluded(r: ClockRule, events) -> list[tuple]:
    """The (start, end, kind) intervals of ``events`` that clock ``r`` does not count, in order."""
    return sorted((e.start, e.end, _excluded_kind(e.kind)) for e in events if _excluded_by(e.kind) in r.excluded)


class _Engine:
    """The computation for one calendar and one "today"."""

    def __init__(self, calendar, today_ord: int):
        self.cal = calendar
        self.today = today_ord
        self._ords: dict[str, int] = {}
        # per due date: the detail an internal limit ending then carries when it is or may be a rest day
        # (``_rest_day``), else None; deadlines fall on a few hundred distinct days
        self._rest: dict[int, tuple | None] = {}
        self._months: dict[tuple[int, int], int] = {}  # ``_add_months`` of (ordinal, months)
        self._not_applicable: dict[tuple[str, frozenset[str]], str] = {}  # ``not_applicable_because`` per rule id
        # the years without holiday data as runs of days [first, last] (consecutive years merged), in order
        self._unconfirmed: tuple[list[int], list[int]] = ([], [])
        for year in range(1990, 2100):
            if calendar.confirmed(year):
                continue
            first, last = dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
            if self._unconfirmed[1] and self._unconfirmed[1][-1] == first - 1:
                self._unconfirmed[1][-1] = last
            else:
                self._unconfirmed[0].append(first)
                self._unconfirmed[1].append(last)

    def span_confirmed(self, first: int, last: int) -> bool:
        """Whether every day from ``first`` to ``last`` lies in a year with holiday data (REFERENCE §1.2 rule 5): a
        year without it elsewhere, before or after, does not matter."""
        starts, ends = self._unconfirmed
        i = bisect.bisect_left(ends, first)
        return i == len(ends) or starts[i] > last

    def ordinal(self, iso: str | None) -> int | None:
        if not iso:
            return None
        value = self._ords.get(iso)
        if value is None:
            value = self._ords[iso] = dt.date.fromisoformat(iso[:10]).toordinal()
        return value

    def add(self, unit: str, ordinal: int, n: int) -> int:
        if unit == "cd":
            return ordinal + n
        if unit == "wd":
            return self.cal.add_workdays_ord(ordinal, n)
        if unit == "hours":  # events carry dates: a period of hours ends on the day it runs out
            return ordinal + -(-n // 24)
        if unit != "months":  # never counted as months (clocks.toml is checked: ``law.data.check_clocks``)
            raise ValueError(f"unknown unit of a time limit: {unit!r}")
        value = self._months.get((ordinal, n))
        if value is None:
            value = self._months[ordinal, n] = _add_months(ordinal, n)
        return value

    def latest_before(self, r: ClockRule, day: int) -> int:
        """The last day from which ``r``'s period, counted forward from the day after it (REFERENCE §1.2 rule 1),
        ends on ``day`` at the latest: for working days, the n-th working day after it is ``day`` or before — a
        notice reaching the party on the rest days after the n-th working day before the hearing (a Sunday) comes
        in time, and one for a hearing on a rest day must come a working day earlier. The same count as
        ``procedure``'s refusal of a hearing set too soon (``add_workdays`` from the service)."""
        if r.unit != "wd":
            return self.add(r.unit, day, -r.period)
        cal = self.cal
        last = day if cal.is_workday_ord(day) else cal.add_workdays_ord(day, -1)  # the last working day ≤ ``day``
        return cal.add_workdays_ord(cal.add_workdays_ord(last, -r.period), 1) - 1

    def count(self, unit: str, first: int, last: int) -> int:
        """The days of ``unit`` in [first, last]."""
        if unit == "wd":
            return self.cal.workdays_between_ord(first - 1, last)
        return last - first + 1

    def compute(self, r: ClockRule, case_id: str, number: str, status: str, start: int | None,
                done_on: int | None, events: list[EventFacts], event: EventFacts | None = None,
                start_unconfirmed: str = "", remedy_ends: dict[str, int] | None = None) -> Deadline:
        """``start_unconfirmed`` names the clock ("clock:T11") whose unconfirmed last day ``start`` is: the deadline
        counted from it is unconfirmed too (REFERENCE §1.2 rule 5). ``remedy_ends``: the last days of the party's
        remedy periods ({"T10": …, "T11": …}) against which a clock with ``start_instead`` (T16) judges the
        challenges: one begun after its period neither stops nor moves it (``late_challenges``)."""
        if start is None:
            return Deadline(case_id, number, r, "missing")
        if r.before:
            due = self.latest_before(r, start)
            return self._finish(r, case_id, number, status, start, due, done_on, event, self._before_rest_day(due))
        detail: list = []
        if events and (r.start_instead or any(kind == RECONSIDERATION for kind, _why in r.replaced_by)):
            # a reconsideration withdrawn: T11 counts on, T16 from its end, as if it had not been applied for
            detail.extend((WITHDRAWN_DETAIL, outcome.start, outcome.approved_by)
                          for outcome in withdrawn_reconsiderations(events).values())
        if r.start_instead and events and remedy_ends:
            late = self.late_challenges(events, remedy_ends)
            if late:
                events = [e for e in events if e.id not in late]
                detail.append(("late_challenge", tuple(sorted(late.values()))))
        # a challenge moves the start in every status: a case paid or closed shows its ended T16 as counted after it
        if r.start_instead and events:
            challenged = self._challenged(r, start, events)
            if challenged is not None and challenged[0] == "awaiting":
                if r.running and status not in r.running:  # ended, with no day to count from while it is pending
                    return Deadline(case_id, number, r, "ended", start, None, None, True,
                                    event_id=event.id if event else None, detail=(challenged,))
                return Deadline(case_id, number, r, "stopped", start, None, r.period, True,
                                event_id=event.id if event else None, detail=(challenged,))
            if challenged is not None:
                detail.append(challenged[:4])
                start = challenged[2]
                start_unconfirmed = challenged[3] if not challenged[4] else ""
        if start_unconfirmed:
            detail.append(("start_unconfirmed", start_unconfirmed))
        counted_from = start
        if r.start_deferred_by and events:
            deferral = _latest(events, r.start_deferred_by)
            if deferral is not None and deferral.end > start:
                counted_from = deferral.end
                detail.append(("start_deferred", deferral.end))
        due = self.add(r.unit, counted_from, r.period)
        if events:
            if done_on is not None:  # what happened after the clock was met does not move it
                events = [e for e in events if e.start <= done_on]
            due, stopped = self._events(r, start, due, events, detail)
            if stopped is not None:
                return self._stopped(r, case_id, number, start, stopped, detail, event)
        if r.party_facing:
            rolled = self.cal.roll_forward_ord(due)
            if rolled != due:
                detail.append(("rolled", due))
                due = rolled
        elif r.unit in ("cd", "months") and not r.deemed and not r.span:  # a date deemed (T30), a period shown (T20)
            # are no limits to meet by a working day
            rest = self._rest[due] if due in self._rest else self._rest_day(due)
            if rest is not None:
                detail.append(rest)
        return self._finish(r, case_id, number, status, start, due, done_on, event, tuple(detail) if detail else ())

    def deemed_start(self, r: ClockRule, kind: str, start: int | None,
                     deemed: dict[str, tuple[str, str]] | None) -> tuple[int | None, tuple | None]:
        """The start of ``r`` counted from a case date that records a service (``start``) and the detail saying so,
        moved to the day a 送达公告 that published the document deems it served when that is later (T30, SAMR rules
        art. 82: the periods the document gives count from then; ``document_clocks.deemed_starts``)."""
        served = deemed.get(r.start) if deemed and kind == "field" and start is not None else None
        if served is None or self.ordinal(served[1]) <= start:
            return start, None
        title = SERVED_DOCUMENTS[r.start][1]
        published, day = self.ordinal(served[0]), self.ordinal(served[1])
        return day, ("deemed_served", f"《{title}》", published, day, start)

    def _rest_day(self, due: int) -> tuple | None:
        """What an internal limit ending on ``due`` says of that day: flagged, not moved (REFERENCE §1.2 rule 3).
        ("rest_day", due, the last working day before it) when it is a rest day of a year with holiday data; in a year
        without, when it may be a rest day (``WorkCalendar.maybe_rest_day``: a weekend may yet be a make-up working
        day, a weekday about a festival is very probably in its break), ("rest_day_unconfirmed", due), with the
        festival's name after it when it lies about one (the deadline unconfirmed); None otherwise."""
        festival = self.cal.maybe_rest_day(dt.date.fromordinal(due))
        if festival is not None:
            rest = ("rest_day_unconfirmed", due, festival) if festival else ("rest_day_unconfirmed", due)
        elif not self.cal.is_workday_ord(due):
            rest = self._rest_day_entry(due)
        else:
            rest = None
        self._rest[due] = rest
        return rest

    def _before_rest_day(self, due: int) -> tuple:
        """The detail of a clock counted back from its start (T6) whose last day ``due`` is a rest day: (("rest_day",
        due, the last working day before it),), else (). The day is kept — the period counted after it still ends on
        the start, so a service on it comes in time — and only flagged, naming the last working day on or before it
        (as ``_rest_day`` does for an internal limit). In a year without holiday data, the day as the calendar counted
        it (the deadline is unconfirmed already: ``span_confirmed``, its calculation saying what was assumed)."""
        return () if self.cal.is_workday_ord(due) else (self._rest_day_entry(due),)

    def _rest_day_entry(self, due: int) -> tuple:
        """("rest_day", ``due``, the last working day before it): the detail flagging a last day on a rest day, of an
        internal limit (``_rest_day``) and of a clock counted back (``_before_rest_day``) alike."""
        return ("rest_day", due, self.cal.add_workdays_ord(due, -1))

    def first_decision(self, r: ClockRule, events: list[EventFacts], decided: int | None,
                       decisions: tuple[str, ...]) -> tuple[int, int] | None:
        """(the day a new decision was first ordered, the day of the first decision) for a clock met by the first
        decision (``redone_by``: T2) once the whole case's decision was revoked with a new one ordered; None when none
        was. The first decision is the earliest the steps record (``decisions``) on or before the order, else the
        case's decision date when it is on or before it (the new one not made yet), else the day the first challenge
        before the order began (a decision imported without its step was made by then), else the order's day."""
        ordered = [e.start for e in events if e.kind == r.redone_by and not e.party]
        if not ordered:
            return None
        order = min(ordered)
        days = [day for day in (self.ordinal(d) for d in decisions) if day is not None and day <= order]
        if decided is not None and decided <= order:
            days.append(decided)
        if not days:
            days = [e.start for e in events if e.kind in ("reconsideration", "litigation") and e.start <= order]
        return order, min(days) if days else order

    def challenge_limit(self, e: EventFacts, events: list[EventFacts],
                        remedy_ends: dict[str, int]) -> tuple[str, int] | None:
        """(the remedy period, its last day) within which the party's reconsideration or lawsuit ``e`` had to be
        begun (REFERENCE §1.2): a reconsideration within T10; a lawsuit within T12 counted from the end of a
        reconsideration begun in time and decided by the day it was brought (the latest such), else within T11.
        None when that period is not known (``remedy_ends`` lacks it: T11 of a decision made on the spot)."""
        if e.kind == "reconsideration":
            due = remedy_ends.get("T10")
            return None if due is None else ("T10", due)
        if e.kind != "litigation":
            return None
        t10 = remedy_ends.get("T10")
        withdrawn = withdrawn_reconsiderations(events)  # the party sues within T11 after withdrawing it
        decided = [x.end for x in events if x.kind == "reconsideration" and x.end is not None and x.end <= e.start
                   and x.of(e.party) and (t10 is None or x.start <= t10) and x.id not in withdrawn]
        if decided:
            return "T12", max(self.compute(rule("T12"), "", "", "", end, None, []).due_ord for end in decided)
        due = remedy_ends.get("T11")
        return None if due is None else ("T11", due)

    def late_challenges(self, events: list[EventFacts], remedy_ends: dict[str, int]) -> dict[str, tuple]:
        """{event id: (its first day, kind, the remedy period, its last day)} of the party's reconsiderations and
        lawsuits begun after the period to begin them (``challenge_limit``): recorded (行政复议法 arts. 20–21 allow a
        delay with just cause), but they neither stop nor move court enforcement (T16 counts from the end of the
        periods, 行政强制法 art. 53)."""
        out: dict[str, tuple] = {}
        for e in events:
            if e.kind not in ("reconsideration", "litigation"):
                continue
            limit = self.challenge_limit(e, events, remedy_ends)
            if limit is not None and e.start > limit[1]:
                out[e.id] = (e.start, e.kind, *limit)
        return out

    def _challenged(self, r: ClockRule, start: int, events: list[EventFacts]) -> tuple | None:
        """What starts ``r`` instead of ``start`` once the party challenged the decision (clocks.toml
        ``start_instead``): ("start_instead", start, the latest day one of them gives, its reference, whether that
        day is confirmed), or
        ("awaiting", first day, kinds) while such a challenge is pending, or None when there was none."""
        ends: list[tuple[int, str, bool]] = []
        kinds: set[str] = set()
        withdrawn = withdrawn_reconsiderations(events)  # moves nothing: T16 counts from T11 (``WITHDRAWN``)
        for ref in r.start_instead:
            kind, name = ref.split(":", 1)
            other = rule(name) if kind == "clock" else None
            event_kind = other.start_ref if other is not None else name
            kinds.add(event_kind)
            for e in events:
                if e.kind != event_kind or e.end is None or e.id in withdrawn:
                    continue
                if other is None:
                    ends.append((e.end, ref, True))
                else:
                    counted = self.compute(other, "", "", "", e.end, None, [])
                    ends.append((counted.due_ord, ref, counted.confirmed))
        pending = [e for e in events if e.kind in kinds and e.end is None]
        if pending:
            return ("awaiting", min(e.start for e in pending), tuple(sorted({e.kind for e in pending})))
        if not ends:
            return None
        day, ref, confirmed = max(ends)
        return ("start_instead", start, day, ref, confirmed)

    def _events(self, r: ClockRule, start: int, due: int, events: list[EventFacts],
                detail: list) -> tuple[int, int | None]:
        """Apply the case's extensions, excluded intervals and deferrals to ``due``; returns it with the day
        the clock stopped when an excluded interval is still running."""
        if r.extendable:
            extensions = [e for e in events if e.kind == EXTENSION and e.clock == r.id]
            if extensions:
                counted, superseded = counted_extensions(r, extensions)
                base, stopped = due, None
                intervals = _excluded(r, events)
                if intervals:  # the statutory end once the days not counted before it are added, before extending
                    base, stopped = self.exclude(r, start, due, intervals, [])
                if stopped is None:
                    detail.append(("base", due, base))
                else:  # the clock stopped (an excluded period still open: a suspension, a hearing, testing, a
                    # 公告): no end yet, only the days then left of it
                    detail.append(("base_stopped", stopped, self.count(r.unit, stopped, base)))
                due = self.add(r.unit, due, sum(e.days for e in counted))
                detail.append(("extensions", tuple(counted)))
                if superseded:
                    detail.append(("superseded", tuple(superseded)))
        if r.excluded:
            intervals = _excluded(r, events)
            if intervals:
                due, stopped = self.exclude(r, start, due, intervals, detail)
                if stopped is not None:
                    return due, stopped
        if r.deferred_by:
            deferrals = [e for e in events if e.kind == r.deferred_by and e.end is not None]
            if deferrals:  # the last day it moves as it was shown: a party's moved off a rest day
                shown = self.cal.roll_forward_ord(due) if r.party_facing else due
                # one ending on or before that day (recorded before ``clock_events`` refused it) would shorten the
                # time to pay: it moves nothing (Penalty Law art. 66 defers a payment, never brings it forward)
                detail.extend((DEFERRAL_NOT_LATER, shown, e) for e in deferrals if e.end <= shown)
                deferral = _latest([e for e in deferrals if e.end > shown], r.deferred_by)
                if deferral is not None:
                    detail.append(("deferred", shown, deferral))
                    due = deferral.end
        return due, None

    def exclude(self, r: ClockRule, start: int, due: int, intervals, detail: list) -> tuple[int, int | None]:
        """Push ``due`` past the excluded intervals (merged where they overlap); an interval still running
        returns the day it began as ``stopped``. The interval of an event whose clock is a date deemed
        (``ClockRule.deemed``: the 公告 of T30) ends on that date, left open or recorded as ending later."""
        merged: list[list] = []
        deemed_by = _deemed_by()
        capped: list[tuple] = []  # ("deemed_end", kind, its day, the end recorded or None) of the intervals so ended
        for first, last, kind in intervals:
            deemed = deemed_by.get(kind)
            if deemed is not None:
                day = self.add(deemed.unit, first, deemed.period)
                if last is None or last > day:
                    capped.append(("deemed_end", kind, day, last))
                    last = day
            first = max(first, start + 1)
            if last is not None and last < first:
                continue
            if merged and (merged[-1][1] is None or first <= merged[-1][1] + 1):
                if merged[-1][1] is not None:
                    merged[-1][1] = None if last is None else max(merged[-1][1], last)
                merged[-1][2].add(kind)
                continue
            merged.append([first, last, {kind}])
        for first, last, kinds in merged:
            if first > due:
                break
            if last is None:
                detail.append(("stopped", first, tuple(sorted(kinds))))
                return due, first
            skipped = self.count(r.unit, first, min(last, due))
            due = self.add(r.unit, max(due, last), skipped)
            detail.append(("excluded", first, last, tuple(sorted(kinds)), self.count(r.unit, first, last)))
            detail.extend(item for item in capped if first <= item[2] <= last)
        return due, None

    def _stopped(self, r, case_id, number, start, stopped, detail, event) -> Deadline:
        extensions = [e for item in detail if item[0] == "extensions" for e in item[1]]
        limit = r.period + sum(e.days for e in extensions)
        excluded = sum(item[4] for item in detail if item[0] == "excluded")
        used = max(0, self.count(r.unit, start + 1, stopped - 1) - excluded) if stopped > start + 1 else 0
        return Deadline(case_id, number, r, "stopped", start, None, limit - used, True,
                        event_id=event.id if event else None, detail=(*detail, ("used", used, limit)))

    def _finish(self, r, case_id, number, status, start, due, done_on, event, detail) -> Deadline:
        d = self._finished(r, case_id, number, status, start, due, done_on, event, detail)
        if not d.confirmed and r.unit == "wd":  # the years of its calendar without holiday data (``_explain``)
            d.unconfirmed_years = tuple(self.cal.unconfirmed_years(dt.date.fromordinal(min(start, due)),
                                                                    dt.date.fromordinal(max(start, due))))
        return d

    def _finished(self, r, case_id, number, status, start, due, done_on, event, detail) -> Deadline:
        if r.before:  # counted back from its start (听证七日前): the days from its last day up to the start
            confirmed = self.span_confirmed(due, start) if r.unit == "wd" or r.party_facing else True
        elif r.unit == "wd":  # the days it counts through, from the day after its start (REFERENCE §1.2 rule 1)
            confirmed = self.span_confirmed(start + 1, due)
        else:  # a calendar period of the party depends on the holidays only where it may move to a working day
            confirmed = not r.party_facing or self.span_confirmed(due, due)
        if confirmed and detail and any(item[0] in UNCONFIRMING for item in detail):
            confirmed = False
        event_id = event.id if event else None
        if r.deemed:  # the end recorded for its event does not meet it: deemed on its last day whatever is recorded
            if done_on is not None and done_on != due:
                detail = (*detail, ("notice_end", done_on))
            done_on = None
        if r.span:  # a period, not a duty (T20): running until its last day, over then, or ended early
            if done_on is not None and done_on >= due:  # ended after it was over: that changes nothing
                detail, done_on = (*detail, ("span_done_after", done_on)), None
            if done_on is not None or due < self.today:
                return Deadline(case_id, number, r, "ended", start, due, None, confirmed, done_on, event_id, detail)
            return Deadline(case_id, number, r, "open", start, due, due - self.today, confirmed, None, event_id,
                            detail)
        if done_on is not None:
            # met on a day of the years with holiday data, counted from one: whatever the unconfirmed calendar
            # moves, the last day cannot come before it (the days up to it are known), so it was met in time
            if not confirmed and done_on <= due and not r.before and self.span_confirmed(start + 1, done_on):
                confirmed = True
            return Deadline(case_id, number, r, "met" if done_on <= due else "late", start, due, None,
                            confirmed, done_on, event_id, detail)
        # a party's period outliving the case (``outlives``: the case closed) ends on its last day, not with the case
        if r.running and status not in r.running and (status not in r.outlives or due < self.today):
            # ended with the case's step, not on its last day: that day no longer matters, nor its calendar
            # (a clock another counts from keeps it: T16 from T11)
            if status not in r.outlives and r.id not in _referenced():
                confirmed = True
            return Deadline(case_id, number, r, "ended", start, due, None, confirmed, None, event_id, detail)
        left = due - self.today
        if r.deemed and left <= 0:  # deemed done on its last day (视为送达): a date, never overdue
            return Deadline(case_id, number, r, "deemed", start, due, None, confirmed, None, event_id, detail)
        if left < 0:
            state = "expired" if r.expires or r.lapses else "overdue"
        else:
            state = "due_soon" if left <= DUE_SOON_DAYS else "open"
        return Deadline(case_id, number, r, state, start, due, left, confirmed, None, event_id, detail)

    def case_deadlines(self, case_id: str, number: str, status: str, dates: tuple,
                       events: list[EventFacts], *, board: bool, facts: frozenset[str] = frozenset(),
                       deemed: dict[str, tuple[str, str]] | None = None,
                       decisions: tuple[str, ...] = (), remedy_served: str | None = None) -> list[Deadline]:
        """The deadlines of one case (``dates`` in ``CASE_DATES`` order); ``board`` keeps only the running ones
        shown on the deadline board. A clock that does not apply under the case's decision ``facts`` (see
        ``decision_facts``) is shown as not applicable on the case and left off the board. ``deemed``: the services
        a 送达公告 moved (``deemed_start``). ``decisions``: the days the case's steps record a penalty decided (T2
        after a new decision ordered: ``first_decision``). ``remedy_served``: the day a decision not to penalise was
        served (``no_penalty_service``), from which the party's remedy periods (T10, T11) count where the case records
        no service of a decision; nothing else counts from it (nothing to pay or enforce: T8, T16)."""
        out: list[Deadline] = []
        dues: dict[str, int] = {}
        unconfirmed: set[str] = set()  # the clocks whose last day is unconfirmed (a clock counted from one is too)
        ordinal = self.ordinal
        if status == "performed" or (not board and events and any(e.kind == PERFORMED for e in events)):
            facts = facts | {PERFORMED_FACT}  # the penalty performed: nothing left to enforce (T16)
        decided = ordinal(dates[CASE_DATES.index("decided_on")])
        if events and outcome_on(events, decided, REVOKING) is not None:
            facts = facts | {REVOKED_FACT}  # the decision in force revoked on reconsideration or in court
        if events and outcome_on(events, decided, (UNLAWFUL,)) is not None:
            facts = facts | {UNLAWFUL_FACT}  # the decision in force declared unlawful: not published (T18)
        if events and outcome_on(events, decided, (VOID,)) is not None:
            facts = facts | {VOID_FACT}  # declared void: nothing to pay or enforce (T8, T15, T16), nor to publish (T18)
        if FINE_ALONE_FACT in facts and events and changed_to_no_fine(events, decided):
            facts = facts | {NOTHING_OWED_FACT}  # its fine, all it had to pay, changed to none
        # the kinds of the case's events: an event's clock without its starting event has nothing to count
        kinds = {e.kind for e in events} if events else ()
        every_event = events
        # only a T14 extension names a measure: the events are filtered by measure only when one does
        measured = any(e.measure for e in every_event or ())
        withdrawn = withdrawn_reconsiderations(events) if events else {}  # start no T12 (``WITHDRAWN``)
        for r, kind, start_index, done_index, done_events, shown, ref in _plan(status, board, bool(events)):
            events = r.current(every_event, decided)
            if r.only_for and r.only_for not in facts:
                continue
            if facts and r.not_applicable:
                why = self._not_applicable.get((r.id, facts))
                if why is None:
                    why = self._not_applicable[r.id, facts] = r.not_applicable_because(facts)
                if why:
                    if not board and shown:
                        start = ordinal(dates[start_index]) if start_index is not None else None
                        out.append(Deadline(case_id, number, r, "not_applicable", start,
                                            detail=(("not_applicable", why),)))
                    continue
            if kind in ("event", "end"):
                if ref == TRANSFERRED and shown and status == TRANSFERRED and not any(
                        e.kind == TRANSFERRED or e.kind in done_events for e in events):
                    # imported as transferred (a register's status) without the step: no day to count from and
                    # no answer yet; shown as such, never left out (``NO_TRANSFER_DATE``)
                    out.append(Deadline(case_id, number, r, "missing", detail=((NO_TRANSFER_DATE,),)))
                    continue
                if ref not in kinds:
                    continue
                for event in events:
                    if event.kind != ref or (r.whole_case and event.party):  # a party's own: not the whole case's
                        continue
                    # "end": counted from the day the event ended (T12 from the reconsideration decision)
                    begun = event.start if kind == "event" else event.end
                    if begun is None or (kind == "end" and event.id in withdrawn):
                        continue
                    done_on = event.end if kind == "event" else None
                    # a party's own reconsideration starts its own T12, met by its own lawsuit (or one of the case);
                    # the seizure of a party's goods its own T14, past that party's testing (or the case's) alone,
                    # moved by the extensions of that measure (or, recorded before they named one, of every one)
                    own = [e for e in events if e.of(event.party) and e.of_measure(event.id)] if event.party else \
                        ([e for e in events if e.of_measure(event.id)] if measured else events)
                    if done_events:  # met by the first such event on or after the start (T19's withdrawal)
                        done = [e.start for e in own if e.kind in done_events and e.start >= begun]
                        done_on = min(done) if done else None
                    elif done_index is not None:  # met by a case date on or after the start (T2b: decided anew)
                        day = ordinal(dates[done_index])
                        done_on = day if day is not None and day >= begun else None
                    # a step after the police's refusal of a case taken back from them (恢复办理) ends with it,
                    # whatever status the case then takes: only a transfer after the decision keeps its status
                    running = status if not (ref in TAKEN_BACK_ENDS and status != TRANSFERRED and _taken_back(
                        every_event, begun)) else TAKEN_BACK
                    if board and (done_on is not None or (r.running and running not in r.running)):
                        continue
                    if shown:
                        deadline = self.compute(r, case_id, number, running, begun, done_on, own, event)
                        deadline.party_id = event.party or None
                        if not board or deadline.state in OPEN_STATES:  # a service deemed (T30) is over
                            out.append(deadline)
                continue
            if r.start_if:
                ref = next((other.split(":", 1)[1] for fact, other in r.start_if if fact in facts), ref)
            start = dues.get(ref) if kind == "clock" else ordinal(dates[start_index])
            spared = start is None and remedy_served is not None and r.replaced_by and r.start == "served_on"
            if spared:  # the party's period to challenge a decision not to penalise, from its service
                start = ordinal(remedy_served)
            if start is None and (status not in r.running or status in ENDED_STATUSES):
                # a clock that never started and does not run now (T16 before T11 began), or a case that ended
                # without the step it counts from (closed after it was terminated: never decided, nothing to publish)
                continue
            done_on = replaced = None
            if r.replaced_by:  # the party's remedy period (T10, T11): met by it, or replaced by the other remedy
                done_on, replaced = remedy_taken(r, start, events)
            elif done_index is not None and (dates[done_index] or not done_events):  # its case date, else an
                done_on = ordinal(dates[done_index])  # event (T1: the filing day, else the decline, ``DECLINED``)
            elif done_events:
                done = [e.start for e in events if e.kind in done_events]
                done_on = min(done) if done else None
            redone = self.first_decision(r, events, done_on, decisions) if r.redone_by and events else None
            if redone is not None:  # a new decision ordered: met by the first one (T2), the new one counted by T2b
                done_on = redone[1]
            start, moved = self.deemed_start(r, kind, start, deemed)
            counted_in = status
            if status == TRANSFERRED and TRANSFERRED in r.excluded and not any(
                    e.kind == TRANSFERRED and e.end is None for e in events or ()):
                # imported as transferred without the step: no time with the police known, so counted as before
                # the time was excluded: ended with the transfer, off the board
                if board:
                    continue
                counted_in = ""
            deadline = self.compute(r, case_id, number, counted_in, start, done_on, events,
                                    start_unconfirmed=f"clock:{ref}" if kind == "clock" and ref in unconfirmed else "",
                                    remedy_ends=dues)
            if moved:
                deadline.detail = (*deadline.detail, moved)
            if redone is not None:
                deadline.detail = (*deadline.detail, ("redone", *redone))
            if spared:
                deadline.detail = (*deadline.detail, (NO_PENALTY_SERVED,))
            if AMOUNTS_NOT_ENTERED in facts and any(fact == "warning_only" for fact, _why in r.not_applicable):
                deadline.detail = (*deadline.detail, (AMOUNTS_NOT_ENTERED,))  # T8, T16, T18: not a warning alone
            deadline = replaced_deadline(deadline, replaced)
            if not deadline.confirmed:
                unconfirmed.add(r.id)
            if ref != r.start_ref and not deadline.start_what:
                deadline.start_what = f"clock:{ref}"  # counted from the other clock (``start_if``)
            if deadline.due_ord is not None and not spared:  # no court enforcement counts from it (T16)
                dues[r.id] = deadline.due_ord
            if shown and (not board or deadline.state in OPEN_STATES):
                out.append(deadline)
        return out


def _plan(status: str, board: bool, events: bool = True) -> tuple[tuple, ...]:
    """The rules to evaluate for a case in ``status``, in file order, with their start and completion
    prepared: (rule, start kind, start index, done index, done event kinds, shown, start reference). On the
    board a rule runs only in its statuses (an event's clock with statuses too: it is left off the board
    outside them), and a rule kept off the board is computed only when another clock starts from it. Without
    ``events`` (a case without clock events) an event's clock has nothing to count and is left out, except
    T27's "missing" (``NO_TRANSFER_DATE``) and, off the board, a clock that may be shown as not applicable. Its
    rules are ``rules()`` in the user's language (their titles and texts shown)."""
    return _plan_in(status, board, events, _english())


@cache
def _plan_in(status: str, board: bool, events: bool, english: bool) -> tuple[tuple, ...]:
    """``_plan`` for the language (``english`` or not) the rules are in: ``_rules(english)``, the language
    ``_plan`` read or held (``clock_rules_held``), not read again."""
    plan = []
    for r in _rules(english):
        kind = r.start_kind
        if kind == LEAD_START:  # a lead's clock (T24), never a case's: ``lead_deadlines``
            continue
        if board and status not in r.running and (kind not in ("event", "end") or r.running):
            continue
        if board and not r.board and r.id not in _referenced():
            continue
        if not events and kind in ("event", "end") and r.start_ref != TRANSFERRED and (board or not r.not_applicable):
            continue
        plan.append((r, kind, r.start_index, r.done_index, r.done_events, r.board or not board, r.start_ref))
    return tuple(plan)


def _deemed_by() -> dict[str, ClockRule]:
    """{event kind: the clock of a date deemed (``ClockRule.deemed``) that counts from it}: the 公告 and T30."""
    _rules_in_force()
    return _deemed_by_in()


@cache
def _deemed_by_in() -> dict[str, ClockRule]:
    return {r.start_ref: r for r in rules() if r.deemed and r.start_kind == "event"}


def _referenced() -> frozenset[str]:
    """The clocks whose deadline starts another clock."""
    _rules_in_force()
    return _referenced_in()


@cache
def _referenced_in() -> frozenset[str]:
    return frozenset({r.start_ref for r in rules() if r.start_kind == "clock"} |
                     {other.split(":", 1)[1] for r in rules() for _fact, other in r.start_if})


def engine_for(db: Database, on: str | None = None) -> _Engine:
    """The computation for this database's calendar as of ``on`` (today by default): a yearly file dropped into the
    calendar folder since it was read is read now (``workdays.reload_if_changed``), no restart needed."""
    from workstation.workdays import default_calendar, reload_if_changed

    data_dir = data_dir_of(db)
    reload_if_changed(data_dir)
    return _Engine(default_calendar(data_dir), dt.date.fromisoformat(on or today()).toordinal())


def data_dir_of(db: Database) -> Path | None:
    """The data directory of the database file (None for an in-memory database)."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]).parent if row and row[2] else None


def unconfirmed_years(deadlines, calendar) -> list[int]:
    """The years, in order, without holiday data in ``calendar`` that the unconfirmed ``deadlines`` were counted
    through (from each one's start to its due day)."""
    return sorted({year for d in deadlines if not d.confirmed and d.start_ord is not None and d.due_ord is not None
                   for year in calendar.unconfirmed_years(dt.date.fromordinal(d.start_ord),
                                                          dt.date.fromordinal(d.due_ord))})


def calendar_note(deadlines, data_dir: Path | None) -> str:
    """What the officer must know about deadlines counted in years without holiday data: which years, that they
    were counted Monday to Friday, and which file, in which format, gives such a year; "" when every deadline of
    ``deadlines`` is confirmed."""
    from workstation.workdays import default_calendar, example_file, fixed_holidays_text, year_file

    calendar = default_calendar(data_dir)
    years = unconfirmed_years(deadlines, calendar)
    if not years:
        return ""
    return _("There is no holiday data for {years} yet: the deadlines marked “calendar unconfirmed” count Monday to "
             "Friday of that year as working days except the statutory holidays, {fixed}; the bridging days and "
             "make-up working days are not known, so check them. Once the State Council "
             "publishes the holidays, write that year's holidays into a copy of the {example} supplied with the "
             "program and import it — “{button}” on the deadline board, or calendar import FILE on the command "
             "line —, which checks it and keeps it as {files}; the next count of the deadlines reads it."
             ).format(years="、".join(map(str, years)), fixed=fixed_holidays_text(years, calendar.festivals),
                      button=_("Import holiday file…"),
                      # the example by its full path: the officer finds it without knowing where the program lies
                      files="、".join(str(year_file(data_dir, year)) for year in years), example=example_file())


#: how far (calendar days) a year's holidays could move the last day of a short count of working days beyond where
#: the program counts it without that year's data (the statutory holidays are counted already): the longest rest a
#: year brings, the Spring Festival's eight or nine days with its weekends, and the weekends about it. A date acted on
#: further after the count's end does not depend on the unknown days (``count_note``).
UNCONFIRMED_MARGIN_DAYS = 14


def count_note(db: Database, start: dt.date, end: dt.date, period: str, *, on: dt.date | None = None) -> str:
    """What a check counting ``period`` (“7 working days”, ``ClockRule.unit_text``) from ``start`` to its last day
    ``end`` tells the officer when that count runs through a year without holiday data (日历待核实): what it allows
    or refuses rests on a day that year's holidays and make-up working days may move, so it is said, never refused
    for (the law's count cannot be known yet). "" when every year from ``start`` to ``end`` has its holidays, or when
    the date acted on, ``on``, is so long after ``end`` (``UNCONFIRMED_MARGIN_DAYS``) that no holiday could move the
    end past it."""
    from workstation.store.interviews import years_text
    from workstation.workdays import default_calendar

    if on is not None and on > end + dt.timedelta(days=UNCONFIRMED_MARGIN_DAYS):
        return ""
    years = default_calendar(data_dir_of(db)).unconfirmed_years(start, end)
    if not years:
        return ""
    return _("The {period} after {start} run until {end}, counted through {years}, whose holidays are not known yet "
             "(calendar unconfirmed): the holidays of {years} may move that day, and with it the dates allowed here. "
             "Check it against the State Council's holidays of {years}; adding the holiday file of {years} counts it "
             "again.").format(period=period, start=start, end=end, years=years_text(years))


def unconfirmed_count_warning(db: Database, start: dt.date, end: dt.date, period: str, *,
                              on: dt.date | None = None) -> str:
    """What a check that would refuse the date ``on`` acted on after ``end`` says instead when its count of
    ``period`` from ``start`` runs through a year without holiday data: ``count_note`` (so "" when that count is
    confirmed, or ``on`` is so long after ``end`` that the refusal stands), with the way to give that year its
    holidays (the deadline board's Import holiday file…, or the year's file of the data directory)."""
    from workstation.errors import join_sentences
    from workstation.store.interviews import years_text
    from workstation.workdays import default_calendar, example_file, year_file

    note = count_note(db, start, end, period, on=on)
    if not note:
        return ""
    data_dir = data_dir_of(db)
    years = default_calendar(data_dir).unconfirmed_years(start, end)
    return join_sentences([note, _(
        "To count it on that year's holidays, import its holiday file (the format of {example}) with “{button}” on "
        "the deadline board, or calendar import FILE on the command line; it is kept as {files}.").format(
        button=_("Import holiday file…"), files=years_text(str(year_file(data_dir, year)) for year in years),
        example=example_file())])


EVENT_COLUMNS = "case_id, id, kind, clock, starts_on, ends_on, days, approved_on, approved_by, party_id, measure_id"
# the same of the events recorded: an outcome changing the decision to no fine (``no_fine``, m047) gives ``NO_FINE``
# as its days, the fine as changed otherwise
STORED_EVENT_COLUMNS = EVENT_COLUMNS.replace(" days,", f" CASE WHEN no_fine = 1 THEN {NO_FINE} ELSE days END AS days,")
# events in the order they happened and, on one day, were recorded (which extension of T1 came first)
EVENT_ORDER = "starts_on, created_at"
# T19 (REFERENCE §1.2): a 行政处罚决定书 changed while the case's penalty information stood published starts the 3
# working days to withdraw it. The change is read from the documents as an event of kind ``DECISION_CHANGED``
# (its id the decision's), never recorded by hand: the day the decision was voided (its 文号's void date, else
# the audit entry of the void) or the day a correction superseding it was issued, whichever came first. Published:
# a publication was recorded on or before that day and no withdrawal since that publication, before that day. An
# unpublished decision voided or corrected starts nothing, nor does one a reconsideration or lawsuit already
# overturned while it stood published (``OVERTURNING``, the case's or its party's outcome): the void or the correction
# of a revoked decision is the change that outcome made, whose T19 already runs (``overturned_decisions``).
def changed_decisions(one_case: bool = False) -> str:
    """The SQL of the decision changes that start T19, as clock-event rows (``EVENT_COLUMNS`` and ``created_at``);
    ``one_case`` limits them to the case given twice as a parameter (through the documents' case index). Without
    it, the corrections and the voided decisions are read through their partial indexes (m027), not the whole
    documents table: the corrections first (``supersedes_id IS NOT NULL`` written out, so SQLite takes that index),
    each with the document it supersedes by id."""
    of_case = " AND o.case_id = ?" if one_case else ""
    changes = (
        "SELECT o.case_id, o.id, substr(n.issued_at, 1, 10) AS day FROM documents n JOIN documents o ON "
        "o.id = n.supersedes_id AND o.case_id = n.case_id WHERE n.supersedes_id IS NOT NULL AND "
        f"o.form_id = '{DECISION_FORM}'{of_case} UNION ALL "
        "SELECT o.case_id, o.id, substr(COALESCE((SELECT MIN(v.voided_at) FROM doc_numbers v WHERE v.number = o.number "
        "AND v.status = 'void'), "
        "(SELECT MIN(a.at) FROM audit a WHERE a.entity = 'document' AND a.entity_id = o.id AND a.action = 'void')), "
        f"1, 10) FROM documents o WHERE o.form_id = '{DECISION_FORM}' AND o.status = 'void'{of_case}")
    # each decision's change with the publication standing that day (the latest such), the changes of one
    # publication then merged into one T19 from the first of them (its id that decision's): a decision corrected,
    # then the correction and the decision voided, asks for one withdrawal, which meets it once recorded
    standing = (
        "(SELECT p.id FROM clock_events p WHERE p.case_id = x.case_id AND p.kind = 'publication' AND p.starts_on <= "
        "x.day AND NOT EXISTS (SELECT 1 FROM clock_events w WHERE w.case_id = p.case_id AND w.kind IN "
        "('publication_withdrawn', 'publication_stopped') "
        f"AND w.starts_on >= p.starts_on AND w.starts_on < x.day) AND NOT {overturned_since('p', 'x.day', 'x.id')} "
        "ORDER BY p.starts_on DESC, p.created_at DESC LIMIT 1)")
    return (
        f"SELECT case_id, id, '{DECISION_CHANGED}', '', day, NULL, 0, NULL, '', NULL, NULL, day FROM (SELECT case_id, id, "
        f"MIN(day) AS day FROM (SELECT x.case_id, x.id, x.day, {standing} AS publication FROM (SELECT case_id, id, "
        f"MIN(day) AS day FROM ({changes}) WHERE day IS NOT NULL AND case_id IS NOT NULL GROUP BY id) x) WHERE "
        "publication IS NOT NULL GROUP BY case_id, publication)")


def overturned_since(publication: str, day: str, document_id: str) -> str:
    """SQL condition: an outcome that overturned the 行政处罚决定书 ``document_id`` (``OVERTURNING``, recorded on or
    after the day it was issued: the case's, or that of the party it was issued to) was recorded between the
    ``publication`` (the alias of its clock-event row) and ``day``: T19 runs from that outcome, and the decision's void
    or correction since starts no other (``changed_decisions``; the void's confirmation, ``documents.issuing``)."""
    kinds = ", ".join(f"'{kind}'" for kind in OVERTURNING)
    return (f"EXISTS (SELECT 1 FROM clock_events r JOIN documents d ON d.id = {document_id} WHERE r.case_id = "
            f"{publication}.case_id AND r.kind IN ({kinds}) AND r.starts_on >= {publication}.starts_on AND "
            f"r.starts_on <= {day} AND r.starts_on >= substr(d.issued_at, 1, 10) AND (COALESCE(r.party_id, '') = '' "
            f"OR r.party_id = {_party_of('d')}))")


def overturned_decisions(one_case: bool = False) -> str:
    """The SQL of the outcomes of a reconsideration or lawsuit that revoked, changed or declared unlawful or void the
    penalty decision (``OVERTURNING``) while the case's penalty information stood published (as
    ``changed_decisions`` reads it: a publication on or before the outcome's day, not withdrawn before it), as
    clock-event rows of kind ``DECISION_CHANGED`` (``EVENT_COLUMNS`` and ``created_at``; the id the outcome's): T19's
    starts (市场监督管理行政处罚信息公示规定 art. 11: the publication is withdrawn or corrected once the decision is
    changed or revoked, or declared void).
    ``one_case`` limits them to the case given as a parameter."""
    of_case = " AND x.case_id = ?" if one_case else ""
    kinds = ", ".join(f"'{kind}'" for kind in OVERTURNING)
    return (f"SELECT x.case_id, x.id, '{DECISION_CHANGED}', '', x.starts_on, NULL, 0, NULL, '', NULL, NULL, x.created_at "
            f"FROM clock_events x WHERE x.kind IN ({kinds}){of_case} AND EXISTS (SELECT 1 FROM clock_events p WHERE "
            "p.case_id = x.case_id AND p.kind = 'publication' AND p.starts_on <= x.starts_on AND NOT EXISTS (SELECT 1 "
            "FROM clock_events w WHERE w.case_id = p.case_id AND w.kind IN ('publication_withdrawn', 'publication_stopped') "
            "AND w.starts_on >= "
            "p.starts_on AND w.starts_on < x.starts_on))")


PUBLICATION = "publication"


def _standing(engine: _Engine, events: list[EventFacts], day: int, months) -> EventFacts | None:
    """The latest publication of ``events`` that stood on ``day``: recorded on or before it, neither withdrawn nor
    stopped early before it (as ``changed_decisions`` reads it) and its publication period (T20) not over — the last
    day of that period still stands (信息公示规定 art. 13: 届满…停止公示). ``months(party id, day published)``: the
    length of the period of a publication of that party (of the whole case: "") recorded that day (an ordinal)."""
    period = rule("T20")
    ends = [e.start for e in events if e.kind in period.done_events]
    stood = [p for p in events if p.kind == PUBLICATION and p.start <= day
             and not any(p.start <= end < day for end in ends)
             and day <= engine.add(period.unit, p.start, months(p.party, p.start))]
    return max(stood, key=lambda p: p.start, default=None)


#: SQL (``?``: the case, then a day three times): the 行政处罚决定书 in force on that day, with the party each was
#: issued to — issued by then and not voided before it (a correction issued later leaves it in force that day), the
#: last issued to its party counting (``IN_FORCE`` as it stood that day); in the order issued
_DECISIONS_THEN = (
    f"SELECT {_party_of('d')}, d.values_json FROM documents d WHERE d.case_id = ? AND d.form_id = '{DECISION_FORM}' "
    "AND substr(d.issued_at, 1, 10) <= ? AND (d.status = 'issued' OR COALESCE(substr(COALESCE((SELECT "
    "MIN(v.voided_at) FROM doc_numbers v WHERE v.number = d.number AND v.status = 'void'), (SELECT MIN(a.at) FROM "
    "audit a WHERE a.entity = 'document' AND a.entity_id = d.id AND a.action = 'void')), 1, 10), ?) > ?) "
    "ORDER BY d.issued_at, d.rowid")


def _publications_then(db: Database, case: Case, now: dict, day: str) -> dict:
    """``now`` (``publication_period._publications``: the publication of each party's penalty in force) with the
    parties whose 行政处罚决定书 was in force on ``day`` (ISO) judged on that one instead: what a publication recorded
    that day published, and so how long it stands, whatever corrected or voided the decision since (信息公示规定
    arts. 11, 13)."""
    import json

    from workstation.law import thresholds
    from workstation.law.case_law import terms_kinds
    from workstation.penalty_terms import Terms
    from workstation.store import parties_of_case

    then = {party_id or "": Terms.of(json.loads(values or "{}"))
            for party_id, values in db.execute(_DECISIONS_THEN, [case.id, day, day, day])}
    if not then:
        return now
    kinds = {party.id: party.kind for party in parties_of_case(db, case.id)}
    procedure = "simple" if case.procedure_kind == "simple" else "ordinary"
    return {**now, **{party_id: thresholds.publication(kinds.get(party_id, "company"), terms.fine_fen,
                                                       terms.confiscated_fen, penalties=terms_kinds(terms),
                                                       procedure=procedure, other_penalty=terms.other_penalty)
                      for party_id, terms in then.items()}}


def _publication_months(db: Database, case_id: str):
    """``months(party id, day published)`` for ``_standing``: the length of T20 (``publication_period``: 3 months
    or 3 years) of a publication of that party recorded that day (an ordinal): by the 行政处罚决定书 in force on that
    day (``_publications_then``) — a decision of ¥200,000 published, then corrected to ¥5,000, was published 3 years
    and is withdrawn as such —, else by the case's penalty now; the clock's own where nothing is judged published.
    The penalty is judged once, when first asked, and once a day published (``published_by_day``)."""
    from workstation.publication_period import published_by_day
    from workstation.store import get_case

    period, judge = rule("T20"), []

    def months(party_id: str, published: int) -> int:
        if not judge:  # the case read when first asked
            judge.append(published_by_day(db, get_case(db, case_id)))
        chosen = judge[0](party_id, published)
        return chosen.period_months if chosen is not None and period.unit == "months" else period.period

    return months


def published_changes(db: Database, engine: _Engine, events: dict[str, list[EventFacts]]
                      ) -> dict[str, list[EventFacts]]:
    """``events`` (by case) without the decision changes (``DECISION_CHANGED``, T19's starts: ``changed_decisions``,
    ``overturned_decisions``) made when no publication stood any more: the publication period (T20, 3 months or 3
    years by the penalty, which SQL cannot judge) was over by then, and nothing published is left to withdraw
    (信息公示规定 arts. 11, 13). Changed in place and returned."""
    for case_id, own in events.items():
        if not any(e.kind == DECISION_CHANGED for e in own):
            continue
        months = _publication_months(db, case_id)
        kept = [e for e in own if e.kind != DECISION_CHANGED or _standing(engine, own, e.start, months) is not None]
        if len(kept) != len(own):
            events[case_id] = kept
    return events


def publication_standing(db: Database, case: Case, day: str) -> str | None:
    """The day of the publication of the case's penalty information that stood on ``day`` (ISO): recorded on or
    before it, not withdrawn nor stopped early before it, its publication period (T20) not over; None when none did.
    What voiding the decision that day (T19) and another publication recorded then are judged by."""
    engine = engine_for(db, day)
    kinds = (PUBLICATION, *rule("T20").done_events)
    rows = db.execute(f"SELECT {EVENT_COLUMNS} FROM clock_events WHERE case_id = ? AND kind IN "
                      f"({', '.join('?' * len(kinds))}) ORDER BY {EVENT_ORDER}", [case.id, *kinds]).fetchall()
    events = event_facts(engine, rows).get(case.id, [])
    stood = _standing(engine, events, engine.ordinal(day), _publication_months(db, case.id))
    return None if stood is None else _iso(stood.start)


# T18 (REFERENCE §1.2, §1.9): a party registered (登记地（住所地）) in another province than the bureau that decided is
# not published by that bureau within the 20 working days of art. 9: the information is pushed to the market
# regulation department of the place of registration within thresholds.toml [publication]
# other_province_working_days of the decision (art. 10), which publishes it. The clock counts that shorter period
# where the party's address, else its name, else the registration code of its USCC shows another province than the
# one of the bureau's division code (agencies.code); a party whose province none of them shows keeps twenty.
PUBLICATION_CLOCK = "T18"
OTHER_PROVINCE = "other_province"
OTHER_PROVINCE_SOURCE = "《市场监督管理行政处罚信息公示规定》第十条"


def _current_name(county: str) -> str:
    """The name a division bears now in python-stdnum's table ("[1983-]佛山市" → 佛山市; "[1983-1995]西区,[1996-]
    岳麓区" → 岳麓区), "" when it was given up."""
    name = county.split(",")[-1]
    if name.startswith("["):
        years, _sep, name = name[1:].partition("]")
        if not years.endswith("-"):
            return ""
    return name


def _division_file() -> Path | None:
    """python-stdnum's table of the divisions (``stdnum/cn/loc.dat``), found without importing python-stdnum; None
    when it is not there."""
    import importlib.util

    found = importlib.util.find_spec("stdnum")
    for folder in (found.submodule_search_locations or []) if found is not None else []:
        path = Path(folder) / "cn" / "loc.dat"
        if path.is_file():
            return path
    return None


def _division_prefixes() -> list:
    """``stdnum.numdb.get("cn/loc").prefixes`` — [(length, code, code, {property: value}, [its divisions, so])] —
    read from the file itself when it holds a province on each line at the margin and a division on each indented
    line below it, one code and one property each (as python-stdnum 1.20 to 2.2 ship it): importing python-stdnum
    (pydoc, ssl …) and its reader took 70–130 ms of every command counting a decided case's clocks. A file laid out
    otherwise (a range of codes, several properties, a third level) is read by python-stdnum."""
    path = _division_file()
    try:
        text = path.read_text(encoding="utf-8") if path is not None else None
    except (OSError, UnicodeDecodeError):
        text = None
    if text is None:
        return _stdnum_prefixes()
    line = re.compile(r'(  )?([0-9]+) ([0-9a-zA-Z_-]+)="([^"]*)"')
    prefixes: list = []
    for row in text.splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        match = line.fullmatch(row)
        if match is None or (match.group(1) and not prefixes):
            return _stdnum_prefixes()
        indented, code, key, value = match.groups()
        entry = (len(code), code, code, {key: value}, [])
        (prefixes[-1][4] if indented else prefixes).append(entry)
    return prefixes


def _stdnum_prefixes() -> list:
    """``_division_prefixes`` as python-stdnum reads them: for a table not found or laid out otherwise."""
    from stdnum import numdb

    return numdb.get("cn/loc").prefixes


@cache
def _divisions() -> tuple[dict[str, str], dict[str, tuple[tuple[str, str, bool], ...]]]:
    """({province code: its name}, {first two characters: ((name an address or a name may begin with, its province
    code, whether it is a bare short name), the longest first)}):
    the provinces (GB/T 2260, python-stdnum's table) by their full names (湖南省, 广西壮族自治区) and their short
    names (湖南, 上海, 内蒙古: "上海某某有限公司"), their prefectures by theirs (长沙市, 延边朝鲜族自治州) and a
    province's short name before one of its prefectures (湖南长沙市). A prefecture name two provinces bear is left out:
    it shows neither; so is a short name another province's division begins with (河北: 天津市河北区; 河南, 海南).
    A bare short name shows a province in a name only (``_province_written``): in an address it is as often a
    road's (四川北路, 北京路, 湖南路 of many a city)."""
    provinces: dict[str, str] = {}
    prefixes: dict[str, set[str]] = {}
    shorts: set[str] = set()
    divisions: list[tuple[str, str]] = []  # (a division's name now, its province's code)
    for _length, low, _high, props, children in _division_prefixes():
        name = props.get("province", "")
        if not name:
            continue
        provinces[low] = name
        prefixes.setdefault(name, set()).add(low)
        short = re.sub(r"(壮族|回族|维吾尔)?(省|市|自治区|特别行政区)$", "", name)
        if short != name:
            prefixes.setdefault(short, set()).add(low)
            shorts.add(short)
        for _l, code, _h, county, _c in children:
            city = _current_name(county.get("county", ""))
            divisions.append((city, low))
            if code.endswith("00") and code != "0000" and re.search(r"(市|州|地区|盟)$", city):
                prefixes.setdefault(city, set()).add(low)
                if short != name:
                    prefixes.setdefault(short + city, set()).add(low)
    for city, low in divisions:  # a short name another province's division begins with shows no province
        prefixes.update({short: prefixes[short] | {low} for short in shorts if city.startswith(short)})
    written: dict[str, list[tuple[str, str, bool]]] = {}
    for text, codes in sorted(prefixes.items(), key=lambda item: -len(item[0])):
        if len(codes) == 1:
            written.setdefault(text[:2], []).append((text, next(iter(codes)), text in shorts))
    return provinces, {start: tuple(names) for start, names in written.items()}


def _province_written(text: str, *, shorts: bool = False) -> str | None:
    """The code of the province ``text`` (an address, a company's name) begins with (``_divisions``), else None;
    ``shorts``: a province's bare short name shows it too (a company's name: 上海某某有限公司) — not in an address,
    where 四川北路, 北京路, 湖南路 are roads of many a city (a province's full name, or its short name before one of
    its prefectures, 湖南长沙市, shows it there)."""
    text = re.sub(r"\s+", "", text or "").removeprefix("中华人民共和国").removeprefix("中国")
    return next((code for name, code, bare in _divisions()[1].get(text[:2], ())
                 if (shorts or not bare) and text.startswith(name)), None)


def registration_province(party_name: str, uscc: str, address: str) -> tuple[str, str] | None:
    """(the code of the province a party is registered in, what shows it: "address", "name" or "uscc"): its address
    (住所, where it is registered now), else the place its name begins with (the registering authority's), else the
    registration code of its USCC (characters 3–4: that of the authority that gave the code, a company moved since
    keeping it); None when none of them shows one. A province's bare short name shows it in the name only: in an
    address it is a road's as often (四川北路100号, 北京路8号: a local party's address typed without its city)."""
    for shown_by, text in (("address", address), ("name", party_name)):
        code = _province_written(text, shorts=shown_by == "name")
        if code is not None:
            return code, shown_by
    code = (uscc or "").strip().upper()[2:4]
    return (code, "uscc") if len(uscc or "") == 18 and code in _divisions()[0] else None


def _other_province_parties(db: Database, case_ids: list[str]) -> dict[str, tuple[str, str, str, str]]:
    """{case id: (the name of its first party registered in another province than the case's bureau, that province,
    what shows it, the bureau's province)} of ``case_ids``; a case whose bureau's province is not known (its code is
    no division code) has none."""
    import json

    out: dict[str, tuple[str, str, str, str]] = {}
    for case_id, name, uscc, address, code in db.execute(
            "SELECT cp.case_id, p.name, p.uscc, p.address, a.code FROM case_parties cp JOIN parties p ON p.id = "
            "cp.party_id JOIN cases c ON c.id = cp.case_id LEFT JOIN agencies a ON a.id = c.agency_id WHERE cp.case_id "
            "IN (SELECT value FROM json_each(?)) ORDER BY cp.case_id, cp.position", [json.dumps(case_ids)]):
        home = (code or "")[:2]
        if case_id in out or home not in _divisions()[0]:  # the table read for the first party asking (cached)
            continue
        found = registration_province(name, uscc, address)
        if found is not None and found[0] != home:
            provinces = _divisions()[0]
            out[case_id] = (name, provinces[found[0]], found[1], provinces[home])
    return out


def other_province_publications(db: Database, engine: _Engine, deadlines: list[Deadline],
                                events: dict[str, list[EventFacts]], statuses: dict[str, str], *,
                                board: bool = False) -> list[Deadline]:
    """``deadlines`` with T18 of each case whose party is registered in another province
    (``_other_province_parties``) counted again with thresholds.toml's other_province_working_days (信息公示规定 art.
    10, its source), the party and the province said in its detail (``OTHER_PROVINCE``); ``statuses``: the cases'
    statuses; ``board``: only what is still open is kept."""
    counted = [d for d in deadlines if d.rule.id == PUBLICATION_CLOCK and d.start_ord is not None
               and d.state not in ("not_applicable", "missing")]
    elsewhere = _other_province_parties(db, sorted({d.case_id for d in counted})) if counted else {}
    if not elsewhere:
        return deadlines
    from workstation.law.data import load

    days = int(load("thresholds")["publication"]["other_province_working_days"])
    ids = {id(d) for d in counted}
    out: list[Deadline] = []
    for d in deadlines:
        found = elsewhere.get(d.case_id) if id(d) in ids else None
        if found is None:
            out.append(d)
            continue
        r = replace(d.rule, period=days, source=OTHER_PROVINCE_SOURCE)
        again = engine.compute(r, d.case_id, d.case_number, statuses[d.case_id], d.start_ord, d.done_ord,
                               events.get(d.case_id, []))
        again.detail = (*again.detail, *(item for item in d.detail if item[0] == AMOUNTS_NOT_ENTERED),
                        (OTHER_PROVINCE, *found))
        again.party, again.party_id, again.start_what = d.party, d.party_id, d.start_what
        if not board or again.state in OPEN_STATES:
            out.append(again)
    return out


def outcome_on(events: list[EventFacts], decided: int | None, kinds: tuple[str, ...], party_id: str = ""
               ) -> int | None:
    """The first day (ordinal) an outcome of the party's reconsideration or lawsuit of one of ``kinds`` — ``REVOKING``:
    the decision in force revoked; ``(VOID,)``: declared void — was recorded on or after the decision's day
    ``decided`` (a decision made again after it is not touched by it), None when none was. ``party_id``: that party's
    own outcomes and the whole case's count (``EventFacts.of``); without it only the whole case's (a case with one
    party records every outcome so)."""
    days = [e.start for e in events if e.kind in kinds and (e.of(party_id) if party_id else not e.party)
            and (decided is None or e.start >= decided)]
    return min(days) if days else None


def changed_to_no_fine(events: list[EventFacts], decided: int | None) -> bool:
    """Whether the latest change (``CHANGING``) of the whole case's decision made on ``decided`` that says a fine
    (recorded on or after that day) changed it to no fine at all (``NO_FINE``). A party's own change leaves that
    party owing nothing (``party_decisions.owing_parties``): its payment clocks are not counted at all."""
    changes = [e for e in events if e.kind == CHANGING and e.days and not e.party
               and (decided is None or e.start >= decided)]
    return bool(changes) and changes[-1].days == NO_FINE


def step_day(alias: str = "") -> str:
    """``STEP_DAY`` of the steps read as ``alias`` (``transfers``' several), else as the table itself."""
    of = f"{alias}." if alias else ""
    return f"COALESCE({of}on_date, substr({of}at, 1, 10))"


#: the SQL of the day of a case's step or event (``case_events``): the day it records, else (a step recorded before
#: steps kept their day) the day it was recorded. The day a payment or 履行完毕 was made, wherever it is counted: the
#: clocks (``performances``), each party's payment (``party_decisions.payments``), the payments under a revoked
#: decision (``closing.paid_under_revoked``) and payments.py's own checks (``payments.under_decision_in_force``'s
#: default): a payment recorded without its day counts by the day it was recorded, everywhere alike
STEP_DAY = step_day()


def transfers(one_case: bool = False) -> str:
    """The SQL of the case's transfers to the police (移送公安机关, the procedure step) as clock-event rows of kind
    ``TRANSFERRED`` (``EVENT_COLUMNS`` and ``created_at``): T27's starts, and, from each to its end (``ends_on``), the
    time with the police that T2 does not count (clocks.toml T2 ``excluded``); with the other time with the police,
    the case closed as theirs after it was taken back and taken up again when they withdrew it, as rows of kind
    ``POLICE_HELD`` (each close counted once, with the latest transfer before it). ``one_case`` limits them to the case
    given as a parameter (twice: ``CASE_EVENT_PARAMS``). Read through the partial index of the steps to the police
    (case_events_to_police), the later steps through the case's own (case_events_case)."""
    of_case = " AND t.case_id = ?" if one_case else ""
    day = step_day

    def later(step: str) -> str:
        return f"r.case_id = {step}.case_id AND r.kind = 'transition' AND r.at > {step}.at"

    # the time with the police (``TRANSFERRED``): up to the day before the case was taken up again, else before the
    # step that took it out of 移送公安 (closed as the police's); open while neither is recorded; none (ending the day
    # before it began) for a transfer after the decision
    back = (f"(SELECT MIN({day('r')}) FROM case_events r WHERE {later('t')} AND r.to_status = 'investigating' AND "
            f"r.from_status IN ('{TRANSFERRED}', 'closed'))")
    left = f"(SELECT MIN({day('r')}) FROM case_events r WHERE {later('t')} AND r.from_status = '{TRANSFERRED}')"
    handed = ", ".join(f"'{status}'" for status in INVESTIGATION_ON)
    ends = (f"CASE WHEN COALESCE(t.from_status, '') IN ({handed}) THEN date(COALESCE({back}, {left}), '-1 day') "
            f"ELSE date({day('t')}, '-1 day') END")
    transferred = f"t.to_status = '{TRANSFERRED}' AND t.kind = 'transition'{of_case}"
    # ``POLICE_HELD``: a close (结案) from an investigation status after the transfer, before any later one, up to the
    # day before the case was taken up again from 已结案; none while it stays closed (T2 ended with the case)
    again = (f"(SELECT MIN({day('r')}) FROM case_events r WHERE {later('h')} AND r.from_status = 'closed' AND "
             "r.to_status = 'investigating')")
    between = (f"SELECT 1 FROM case_events u WHERE u.case_id = t.case_id AND u.to_status = '{TRANSFERRED}' AND "
               "u.kind = 'transition' AND u.at > t.at AND u.at < h.at")
    held = (f"SELECT h.case_id, h.id, {day('h')} AS first, {again} AS again, h.at FROM case_events t CROSS JOIN "
            f"case_events h ON h.case_id = t.case_id AND h.at > t.at AND h.kind = 'transition' AND "
            f"h.to_status = 'closed' AND COALESCE(h.from_status, '') IN ({handed}) WHERE {transferred} AND NOT EXISTS "
            f"({between})")
    # a transfer after the decision is marked as such (``AFTER_DECISION`` in its clock column) by the status it left
    after = f"CASE WHEN COALESCE(t.from_status, '') IN ({handed}) THEN '' ELSE '{AFTER_DECISION}' END"
    return (f"SELECT t.case_id, t.id, '{TRANSFERRED}', {after}, {day('t')}, {ends}, 0, NULL, '', NULL, NULL, "
            f"t.at FROM case_events t WHERE {transferred} UNION ALL "
            f"SELECT case_id, id, '{POLICE_HELD}', '', first, date(again, '-1 day'), 0, NULL, '', NULL, NULL, at "
            f"FROM ({held}) WHERE again IS NOT NULL")


# the clock events recorded, with the decision changes read from the documents (T19's starts) and the transfers to
# the police read from the case's steps (T27's starts): of every case, and of one case (its id given
# ``CASE_EVENT_PARAMS`` times), the latter with the performance of its penalty (``performances``: T8 met) and the
# decline of its filing (``declines``: T1 met)
EVENTS = (f"(SELECT {STORED_EVENT_COLUMNS}, created_at FROM clock_events UNION ALL {changed_decisions()} UNION ALL "
          f"{overturned_decisions()} UNION ALL {transfers()} UNION ALL {transfer_letters()})")


def performances() -> str:
    """The SQL of one case's performance of its penalty (the step 履行 with the payment, its day the one the step
    records, ``STEP_DAY``) as clock-event rows of kind ``PERFORMED`` (``EVENT_COLUMNS`` and ``created_at``), T8's
    completion; the case given as a parameter. Only those under the decision in force, on or after its date (as
    ``party_decisions.payments`` counts them): a payment under a decision since revoked and made anew (``redecide``)
    neither meets the new decision's T8 nor leaves nothing to enforce (T16)."""
    return (f"SELECT case_id, id, '{PERFORMED}', '', {STEP_DAY}, NULL, 0, NULL, '', NULL, NULL, "
            f"at FROM case_events WHERE case_id = ? AND to_status = '{PERFORMED}' AND kind = 'transition' AND "
            f"{STEP_DAY} >= COALESCE((SELECT c.decided_on FROM cases c WHERE c.id = case_events.case_id), '')")


def declines() -> str:
    """The SQL of one case's decline of its filing (the step 不予立案, its day the one the step records) as clock-event
    rows of kind ``DECLINED`` (``EVENT_COLUMNS`` and ``created_at``), T1's completion in a case never filed: a case
    filed since (its decline overruled) meets T1 by its filing day, one back awaiting its filing decision by none;
    the case given as a parameter."""
    return (f"SELECT case_id, id, '{DECLINED}', '', {STEP_DAY}, NULL, 0, NULL, '', NULL, NULL, "
            f"at FROM case_events WHERE case_id = ? AND to_status = '{DECLINED}' AND kind = 'transition' AND NOT "
            "EXISTS (SELECT 1 FROM cases c WHERE c.id = case_events.case_id AND c.status = 'pending_filing')")


CASE_EVENTS = (f"(SELECT {STORED_EVENT_COLUMNS}, created_at FROM clock_events WHERE case_id = ? UNION ALL "
               f"{changed_decisions(one_case=True)} UNION ALL {overturned_decisions(one_case=True)} UNION ALL "
               f"{transfers(one_case=True)} UNION ALL {performances()} UNION ALL {declines()} UNION ALL "
               f"{transfer_letters(one_case=True)})")
CASE_EVENT_PARAMS = 10


def counted_extensions(r: ClockRule, extensions: list[EventFacts]) -> tuple[list[EventFacts], list[EventFacts]]:
    """The extensions of clock ``r`` that count and those that do not: a clock the law extends once (clocks.toml
    ``once``: T1, SAMR rules art. 18) counts only the first approved (``extensions`` come in the order they were
    approved and recorded); the others, recorded before the rule was applied, are superseded by it and shown as
    such until they are corrected or removed."""
    if not r.extension_once or len(extensions) < 2:
        return extensions, []
    return extensions[:1], extensions[1:]


def superseded_extensions(deadlines: list[Deadline]) -> dict[str, Deadline]:
    """The ids of the recorded extensions that ``deadlines`` do not count (see ``counted_extensions``), each with
    the deadline that leaves it out."""
    return {e.id: d for d in deadlines for item in d.detail if item[0] == "superseded" for e in item[1]}


def event_facts(engine: _Engine, rows) -> dict[str, list[EventFacts]]:
    """{case id: its clock events as the engine reads them (``EventFacts``, in the order of ``rows``)} of ``rows``
    selected as ``EVENT_COLUMNS`` lists them."""
    by_case: dict[str, list[EventFacts]] = {}
    ordinal = engine.ordinal
    deferred: set[str] = set()
    for case_id, event_id, kind, clock, starts_on, ends_on, days, approved_on, approved_by, party, measure in rows:
        by_case.setdefault(case_id, []).append(EventFacts(event_id, kind, clock, ordinal(starts_on),
                                                          ordinal(ends_on), days, approved_on, approved_by,
                                                          party or "", measure or ""))
        if kind == "deferral":
            deferred.add(case_id)
    for case_id in deferred:
        by_case[case_id] = _demands_counted(by_case[case_id])
    return by_case


def _demands_counted(events: list[EventFacts]) -> list[EventFacts]:
    """``events`` without the 催告书 (demand) served while the payment was deferred (a deferral of its party or of the
    whole case running that day): it demanded a payment not yet due, and T15 (and the court application after it)
    runs from the one served once the deferral is over (行政强制法 art. 54; ``enforcement.demand_days``)."""
    deferrals = [e for e in events if e.kind == "deferral"]

    def inside(demand: EventFacts) -> bool:
        # a deferral recorded without its end runs on (as ``clock_events.deferred_on`` reads it)
        return any(d.start <= demand.start and (d.end is None or demand.start <= d.end)
                   and (not d.party or not demand.party or d.party == demand.party) for d in deferrals)

    return [e for e in events if not (e.kind == "demand" and inside(e))]


#: the clocks counted within ``clocks_read_once`` in this thread, by case (``read_once.held``)
_READ_ONCE = read_once.kept("clocks_read_once")


def clocks_read_once() -> AbstractContextManager[None]:
    """Within it, ``case_clocks`` of a case as of today (its other arguments left as they are) is counted once: a
    case context asks for the payment period twice (the 结案审批表's surcharge, the unpaid amount), each counting
    every clock of the case. Counted again after any change made on the connection meanwhile, or rolled back
    (``read_once.held``), on another day, or for a case given otherwise; forgotten when it ends; nested, the
    outermost one holds. Per thread (``read_once.scope``). Also a decorator."""
    return read_once.scope(_READ_ONCE)


def case_clocks(db: Database, case: Case, *, on: str | None = None, per_party: bool = True,
                deemed: dict[str, tuple[str, str]] | None = None, without: str = "") -> list[Deadline]:
    """Every deadline of the case, running or not: what runs now, what was met or missed, what cannot be
    computed for lack of a date. In a case with several parties whose notices were served on different days (or
    waived by some), the statement period is given for each party (``split_statement_periods``) unless
    ``per_party`` is false. ``deemed``: the services a 送达公告 moved (``_Engine.deemed_start``) when not the case's
    (those of one of its parties, ``document_clocks.party_deemed_starts``). ``without``: the id of a recorded clock
    event counted as if it were not recorded (an extension being corrected is checked against the time limit it
    extends as a new one would be: ``clock_events._outside_clock``). Within ``clocks_read_once`` counted once as of
    today, ``on`` left out or today (copies of the deadlines counted: a caller may change those it is given)."""
    held = _SETTLING.get()
    if held is not None and case.id in held and on is None and per_party and deemed is None and not without:
        return [copy.copy(d) for d in held[case.id]]  # ``paid_periods`` working out its balance: as counted
    day = today() if read_once.active(_READ_ONCE) and held is None else None
    if day is None or (on is not None and on != day) or not per_party or deemed is not None or without:
        return _case_clocks(db, case, on=on, per_party=per_party, deemed=deemed, without=without)
    counted = read_once.held(_READ_ONCE, db, case.id, lambda: _case_clocks(db, case), (day, case))
    return [copy.copy(d) for d in counted]


def _case_clocks(db: Database, case: Case, *, on: str | None = None, per_party: bool = True,
                 deemed: dict[str, tuple[str, str]] | None = None, without: str = "") -> list[Deadline]:
    engine = engine_for(db, on)
    rows = [row for row in db.execute(f"SELECT {EVENT_COLUMNS} FROM {CASE_EVENTS} ORDER BY {EVENT_ORDER}",
                                      [case.id] * CASE_EVENT_PARAMS).fetchall() if not without or row[1] != without]
    # T19 only from a change made while a publication stood: its period (T20) not over
    events = published_changes(db, engine, event_facts(engine, rows)).get(case.id, [])
    dates = tuple(getattr(case, f) for f in CASE_DATES)
    row = db.execute(f"SELECT {DECISION_COLUMNS} FROM cases WHERE id = ?", [case.id]).fetchone()
    facts = decision_facts(case.status, *row) if row else frozenset()
    decisions = tuple(day for (day,) in db.execute(
        "SELECT COALESCE(on_date, substr(at, 1, 10)) FROM case_events WHERE case_id = ? AND kind = 'transition' AND "
        "to_status = 'penalty_decided'", [case.id]))  # T2 met by the first after a new decision ordered
    # a decision not to penalise: the party's periods to challenge it count from its service (``NO_PENALTY_FORM``)
    services = no_penalty_services(db, case.id) if "no_penalty" in facts and not case.served_on else {}
    # the earliest service of any party's (``no_penalty_service`` without a party)
    spared = min((day for day in services.values() if day), default=None)
    out = engine.case_deadlines(case.id, case.case_number, case.status, dates, events, board=False, facts=facts,
                                deemed=deemed_starts(db, [case.id]).get(case.id) if deemed is None else deemed,
                                decisions=decisions, remedy_served=spared)
    out = _undecided_decision_limit(db, engine, case, out, events, facts)
    name_assignment_starts(db, out)
    _name_parties(db, out)
    out = measure_periods(db, engine, out, {case.id: events})  # T14 to the 期限届满日期 of the seizure's decision
    out = complete_by_documents(db, engine, out, {case.id: events})  # T3 by a review that passed
    out = _notices_not_recorded(db, engine, case.id, out)  # T6 ended at a hearing held with no notice recorded
    from workstation.publication_period import publication_periods

    out = publication_periods(db, engine, case, out, events)  # T20: 3 months or 3 years by the penalty
    # T18: 10 working days for a party registered in another province
    out = other_province_publications(db, engine, out, {case.id: events}, {case.id: case.status})
    if not per_party:
        return instalment_periods(db, engine, out)  # T8 to the next instalment to pay
    out = split_statement_periods(db, engine, out, {case.id: events})
    out = split_payment_periods(db, engine, out, {case.id: events})
    out = instalment_periods(db, engine, out)  # T8 to the next instalment to pay
    out = split_decision_services(db, engine, out, {case.id: events})
    if spared:  # a decision not to penalise: each party's periods to challenge it from its own service
        out = split_no_penalty_services(db, engine, case, out, events, services)
    from workstation.enforcement import complete_by_applications
    from workstation.rectification_checks import case_checks

    out = complete_by_applications(db, engine, out, {case.id: events})  # T16 met by the application to the court
    out = paid_periods(db, engine, out)  # T8 met by payments of part that paid all; paid under a revoked decision

    return out + case_checks(db, engine, case.id)


def _notices_not_recorded(db: Database, engine: _Engine, case_id: str, deadlines: list[Deadline]) -> list[Deadline]:
    """``deadlines`` with the note that no 听证通知书 was recorded (``BEFORE_NOT_RECORDED``: the hearing's day and T6's
    last day) added to a T6 that ended with the case's step, nothing meeting it, once the hearing's day came
    (``engine.today`` on or after it) — unless its hearing stage ended before that day (``_left_before_hearing``: the
    request withdrawn, the party's absence recorded or the case moved on before it), when no hearing was held that day
    and so none without its notice. Said, not left silent, where the stage ended on that day or after it, and where no
    end of it is recorded (a case imported past its hearing). Decided here rather than by the engine, which does not
    read the case's steps. One query, only for a case with such a T6."""
    ended = [d for d in deadlines if d.clock == "T6" and d.state == "ended" and d.done_ord is None
             and d.start_ord is not None and d.due_ord is not None and d.start_ord <= engine.today]
    if not ended:
        return deadlines
    from workstation.procedure import given_up_step

    steps = [(day, source, to, given_up_step(details)) for day, source, to, details in db.execute(
        f"SELECT {STEP_DAY}, from_status, to_status, details FROM case_events WHERE "
        "case_id = ? AND kind = 'transition' AND (from_status = 'hearing' OR to_status = 'hearing') ORDER BY at, "
        "rowid", [case_id]) if day]
    for d in ended:
        if not _left_before_hearing(steps, d.start):
            d.detail = (*d.detail, (BEFORE_NOT_RECORDED, d.start_ord, d.due_ord))
    return deadlines


def _left_before_hearing(steps: list[tuple], hearing: str) -> bool:
    """Whether the hearing stage the hearing on ``hearing`` was set in ended before that day: of the case's steps
    into and out of the hearing stage ``steps`` ((day, from status, to status, the ``HEARING_GIVEN_UP`` step it
    records or None), every party's), those since the latest entry into the stage on or before that day and before
    the next entry after that day record an end of the stage, all before that day. A party's own withdrawal or absence
    while another's hearing goes on (recorded from the stage to itself) neither enters nor ends it. False when no end
    is recorded (a case imported past its hearing) or one is on that day or after it (the hearing held, or a party's
    of several still to be heard then)."""
    entries = [day for day, source, to, given_up in steps if to == "hearing" and not given_up]
    since = max((day for day in entries if day <= hearing), default="")
    until = min((day for day in entries if day > hearing), default=None)
    ends = [day for day, source, to, _given_up in steps
            if source == "hearing" and to != "hearing" and day >= since and (until is None or day < until)]
    return bool(ends) and max(ends) < hearing


def no_penalty_services(db: Database, case_id: str) -> dict[str, str | None]:
    """{party id: the day its own 不予行政处罚决定书 was served on it (the earliest of those in force), None while no
    service of it is recorded} of each party one in force was issued to (one recording no party: the case's first
    party's, as ``document_clocks.party_deemed_starts`` reads a document). Its service is that of a 送达回证 in force
    whose 送达文书名称及文号 names it — by its 文号, or by its title and party where it has none — else the day a
    送达公告 in force naming it deems it served (thirty days after its publication, SAMR rules art. 82), on or after
    the day it was decided (``document_clocks.document_services``, as the 听证通知书's). The case records no service
    of such a decision otherwise (its 送达 step is the penalty decision's)."""
    from workstation.document_clocks import document_services
    from workstation.store import parties_of_case

    decisions = document_services(db, [case_id], NO_PENALTY_FORM, "不予行政处罚决定书").get(case_id, [])
    if not decisions:
        return {}
    parties = parties_of_case(db, case_id)
    first = parties[0].id if parties else ""
    out: dict[str, str | None] = {}
    for decision in decisions:
        party = decision.party_id or first
        served = [day for day in (out.get(party), decision.served_on) if day]
        out[party] = min(served, default=None)
    return out


def no_penalty_service(db: Database, case_id: str, party_id: str | None = None) -> str | None:
    """The day the 不予行政处罚决定书 of the party ``party_id`` was served on it (``no_penalty_services``), from which
    that party's periods to challenge it count (T10, T11); without a party, the earliest service of any party's
    (that of the case with one party). None while not recorded."""
    services = no_penalty_services(db, case_id)
    if party_id:
        return services.get(party_id)
    return min((day for day in services.values() if day), default=None)


def split_no_penalty_services(db: Database, engine: _Engine, case: Case, deadlines: list[Deadline],
                              events: list[EventFacts],
                              services: dict[str, str | None] | None = None) -> list[Deadline]:
    """``deadlines`` of a case decided not to penalise with several parties whose 不予行政处罚决定书 were served on
    different days (or on some only) with the party's periods to challenge it (T10, T11) replaced by one per party,
    counted from the service of its own decision (``no_penalty_services``) as a party's periods count from that of
    its 行政处罚决定书 (``split_payment_periods``): met or replaced by its own reconsideration or lawsuit and those of
    the whole case; one not yet served has none running. Nothing to pay or enforce (T8, T16). ``services``: the
    case's ``no_penalty_services`` when already read."""
    from workstation.party_decisions import PartyPayment
    from workstation.store import parties_of_case

    if services is None:
        services = no_penalty_services(db, case.id)
    if len(services) < 2 or len(set(services.values())) < 2:
        return deadlines
    parties = {party.id: party for party in parties_of_case(db, case.id)}
    items = [PartyPayment(parties[party_id], served, None, False)
             for party_id, served in services.items() if party_id in parties]
    every = _party_service_deadlines(db, engine, case.id, events, items)
    split = {clock_id: every[clock_id] for clock_id in ("T10", "T11")}
    for d in (d for clock_deadlines in split.values() for d in clock_deadlines):
        if d.state not in ("missing", "not_applicable"):
            d.detail = (*d.detail, (NO_PENALTY_SERVED,))
    out: list[Deadline] = []
    for d in deadlines:
        # one not applicable under the case's decision stays the case's; one the other remedy replaced is split
        if d.clock not in split or (d.state == "not_applicable" and not any(item[0] == REPLACED
                                                                            for item in d.detail)):
            out.append(d)
        else:  # each party's in place of the case's first
            out.extend(split.pop(d.clock, []))
    return out


def _undecided_decision_limit(db: Database, engine: _Engine, case: Case, deadlines: list[Deadline],
                              events: list[EventFacts], facts: frozenset[str]) -> list[Deadline]:
    """``deadlines`` with the time limit for the decision (T2) still running, as it ran while the case awaited its
    decision, when the case is decided but a party of it has no decision yet (``party_decisions.undecided_parties``:
    each party is concluded by its own, Penalty Law art. 57): met on the case's 作出行政处罚决定 only once every party
    has one."""
    if not case.decided_on or not any(d.clock == "T2" and d.state in ("met", "late") for d in deadlines):
        return deadlines
    from workstation.party_decisions import undecided_parties

    if not undecided_parties(db, case):
        return deadlines
    running = _decision_still_running(engine, case.id, case.case_number, tuple(getattr(case, f) for f in CASE_DATES),
                                      events, facts, board=False)
    if not running:
        return deadlines
    return [running[0] if d.clock == "T2" else d for d in deadlines]


def _undecided_on_board(db: Database, engine: _Engine, rows: list, events: dict[str, list[EventFacts]],
                        last_date: int) -> list[Deadline]:
    """The time limit for the decision (T2) of the board's decided cases (``rows``, as ``board_sql`` reads them) that
    a party of which has no decision yet (``party_decisions.undecided_parties``), running as on the case's 期限 tab
    (``_undecided_decision_limit``). The few candidates — decided, with several parties and a 决定书 issued here —
    are found in two queries; only they are read party by party."""
    import json

    issued = {case_id for (case_id,) in db.execute(
        "SELECT DISTINCT case_id FROM documents WHERE form_id IN ('penalty_decision', 'no_penalty_decision')")}
    if not issued:
        return []
    decided_on = 3 + CASE_DATES.index("decided_on")
    decided = {row[0]: row for row in rows if row[0] in issued and row[2] in DECIDED_STATUSES and row[decided_on]}
    if not decided:
        return []
    candidates = [case_id for (case_id,) in db.execute(
        "SELECT case_id FROM case_parties WHERE case_id IN (SELECT value FROM json_each(?)) GROUP BY case_id "
        "HAVING COUNT(*) > 1", [json.dumps(sorted(decided))])]
    from workstation.party_decisions import undecided_parties
    from workstation.store.cases import get_case

    out = []
    for case_id in sorted(candidates):
        if not undecided_parties(db, get_case(db, case_id)):
            continue
        row = decided[case_id]
        out += _decision_still_running(engine, case_id, row[1], row[3:last_date], events.get(case_id, []),
                                       decision_facts(row[2], *row[last_date:]), board=True)
    return out


def _decision_still_running(engine: _Engine, case_id: str, number: str, dates: tuple, events: list[EventFacts],
                            facts: frozenset[str], *, board: bool) -> list[Deadline]:
    """The time limit for the decision (T2) of a decided case counted as while it awaited its decision (``dates`` in
    ``CASE_DATES`` order, its 决定日期 left out): what runs on for a party of it with no decision yet."""
    dates = tuple(None if field == "decided_on" else value for field, value in zip(CASE_DATES, dates, strict=True))
    return [d for d in engine.case_deadlines(case_id, number, "decision_pending", dates, events, board=board,
                                             facts=facts) if d.clock == "T2"]


#: the document deciding a seal-up or seizure (实施行政强制措施决定书) whose 期限届满日期 (``period_until``) ends the
#: period its seizure event starts (T14: ``measure_periods``)
MEASURE_FORM = "compulsory_measure_decision"


def measure_decisions(db: Database, case_ids: list[str]) -> dict[str, list[tuple[int, int | None, str, str]]]:
    """{case id: (its 决定日期, its 期限届满日期 or None, the party whose goods it holds or "", its 文号) of each
    实施行政强制措施决定书 in force (issued, neither voided nor corrected), in the order issued} of ``case_ids``; a
    decision without a readable 决定日期 is left out."""
    import json

    from workstation.document_clocks import DOCUMENT_IN_FORCE
    from workstation.formkit.measures import measure_party_of
    from workstation.validators import written_day

    rows = db.execute("SELECT d.case_id, COALESCE(d.number, ''), d.values_json FROM documents d WHERE d.case_id IN "
                      f"(SELECT value FROM json_each(?)) AND d.form_id = ? AND {DOCUMENT_IN_FORCE} "
                      "ORDER BY d.issued_at, d.rowid", [json.dumps(sorted(set(case_ids))), MEASURE_FORM]).fetchall()
    out: dict[str, list[tuple[int, int | None, str, str]]] = {}
    for case_id, number, values_json in rows:
        values = json.loads(values_json or "{}")
        decided, until = written_day(values.get("decided_on")), written_day(values.get("period_until"))
        if decided is not None:
            out.setdefault(case_id, []).append((decided.toordinal(), until.toordinal() if until else None,
                                                measure_party_of(values) or "", number))
    return out


def measure_of_seizure(decisions, start: int, party: str) -> tuple[int, int | None, str, str] | None:
    """The 实施行政强制措施决定书 of ``decisions`` (``measure_decisions``' of a case) the seizure begun on ``start``
    records: decided that day, for the goods of its ``party`` or of no known party (a seizure of the whole case, no
    ``party``: of any), as the decision records its seizure (``measures.seized_party``); the last issued of those,
    a party's own before one of no known party. None without one (a decision given on paper, a seizure dated
    otherwise): the law's period then stands."""
    same_day = [d for d in decisions if d[0] == start]
    if party:
        same_day = [d for d in same_day if d[2] == party] or [d for d in same_day if not d[2]]
    return same_day[-1] if same_day else None


def measure_periods(db: Database, engine: _Engine, deadlines: list[Deadline], events: dict[str, list[EventFacts]],
                    *, board: bool = False) -> list[Deadline]:
    """``deadlines`` with the period of each seal-up or seizure (T14, counted from a ``SEIZED_KINDS`` event) ending
    on the 期限届满日期 of the 实施行政强制措施决定书 that decided it (``measure_of_seizure``) when that day comes
    before the law's thirty days end (行政强制法 art. 25: "不得超过三十日"): the days up to it are its period, then
    moved, as the law's would be, by the testing not counted and the extension approved (``measures.measure_end``
    counts that end alike). A decision giving more than the law allows does not lengthen it: the law's period
    stands, the calculation says so. ``board`` keeps only the running ones. One query, only for the cases with
    such a deadline."""
    from workstation.store.clock_events import SEIZED_KINDS

    seized = [d for d in deadlines if d.case_id and d.event_id and d.start_ord is not None
              and d.rule.start_kind == "event" and d.rule.start_ref in SEIZED_KINDS and d.rule.unit == "cd"]
    if not seized:
        return deadlines
    decisions = measure_decisions(db, [d.case_id for d in seized])
    changed: dict[int, Deadline] = {}
    for d in seized:
        found = measure_of_seizure(decisions.get(d.case_id, ()), d.start_ord, d.party_id or "")
        if found is None or found[1] is None or found[1] <= d.start_ord:
            continue
        _decided, until, _party, number = found
        days = until - d.start_ord
        if days == d.rule.period:
            continue
        if days > d.rule.period:  # beyond the law: its period stands, the calculation saying why
            d.detail = (("measure_beyond", number, until, d.rule.period), *d.detail)
            continue
        case_events = events.get(d.case_id, [])
        own = [e for e in case_events if (not d.party_id or e.of(d.party_id)) and e.of_measure(d.event_id)]
        event = next((e for e in own if e.id == d.event_id), None)
        again = engine.compute(replace(d.rule, period=days), d.case_id, d.case_number, "", d.start_ord, d.done_ord,
                               own, event)
        again.party, again.party_id, again.start_what = d.party, d.party_id, d.start_what
        again.detail = (("measure_until", number, until, d.rule.period), *again.detail)
        changed[id(d)] = again
    out = extension_caps(db, engine, [changed.get(id(d), d) for d in deadlines], decisions, events)
    return [d for d in out if d.state in OPEN_STATES] if board else out


def extension_caps(db: Database, engine: _Engine, deadlines: list[Deadline], decisions: dict,
                   events: dict[str, list[EventFacts]]) -> list[Deadline]:
    """``deadlines`` with each extended T14 ending no later than the 延长至 date of the 延长行政强制措施期限决定书 in
    force extending its measure (``measures.extension_ends``: naming the decision that seized, else decided the day
    its extension was approved): the date the party was told in writing (行政强制法 art. 25). Testing begun before
    that decision was known when the date was fixed and moves it no further (recorded afterwards, it would); only
    testing begun after it, told to the party apart, moves the end past that date."""
    from workstation.formkit.measures import extension_ends, same_number

    extended = [d for d in deadlines if d.rule.id == "T14" and d.due_ord is not None and d.event_id
                and any(item[0] == "extensions" and item[1] for item in d.detail)]
    ends = extension_ends(db, [d.case_id for d in extended]) if extended else {}
    changed: dict[int, Deadline] = {}
    for d in extended:
        found = measure_of_seizure(decisions.get(d.case_id, ()), d.start_ord, d.party_id or "")
        approved = {engine.ordinal(e.approved_on) for item in d.detail if item[0] == "extensions" for e in item[1]
                    if e.approved_on}
        matching = [end for end in ends.get(d.case_id, ()) if (found and same_number(end[0], found[3]))
                    or (not found and end[1] in approved)]
        if not matching:
            continue
        _measure, decided, until, number = matching[-1]
        own = [e for e in events.get(d.case_id, []) if (not d.party_id or e.of(d.party_id))
               and e.of_measure(d.event_id)]
        later = _excluded(d.rule, [e for e in own if e.start > decided])
        capped, stopped = engine.exclude(d.rule, d.start_ord, until, later, []) if later else (until, None)
        if stopped is not None or capped >= d.due_ord:
            continue
        event = next((e for e in own if e.id == d.event_id), None)
        detail = [item for item in d.detail if item[0] not in ("rest_day", "rest_day_unconfirmed")]
        detail.append(("extension_until", number, until, capped))
        rest = engine._rest_day(capped)
        again = engine._finish(d.rule, d.case_id, d.case_number, "", d.start_ord, capped, d.done_ord, event,
                               (*detail, *((rest,) if rest else ())))
        again.party, again.party_id, again.start_what = d.party, d.party_id, d.start_what
        changed[id(d)] = again
    return [changed.get(id(d), d) for d in deadlines]


def extension_days_until(db: Database, case: Case, clock_id: str, until: str,
                         party_id: str | None = None, measure_id: str | None = None) -> int | None:
    """The length (in the clock's unit) of the extension of ``clock_id`` that moves the case's latest running
    deadline of it to ``until`` (the 延长行政强制措施期限决定书's new end date, as its dialog is opened): given
    ``measure_id`` (the seizure event of the measure that decision names), the T14 of that measure alone; given
    ``party_id``, that party's own or the whole case's (the T14 of the seizure of its goods); None without such a
    deadline due before ``until``."""
    engine = engine_for(db)
    last = engine.ordinal(until[:10]) if until else None
    dues = [d.due_ord for d in case_clocks(db, case, per_party=False)
            if d.clock == clock_id and d.open and d.due_ord is not None
            and (not party_id or not d.party_id or d.party_id == party_id)
            and (not measure_id or d.event_id == measure_id)]
    if last is None or not dues or last <= max(dues):
        return None
    return engine.count(rule(clock_id).unit, max(dues) + 1, last)


def _name_parties(db: Database, deadlines: list[Deadline]) -> None:
    """Name the party of each deadline that is one party's own (T12 after that party's reconsideration) but not
    yet named (one query)."""
    import json

    unnamed = [d for d in deadlines if d.party_id and not d.party]
    if not unnamed:
        return
    names = dict(db.execute("SELECT id, name FROM parties WHERE id IN (SELECT value FROM json_each(?))",
                            [json.dumps(sorted({d.party_id for d in unnamed}))]))
    for d in unnamed:
        d.party = names.get(d.party_id, d.party_id)


def split_statement_periods(db: Database, engine: _Engine, deadlines: list[Deadline],
                            events: dict[str, list[EventFacts]], *, board: bool = False) -> list[Deadline]:
    """``deadlines`` with the statement period T4 of a case with several parties replaced by one per party where
    the parties' differ: served on different days, one not yet served (its own period cannot be computed yet), or
    some waived (their period is done on the day of the waiver, as on a hearing request), or some served by public
    notice (counted from the day each is deemed served, as the refusals count it: ``party_notices.pending_refusal``).
    Only the cases that recorded service, waivers or hearing requests per party, or hold a 送达公告, are looked at
    (three queries); ``board`` keeps the running ones. The period runs on past the notice stage — at the hearing,
    awaiting the decision — as the refusals wait for it, until the party waived or asked for a hearing it kept
    (``_statement_closures``, ``PartyPeriod.pending_on``); over, it has ended there (``_gone_on``)."""
    from workstation.document_clocks import public_notice_cases
    from workstation.party_notices import per_party_cases

    with_t4 = {d.case_id for d in deadlines if d.rule.id == "T4" and d.case_id}
    if not with_t4:
        return deadlines
    cases = per_party_cases(db, with_t4) | public_notice_cases(db, with_t4) | _party_hearing_cases(db, with_t4)
    closures = _statement_closures(db, with_t4)  # the cases past their notice stage: (status, closed on)
    out: list[Deadline] = []
    for d in deadlines:
        if d.rule.id != "T4" or (d.case_id not in cases and d.case_id not in closures):
            out.append(d)
            continue
        split = _party_statement_deadlines(db, engine, d, events.get(d.case_id, [])) if d.case_id in cases else [d]
        if len(split) == 1 and split[0] is d and d.case_id in closures:  # the case's own: as one party's
            status, closed_on = closures[d.case_id]
            split = [_gone_on(_closed_statement(engine, d, status, closed_on, events.get(d.case_id, [])), status)]
        out.extend(x for x in split if not board or x.state in OPEN_STATES)
    return out


#: the statuses past the notice stage in which the party's period to state and defend (T4) still runs to its last day
#: (clocks.toml ``running``): the hearing of another party, or of the party who withdrew its request, and the case
#: awaiting its decision after the party gave its hearing up
GONE_ON = ("hearing", "decision_pending")


def _gone_on(d: Deadline, status: str) -> Deadline:
    """T4 ``d`` of a case in ``status``: once its last day passed in a status past the notice stage (``GONE_ON``),
    ended, not expired — the case went on without the party, and nothing is left for the officer to do (on the notice
    stage, expired: the officer ends the period, 陈述申辩期满)."""
    if status not in GONE_ON or d.state != "expired":
        return d
    return replace(d, state="ended", days_left=None, confirmed=True)


def _closed_statement(engine: _Engine, d: Deadline, status: str, closed_on: str | None,
                      events: list[EventFacts]) -> Deadline:
    """The case's own T4 ``d`` met on ``closed_on`` (the party's waiver, or its hearing request it kept), else ``d``."""
    if closed_on is None or d.start_ord is None:
        return d
    again = engine.compute(d.rule, d.case_id, d.case_number, status, d.start_ord, engine.ordinal(closed_on), events)
    again.detail = (*again.detail, *(item for item in d.detail if item[0] == "deemed_served"))
    again.party, again.party_id = d.party, d.party_id
    return again


def _party_hearing_cases(db: Database, case_ids: set[str]) -> set[str]:
    """Those of ``case_ids`` where a party of several asked for its own hearing (its period closes on its request)."""
    import json

    rows = db.execute("SELECT DISTINCT case_id FROM case_events WHERE kind = 'transition' AND to_status = 'hearing' "
                      "AND party_id IS NOT NULL AND case_id IN (SELECT value FROM json_each(?))",
                      [json.dumps(sorted(case_ids))])
    return {row[0] for row in rows}


def _statement_closures(db: Database, case_ids: set[str]) -> dict[str, tuple[str, str | None]]:
    """{case id: (status, the day the party's period closed, else None)} of those of ``case_ids`` past their notice
    stage (``GONE_ON``), read as the refusals read a case with one party (``procedure._statement_over_guard``): closed
    on its waiver (陈述申辩 waived, the step's day), or on its latest hearing request since the notice was served
    while it stands — not given up by a withdrawal or an absence since (``procedure.hearing_given_up``). Two
    queries; the steps are ordered as ``procedure._heard`` and ``procedure.hearing_given_up`` order them (on_date,
    at, rowid)."""
    import json

    from workstation.procedure import given_up_step

    rows = db.execute("SELECT id, status, notice_waived, notice_served_on FROM cases WHERE id IN (SELECT value FROM "
                      f"json_each(?)) AND status IN ({', '.join('?' * len(GONE_ON))})",
                      [json.dumps(sorted(case_ids)), *GONE_ON]).fetchall()
    if not rows:
        return {}
    steps: dict[str, list[tuple]] = {}
    for case_id, *step in db.execute(
            "SELECT case_id, on_date, at, from_status, to_status, details FROM case_events WHERE kind = 'transition' "
            "AND case_id IN (SELECT value FROM json_each(?)) AND (to_status = 'hearing' OR (from_status IN "
            "('pre_notice', 'hearing') AND to_status = 'decision_pending')) ORDER BY at, rowid",
            [json.dumps(sorted(row[0] for row in rows))]):
        steps.setdefault(case_id, []).append(tuple(step))
    out: dict[str, tuple[str, str | None]] = {}
    for case_id, status, waived, served in rows:
        mine = steps.get(case_id, [])
        if waived:  # the waiver took the case from its notice to its decision
            days = [on for on, _at, source, _to, _details in mine if source == "pre_notice" and on]
            out[case_id] = (status, days[-1] if days else served)
            continue
        asked = [on or at[:10] for on, at, _source, to, _details in mine if to == "hearing"]
        since = [day for day in asked if day >= (served or "")]
        latest = max((on for on, _at, _source, to, _details in mine if to == "hearing" and on), default=None)
        # the last by (on_date, at, rowid), as ``procedure._heard`` and ``procedure.hearing_given_up`` order theirs
        # (DESC): the rows arrive ordered by at, rowid, which the stable sort keeps among those of one day and time
        ends = sorted(((on, at, details) for on, at, source, _to, details in mine
                       if source == "hearing" and on and latest and on >= latest), key=lambda end: end[:2])
        given_up = bool(ends) and given_up_step(ends[-1][2]) is not None
        out[case_id] = (status, max(since) if since and not given_up else None)
    return out


def _party_statement_deadlines(db: Database, engine: _Engine, d: Deadline, events: list[EventFacts]) -> list[Deadline]:
    from workstation.party_notices import party_periods
    from workstation.store import get_case

    case = get_case(db, d.case_id)
    periods = party_periods(db, case)

    def closed(p) -> str | None:  # its waiver, or its hearing request while it stands (``PartyPeriod.pending_on``)
        return min((day for day in (p.waived_on, p.hearing_asked_on if p.hearing_stands else None) if day),
                   default=None)

    # alike — served and closed (by a waiver or a hearing request) on the same days — and none served by public
    # notice (counted from its own day): the case's period stands for all
    alike = {(p.served_on, closed(p)) for p in periods}
    if len(alike) < 2 and all(p.counted_from == p.served_on for p in periods):
        done = next(iter(alike))[1] if alike else None
        return [d] if done is None else [_gone_on(_closed_statement(engine, d, case.status, done, events),
                                                  case.status)]
    out = []
    for p in periods:
        if p.served_on is None:  # not served yet; never, once the case is over or handed over
            deadline = never_started(d.rule, d.case_id, d.case_number, case.status)
        else:
            done = closed(p)
            start, moved = engine.deemed_start(d.rule, "field", engine.ordinal(p.served_on), p.deemed)
            deadline = _gone_on(engine.compute(d.rule, d.case_id, d.case_number, case.status, start,
                                               engine.ordinal(done) if done else None, events), case.status)
            if moved:
                deadline.detail = (*deadline.detail, moved)
        deadline.party, deadline.party_id = p.party.name, p.party.id
        out.append(deadline)
    return out


def split_payment_periods(db: Database, engine: _Engine, deadlines: list[Deadline],
                          events: dict[str, list[EventFacts]], *, board: bool = False) -> list[Deadline]:
    """``deadlines`` with the clocks that count from the service of the decision (payment T8, reconsideration T10,
    litigation T11, court enforcement T16) of a case with several parties replaced by one per party, counted from
    the service of that party's own decision: T8 and T16 only for a party that owes money under its decision, T8
    met on the day it paid, T16 ended once it paid, and moved or stopped only by that party's own reconsideration
    or lawsuit and those of the whole case (``EventFacts.of``). Only the cases that recorded the service of the decision or a
    payment per party are looked at (found with one query, beside the one of ``_spared_while_decided``); ``board``
    keeps the running ones. A case still 已决定 (none of
    these clocks yet) has the T10 and T11 of each party decided not to be penalised beside the others' penalties
    whose service was recorded added (``_spared_while_decided``)."""
    from workstation.party_decisions import SERVICE_CLOCKS, per_party_cases

    cases = per_party_cases(db, {d.case_id for d in deadlines if d.rule.id in SERVICE_CLOCKS and d.case_id})
    deadlines = _spared_while_decided(db, engine, deadlines, events, cases, board)
    if not cases:
        return deadlines
    split: dict[str, dict[str, list[Deadline]]] = {}
    out: list[Deadline] = []
    for d in deadlines:
        if d.rule.id not in SERVICE_CLOCKS or d.case_id not in cases or (
                d.state == "not_applicable" and not any(item[0] == REPLACED for item in d.detail)):
            out.append(d)
            continue
        if d.case_id not in split:
            split[d.case_id] = _party_service_deadlines(db, engine, d.case_id, events.get(d.case_id, []))
        out.extend(x for x in split[d.case_id][d.rule.id] if not board or x.state in OPEN_STATES)
    return out


def _spared_while_decided(db: Database, engine: _Engine, deadlines: list[Deadline],
                          events: dict[str, list[EventFacts]], split: set[str], board: bool) -> list[Deadline]:
    """``deadlines`` with, after each case's own, the periods to challenge (T10, T11) of each party of a case with
    several parties still 已决定 (the fined parties' 行政处罚决定书 not served yet: none of the case's periods from
    the service run) that was decided not to be penalised beside the others' penalties and whose 不予行政处罚决定书
    was served on it (``party_decisions.spared_services``): they run from that service already. ``split``: the
    cases ``split_payment_periods`` splits (not these); ``board`` keeps the running ones (one query)."""
    import json

    from workstation.party_decisions import DECISION_SERVED, spared_services
    from workstation.store import get_case

    ids = {d.case_id for d in deadlines if d.case_id} - split
    if not ids:
        return deadlines
    rows = db.execute("SELECT c.id FROM cases c WHERE c.id IN (SELECT value FROM json_each(?)) AND c.status = "
                      "'penalty_decided' AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = ? "
                      "AND e.party_id IS NOT NULL) AND (SELECT COUNT(*) FROM case_parties cp WHERE cp.case_id = c.id) "
                      "> 1", [json.dumps(sorted(ids)), DECISION_SERVED]).fetchall()
    out = deadlines
    for (case_id,) in rows:
        served = {party_id for party_id, day in spared_services(db, get_case(db, case_id)).items() if day}
        if not served:
            continue
        every = _party_service_deadlines(db, engine, case_id, events.get(case_id, []))
        added = [d for clock_id in ("T10", "T11") for d in every[clock_id] if d.party_id in served
                 and (not board or d.state in OPEN_STATES)]
        at = max((i for i, d in enumerate(out) if d.case_id == case_id), default=len(out) - 1) + 1
        out = [*out[:at], *added, *out[at:]]
    return out


def instalment_periods(db: Database, engine: _Engine, deadlines: list[Deadline]) -> list[Deadline]:
    """``deadlines`` with the time to pay (T8) of a fine paid in instalments — still running, deferred to the last
    instalment's day of an issued 分期缴纳罚款通知书 in force (``payments.instalment_plan``) — counted to the next
    instalment still to pay (``payments.instalments_on``: the first due on the engine's today or later that the
    payments of the fine made by then leave short of the instalments up to it), moved off a rest day as T8's last
    day is (``INSTALMENT_NEXT``), and saying the instalments whose day passed with less paid than was due by then
    (``INSTALMENT_MISSED``: the title and the calculation). Once the last instalment's day has passed, or while the
    payments cover every instalment still to come, T8 runs to the deferral's end as before. Only the few deferred
    cases are read (a query each)."""
    from workstation.payments import deferral_of, fine_payments, instalment_plan, instalments_on, roll_for
    from workstation.store import get_case

    out: list[Deadline] = []
    roll = roll_for(engine.cal)
    for d in deadlines:
        deferral = deferral_of(d.detail) \
            if d.rule.id == "T8" and d.state in ("open", "due_soon", "overdue") and d.due_ord is not None else None
        if deferral is None or deferral.end is None:
            out.append(d)
            continue
        case = get_case(db, d.case_id)
        plan = instalment_plan(db, case, d.party_id, _iso(deferral.end))
        if plan is None:
            out.append(d)
            continue
        upcoming, missed = instalments_on(plan, fine_payments(db, case, d.party_id), _iso(engine.today), roll)
        detail = [*d.detail, (INSTALMENT_MISSED, plan, missed, roll(plan.ends_on))] if missed else list(d.detail)
        if upcoming is not None and engine.ordinal(upcoming.last_day) < d.due_ord:
            day = engine.ordinal(upcoming.instalment.on)
            detail = [item for item in detail if item[0] != "rolled"]  # that of the last instalment's day
            detail.append((INSTALMENT_NEXT, plan, upcoming, roll(plan.ends_on), d))  # d: ``as_counted``
            if engine.ordinal(upcoming.last_day) != day:
                detail.append(("rolled", day))
            counted = engine._finish(d.rule, d.case_id, d.case_number, case.status, d.start_ord,
                                     engine.ordinal(upcoming.last_day), None, None, tuple(detail))
            d = replace(d, state=counted.state, due_ord=counted.due_ord, days_left=counted.days_left,
                        confirmed=counted.confirmed, detail=counted.detail)
        elif upcoming is not None or missed:  # the last instalment: T8's own last day, said to be its day
            d = replace(d, detail=(*detail, *(() if upcoming is None else (
                (INSTALMENT_NEXT, plan, upcoming, roll(plan.ends_on), None),))))
        out.append(d)
    return out


#: set while ``paid_periods`` works out a case's balance: the surcharge in it reads the case's payment period
#: (``payments.payment_period``), its last day all it needs: {case id: its deadlines as counted before that pass},
#: which ``case_clocks`` then gives rather than counting them again (a case whose T8 is not among them is counted
#: again, without that pass, and not kept by ``clocks_read_once``)
_SETTLING: ContextVar[dict[str, list] | None] = ContextVar("clocks_settling", default=None)
#: the states of a clock ``paid_periods`` looks at: still to meet
_UNMET = ("open", "due_soon", "overdue", "expired")


def paid_periods(db: Database, engine: _Engine, deadlines: list[Deadline], *, board: bool = False) -> list[Deadline]:
    """``deadlines`` with the time to pay (T8) and court enforcement (T16) of a served case with one party whose
    payments of part add up to all its decision as it now stands asks (``payments.balance`` settled, with an amount:
    a deferral recorded after them took the surcharge away, a fine lowered …), 履行完毕 not recorded: T8 met on the
    day of the latest payment and T16 not applicable (left off the board), as after 履行完毕 — T8 saying to record it
    (``PAID_BY_PARTS``), and staying on the board to say so. And the new decision's T8 and T16 after payments under a
    decision since revoked with a new one ordered, saying to refund or offset them (``ANNULLED_PAID``). Only the
    cases SQL finds may have such payments are read, one by one: those whose payments of part add up to at least
    what they decided, or whose fine a reconsideration or lawsuit changed since (a deferral takes away only the
    surcharge, never the fine), and those with payments and a decision revoked with a new one ordered. A payment made
    after the day counted on (``clocks --as-of``) is not counted: the case is left as it stood that day."""
    import json

    if _SETTLING.get() is not None:
        return deadlines
    ids = sorted({d.case_id for d in deadlines if d.rule.id in ("T8", "T16") and d.case_id and d.state in _UNMET})
    if not ids:
        return deadlines
    from workstation.party_decisions import PAID
    from workstation.payments import annulled_payment_note, balance
    from workstation.penalty_terms import CONFISCATED_SQL, FINE_SQL
    from workstation.store import get_case
    from workstation.store.clock_events import CHANGED

    listed = json.dumps(ids)
    parts = "FROM case_events e WHERE e.case_id = cases.id AND e.kind = ? AND e.party_id IS NULL"
    paid_sql = f"(SELECT SUM(CASE WHEN json_valid(e.details) THEN json_extract(e.details, '$.paid_fen') END) {parts})"
    parted = [case_id for (case_id,) in db.execute(
        f"SELECT id FROM cases WHERE id IN (SELECT value FROM json_each(?)) AND status = 'served' AND EXISTS "
        f"(SELECT 1 {parts}) AND ({paid_sql} >= {FINE_SQL} + {CONFISCATED_SQL} OR EXISTS (SELECT 1 FROM "
        "clock_events k WHERE k.case_id = cases.id AND k.kind = ?))", [listed, PAID, PAID, CHANGED])]
    redone = {case_id for (case_id,) in db.execute(
        "SELECT DISTINCT k.case_id FROM clock_events k WHERE k.case_id IN (SELECT value FROM json_each(?)) AND "
        "k.kind = 'challenge_redo' AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = k.case_id AND "
        "(e.kind = ? OR (e.kind = 'transition' AND e.to_status = 'performed')))", [listed, PAID])}
    if not parted and not redone:
        return deadlines
    read: dict[str, Case] = {}

    def case_of(case_id: str) -> Case:
        if case_id not in read:
            read[case_id] = get_case(db, case_id)
        return read[case_id]

    settled: dict[str, tuple] = {}
    annulled: dict[tuple[str, str | None], str] = {}  # by case and party (a party's own T8 and T16)
    counted: dict[str, list] = {}
    for d in deadlines:
        if d.case_id in parted or d.case_id in redone:
            counted.setdefault(d.case_id, []).append(d)
    token = _SETTLING.set({case_id: found for case_id, found in counted.items()
                           if any(d.rule.id == "T8" for d in found)})
    try:
        for case_id in parted:
            case = case_of(case_id)
            if len(case.party_ids) > 1:  # each party's own payments meet its own T8 (``split_payment_periods``)
                continue
            paid = balance(db, case)
            if (paid is not None and paid.settled and not paid.unstated and paid.paid_fen and not paid.in_full
                    and engine.ordinal(paid.paid_on) <= engine.today):  # not paid yet on the day counted on
                settled[case_id] = (PAID_BY_PARTS, paid.paid_fen, paid.owed_fen, engine.ordinal(paid.paid_on))
        for case_id, party_id in {(d.case_id, d.party_id) for d in deadlines if d.case_id in redone
                                  and d.rule.id in ("T8", "T16") and d.state in _UNMET}:
            if said := annulled_payment_note(db, case_of(case_id), party_id):
                annulled[case_id, party_id] = said
    finally:
        _SETTLING.reset(token)
    if not settled and not annulled:
        return deadlines
    out: list[Deadline] = []
    for d in deadlines:
        if d.rule.id not in ("T8", "T16") or d.state not in _UNMET:
            out.append(d)
        elif d.case_id in settled:
            item = settled[d.case_id]
            if d.rule.id == "T8":
                met = "met" if d.due_ord is None or item[3] <= d.due_ord else "late"
                out.append(replace(d, state=met, days_left=None, done_ord=item[3], detail=(*d.detail, item)))
            elif not board:
                out.append(replace(d, state="not_applicable", due_ord=None, days_left=None, detail=(*d.detail, item)))
        elif (d.case_id, d.party_id) in annulled:
            out.append(replace(d, detail=(*d.detail, (ANNULLED_PAID, annulled[d.case_id, d.party_id]))))
        else:
            out.append(d)
    return out


def payment_lines(d: Deadline, *, parts: bool = True) -> list[str]:
    """What T8 and T16 say of the payments (``paid_periods``): paid by payments of part, 履行完毕 to record (said on
    T8 alone: not with ``parts`` false); paid under a decision since revoked, to refund or offset."""
    from workstation.money import figures
    from workstation.vocabulary import shown_label

    lines = []
    for item in d.detail:
        if item[0] == PAID_BY_PARTS and parts:
            lines.append(_("The payments recorded add up to {paid}, all the decision as it now stands asks ({owed}), "
                           "the latest on {date}: the fine is paid, nothing is left to demand or enforce. Record "
                           "“{performed}”, offered among the case's procedure actions, so that the case "
                           "can be closed.").format(paid=figures(item[1]), owed=figures(item[2]), date=_iso(item[3]),
                                                    performed=shown_label("transitions", "record_performance")))
        elif item[0] == ANNULLED_PAID:
            lines.append(item[1])
    return lines


def as_counted(d: Deadline) -> Deadline:
    """``d`` as the surcharge (加处罚款) and the 催告书 still count it: T8 counted to an instalment before the last
    (``instalment_periods``) as it runs to the last instalment's day, the end of the deferral; ``d`` itself
    otherwise. The instalments missed are not counted there yet (``payments.missed_instalments_text`` says so)."""
    if d.rule.id != "T8":
        return d
    return next((item[4] for item in d.detail if item[0] == INSTALMENT_NEXT and item[4] is not None), d)


def _instalment_title(title: str, detail: tuple) -> str:
    """T8's ``title`` saying the instalment missed and still unpaid (the first), else the instalment it counts to
    (``instalment_periods``); ``title`` itself for another T8. One missed and paid since is said in the calculation."""
    for item in detail:
        unpaid = [due for due in item[2] if due.paid_now_fen < due.due_fen] if item[0] == INSTALMENT_MISSED else ()
        if unpaid:
            return _("{title} (instalment {n} overdue)").format(title=title, n=unpaid[0].instalment.number)
    for item in detail:
        if item[0] == INSTALMENT_NEXT:
            return _("{title} (instalment {n} of {count})").format(
                title=title, n=item[2].instalment.number, count=len(item[1].instalments))
    return title


def instalment_lines(d: Deadline) -> list[str]:
    """What T8 paid in instalments says of them (``instalment_periods``), a line per detail item
    (``instalment_line``); empty for another deadline."""
    return [instalment_line(item) for item in d.detail if item[0] in (INSTALMENT_MISSED, INSTALMENT_NEXT)]


def instalment_line(item: tuple) -> str:
    """The line of an ``INSTALMENT_MISSED`` detail item: the instalments missed, what the notice told the party of
    it and what the workstation does not count (``payments.missed_instalments_text``); of an ``INSTALMENT_NEXT``
    one: the next instalment T8 counts to, with the amount due by then."""
    from workstation.money import figures
    from workstation.payments import missed_instalments_text

    if item[0] == INSTALMENT_MISSED:
        return missed_instalments_text(item[1], item[2], item[3])
    plan, due = item[1], item[2]
    if due.paid_fen:
        return _("Paid in instalments (分期缴纳罚款通知书 {number}): instalment {n} of {count} is due by {date}, when "
                 "{due} in all is due; {paid} of it paid so far, {left} is left to pay by then. The time to pay is "
                 "counted to that day; the last instalment is due by {last}.").format(
            number=plan.number, n=due.instalment.number, count=len(plan.instalments), date=due.instalment.on,
            due=figures(due.due_fen), paid=figures(due.paid_fen), left=figures(due.unpaid_fen), last=plan.ends_on)
    return _("Paid in instalments (分期缴纳罚款通知书 {number}): instalment {n} of {count} is due by {date}, when {due} "
             "in all is due, none of it paid yet. The time to pay is counted to that day; the last instalment is due "
             "by {last}.").format(number=plan.number, n=due.instalment.number, count=len(plan.instalments),
                                  date=due.instalment.on, due=figures(due.due_fen), last=plan.ends_on)


def _party_service_deadlines(db: Database, engine: _Engine, case_id: str, events: list[EventFacts],
                             items: list | None = None) -> dict[str, list[Deadline]]:
    """{clock (``party_decisions.SERVICE_CLOCKS``): each party's} of ``split_payment_periods``, counted from the service
    of each party's 行政处罚决定书 (``party_decisions.party_payments``); ``items`` instead: those parties and the
    services their periods count from (a decision not to penalise: ``split_no_penalty_services``, deemed served by a
    送达公告 already). A party of it decided not to be penalised beside the others' penalties has its own T10 and
    T11 among them, counted from the service of its 不予行政处罚决定书 (``spared_items``)."""
    from workstation.document_clocks import party_deemed_starts
    from workstation.party_decisions import PAYMENT_CLOCKS, SERVICE_CLOCKS, party_payments
    from workstation.store import get_case, parties_of_case

    case = get_case(db, case_id)
    out: dict[str, list[Deadline]] = {clock_id: [] for clock_id in SERVICE_CLOCKS}
    penalty = items is None
    spared: set[str] = set()
    if items is None:
        items = party_payments(db, case)
        items, spared = spared_items(db, case, items)
    # the decisions a 送达公告 published: each such party's periods count from the day it is deemed served
    deemed = party_deemed_starts(db, case, parties_of_case(db, case.id)) if items and penalty else {}
    for item in items:
        served = engine.ordinal(item.served_on)
        # another party's reconsideration or lawsuit neither stops nor moves this party's periods (T16)
        own = [e for e in events if e.of(item.party.id)]
        # a party that paid is done with its payment and enforcement, whatever the others do
        status = "performed" if item.paid_on is not None else case.status
        # a spared party served while the others' service is awaited (``_spared_while_decided``): its periods run
        remedies = "served" if item.party.id in spared and case.status == "penalty_decided" else case.status
        # its own decision revoked or declared void on its own reconsideration or lawsuit (or the whole case's):
        # nothing left to pay (the fact saying which, for why the payment clocks do not apply)
        annulled_fact = next((fact for fact, kinds in ((REVOKED_FACT, REVOKING), (VOID_FACT, (VOID,)))
                              if outcome_on(own, engine.ordinal(case.decided_on), kinds, item.party.id) is not None),
                             None)
        last_suit = None  # the end of the party's own T11, from which its T16 runs
        ends: dict[str, int] = {}  # the ends of its own T10 and T11, against which its challenges are judged late
        suit_unconfirmed = ""  # "clock:T11" when that end is unconfirmed (so is T16 then)
        for clock_id in SERVICE_CLOCKS:
            if clock_id in PAYMENT_CLOCKS and not item.owes:
                continue
            r = rule(clock_id)
            start = last_suit if r.start_kind == "clock" else served
            if annulled_fact and clock_id in PAYMENT_CLOCKS:
                deadline = Deadline(case.id, case.case_number, r, "not_applicable", served, detail=(
                    ("not_applicable", r.not_applicable_because(frozenset({annulled_fact}))),))
            elif start is None:  # its decision not served, even in a closed case: not in force for it, and its
                # times to challenge start on service, so the gap stays shown (not ``never_started``, as T4 is)
                deadline = Deadline(case.id, case.case_number, r, "missing")
            else:
                done = engine.ordinal(item.paid_on) if clock_id == "T8" and item.paid_on else None
                replaced = None
                if r.replaced_by:  # its own reconsideration or lawsuit (or the whole case's): T10, T11
                    done, replaced = remedy_taken(r, start, own, item.party.id)
                # a spared party's: its 不予行政处罚决定书's, a 送达公告 publishing it read already (``spared_items``)
                start, moved = engine.deemed_start(r, r.start_kind, start,
                                                   None if item.party.id in spared else deemed.get(item.party.id))
                deadline = engine.compute(r, case.id, case.case_number, status if clock_id in PAYMENT_CLOCKS
                                          else remedies, start, done,
                                          r.current(own, engine.ordinal(case.decided_on)),
                                          start_unconfirmed=suit_unconfirmed if r.start_kind == "clock" else "",
                                          remedy_ends=ends)
                if moved:
                    deadline.detail = (*deadline.detail, moved)
                if item.party.id in spared:  # counted from its 不予行政处罚决定书's service (``NO_PENALTY_SERVED``)
                    deadline.detail = (*deadline.detail, (NO_PENALTY_SERVED,))
                deadline = replaced_deadline(deadline, replaced)
            if clock_id in ("T10", "T11") and deadline.due_ord is not None:
                ends[clock_id] = deadline.due_ord
            if clock_id == "T11":
                last_suit = deadline.due_ord
                suit_unconfirmed = "" if deadline.confirmed else "clock:T11"
            deadline.party, deadline.party_id = item.party.name, item.party.id
            out[clock_id].append(deadline)
    return out


def spared_items(db: Database, case: Case, items: list) -> tuple[list, set[str]]:
    """``items`` (``party_decisions.party_payments``) with, in the case's order, each party decided not to be
    penalised beside the others' penalties (``party_decisions.spared_services``): owing nothing (no T8 or T16), its
    periods to challenge its decision counting from its service — recorded with 送达处罚决定书, else as its 送达回证 or a
    送达公告 publishing it records it (``no_penalty_services``: in a case closed before the service was recorded) —
    and the ids of those parties. ``items`` as given when there is none."""
    from workstation.party_decisions import PartyPayment, spared_services
    from workstation.store import parties_of_case

    parties = parties_of_case(db, case.id)
    recorded = spared_services(db, case, parties) if items else {}
    recorded = {party_id: day for party_id, day in recorded.items() if all(i.party.id != party_id for i in items)}
    if not recorded:
        return items, set()
    receipts = no_penalty_services(db, case.id) if not all(recorded.values()) else {}
    added = {party.id: PartyPayment(party, recorded[party.id] or receipts.get(party.id), None, False)
             for party in parties if party.id in recorded}
    fined = {item.party.id: item for item in items}
    return [fined.get(party.id) or added[party.id] for party in parties
            if party.id in fined or party.id in added], set(added)


#: the statuses in which the service of a decision on a party may still be awaited (a case performed by the parties
#: owing money may still owe a warned party its decision)
SERVICE_AWAITED = ("penalty_decided", "served", "performed")


def split_decision_services(db: Database, engine: _Engine, deadlines: list[Deadline],
                            events: dict[str, list[EventFacts]], *, board: bool = False) -> list[Deadline]:
    """``deadlines`` with the service of the decision T7 of a case with several parties replaced by one per party
    where the parties' differ: from the date its own 行政处罚决定书 bears (the case's decision date without one) to
    the day it was served on it. A party not yet served still has its T7 running after the first service, so on
    the board (``board``: the running ones only) its T7 stays while the case awaits the other payments. Only the
    cases with several parties are looked at (one query)."""
    import json

    ids = {d.case_id for d in deadlines if d.case_id}
    if not ids:
        return deadlines
    running = " AND c.status IN ('penalty_decided', 'served')" if board else ""
    rows = db.execute("SELECT c.id FROM cases c WHERE c.id IN (SELECT value FROM json_each(?)) AND c.decided_on IS "
                      "NOT NULL AND c.status != 'no_penalty' AND (SELECT COUNT(*) FROM case_parties cp WHERE "
                      f"cp.case_id = c.id) > 1{running}", [json.dumps(sorted(ids))]).fetchall()
    out = deadlines
    for (case_id,) in rows:
        if any(d.case_id == case_id and d.clock == "T7" and d.state == "not_applicable" for d in out):
            continue
        split = _party_decision_services(db, engine, case_id, events.get(case_id, []))
        if not split:
            continue
        split = [d for d in split if not board or d.state in OPEN_STATES]
        at = next((i for i, d in enumerate(out) if d.case_id == case_id and d.clock == "T7"), None)
        out = out + split if at is None else [*out[:at], *split, *out[at + 1:]]
    return out


def _party_decision_services(db: Database, engine: _Engine, case_id: str,
                             events: list[EventFacts]) -> list[Deadline]:
    """Each decided party's T7 (see ``split_decision_services``); empty when every party's runs alike."""
    from workstation.party_decisions import party_payments
    from workstation.penalty_terms import decisions_in_force
    from workstation.store import get_case

    case = get_case(db, case_id)
    dated = {d.party_id: d.decided_on for d in decisions_in_force(db, case) if d.decided_on}
    items = party_payments(db, case)
    spans = [(dated.get(item.party.id) or case.decided_on, item.served_on) for item in items]
    if len(set(spans)) < 2:
        return []
    r, out = rule("T7"), []
    for item, (start, served) in zip(items, spans, strict=True):
        status = "penalty_decided" if served is None and case.status in SERVICE_AWAITED else case.status
        deadline = engine.compute(r, case.id, case.case_number, status, engine.ordinal(start),
                                  engine.ordinal(served), events)
        deadline.party, deadline.party_id = item.party.name, item.party.id
        out.append(deadline)
    return out


def name_assignment_starts(db: Database, deadlines: list[Deadline]) -> None:
    """Mark the T1 of a case filed from an assigned lead as counted from the assignment (交办): its lead date is
    the day the lead was assigned (``leads_workflow.file_case_from_lead``), and its calculation says so."""
    import json

    t1 = [d for d in deadlines if d.rule.id == "T1" and d.case_id and d.start_ord is not None]
    if not t1:
        return
    rows = db.execute("SELECT case_id, id, assigned_on FROM leads WHERE assigned_on IS NOT NULL AND case_id "
                      "IN (SELECT value FROM json_each(?))", [json.dumps(sorted({d.case_id for d in t1}))]).fetchall()
    assigned = {case_id: (lead_id, on) for case_id, lead_id, on in rows}
    named = [(d, *assigned[d.case_id]) for d in t1 if d.case_id in assigned and assigned[d.case_id][1] == d.start]
    missed = assignment_misses(db, {lead_id: on for _d, lead_id, on in named})
    for d, lead_id, _on in named:
        d.start_what = "assigned_on"
        _add_misses(d, missed.get(lead_id, ()))


# what a case's decision was, for the clocks that do not apply to every decision (clocks.toml not_applicable):
# whether it was decided not to penalise, its amounts, and the values of its last issued penalty decision; the
# last two only for a case that was decided (a decision date): a case closed after it was terminated, not filed
# or transferred to the police had no decision, so no warning alone either
DECIDED_STATUSES = ("no_penalty", "penalty_decided", "served", "performed", "closed", "archived")
# SQL: the case event {e} records a service of the 行政处罚告知书 with what it proposed (``penalty_terms.served_proposal``)
_PROPOSAL_EVENT = (f"({{e}}.kind = '{NOTICE_SERVED}' OR ({{e}}.kind = 'transition' AND {{e}}.to_status = 'pre_notice')) "
                   f"AND json_valid({{e}}.details) AND json_extract({{e}}.details, '$.{PROPOSED_KEY}') IS NOT NULL")


def _beyond_warning(column: str, path: str) -> str:
    """SQL: the penalty at ``path`` of the JSON ``column`` (a 告知书's values, a proposal recorded) is more than a
    warning: a fine, confiscated gains or property, or another penalty (``PUBLISHED_PENALTIES``)."""
    return ("(" + " OR ".join(f"IFNULL(json_extract({column}, '{path}.{name}'), '') NOT IN ('', 0)"
                              for name in ("fine_fen", "confiscated_fen", "confiscated_property", "other_penalty"))
            + ")")


# the decisions a case is decided by (行政处罚决定书, 当场行政处罚决定书, 不予行政处罚决定书): a case that issued some here
# and voided them all, none in force in their place, has no decision for the party to pay, challenge or see
# published (``VOIDED_FACT``; the steps after it wait for a new one: ``procedure.voided_decision_refusal``)
_DECISION_FORMS = "'penalty_decision', 'on_the_spot_decision', 'no_penalty_decision'"
_DECIDED = f"status IN ({', '.join(repr(s) for s in DECIDED_STATUSES)}) AND decided_on IS NOT NULL"
DECISION_COLUMNS = (
    "EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = cases.id AND e.to_status = 'no_penalty'), "
    f"CASE WHEN {_DECIDED} THEN fine_fen + confiscated_fen END, "
    f"CASE WHEN {_DECIDED} THEN "
    # of the decisions in force (one per party), one imposing more than a warning if there is one: a case whose
    # company is fined and whose employee is warned has a fine to pay
    f"(SELECT values_json FROM documents d WHERE d.case_id = cases.id AND {IN_FORCE} ORDER BY "
    "(COALESCE(json_extract(d.values_json, '$.fine_fen'), 0) > 0 OR "
    "COALESCE(json_extract(d.values_json, '$.confiscated_fen'), 0) > 0 OR "
    "COALESCE(json_extract(d.values_json, '$.confiscated_property'), '') != '' OR "
    "COALESCE(json_extract(d.values_json, '$.other_penalty'), '') != '') DESC, "
    f"d.issued_at DESC, d.rowid DESC LIMIT 1) END, procedure_kind, {COLLECTED_SQL}, "
    f"CASE WHEN {_DECIDED} THEN confiscated_fen END, "
    # every decision issued here voided, none in force in their place (``VOIDED_FACT``): read of a decided case alone
    f"CASE WHEN {_DECIDED} THEN EXISTS (SELECT 1 FROM documents v WHERE v.case_id = cases.id AND v.form_id IN "
    f"({_DECISION_FORMS}) AND v.status = 'void') AND NOT EXISTS (SELECT 1 FROM documents v WHERE v.case_id = cases.id "
    f"AND v.form_id IN ({_DECISION_FORMS}) AND v.status = 'issued') END, "
    # recording no amount, whether a party was last proposed more than a warning (``AMOUNTS_NOT_ENTERED``): by its
    # last issued 行政处罚告知书 or the last service of the notice recording what it proposed (``penalty_terms``)
    f"CASE WHEN {_DECIDED} AND fine_fen = 0 AND confiscated_fen = 0 THEN "
    f"EXISTS (SELECT 1 FROM documents n WHERE n.case_id = cases.id AND n.form_id = '{NOTICE_FORM}' AND "
    f"n.status = 'issued' AND {_beyond_warning('n.values_json', '$')} AND NOT EXISTS (SELECT 1 FROM documents m "
    "WHERE m.case_id = n.case_id AND m.form_id = n.form_id AND m.status = 'issued' AND (m.issued_at > n.issued_at "
    "OR (m.issued_at = n.issued_at AND m.rowid > n.rowid)) AND IFNULL(json_extract(m.values_json, '$.party_id'), "
    "'') = IFNULL(json_extract(n.values_json, '$.party_id'), ''))) OR "
    f"EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = cases.id AND {_PROPOSAL_EVENT.format(e='e')} AND "
    f"{_beyond_warning('e.details', f'$.{PROPOSED_KEY}')} AND NOT EXISTS (SELECT 1 FROM case_events l WHERE "
    f"l.case_id = e.case_id AND {_PROPOSAL_EVENT.format(e='l')} AND IFNULL(l.party_id, '') = IFNULL(e.party_id, '') "
    "AND (l.on_date > e.on_date OR (l.on_date = e.on_date AND l.at > e.at)))) END")
# the penalties of a decision other than a warning (the fields of forms/penalty_decision.toml whose presence makes
# the decision published, as its "will be published" paragraph says)
PUBLISHED_PENALTIES = ("fine_fen", "confiscated_fen", "confiscated_property", "other_penalty")


def decision_facts(status: str, no_penalty_event, amounts_fen, decision_values: str | None,
                   procedure_kind: str | None = None, collected=None, confiscated_fen=None,
                   voided=None, proposed_more=None) -> frozenset[str]:
    """The facts of a case's decision that some clocks depend on: "no_penalty" when it was decided not to
    penalise; "warning_only" when the penalty decided is a warning alone — as its last issued 行政处罚决定书
    says, or, without one, when the case records neither a fine nor a confiscation and its 行政处罚告知书 proposed
    no more than a warning — one that did (``proposed_more``) leaves what was decided not entered
    (``AMOUNTS_NOT_ENTERED``), not a warning alone. ``amounts_fen`` is None for
    a case without a decision (see ``DECISION_COLUMNS``): nothing was decided, so no fact. "simple_procedure"
    is added for a case decided under the simple procedure (``procedure_kind`` 'simple', 当场处罚), and
    "collected_on_the_spot" when its 当场行政处罚决定书 collected the fine on the spot (``collected``,
    ``on_the_spot_payment.COLLECTED_SQL``: T32). ``FINE_ALONE_FACT`` is added when the only money it imposes is a
    fine (no illegal gains confiscated: ``confiscated_fen``, the case's, read where no 行政处罚决定书 says).
    ``VOIDED_FACT`` is added when every decision the case issued here was voided, none in force (``voided``):
    nothing to pay, challenge, enforce or publish until a new one is issued (T8, T10, T11, T16, T18)."""
    if voided and status in DECIDED_STATUSES:
        return decision_facts(status, no_penalty_event, amounts_fen, decision_values, procedure_kind, collected,
                              confiscated_fen, None, proposed_more) | {VOIDED_FACT}
    if procedure_kind == "simple" and status in DECIDED_STATUSES and amounts_fen is not None:
        facts = _decision_facts(status, no_penalty_event, amounts_fen, decision_values,
                                confiscated_fen, proposed_more) | {"simple_procedure"}
        return facts | {COLLECTED_FACT} if collected else facts
    return _decision_facts(status, no_penalty_event, amounts_fen, decision_values, confiscated_fen, proposed_more)


_FINE_ALONE = frozenset({FINE_ALONE_FACT})


def _decision_facts(status: str, no_penalty_event, amounts_fen, decision_values: str | None,
                    confiscated_fen=None, proposed_more=None) -> frozenset[str]:
    import json

    if status == "no_penalty" or no_penalty_event:
        return frozenset({"no_penalty"})
    if status not in DECIDED_STATUSES or amounts_fen is None:
        return frozenset()
    if decision_values:
        try:
            values = json.loads(decision_values)
        except ValueError:
            return frozenset()
        if not any(values.get(k) for k in PUBLISHED_PENALTIES):
            return frozenset({"warning_only"})
        return _FINE_ALONE if values.get("fine_fen") and not values.get("confiscated_fen") else frozenset()
    if not amounts_fen:  # nothing entered: a warning alone, unless more was proposed (not entered, not known)
        return frozenset({AMOUNTS_NOT_ENTERED}) if proposed_more else frozenset({"warning_only"})
    return frozenset() if confiscated_fen else _FINE_ALONE


def case_filter(agency_id: str | None, officer_id: str | None, *, agency: str = "agency_id",
                case_id: str = "id") -> tuple[str, list]:
    """The board's filters as SQL to add to a WHERE (" AND …", or "") and its parameters: the cases of
    ``agency_id`` and its town offices, those ``officer_id`` handles; ``agency`` and ``case_id`` name the columns
    holding a row's agency and case id."""
    where, params = "", []
    if agency_id:
        from workstation.store.agencies import AGENCY_AND_OFFICES

        where += f" AND {agency} IN ({AGENCY_AND_OFFICES})"
        params += [agency_id, agency_id]
    if officer_id:
        where += f" AND {case_id} IN (SELECT case_id FROM case_officers WHERE officer_id = ?)"
        params.append(officer_id)
    return where, params


def board_sql(agency_id: str | None = None, officer_id: str | None = None) -> tuple[str, str, list]:
    """The two queries behind the deadline board (its cases with their key dates, and their clock events); the
    benchmark times them as the board's baseline."""
    statuses = sorted(running_statuses())
    # a case whose penalty information was published may have its withdrawal (T19) awaited in any status
    where = (f"(status IN ({', '.join('?' * len(statuses))}) OR id IN "
             "(SELECT case_id FROM clock_events WHERE ends_on IS NULL OR kind = 'publication'))")
    more, params = case_filter(agency_id, officer_id)
    where += more
    params[:0] = statuses
    # a case not filed has no number to list (case_reference.UNFILED_MARK): ""
    cases = (f"SELECT id, {FILED_NUMBER_SQL}, status, {', '.join(CASE_DATES)}, {DECISION_COLUMNS} FROM cases "
             f"WHERE {where}")
    events = (f"SELECT {EVENT_COLUMNS} FROM {EVENTS} WHERE case_id IN (SELECT id FROM cases WHERE {where}) "
              f"ORDER BY {EVENT_ORDER}")
    return cases, events, params


@dataclass(frozen=True)
class MovedDeadline:
    """A running deadline whose last day another calendar moved: as counted before (``before``) and now (``after``);
    ``days``, calendar days, negative when it is now earlier."""

    before: Deadline
    after: Deadline

    @property
    def days(self) -> int:
        return self.after.due_ord - self.before.due_ord

    def as_dict(self) -> dict:
        d = self.after
        return {"clock": d.clock, "case_id": d.case_id or None, "case_number": d.case_number or None,
                "lead_id": d.lead_id, "interview_id": d.interview_id, "document_id": d.document_id,
                "party_id": d.party_id, "was": self.before.due, "was_confirmed": self.before.confirmed,
                "now": d.due, "now_confirmed": d.confirmed, "days": self.days, "state": d.state}


def _moved_key(d: Deadline) -> tuple:
    """What a deadline is whatever the calendar counted it on: its clock of its case, lead, interview or 责令改正通知书,
    of its event and party (not its start, which another clock's end may give)."""
    return d.rule.id, d.case_id, d.lead_id, d.interview_id, d.document_id, d.event_id, d.party_id, d.party


def moved_deadlines(before: list[Deadline], after: list[Deadline]) -> list[MovedDeadline]:
    """The running deadlines of ``before`` (``board`` on the calendar as it was before a year's holidays were imported
    or removed) whose last day ``after`` (``board`` on the calendar now) gives another: those now earlier first
    (soonest first), then those now later — a deadline moved earlier may be missed unawares."""
    from workstation.collector import collections_held

    with collections_held():  # some 100,000 keys and pairs made: no full collection walking them all meanwhile
        return _moved_deadlines(before, after)


def _moved_deadlines(before: list[Deadline], after: list[Deadline]) -> list[MovedDeadline]:
    kept: dict[tuple, list[Deadline]] = {}
    for d in after:
        kept.setdefault(_moved_key(d), []).append(d)
    moved = []
    for d in before:
        now = kept.get(_moved_key(d))
        if not now:
            continue
        counted = now.pop(0)  # two rows of one key (instalments): paired in order
        if d.open and d.due_ord is not None and counted.due_ord is not None and counted.due_ord != d.due_ord:
            moved.append(MovedDeadline(d, counted))
    moved.sort(key=lambda m: (m.days > 0, m.after.due_ord))
    return moved


def moved_lines(db: Database, moved: list[MovedDeadline], limit: int | None = None) -> list[str]:
    """The ``moved_deadlines``, one a line (indented) under a line counting them — each with its case (a lead, an
    interview as the board names it), its party, its time limit, its last day before and now and by how many days —,
    as `calendar import` and `calendar remove` and the window's holiday import and removal say them; one line when
    none moved. ``limit``: at most that many listed (the earliest first), then a line counting the others (a year's
    file may move thousands: the JSON gives them all)."""
    from workstation.board_export import case_text, name_rows

    if not moved:
        return [_("No running deadline moved.")]
    listed = moved if limit is None else moved[:limit]
    name_rows(db, [m.after for m in listed])

    def day(d: Deadline) -> str:
        return d.due + ("" if d.confirmed else _(" (calendar unconfirmed)"))

    lines = [ngettext("{count} running deadline moved:", "{count} running deadlines moved:", len(moved)).format(
        count=len(moved))]
    for m in listed:
        d = m.after
        shift = ngettext("{days} day earlier", "{days} days earlier", -m.days).format(days=-m.days) if m.days < 0 \
            else ngettext("{days} day later", "{days} days later", m.days).format(days=m.days)
        line = _("{case}{party}, {limit}: {was} → {now} ({shift})").format(
            case=case_text(d), party=f" {d.party_label}" if d.party_label else "", limit=d.shown_limit(),
            was=day(m.before), now=day(d), shift=shift)
        if d.state != m.before.state and d.state in ("overdue", "expired", "due_soon"):  # now overdue, or due soon
            line = _("{line}; now {state}").format(line=line, state=d.shown_state())
        lines.append("  " + line)
    if len(moved) > len(listed):
        lines.append("  " + ngettext("… and {count} more", "… and {count} more", len(moved) - len(listed)).format(
            count=len(moved) - len(listed)))
    return lines


def board(db: Database, *, on: str | None = None, agency_id: str | None = None, officer_id: str | None = None,
          due_within: int | None = None, progress=None, cancel=None) -> list[Deadline]:
    """The running deadlines of every open case and undecided lead, and the rectification reports awaited after
    administrative interviews (optionally of one agency with its offices, or of one officer's cases and the
    interviews the officer held: a lead is handled by a bureau, not an officer, so none is one officer's), soonest
    first;
    ``due_within`` keeps those due within that many days of ``on`` (overdue included) and the clocks that cannot be
    computed (``due_within_days``: a stopped clock by the day it would end were it counted again from ``on``). ``progress`` is told of the cases counted; ``cancel`` (a CancelToken) is looked at
    every few hundred cases (nothing is written either way)."""
    from workstation.collector import collections_held

    # the board keeps some 150,000 deadlines and no reference cycles: without the collector held off, each of
    # the full collections they set off (three per board of 100,000 cases) walks them all with the lock held
    with collections_held(), clock_rules_held():
        return _board(db, on, agency_id, officer_id, due_within, progress, cancel)


def _board(db: Database, on, agency_id, officer_id, due_within, progress, cancel) -> list[Deadline]:
    engine = engine_for(db, on)
    cases_sql, events_sql, params = board_sql(agency_id, officer_id)
    # T19 only from a change made while a publication stood: its period (T20) not over
    events = published_changes(db, engine, event_facts(engine, db.execute(events_sql, params).fetchall()))
    out: list[Deadline] = []
    no_events: list[EventFacts] = []
    no_facts: frozenset[str] = frozenset()
    last_date = 3 + len(CASE_DATES)
    rows = db.execute(cases_sql, params).fetchall()
    deemed = deemed_starts(db)
    for number, row in enumerate(rows):
        if number % 500 == 0:
            if cancel is not None:
                cancel.check()
            if progress is not None:
                progress(number, len(rows) + 1, _("Counting the deadlines of the cases"))
        case_id = row[0]
        status = row[2]
        # the facts of a decision (``decision_facts``): none in a case not decided and without a no-penalty step
        facts = decision_facts(status, *row[last_date:]) if status in DECIDED_STATUSES or row[last_date] \
            else no_facts
        out.extend(engine.case_deadlines(case_id, row[1], status, row[3:last_date], events.get(case_id, no_events),
                                         board=True, facts=facts, deemed=deemed.get(case_id)))
    if cancel is not None:
        cancel.check()
    if progress is not None:
        progress(len(rows), len(rows) + 1, _("Counting the periods, leads and interviews"))
    out.extend(_undecided_on_board(db, engine, rows, events, last_date))
    # T18: 10 working days for a party registered in another province
    out = other_province_publications(db, engine, out, events, {row[0]: row[2] for row in rows}, board=True)
    name_assignment_starts(db, out)
    out = split_statement_periods(db, engine, out, events, board=True)
    out = split_payment_periods(db, engine, out, events, board=True)
    out = instalment_periods(db, engine, out)  # T8 to the next instalment to pay
    out = split_decision_services(db, engine, out, events, board=True)
    out = complete_by_documents(db, engine, out, events, board=True)  # T3 (a review that passed) and T6 by a document
    out = measure_periods(db, engine, out, events, board=True)  # T14 to the 期限届满日期 of the seizure's decision
    from workstation.enforcement import complete_by_applications
    from workstation.rectification_checks import board_checks

    out = complete_by_applications(db, engine, out, events, board=True)  # T16 met by the application to the court
    out = paid_periods(db, engine, out, board=True)  # paid by payments of part: 履行完毕 to record, not a deadline

    out.extend(board_checks(db, engine, agency_id, officer_id))  # the 责令改正通知书 awaiting their 复查, one query
    if officer_id is None:  # leads are a bureau's, not one officer's
        out.extend(lead_deadlines(db, engine, agency_id))
    from workstation.interview_deadlines import interview_deadlines

    # an interview's are its interviewers' (an officer's: those the officer held)
    out.extend(interview_deadlines(db, engine, agency_id, officer_id))
    if due_within is not None:
        out = due_within_days(out, engine, due_within)
    out.sort(key=_board_order)
    return out


def due_within_days(deadlines: list[Deadline], engine: _Engine, days: int) -> list[Deadline]:
    """The ``deadlines`` due within ``days`` calendar days of the engine's today (overdue included), and those that
    cannot be computed: a stopped clock by the day it would end were it counted again from today (its days left are
    of its own unit: 3 working days, 3 months), a clock not started yet (``awaiting`` a challenge's end) at no
    time."""
    kept = []
    for d in deadlines:
        if d.days_left is not None and d.state == "stopped" and d.awaiting:
            continue
        left = calendar_days_left(d, engine)
        if left is None or left <= days:
            kept.append(d)
    return kept


def calendar_days_left(d: Deadline, engine: _Engine) -> int | None:
    """The calendar days left of ``d`` from the engine's today: a stopped clock's days left (of its own unit: 3
    working days, 3 months) counted again from today; None when it cannot be computed (or has not started:
    ``awaiting`` a challenge's end) — as ``due_within_days`` filters and the board sorts."""
    left = d.days_left
    if left is None or d.state != "stopped":
        return left
    if d.awaiting:
        return None
    return engine.add(d.rule.unit, engine.today, left) - engine.today


def lead_deadlines(db: Database, engine: _Engine, agency_id: str | None = None, *,
                   with_filing: bool = False, labelled: bool = True) -> list[Deadline]:
    """T1 of every lead not yet decided: 15 working days to verify it and decide whether to file, from its
    assignment (交办) or, before that, from its receipt, plus an approved extension; and T24 of every lead filed or
    not filed with a named reporter (``NAMED_REPORTER``) not yet told: 5 working days from the decision. A lead
    whose case was opened and awaits filing (立案中) has its T1 counted in that case (from the same day): it is
    left out, so that the board shows it once, unless ``with_filing`` (the leads page), which gives it the case's
    T1 as the board counts it — with the case's extension and days not counted (``_filing_cases_t1``).
    Without ``labelled`` (the leads page, which names each lead in its own columns) no deadline is given the lead's
    name: masking thousands of names was a third of the page's refresh. Only the leads the figures count
    (``stats.COUNTED_LEAD``): a lead listed once of two stations' copies at headquarters, none a standing correction
    emptied of its complaints (kept for the correction to be undone, which shows its T1 again as it was)."""
    from workstation.stats import COUNTED_LEAD

    open_leads = "status IN ('registered', 'assigned')" + ("" if with_filing else " AND case_id IS NULL")
    # each lead once, as the leads page lists it and the figures count it (two stations' leads of the same work
    # orders at headquarters: the one the pair counts as), and none a standing correction emptied (``COUNTED_LEAD``)
    where, params = f"(({open_leads}) OR {REPORTER_AWAITED}) AND {COUNTED_LEAD}", []
    if agency_id:
        from workstation.store.agencies import AGENCY_AND_OFFICES

        where += f" AND agency_id IN ({AGENCY_AND_OFFICES})"
        params += [agency_id, agency_id]
    from workstation.leads_workflow import others_lead_condition

    others, others_params = others_lead_condition(db)  # at a station, a lead re-assigned to another agency
    if others != "0":
        where += f" AND NOT {others}"
        params += others_params
    from workstation.board_export import label_rules, lead_label

    rules = label_rules(db) if labelled else None  # the category labels of the rules in force
    out = []
    rows = db.execute(
        "SELECT id, target_name, (SELECT name FROM parties WHERE id = leads.target_party_id), businesses, category, "
        "phones, description, received_at, assigned_on, extension_days, extension_approved_on, "
        f"extension_approved_by, status, decided_on, case_id FROM leads WHERE {where}", params).fetchall()
    filing = _filing_cases_t1(db, engine, {row[-1] for row in rows if row[-1] and row[12] in ("registered",
                                                                                                "assigned")})
    for lead_id, target, party, businesses, category, phones, description, received, assigned, days, approved_on, \
            approved_by, status, decided_on, case_id in rows:
        # its target, else its subject and the number it is about (垃圾短信（130****9670）), masked before cut
        label_text = _("Lead: {target}").format(
            target=lead_label(target, party, businesses, category, phones, description, rules)) if labelled else ""
        if status in ("registered", "assigned") and case_id in filing:  # 立案中: its case's T1
            out.append(replace(filing[case_id], lead_id=lead_id))
        elif status in ("registered", "assigned"):
            out.append(lead_deadline(engine, lead_id, received, assigned, days, approved_on, approved_by, label_text))
        else:
            out.append(reporter_deadline(engine, lead_id, decided_on, None, label_text))
    counted = [d for d in out if d.clock == "T1" and d.lead_id and d.start_what == "assigned_on" and not d.case_id]
    missed = assignment_misses(db, {d.lead_id: d.start for d in counted})
    for d in counted:
        _add_misses(d, missed.get(d.lead_id, ()))
    return out


def _filing_cases_t1(db: Database, engine: _Engine, case_ids: set[str]) -> dict[str, Deadline]:
    """The T1 of each of ``case_ids`` (the cases opened from leads, awaiting filing) by case id, counted as the board
    counts it: from the lead's receipt or assignment, with the case's extension and days not counted."""
    if not case_ids:
        return {}
    import json

    ids = json.dumps(sorted(case_ids))
    events = event_facts(engine, db.execute(
        f"SELECT {EVENT_COLUMNS} FROM {EVENTS} WHERE case_id IN (SELECT value FROM json_each(?)) ORDER BY "
        f"{EVENT_ORDER}", [ids]).fetchall())
    out: list[Deadline] = []
    for row in db.execute(f"SELECT id, {FILED_NUMBER_SQL}, status, {', '.join(CASE_DATES)} FROM cases WHERE id IN "
                          "(SELECT value FROM json_each(?))", [ids]):
        out.extend(d for d in engine.case_deadlines(row[0], row[1], row[2], row[3:], events.get(row[0], []),
                                                    board=False) if d.clock == "T1")
    name_assignment_starts(db, out)
    return {d.case_id: d for d in out}


#: "start" of the clocks of a lead rather than a case (clocks.toml ``lead:decided_on``: T24)
LEAD_START = "lead"
#: a lead with a named reporter (实名举报, 暂行办法 art. 31): the reporter's name was recorded with a way to reach them
#: — a phone or a postal address (m056: a letter, 来信, gives a name and an address and often no number), as the lead
#: dialog says; a number alone, with no name, makes no named report (no T24, no 举报处理结果告知书); a lead this
#: bureau found in its own inspection (监督检查) has none, whatever number old data holds with it, and a work order
#: of the 12345 hotline, the 12315 platform or the consumer council is answered to its caller through that channel
#: however it was entered (imported or by hand with the caller's number: ``leads_workflow.HOTLINE_SOURCES``).
#: A report stored with a number and no name before the name was needed (m058: ``reporter_named_by_number``) stays
#: named as it was while it holds the number, so that a T24 running is not lost.
#: ``leads_workflow.named_reporter`` is the same test in Python (the leads page and the documents), so that the
#: board and the page agree
NAMED_REPORTER = ("((reporter_name != '' AND (complainant_phone != '' OR reporter_address != '') "
                  "OR (reporter_named_by_number = 1 AND complainant_phone != '')) "
                  "AND source NOT IN ('inspection', '12345', '12315', 'consumer_council'))")
#: the leads whose named reporter is still to be told the decision to file or not to file them (T24): not one whose
#: reporter asked not to be told (``reporter_declined_on``: T24 does not apply)
REPORTER_AWAITED = (f"(decision IN ('file', 'not_file') AND decided_on IS NOT NULL AND {NAMED_REPORTER} "
                    "AND reporter_told_on IS NULL AND reporter_declined_on IS NULL)")


def reporter_deadline(engine: _Engine, lead_id: str, decided_on: str, told_on: str | None,
                      number: str = "") -> Deadline:
    """T24 of a lead filed or not filed with a named reporter: tell the reporter within 5 working days of the
    decision, met on ``told_on`` (``number`` is what the board shows in the case-number column)."""
    deadline = engine.compute(rule("T24"), "", number, "", engine.ordinal(decided_on), engine.ordinal(told_on), [])
    deadline.lead_id = lead_id
    return deadline


def lead_deadline(engine: _Engine, lead_id: str, received_at: str, assigned_on: str | None, days: int,
                  approved_on: str | None, approved_by: str, number: str = "") -> Deadline:
    """The T1 of one lead not yet decided: from its assignment (交办), else its receipt, with its approved
    extension (``number`` is what the board shows in the case-number column)."""
    events = [lead_extension(engine, lead_id, days, approved_on, approved_by)] if days else []
    deadline = engine.compute(rule("T1"), "", number, "pending_filing",
                              engine.ordinal(assigned_on or received_at[:10]), None, events)
    deadline.lead_id = lead_id
    deadline.start_what = "assigned_on" if assigned_on else ""
    return deadline


#: a detail of the T1 counted from a lead's assignment (交办): a T1 of the lead had run out before it was assigned
#: (``assignment_misses``)
MISSED_BEFORE_ASSIGNMENT = "missed_before_assignment"


def assignment_misses(db: Database, assigned: dict[str, str]) -> dict[str, list[tuple]]:
    """{lead id: the T1s of the lead that had run out before its assignment on ``assigned[lead id]`` (the day its T1
    counts from now), oldest first}, as the lead's history recorded them when it was assigned or re-assigned after
    its T1 had ended (``leads_workflow.ASSIGNED_LATE``, ``REASSIGNED``: the due date of the T1 then running, with its
    extension, and by how many working days it was passed): each a detail item (MISSED_BEFORE_ASSIGNMENT, the day
    that T1 counted from — its receipt, or its earlier assignment —, its last day, the day of the assignment, whether
    it counted from an earlier assignment). The agency that had the lead missed its time limit, which the T1 counted
    from the assignment does not undo — shown with it (whether an assignment restarts T1 is a legal question this
    does not decide). Read from the history, not counted again: the extension an assignment cleared, and the
    assignment a re-assignment replaced, are no longer on the lead."""
    import json

    from workstation.leads_workflow import ASSIGNED_LATE, REASSIGNED

    if not assigned:
        return {}
    out: dict[str, list[tuple]] = {}
    for lead_id, on_date, earlier, due, received in db.execute(
            "SELECT h.lead_id, h.on_date, h.assigned_on, h.due, l.received_at FROM lead_history h JOIN leads l ON "
            "l.id = h.lead_id WHERE h.kind IN (?, ?) AND h.late_days > 0 AND h.lead_id IN (SELECT value FROM "
            "json_each(?)) ORDER BY h.on_date, h.at, h.id", [ASSIGNED_LATE, REASSIGNED,
                                                           json.dumps(sorted(assigned))]).fetchall():
        start = str(earlier or received or "")[:10]
        try:
            item = (MISSED_BEFORE_ASSIGNMENT, dt.date.fromisoformat(start).toordinal(),
                    dt.date.fromisoformat(str(due)[:10]).toordinal(), dt.date.fromisoformat(on_date).toordinal(),
                    bool(earlier))
        except (TypeError, ValueError):
            continue  # a date that cannot be read: nothing said
        if on_date <= assigned[lead_id]:
            out.setdefault(lead_id, []).append(item)
    return out


def _add_misses(d: Deadline, missed) -> None:
    """Add to ``d`` the items of ``assignment_misses`` it does not carry yet."""
    new = [item for item in missed if item not in d.detail]
    if new:
        d.detail = (*d.detail, *new)


def lead_extension(engine: _Engine, lead_id: str, days: int, approved_on: str | None,
                   approved_by: str) -> EventFacts:
    """A lead's approved extension of T1 as the clock computation takes an extension event."""
    ordinal = engine.ordinal(approved_on)
    return EventFacts(lead_id, EXTENSION, "T1", ordinal or 0, None, days, approved_on, approved_by)


def _board_order(d: Deadline) -> tuple[bool, int]:
    # by due date — overdue, then due within 7 days, then later —, stopped and uncomputable clocks last (as the
    # README lists them); the sort is stable (case order within a day, and among the clocks without a due date)
    return (d.due_ord is None or d.state in ("stopped", "missing"), d.due_ord or 0)


def event_label(kind: str, labelled=shown_label) -> str:
    """The label of a clock event kind with ``labelled`` (``shown_label``, the user's language, or ``label``): the
    time with the police (``TRANSFERRED``, ``POLICE_HELD``: read from the case's steps, never recorded) by its step,
    移送公安机关."""
    if kind in (TRANSFERRED, POLICE_HELD):
        return labelled("transitions", "transfer_to_police")
    if kind == TRANSFERRED_OUT:  # read from its 案件移送函 (``document_clocks.transfer_letters``), never recorded
        return "案件移送函"
    return labelled("clock_events", kind)


def _kinds(kinds) -> str:
    """The labels of clock event kinds in the user's language, listed as it lists (甲、乙 / a, b)."""
    text = ""
    for kind in kinds:
        name = event_label(kind)
        text = _("{list}, {item}").format(list=text, item=name) if text else name
    return text


def _explain(d: Deadline) -> list[str]:
    if d.interview_id:
        from workstation.interview_deadlines import explain_interview_deadline

        return explain_interview_deadline(d)
    if d.document_id:
        from workstation.rectification_checks import explain_check

        return explain_check(d)
    r = d.rule
    if d.detail[:1] == ((NO_TRANSFER_DATE,),):
        return [_("The case was imported as transferred to the police without the date of the transfer, so the "
                  "police's {period} cannot be counted: ask them whether they opened a criminal case and record "
                  "their answer (“{filed}” or “{refused}”), which closes this item.").format(
                    period=r.unit_text(), filed=shown_label("clock_events", "police_filed"),
                    refused=shown_label("clock_events", "police_refused")),
                _("Source: {source}").format(source=r.source)]
    if d.state == "missing":
        return [_("Cannot be computed: the case has no {what}; record it to start this clock.").format(
            what=start_label(r))]
    replaced = next((item for item in d.detail if item[0] == REPLACED), None)
    if d.state == "not_applicable" and replaced is not None:  # the party took the other remedy (T11 → T12)
        return [_("No longer applies since {date} ({kind} recorded): {reason}").format(
                    date=_iso(replaced[1]), kind=shown_label("clock_events", replaced[2]), reason=d.detail[0][1]),
                _("Counted {period} from the day after {start} ({what}), the period would have ended on {due}.").format(
                    period=r.unit_text(), start=d.start, what=start_label(r), due=d.due),
                _("Source: {source}").format(source=r.source)]
    if d.state == "not_applicable" and any(item[0] == NEVER_STARTED for item in d.detail):  # ``never_started``
        return [d.detail[0][1], _("Source: {source}").format(source=r.source)]
    if d.state == "not_applicable":
        return [_("Does not apply to this case: {reason}").format(reason=d.detail[0][1]),
                _("Source: {source}").format(source=r.source)]
    challenge = next((item for item in d.detail if item[0] in ("awaiting", "start_instead")), None)
    if challenge is not None and challenge[0] == "awaiting":
        return [_("{kinds} pending since {first}: the party may still sue, so this period has not started; it will "
                  "count from the end of the time to sue after the reconsideration decision (T12) or from the end of "
                  "the litigation, once recorded.").format(
                    kinds=_kinds(challenge[2]), first=_iso(challenge[1])),
                _("Source: {source}").format(source=r.source)]
    what = start_label(r, challenge[3] if challenge is not None else d.start_what)
    lines = []
    if r.unit == "hours":
        lines.append(_("Counted {period} from {start} ({what}); the time of day is not recorded, so the period "
                       "ends on the day it runs out.").format(start=d.start, what=what, period=r.unit_text()))
    elif r.before:
        lines.append(_("The last day from which {period}, counted from the day after it, end on {start} ({what}) at "
                       "the latest.").format(start=d.start, what=what, period=r.unit_text()))
    else:
        lines.append(_("Counted {period} from the day after {start} ({what}).").format(
            start=d.start, what=what, period=r.unit_text()))
    for item in d.detail:
        kind = item[0]
        if kind == "base" and item[2] != item[1]:
            lines.append(_("After the periods not counted, the statutory period ends on {date}.").format(
                date=_iso(item[2])))
        elif kind == "base":
            lines.append(_("Statutory period ends on {date}.").format(date=_iso(item[1])))
        elif kind == "base_stopped":  # no statutory end while the clock is stopped (``_Engine._events``)
            lines.append(_("The statutory period has no end date while the clock is stopped: {left} of it were left "
                           "on {date}, when it stopped.").format(left=r.unit_text(item[2]), date=_iso(item[1])))
        elif kind == "extensions":
            for e in item[1]:
                lines.append(_("Extended by {period}, approved on {date} by {who}.").format(
                    period=r.unit_text(e.days), date=e.approved_on, who=e.approved_by or "—"))
        elif kind == "superseded":
            for e in item[1]:
                lines.append(_("Also recorded: extended by {period}, approved on {date} by {who} — not counted: the "
                               "law allows one extension, and the first one approved counts ({source}); correct or "
                               "remove this record.").format(period=r.unit_text(e.days), date=e.approved_on,
                                                             who=e.approved_by or "—", source=r.source))
        elif kind == "excluded":
            lines.append(_("{kinds} from {first} to {last}: {period} not counted.").format(
                kinds=_kinds(item[3]), first=_iso(item[1]),
                last=_iso(item[2]), period=r.unit_text(item[4])))
        elif kind == "deemed_end":  # the 公告 not counted only until the party is deemed served (T30)
            deemed = _deemed_by()[item[1]]
            if item[3] is None:
                lines.append(_("The {kind} is left open: it is not counted beyond {date}, the day the party is deemed "
                               "served ({clock}).").format(
                    kind=shown_label("clock_events", item[1]), date=_iso(item[2]), clock=deemed.id))
            else:
                lines.append(_("The {kind} is recorded as ending on {end}, but the party is deemed served on {date} "
                               "({clock}): only the days up to then are not counted.").format(
                    kind=shown_label("clock_events", item[1]), end=_iso(item[3]), date=_iso(item[2]),
                    clock=deemed.id))
        elif kind == "measure_until":  # T14: the decision's own end, within the law's thirty days
            lines.append(_("The 实施行政强制措施决定书 {number} says the measure ends on {date}: its period is counted to "
                           "that day, within the {limit} the law allows at most.").format(
                number=item[1] or "—", date=_iso(item[2]), limit=r.unit_text(item[3])))
        elif kind == "extension_until":  # T14: no later than the date the extension decision told the party
            lines.append(_("The 延长行政强制措施期限决定书 {number} extends the measure to {date}, the date the party "
                           "was told: the period ends then ({end}); testing begun before that decision moves it no "
                           "further, only testing begun after it does.").format(
                number=item[1] or "—", date=_iso(item[2]), end=_iso(item[3])))
        elif kind == "measure_beyond":
            lines.append(_("The 实施行政强制措施决定书 {number} says the measure ends on {date}, beyond the {limit} the "
                           "law allows at most: the law's {limit} are counted.").format(
                number=item[1] or "—", date=_iso(item[2]), limit=r.unit_text(item[3])))
        elif kind == "period_by":  # T20: which rule of the publication chose the length
            lines.append(_("Length {period}: {why}").format(period=r.unit_text(), why=item[1]))
        elif kind == OTHER_PROVINCE:  # T18 of a party registered in another province
            lines.append(_other_province_line(item, r))
        elif kind == "span_done_after":
            lines.append(_("{kind} recorded on {date}, after the period was over: it changes nothing.").format(
                kind=_kinds(r.done_events), date=_iso(item[1])))
        elif kind == "notice_end":
            lines.append(_("Recorded as ending on {end}: service by public notice is deemed on its last day whatever "
                           "end is recorded; a longer notice period applies only where a law provides one, so check "
                           "the record.").format(end=_iso(item[1])))
        elif kind == "stopped":
            lines.append(_("{kinds} since {first}: the clock is stopped.").format(
                kinds=_kinds(item[2]), first=_iso(item[1])))
        elif kind == "used":
            lines.append(_("Used {used} of {limit}; {left} left when it resumes.").format(
                used=r.unit_text(item[1]), limit=r.unit_text(item[2]), left=r.unit_text(item[2] - item[1])))
        elif kind == "deferred" and (item[2].approved_on or item[2].approved_by):
            lines.append(_("Payment deferred or in instalments, approved on {approved} by {who}: due on {date} "
                           "instead of {before}.").format(approved=item[2].approved_on or "—",
                                                          who=item[2].approved_by or "—", date=_iso(item[2].end),
                                                          before=_iso(item[1])))
        elif kind == "deferred":
            lines.append(_("Payment deferred or in instalments with approval: due on {date} instead of {before}."
                           ).format(date=_iso(item[2].end), before=_iso(item[1])))
        elif kind == DEFERRAL_NOT_LATER:
            lines.append(_("The deferral or payment in instalments recorded until {date} ends on or before {before}, "
                           "the last day to pay without it: a deferral never shortens the time to pay, so it moves "
                           "nothing. Correct its end date if it was recorded wrongly.").format(
                date=_iso(item[2].end), before=_iso(item[1])))
        elif kind == "rolled":
            lines.append(_("{date} is not a working day: the deadline moves to the next working day.").format(
                date=_iso(item[1])))
        elif kind == "start_deferred":
            lines.append(_("Payment was deferred or allowed in instalments with approval until {date}: the period "
                           "is counted from that day instead.").format(date=_iso(item[1])))
        elif kind == "redone":
            lines.append(_("The decision was revoked with a new one ordered on {date}: this time limit was met by the "
                           "first decision ({decided}); the decision made again is counted by T2b.").format(
                date=_iso(item[1]), decided=_iso(item[2])))
        elif kind == "late_challenge":
            for first, challenge, period, due in item[1]:
                lines.append(_("{kind} begun on {date}, after {period} ended on {due}: a challenge begun after its "
                               "period does not stop this period, which counts from the end of the party's time to "
                               "challenge the decision (行政强制法 art. 53).").format(
                    kind=shown_label("clock_events", challenge), date=_iso(first), period=period, due=_iso(due)))
        elif kind == WITHDRAWN_DETAIL:
            lines.append(_("The party withdrew its reconsideration on {date} ({number}): it may still sue within the "
                           "original period, counted from the service of the decision, and the withdrawn "
                           "reconsideration starts no period to sue after its decision (T12) (《最高人民法院关于适用〈中华人民"
                           "共和国行政诉讼法〉的解释》 art. 58; unconfirmed).").format(
                date=_iso(item[1]), number=item[2] or "—"))
        elif kind == AMOUNTS_NOT_ENTERED:
            lines.append(_("The decision is recorded without its 行政处罚决定书 and the case records no fine or "
                           "confiscated gains, though the 行政处罚告知书 proposed more than a warning: the amounts "
                           "decided are not entered, so this time limit is counted as for the penalty proposed. Enter "
                           "the fine and confiscated gains decided under Edit case…, or issue the 行政处罚决定书."))
        elif kind == NO_PENALTY_SERVED:
            lines.append(_("The decision not to penalise (不予行政处罚决定书) may be challenged as a penalty decision may: "
                           "the period counts from its service, as its 送达回证 records it (or thirty days after the "
                           "行政处罚文书送达公告 publishing it)."))
        elif kind == "start_instead":
            lines.append(_("The party challenged the decision: the period counts from {what} instead of {usual} "
                           "({date}).").format(what=what, usual=start_label(r), date=_iso(item[1])))
        elif kind == "rest_day" and r.before:  # counted back (T6): the day kept, a service on it still in time
            lines.append(_("{date} is not a working day: to serve on a working day, serve by {before}, the last working "
                           "day before it; {date} stays the last day, as a service on it still comes in time.").format(
                date=_iso(item[1]), before=_iso(item[2])))
        elif kind == BEFORE_NOT_RECORDED:
            lines.append(_("No 听证通知书 for the hearing on {date} is recorded: this time limit ended with the hearing "
                           "stage, and whether the party was told of the hearing by {due} is not shown. If the notice "
                           "was served, record the 听证通知书 and its 送达回证 (送达日期) so that this time limit is "
                           "counted; if it was not, the hearing was held without the notice the law requires.").format(
                date=_iso(item[1]), due=_iso(item[2])))
        elif kind == "rest_day":
            lines.append(_("{date} is not a working day: this time limit is not moved to the next working day; the "
                           "last working day before it is {before}.").format(date=_iso(item[1]), before=_iso(item[2])))
        elif kind == "rest_day_unconfirmed" and len(item) > 2:  # a day about a festival
            day = dt.date.fromordinal(item[1])
            lines.append(_("The last day, {date}, may be a rest day of the {festival} holidays (the {year} calendar "
                           "is not known yet): this time limit is not moved to the next working day; check it once "
                           "the holidays of {year} are published.").format(
                date=day.isoformat(), festival=shown_label("holidays", item[2]), year=day.year))
        elif kind == "rest_day_unconfirmed":
            day = dt.date.fromordinal(item[1])
            lines.append(_("The last day, {date}, may be a rest day (the {year} calendar is not known yet): this time "
                           "limit is not moved to the next working day; check it once the holidays of {year} are "
                           "published.").format(date=day.isoformat(), year=day.year))
        elif kind == "start_unconfirmed":
            lines.append(_("It counts from {what}, whose last day is not confirmed yet: once that day is confirmed, "
                           "check this deadline too.").format(what=start_label(r, item[1])))
        elif kind in (INSTALMENT_MISSED, INSTALMENT_NEXT):  # T8 paid in instalments (``instalment_periods``)
            lines.append(instalment_line(item))
        elif kind in (PAID_BY_PARTS, ANNULLED_PAID) and r.id == "T8":  # T16's note says them (``demand_by_note``)
            lines.extend(payment_lines(replace(d, detail=(item,))))
        elif kind in DOCUMENT_DETAILS:
            lines.append(explain_document_detail(item))
        elif kind == MISSED_BEFORE_ASSIGNMENT and item[4]:
            lines.append(_("Counted from the lead's earlier assignment on {earlier}, this time limit ran out on {due}, "
                           "before the lead was re-assigned on {assigned}: it was missed (overdue) before the "
                           "re-assignment. The deadline above counts from the assignment.").format(
                earlier=_iso(item[1]), due=_iso(item[2]), assigned=_iso(item[3])))
        elif kind == MISSED_BEFORE_ASSIGNMENT:
            lines.append(_("Counted from the lead's receipt on {received}, this time limit ran out on {due}, before "
                           "the lead was assigned on {assigned}: it was missed (overdue) before the assignment. The "
                           "deadline above counts from the assignment.").format(
                received=_iso(item[1]), due=_iso(item[2]), assigned=_iso(item[3])))
    if d.due and r.deemed:
        lines.append(_("Deemed served on {date}: the periods the document gives count from then. A date the law "
                       "sets, not a time limit to meet: it is never overdue.").format(date=d.due))
    elif d.due:
        lines.append(_("Deadline: {date}.").format(date=d.due))
    if r.lapses and d.state == "expired":
        lines.append(_("No decision was made within {period}: the {what} lapsed by itself after {date} ({source}). "
                       "Release the items and return them to the party, and record the release to close this item."
                       ).format(period=r.unit_text(), what=shown_label("clock_events", r.start_ref), date=d.due,
                                source=r.source))
    if d.done_on:
        lines.append(_("Done on {date}.").format(date=d.done_on))
    elif r.excluded and r.unit == "cd" and d.state in ("open", "due_soon") and d.days_left is not None:
        # REFERENCE §1.2 rule 4: the days used and left of a clock that intervals may stop (T2), also while it runs
        lines.append(_used_line(d))
    if any(item[0] in UNCONFIRMING for item in d.detail):
        pass  # said by the line of the item that makes it unconfirmed
    elif not d.confirmed and r.unit == "wd":
        from workstation.workdays import default_calendar, fixed_holidays_text

        # the years of the period its calendar had no holiday data for (``unconfirmed_years``, set as it was
        # counted); for a deadline made otherwise, those the shipped data does not give
        calendar = default_calendar(None)
        years = list(d.unconfirmed_years)
        ends = [dt.date.fromordinal(day) for day in (d.start_ord, d.due_ord) if day is not None]
        if not years and ends:
            years = calendar.unconfirmed_years(min(ends), max(ends))
        lines.append(_("The holiday calendar of a year in this period is not known: Monday to Friday were counted "
                       "as working days except the statutory holidays ({fixed}); check the result.").format(
            fixed=fixed_holidays_text(years, calendar.festivals)))
    elif not d.confirmed:
        lines.append(_("The holiday calendar of the year of the last day is not known: whether that day is a "
                       "holiday (and the deadline moves) could not be checked; check the result."))
    # a rule unconfirmed only when its last day is a rest day (T2: whether an internal limit moves) says so then
    if r.unconfirmed and (not r.unconfirmed_on_rest_day or d.rest_day_flagged):
        lines.append(_("Unconfirmed: {text}").format(text=r.unconfirmed))
    # the time of an event not counted by a rule the law does not confirm (T2: the time with the police), said when
    # that time is not counted here (excluded, or stopping the clock)
    set_aside = {kind for item in d.detail if item[0] in ("excluded", "stopped")
                 for kind in item[3 if item[0] == "excluded" else 2]}
    lines.extend(_("Unconfirmed: {text}").format(text=why) for kind, why in r.excluded_unconfirmed if kind in set_aside)
    lines.append(_("Source: {source}").format(source=r.source))
    return lines


def _other_province_line(item: tuple, r: ClockRule) -> str:
    """What T18 says of a party registered in another province (``other_province_publications``)."""
    _kind, party, province, shown_by, home = item
    shown = {"address": _("as its address shows"), "name": _("as its name shows"),
             "uscc": _("as its unified social credit code shows")}[shown_by]
    return _("{party} is registered in {province}, {shown}, not in {home} where the decision was made: within "
             "{period} of the decision the penalty information is pushed, through the province's market regulation "
             "department, to the market regulation department of the place of registration, which publishes it "
             "(市场监督管理行政处罚信息公示规定 art. 10).").format(party=party, province=province, shown=shown,
                                                                 home=home, period=r.unit_text())


def _used_line(d: Deadline) -> str:
    """The days used and left of a running calendar-day clock that intervals may stop (T2; REFERENCE §1.2 rule 4),
    counted up to today (its due date less ``days_left``): the days since its start less those of the intervals not
    counted up to today, the rest of the limit left. An interval running past today (a 公告 until the party is deemed
    served) keeps its days still to come out of both: the line says how many, as the due date already adds them."""
    r = d.rule
    limit = r.period + sum(e.days for item in d.detail if item[0] == "extensions" for e in item[1])
    today = d.due_ord - d.days_left
    excluded = [item for item in d.detail if item[0] == "excluded"]
    past = sum(max(0, min(last, today) - first + 1) for _kind, first, last, *_rest in excluded)
    ahead = [(max(0, last - max(first, today + 1) + 1), kinds) for _kind, first, last, kinds, *_rest in excluded]
    used = min(max(0, today - d.start_ord - past), limit)
    future = sum(days for days, _kinds in ahead)
    if not future:
        return _("Used {used} of {limit}; {left} left.").format(
            used=r.unit_text(used), limit=r.unit_text(limit), left=r.unit_text(limit - used))
    kinds = tuple(dict.fromkeys(kind for days, kinds in ahead if days for kind in kinds))
    return _("Used {used} of {limit}; {left} left ({kinds}: {future} still to come, not counted).").format(
        used=r.unit_text(used), limit=r.unit_text(limit), left=r.unit_text(limit - used), future=r.unit_text(future),
        kinds=_kinds(kinds))


def start_label(r: ClockRule, ref: str = "") -> str:
    """What the clock ``r`` counts from, in the user's language (its event, clock or case date); ``ref`` names
    the date instead where a deadline counts from another one (T1 from the lead's assignment, 交办)."""
    if ref == "assigned_on":
        return _("date the lead was assigned")
    if r.start_kind == LEAD_START:
        return _("date the lead was decided (filed or not filed)")
    if r.start_ref == DECISION_CHANGED:
        return _("date the published decision was voided or corrected, or revoked, changed, declared unlawful or "
                 "declared void on reconsideration or in court")
    if r.start_ref == TRANSFERRED:
        return _("date the case was transferred to the police")
    if ref.startswith("clock:"):
        return _clock_end(ref[6:])
    ended = ref[4:] if ref.startswith("end:") else r.start_ref if r.start_kind == "end" and not ref else ""
    if ended == RECONSIDERATION:  # its end is recorded as the day the party received the decision (行政诉讼法 art. 45)
        return _("day the party received the reconsideration decision")
    if ref.startswith("end:") or r.start_kind == "end":
        return _("end of the {kind}").format(kind=shown_label("clock_events", ref[4:] if ref else r.start_ref))
    if r.start_kind == "event":
        return shown_label("clock_events", r.start_ref)
    if r.start_kind == "clock":
        return _clock_end(r.start_ref)
    return {"lead_received_on": _("lead registration date"), "filed_on": _("filing date"),
            "review_on": _("date the file went to review"), "notice_served_on": _("date the notice was served"),
            "decided_on": _("decision date"), "served_on": _("date the decision was served")}[r.start_ref]


def _clock_end(clock_id: str) -> str:
    """The end of another clock a deadline counts from, named as the board names it (its id and title)."""
    other = rule(clock_id)
    return _("the end of time limit {clock}").format(clock=f"{other.id} {other.title}")
