"""The lawful way forward when a party does not pay (REFERENCE §1.1 SERVED → OVERDUE: 催告书, then the application to
the people's court for compulsory enforcement; §1.2 T15, T16): the step 申请法院强制执行 (``ACTION``), recorded for
each party that owes money and has not paid, once the ten working days after its 催告书 was served and the party
can no longer challenge the decision (行政强制法 arts. 53, 54): the start of its T16 as the case's clocks count it —
after the time to sue, after a reconsideration or a lawsuit, or after a deferral of the payment — which is also the
window the 强制执行申请书 is checked against (``document_clocks.enforcement_window``, one source for both); and 结案 of a
served case once every party has either paid or had the court applied to. An issued 强制执行申请书 in force counts as
the application made on its 申请日期; a case whose application was written on paper records the step with its date.

What is recorded: a case event ``APPLIED`` per party with its date (``party_id`` always set). The case keeps its
status (已送达) until it is closed."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from workstation.closing import ClosingWarning, _payers
from workstation.db import Database
from workstation.errors import join_sentences
from workstation.i18n import _
from workstation.records import Case, Party, today
from workstation.store import parties_of_case
from workstation.store.clock_events import annulled_by

ACTION = "apply_enforcement"
APPLIED = "enforcement_applied"
FORM = "enforcement_application"
DEMAND = "demand"
#: the period the application answers (REFERENCE §1.2 T16)
ENFORCEMENT_CLOCK = "T16"


@dataclass(frozen=True)
class UnpaidParty:
    """A party of a served case that owes money under its decision and has not paid: the days its decision and
    its 催告书 were served on it, and the day the court was applied to (None: not yet)."""

    party: Party
    decision_served_on: str | None
    demand_served_on: str | None
    applied_on: str | None
    #: the first day the court may be applied to (None while a service it counts from is not recorded, or while a
    #: challenge of the party is pending)
    earliest: str | None
    #: the day before T16 starts: the end of the party's time to challenge the decision, or of its deferral (None
    #: while the decision's service is not recorded, or while a challenge is pending)
    remedy_end: str | None
    #: the party's challenges still pending (a reconsideration, a lawsuit: ``clock_events`` kinds) and since when
    pending: tuple[str, ...] = ()
    pending_since: str | None = None
    #: whether a challenge or a deferral moved T16 from the end of the time to sue after the decision's service
    moved: bool = False
    #: the last day of T16, the three months the court may be applied to in (None when ``remedy_end`` is None)
    last: str | None = None


@dataclass(frozen=True)
class DemandBy:
    """The latest day to serve a 催告书 for the court still to be applied to by the last day of T16
    (``demand_by``): ``day``; ``years``, those without holiday data its ten working days were counted through
    (日历待核实), and ``festivals``, the festivals about which weekdays of those years were left out of the count."""

    day: dt.date
    years: tuple[int, ...] = ()
    festivals: tuple[str, ...] = ()

    def marked(self) -> str:
        """The day as said to the officer: marked 日历待核实, naming the years, when counted through such a year."""
        if not self.years:
            return self.day.isoformat()
        from workstation.store.interviews import years_text

        return self.day.isoformat() + _(" (calendar to be verified: no holiday data for {years})").format(
            years=years_text(self.years))

    def note(self) -> str:
        """What the officer is told of a count through a year without holiday data ("" for none): how it was
        counted and that it is to be checked."""
        if not self.years:
            return ""
        from workstation.i18n import join_names
        from workstation.store.interviews import years_text
        from workstation.vocabulary import shown_label

        years = years_text(self.years)
        if self.festivals:
            return _("The ten working days are counted through {years}, whose holidays are not known yet: the "
                     "weekdays about {festivals} (not official: very probably rest days) are not counted as working "
                     "days, so that the day is not too late. Check it against the State Council's holidays of "
                     "{years}; adding the holiday file of {years} counts it again.").format(
                years=years, festivals=join_names(shown_label("holidays", name) for name in self.festivals))
        from workstation.workdays import fixed_holidays_text

        return _("The ten working days are counted through {years}, whose holidays are not known yet, Monday to "
                 "Friday less the statutory holidays ({fixed}). Check it against the State Council's holidays of "
                 "{years}; adding the holiday file of {years} counts it again.").format(
            years=years, fixed=fixed_holidays_text(self.years))


def demand_by(last: dt.date, data_dir=None) -> DemandBy:
    """The last day a 催告书 can be served for the court still to be applied to by ``last``, the last day of T16: the
    ten working days the party then has (T15, counted from the day after the service as REFERENCE §1.2 counts them,
    on the calendar of ``data_dir``) end before ``last`` — the court is applied to only once they are over (行政强制法
    arts. 53, 54). Through a year without holiday data the count leaves out the weekdays about its festivals
    (``WorkCalendar.maybe_rest_day``: the windows of the unofficial festivals' data, very probably rest days), so
    that the day is never later than that year's holidays would make it for those festivals; the years and the
    festivals left out are kept for the officer to be told (``DemandBy.marked``, ``DemandBy.note``)."""
    from workstation.documents.stage_rules import DEMAND_WORKDAYS
    from workstation.workdays import default_calendar

    calendar = default_calendar(data_dir)
    day, counted, festivals = last, 0, []
    while counted < DEMAND_WORKDAYS:  # the ten working days before ``last``, the latest first
        day -= dt.timedelta(days=1)
        if not calendar.is_workday(day):
            continue
        festival = calendar.maybe_rest_day(day)  # None in a year with holiday data
        if festival:
            if festival not in festivals:
                festivals.append(festival)
            continue
        counted += 1
    latest = day - dt.timedelta(days=1)  # served the day before the first of them
    years = tuple(calendar.unconfirmed_years(latest, last))
    return DemandBy(latest, years, tuple(festivals) if years else ())


def demand_by_note(deadline, data_dir=None, on: str | None = None) -> str:
    """What court enforcement's period (T16) says while it runs, beside how it was counted: the latest day to serve
    the 催告书 for the court still to be applied to by its last day (``demand_by``: marked 日历待核实 and said how it
    was counted when counted through a year without holiday data); "" for another deadline, one not running (not
    started, met, ended or run out), and once that day is past (``on``, an ISO date: the day the deadlines were
    counted on, ``clocks --as-of``; today by default). For the time to pay (T8) of a fine paid in instalments, what
    it says of them (``clocks.instalment_lines``: an instalment missed, the next one to pay), which ``clocks --case``
    prints under its row (the window shows it in the calculation)."""
    from workstation.clocks import payment_lines

    # paid under a decision since revoked; paid by payments of part on T8 alone (T16 is then not needed, said there)
    said = payment_lines(deadline, parts=deadline.clock == "T8")
    if deadline.clock == "T8" and deadline.detail:
        from workstation.clocks import instalment_lines

        return " ".join([*instalment_lines(deadline), *said])
    if deadline.clock != ENFORCEMENT_CLOCK or not deadline.due or deadline.state not in ("open", "due_soon"):
        return " ".join(said)
    from workstation.clocks import rule
    from workstation.records import today

    latest = demand_by(dt.date.fromisoformat(deadline.due), data_dir)
    if latest.day.isoformat() < (on or today()):  # the day is past: no instruction to give (a 催告书 served since
        return " ".join(said)  # is told on its own)
    t15 = rule("T15")
    return join_sentences([*said, _(
        "To apply to the court by {last}, serve the 催告书 by {date} at the latest: the party has ten working days "
        "after its service ({t15}, {source}), and the court is applied to only once they are over.").format(
        last=deadline.due, date=latest.marked(), t15=t15.id, source=t15.source), latest.note()])


def demand_days(db: Database, case: Case, party_id: str | None) -> list[str]:
    """The days a 催告书 was served on the party ``party_id`` (its own and the whole case's; None: any) under the
    decision in force, earliest first (clock events ``demand``; of one recorded before the service a 送达回证 or
    送达公告 of its 催告书 gives — on the day it was signed —, that service, as T15 counts it:
    ``document_clocks.demand_served_later``): one served before its decision date demanded a decision since revoked
    and made again, and one served while the payment was deferred or split (a deferral recorded, or an issued
    延期/分期缴纳罚款通知书 in force: ``clock_events.deferred_on``) demanded a payment not yet due — neither counts
    toward the application to the court."""
    from workstation.document_clocks import demand_served_later, demand_services
    from workstation.store.clock_events import deferred_on

    rows = db.execute("SELECT DISTINCT starts_on, party_id FROM clock_events WHERE case_id = ? AND kind = ? AND "
                      "starts_on >= ? AND (? IS NULL OR party_id IS NULL OR party_id = '' OR party_id = ?) ORDER BY "
                      "starts_on", [case.id, DEMAND, case.decided_on or "", party_id, party_id]).fetchall()
    services = demand_services(db, case.id, None) if rows else []
    days = []
    for day, own in rows:
        if not day:
            continue
        later = demand_served_later(services, own or party_id, day)
        served = later.served_on if later is not None else day
        if deferred_on(db, case, served, own or party_id) is None:
            days.append(served)
    return sorted(set(days))


def court_applications(db: Database, case: Case, parties: list[Party]) -> dict[str, str]:
    """{party id: the first day the court was applied to}: the step recorded, or a 强制执行申请书 issued and in force
    (its 申请日期; a document naming no party was written for the case's first party), under the decision in force:
    one dated before its decision date applied for a decision since revoked and made again."""
    from workstation.documents.addressee import PARTY_KEY

    out: dict[str, str] = {}
    decided = case.decided_on or ""
    for party_id, day in db.execute("SELECT party_id, on_date FROM case_events WHERE case_id = ? AND kind = ? AND "
                                    "party_id IS NOT NULL", [case.id, APPLIED]).fetchall():
        if day and day >= decided:
            out[party_id] = min(day, out.get(party_id, day))
    rows = db.execute("SELECT values_json, issued_at FROM documents WHERE case_id = ? AND form_id = ? AND status = "
                      "'issued' AND id NOT IN (SELECT supersedes_id FROM documents WHERE supersedes_id IS NOT NULL "
                      "AND status = 'issued')", [case.id, FORM]).fetchall()
    for values_json, issued_at in rows:
        values = json.loads(values_json or "{}")
        party_id = values.get(PARTY_KEY) or (parties[0].id if parties else None)
        day = str(values.get("signed_on") or issued_at or "")[:10]
        if party_id and day and day >= decided:
            out[party_id] = min(day, out.get(party_id, day))
    return out


def unpaid_parties(db: Database, case: Case) -> list[UnpaidParty]:
    """The parties of a served case (已送达) that owe money under their decision and have not paid, in the case's
    order; empty in any other state."""
    from workstation import party_decisions
    from workstation.document_clocks import enforcement_window
    from workstation.documents.stage_rules import demand_period_end

    if case.status != "served":
        return []
    parties = parties_of_case(db, case.id)
    if len(parties) > 1:
        owing = [(item.party, item.served_on) for item in party_decisions.party_payments(db, case)
                 if item.owes and item.paid_on is None]
    else:  # its payments of part reaching what the decision as it now stands asks: paid (``payments.balance``)
        from workstation.payments import balance

        owing_now = party_decisions.owing_parties(db, case, parties)
        paid = balance(db, case) if owing_now else None
        owing = [(party, case.served_on) for party in owing_now if paid is None or not paid.settled]
    # a party whose decision was revoked or declared void on reconsideration or in court owes nothing under it
    # (行政复议法 arts. 64, 67)
    owing = [(party, served) for party, served in owing if annulled_by(db, case, party.id) is None]
    applied = court_applications(db, case, parties)
    out = []
    for party, served in owing:
        # the latest 催告书 served on it (its own or the whole case's) that counts (``demand_days``)
        demand = max(demand_days(db, case, party.id), default=None)
        if not served:
            out.append(UnpaidParty(party, served, demand, applied.get(party.id), None, None))
            continue
        # T16 of this party, as the 强制执行申请书 written for it counts it (a case with one party: the case's)
        window = enforcement_window(db, case, dt.date.fromisoformat(served), party.id if len(parties) > 1 else None)
        if window.pending:
            out.append(UnpaidParty(party, served, demand, applied.get(party.id), None, None, window.pending,
                                   window.pending_since.isoformat() if window.pending_since else None, True))
            continue
        remedy_end = window.first - dt.timedelta(days=1)
        earliest = (max(demand_period_end(dt.date.fromisoformat(demand), db) + dt.timedelta(days=1), window.first)
                    if demand else None)
        out.append(UnpaidParty(party, served, demand, applied.get(party.id),
                               earliest.isoformat() if earliest else None, remedy_end.isoformat(),
                               moved=window.moved, last=window.last.isoformat() if window.last else None))
    return out


def _pending_text(item: UnpaidParty) -> str:
    """The challenge of ``item``'s party still pending, as a clause (its kinds and since when)."""
    from workstation.vocabulary import shown_label

    return _("its {kinds} recorded since {since} has not ended: the court is applied to only once the party can no "
             "longer challenge the decision (行政强制法 art. 53; T16 counts three months from then); record its end "
             "on the case's 期限 tab first").format(
        kinds="、".join(shown_label("clock_events", kind) for kind in item.pending), since=item.pending_since)


def _when(item: UnpaidParty) -> str:
    """When the court may be applied to for ``item``'s party, or what must be recorded first."""
    if item.decision_served_on is None:
        return _("the service of its decision is not recorded yet: record it first")
    if item.pending:
        return _pending_text(item)
    if item.demand_served_on is None and item.moved:
        return _("serve it a 催告书 first and record “送达催告书” on the case's 期限 tab; the court may be applied to "
                 "ten working days after that service, and not before {first} (it challenged the decision or was "
                 "allowed to defer its payment, and that ran its course on {end}; T16 on the case's 期限 tab shows "
                 "how it is counted)").format(
            first=(dt.date.fromisoformat(item.remedy_end) + dt.timedelta(days=1)).isoformat(), end=item.remedy_end)
    if item.demand_served_on is None:
        return _("serve it a 催告书 first and record “送达催告书” on the case's 期限 tab; the court may be applied to "
                 "ten working days after that service, and not before {first} (its time to apply for "
                 "reconsideration or to sue runs until {end})").format(
            first=(dt.date.fromisoformat(item.remedy_end) + dt.timedelta(days=1)).isoformat(), end=item.remedy_end)
    if item.last and item.earliest and item.earliest > item.last:  # the 催告书 served too late for T16
        return _("it is too late to apply to the court: the ten working days of the 催告书 served on {demand} end "
                 "on or after {last}, the last day of the three months to apply (T16, 行政强制法 art. 53); an "
                 "application made from {first} may be refused by the court as late").format(
            demand=item.demand_served_on, last=item.last, first=item.earliest)
    return _("the court may be applied to from {first} (催告书 served on {demand}, decision served on "
             "{served})").format(first=item.earliest, demand=item.demand_served_on, served=item.decision_served_on)


def _pending(db: Database, case: Case) -> list[UnpaidParty]:
    return [item for item in unpaid_parties(db, case) if item.applied_on is None]


def time_to_pay_running(db: Database, case: Case, pending: list[UnpaidParty]) -> dict[str, str]:
    """Of the parties ``pending`` (not paid, the court not applied to), those served their decision, challenging
    nothing and served no 催告书 whose time to pay (T8, its last day ``payments.payment_due``) still runs today:
    party id → that last day. Such a party may still pay; it is served a 催告书 only once its time is over
    (行政强制法 art. 54)."""
    from workstation.payments import payment_due

    now = today()
    running: dict[str, str] = {}
    for item in pending:
        if item.decision_served_on and not item.pending and item.demand_served_on is None:
            due = payment_due(db, case, item.party.id)
            if due and now <= due:
                running[item.party.id] = due
    return running


def time_to_pay_when(item: UnpaidParty, running: dict[str, str]) -> str:
    """What is still to come for ``item``'s party before the court is applied to: its time to pay runs until its
    last day when it is in ``running`` (``time_to_pay_running``), else ``_when`` (the 催告书 to serve, or when the
    court may be applied to)."""
    if item.party.id in running:
        return _("its time to pay (T8) runs until {due}; unpaid then, it is served a 催告书, and the court may be "
                 "applied to ten working days after that service").format(due=running[item.party.id])
    return _when(item)


def step_refusal(db: Database, case: Case) -> str | None:
    """Why 申请法院强制执行 cannot be recorded today (None when it can for at least one party): nothing unpaid, the
    court applied to for every party that did not pay, or no such party whose periods have run yet. A party whose
    time to pay (T8) still runs is said so, until its last day (``time_to_pay_running``) — every party's together
    when none's is over —, and only the parties whose time is over are asked the 催告书 (行政强制法 art. 54)."""
    refusal = _step_refusal(db, case)
    if refusal is None:
        return None
    from workstation.payments import annulled_payment_note

    return join_sentences(part for part in (refusal, annulled_payment_note(db, case)) if part)


def _step_refusal(db: Database, case: Case) -> str | None:
    """``step_refusal`` without what was paid under a decision since revoked."""
    from workstation.vocabulary import shown_label

    unpaid = unpaid_parties(db, case)
    if not unpaid:
        from workstation.payments import overpaid_notes

        return join_sentences(part for part in (
            _("No party owes an unpaid fine or confiscation: there is nothing to enforce."),
            overpaid_notes(db, case)) if part)
    pending = [item for item in unpaid if item.applied_on is None]
    if not pending:
        return _("The application to the court is recorded for every party that has not paid: close the case "
                 "(“{close}”).").format(close=shown_label("transitions", "close"))
    now = today()
    if any(item.earliest and item.earliest <= now for item in pending):
        return None
    running = time_to_pay_running(db, case, pending)
    if running and len(running) == len(pending):  # no party's time to pay (T8) is over: said of every party
        return _("The court cannot be applied to yet: the time to pay under the decision (T8) has not run out "
                 "({parties}). A party that has not paid when its time is over is then served a 催告书, and the "
                 "court may be applied to ten working days after that service (行政强制法 arts. 53, 54).").format(
            parties="；".join(_("{party}: until {due}").format(party=item.party.name, due=running[item.party.id])
                             for item in pending))
    return _("The court cannot be applied to yet (行政强制法 arts. 53, 54): {parties}.").format(
        parties="；".join(_("{party}: {when}").format(party=item.party.name, when=time_to_pay_when(item, running))
                         for item in pending))  # the 催告书 asked only of a party whose time to pay is over


def date_refusal(db: Database, case: Case, date: str, party_ids: tuple[str, ...] = ()) -> str | None:
    """Why 申请法院强制执行 cannot be recorded on ``date`` for ``party_ids`` (none: every party that did not pay
    and whose application is not recorded), None when it can."""
    pending = [item for item in _pending(db, case) if not party_ids or item.party.id in party_ids]
    lines = []
    for item in pending:
        if item.earliest is None:
            lines.append(_("{party}: {when}.").format(party=item.party.name, when=_when(item)))
        elif date < item.earliest and item.moved:
            lines.append(_("{party}: the court may be applied to only from {first}, after the ten working days of "
                           "the 催告书 served on {demand} and once the party's challenge of the decision or the "
                           "deferral of its payment has run its course on {end} (行政强制法 arts. 53, 54; T16 on the "
                           "case's 期限 tab shows how it is counted); {date} is too early.").format(
                party=item.party.name, first=item.earliest, demand=item.demand_served_on, end=item.remedy_end,
                date=date))
        elif date < item.earliest:
            lines.append(_("{party}: the court may be applied to only from {first}, after the ten working days of "
                           "the 催告书 served on {demand} and the party's time to apply for reconsideration or to "
                           "sue, which runs until {end} (行政强制法 arts. 53, 54); {date} is too early.").format(
                party=item.party.name, first=item.earliest, demand=item.demand_served_on, end=item.remedy_end,
                date=date))
        if item.earliest is not None and date < item.earliest:  # the ten working days counted through 日历待核实
            from workstation.documents.stage_rules import demand_count_note

            lines[-1] = join_sentences([lines[-1], demand_count_note(db, dt.date.fromisoformat(item.demand_served_on))])
    return "".join(lines) or None


def party_refusal(db: Database, case: Case, party_id: str | None) -> str | None:
    """Why the application cannot be recorded for ``party_id`` (None: every party pending): not a party that owes
    and did not pay, or already recorded."""
    if party_id is None:
        return None
    unpaid = {item.party.id: item for item in unpaid_parties(db, case)}
    if party_id not in unpaid:
        names = "、".join(item.party.name for item in unpaid.values()) or _("none")
        return _("This party has paid or owes nothing: the court is applied to only for a party that has not paid "
                 "({parties}).").format(parties=names)
    if unpaid[party_id].applied_on:
        return _("The application to the court for {party} is already recorded ({date}).").format(
            party=unpaid[party_id].party.name, date=unpaid[party_id].applied_on)
    return None


def parties_to_record(db: Database, case: Case, party_ids: tuple[str, ...], date: str) -> list[Party]:
    """The parties the step recorded on ``date`` is for: ``party_ids``, else every party pending whose first day
    has come by then."""
    pending = _pending(db, case)
    if party_ids:
        return [item.party for item in pending if item.party.id in party_ids]
    return [item.party for item in pending if item.earliest and item.earliest <= date]


def late_warnings(db: Database, case: Case, date: str, party_ids: tuple[str, ...] = ()) -> list[ClosingWarning]:
    """What recording 申请法院强制执行 on ``date`` for ``party_ids`` (none: every party it is recorded for that day,
    ``parties_to_record``) is told, not refused: for each party, an application after the last day of its T16 —
    the three months the bureau has once the party can no longer challenge the decision (行政强制法 art. 53) — is
    late, and the court may refuse it (非诉执行申请期限); the court decides whether it has good cause. The
    强制执行申请书 dated that late is warned of alike (``stage_rules._late_enforcement``). And each party's payments
    recorded under a decision since revoked with a new one ordered (``annulled_payment_warnings``): to be refunded or
    offset, perhaps leaving nothing to enforce."""
    recorded = {party.id for party in parties_to_record(db, case, party_ids, date)}
    out = []
    for item in _pending(db, case):
        if item.party.id not in recorded or item.last is None or date <= item.last:
            continue
        first = (dt.date.fromisoformat(item.remedy_end) + dt.timedelta(days=1)).isoformat()
        out.append(ClosingWarning(
            _("{party}: the three months the bureau has to apply to the court once the party can no longer "
              "challenge the decision ran from {first} until {last} (行政强制法 art. 53; T16): an application made "
              "on {date} is late, and the court may refuse it (非诉执行申请期限). Record it all the same if that is "
              "when it was made, and keep in the case file why it came late.").format(
                party=item.party.name, first=first, last=item.last, date=date),
            _("Applied to the court for {party} after T16 ran out on {last}.").format(party=item.party.name,
                                                                                     last=item.last),
            _("The application to the court is recorded. {party}: it was made on {date}, after the three months the "
              "bureau has to apply once the party can no longer challenge the decision, which ran from {first} "
              "until {last} (行政强制法 art. 53; T16): the court may refuse a late application (非诉执行申请期限); "
              "keep in the case file why it came late.").format(party=item.party.name, date=date, first=first,
                                                                last=item.last)))
    return out + (annulled_payment_warnings(db, case, recorded) if recorded else [])


def annulled_payment_warnings(db: Database, case: Case, party_ids) -> list[ClosingWarning]:
    """What applying to the court for the parties ``party_ids`` is warned of, not refused: each one's payments
    recorded under a decision since revoked with a new one ordered (``payments.annulled_payment_note``), which the
    new decision does not count — refunded, or with the party's agreement offset against it, and then perhaps
    nothing is left to enforce."""
    from workstation.payments import annulled_payment_note

    out = []
    for party_id in _payers(case, party_ids):
        said = annulled_payment_note(db, case, party_id)
        if said:
            out.append(ClosingWarning(
                join_sentences((said, _("If it was offset, apply to the court only for what the new decision still "
                                        "asks after it, if anything."))),
                _("Applied to the court with money paid under the revoked decision, to be refunded or offset.")))
    return out


def choices(db: Database, case: Case) -> list[Party]:
    """The parties the step may be recorded for today (the dialog's choices in a case with several parties)."""
    now = today()
    return [item.party for item in _pending(db, case) if item.earliest and item.earliest <= now]


def closing_refusal(db: Database, case: Case) -> str | None:
    """Why a served case (已送达) cannot be closed (结案), None when it can: a party owes money it has not paid and
    the court was not applied to for it. The case is closed once the decision is performed (履行完毕) or, for a
    party that does not pay after the 催告书, once the court is applied to for compulsory enforcement. What is said
    still to come for each such party: while its time to pay (T8) runs, that it does, until its last day, rather
    than the 催告书 it is served only once that time is over (``time_to_pay_when``)."""
    from workstation.vocabulary import shown_label

    if case.status != "served":
        return None
    pending = _pending(db, case)
    if not pending and unpaid_parties(db, case):
        return None
    if not pending and any(annulled_by(db, case, party.id) for party in parties_of_case(db, case.id)):
        return None  # every party left unpaid had its decision revoked or declared void: nothing to enforce
    if not pending and paid_by_payments(db, case):
        return None  # its payments reach what the decision as it now stands asks (a fine lowered since): paid
    if not pending:
        return _("Record “{performed}” first: a served case is closed once its decision is performed.").format(
            performed=shown_label("transitions", "record_performance"))
    running = time_to_pay_running(db, case, pending)
    return _("{parties} has not paid what the decision imposes: the case is closed once the decision is performed "
             "(“{performed}”) or, for a party that does not pay after the 催告书, once the people's court has been "
             "applied to for compulsory enforcement (“{apply}”, 行政强制法 arts. 53, 54). {when}").format(
        parties="、".join(item.party.name for item in pending), performed=shown_label("transitions", "record_performance"),
        apply=shown_label("transitions", ACTION),
        when="".join(_("{party}: {when}.").format(party=item.party.name, when=time_to_pay_when(item, running))
                     for item in pending))


def paid_by_payments(db: Database, case: Case) -> bool:
    """Whether every party of a served case that owes money under its decision has paid it by the payments
    recorded, the case not recorded performed: its payments of part reach what the decision as it now stands asks
    (``payments.balance``: a fine a reconsideration or lawsuit lowered to what was paid, or below — the rest
    refunded, ``payments.overpaid_notes``). Such a case is closed as one performed: nothing is left to demand or
    enforce."""
    from workstation import party_decisions

    if case.status != "served":
        return False
    parties = parties_of_case(db, case.id)
    if len(parties) > 1:
        items = [item for item in party_decisions.party_payments(db, case) if item.owes]
        return bool(items) and all(item.paid_on is not None for item in items)
    from workstation.payments import balance

    if not party_decisions.owing_parties(db, case, parties):
        return False
    paid = balance(db, case)
    return paid is not None and paid.settled and not paid.unstated


def closing_note(db: Database, case: Case) -> str:
    """What the timeline keeps of a served case closed after the application to the court: each party and the day
    the court was applied to ("" when none)."""
    applied = [item for item in unpaid_parties(db, case) if item.applied_on]
    if not applied:
        return ""
    return _("Closed after applying to the people's court for compulsory enforcement: {parties}.").format(
        parties="、".join(f"{item.party.name} {item.applied_on}" for item in applied))


def complete_by_applications(db: Database, engine, deadlines: list, events: dict, *, board: bool = False) -> list:
    """``deadlines`` with the court-enforcement period T16 met on the day the people's court was applied to
    (``court_applications``: the step recorded, or a 强制执行申请书 in force): a party's own T16 on its own
    application, the case's T16 on its party's — in a case with several parties, once every party that did not pay
    was applied for, on the last of those days. The case stays 已送达 until it is closed, so without this the
    period would run on, overdue, after the application that answers it. ``board`` keeps only the running ones;
    only the cases with an application are read."""
    from workstation.clocks import OPEN_STATES
    from workstation.document_clocks import _recount
    from workstation.store import get_case

    running = [d for d in deadlines if d.clock == ENFORCEMENT_CLOCK and d.case_id and d.due_ord is not None
               and d.done_ord is None]
    if not running:
        return deadlines
    ids = json.dumps(sorted({d.case_id for d in running}))
    applied_cases = {case_id for (case_id,) in db.execute(
        "SELECT case_id FROM case_events WHERE case_id IN (SELECT value FROM json_each(?)) AND kind = ? UNION "
        "SELECT case_id FROM documents WHERE case_id IN (SELECT value FROM json_each(?)) AND form_id = ? AND "
        "status = 'issued'", [ids, APPLIED, ids, FORM]).fetchall()}
    days: dict[str, tuple[dict[str, str], str | None, int | None]] = {}
    changed = {}
    for d in running:
        if d.case_id not in applied_cases:
            continue
        if d.case_id not in days:
            case = get_case(db, d.case_id)
            parties = parties_of_case(db, case.id)
            applied = court_applications(db, case, parties)
            whole = applied.get(parties[0].id) if len(parties) == 1 else (
                max(applied.values()) if applied and not _pending(db, case) else None)
            days[d.case_id] = (applied, whole, engine.ordinal(case.decided_on))
        applied, whole, decided = days[d.case_id]
        day = applied.get(d.party_id) if d.party_id else whole
        if day:  # counted again as it was counted, without the events of a decision since made again
            changed[id(d)] = _recount(engine, d, engine.ordinal(day), d.rule.current(events.get(d.case_id, []),
                                                                                      decided))
    out = [changed.get(id(d), d) for d in deadlines]
    return [d for d in out if d.state in OPEN_STATES] if board else out
