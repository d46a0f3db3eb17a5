"""What the payment of a decided case (履行完毕, or one party's payment in a case with several parties) recorded
besides its day: the amount paid in fen, the surcharge (加处罚款) in it and the number of the payment voucher
(缴款凭证), kept as JSON on the event (``case_events.details``, m030). The amount is checked against what is owed:
the fine and the confiscated illegal gains of the decision in force on the day paid (a fine a reconsideration or
lawsuit lowered after that day below what was paid: the difference is refunded, ``refund_note``), plus — paid after the payment period T8 ended — the
surcharge of 3 % of the fine a day, at most the fine, the days a reconsideration or a lawsuit was pending not counted
(Penalty Law arts. 72, 73; REFERENCE §1.2 T8, T9; computed as ``law.surcharge`` computes it for the 催告书). A mismatch is
warned about, never refused: the voucher is what counts. The 结案审批表 prints the payment recorded
(``payment_context``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace

from workstation import read_once
from workstation.db import Database
from workstation.errors import join_sentences
from workstation.i18n import N_, _
from workstation.money import figures
from workstation.records import Case, ClockEvent


@dataclass(frozen=True)
class Payment:
    """The amount paid (fen, None when not given), the surcharge in it (fen) and the voucher's number."""

    paid_fen: int | None = None
    surcharge_fen: int = 0
    voucher: str = ""
    # recorded in full (``--in-full``): the officer's reason for the rest reduced or waived (行政强制法 art. 42), as
    # typed (``--reason``), "" without one; None when not recorded in full or recorded before it was kept here (the
    # reason is then only in the step's note, ``closing.waiver_reason``)
    waiver: str | None = None

    def to_json(self) -> str | None:
        """The event's details (None when nothing was given)."""
        if (self.paid_fen is None and not self.surcharge_fen and not self.voucher.strip()
                and self.waiver is None):
            return None
        values = {**asdict(self), "voucher": self.voucher.strip()}
        if self.waiver is None:
            del values["waiver"]
        return json.dumps(values, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> Payment | None:
        try:
            values = json.loads(text) if text else None
        except ValueError:
            return None
        if not isinstance(values, dict):
            return None
        paid = values.get("paid_fen")
        waiver = values.get("waiver")
        return cls(paid_fen=int(paid) if paid is not None else None,
                   surcharge_fen=int(values.get("surcharge_fen") or 0), voucher=str(values.get("voucher") or ""),
                   waiver=str(waiver) if waiver is not None else None)


@dataclass(frozen=True)
class Owed:
    """What a party owes under its decision, paid on a given day: fine and confiscated gains (fen), the last day
    of the payment period T8 (None when it cannot be computed), the days paid late that count and the surcharge they
    cost, and the days late that do not count (a reconsideration or a lawsuit pending, Penalty Law art. 73)."""

    fine_fen: int
    confiscated_fen: int
    due: str | None = None
    days_late: int = 0
    surcharge_fen: int = 0
    # why the party's own amounts are not known (``unknown_amounts``): the amounts above are then 0 and nothing is
    # prefilled or checked against them but a surcharge above ``ceiling_fen``, the case's fine for all its parties
    unknown: str = ""
    ceiling_fen: int = 0
    paused_days: int = 0
    # the surcharge counts from a last day of T8 counted through a year without holiday data (日历待核实): said so
    # (``case_law.unconfirmed_due_note``), "" otherwise
    unconfirmed: str = ""
    # whether the last day of T8 above was counted through a year without holiday data, whatever the surcharge (none
    # yet by that count: a 调休 working day may end T8 earlier): a surcharge stated is then not refused
    # (``_above_accrued``)
    due_unconfirmed: bool = False
    # a reconsideration or lawsuit that changed the fine after the day paid (``later_change``: its outcome), and
    # what the decision as changed asks for a payment that day, and the surcharge in it: the amounts above are those
    # in force that day
    changed_later: ClockEvent | None = None
    changed_total_fen: int | None = None
    changed_surcharge_fen: int = 0
    # a surcharge owed by the case's clocks on a day an issued 延期/分期缴纳罚款通知书 defers the payment to, its
    # deferral not recorded (``unrecorded_deferral``): what is said of it, "" otherwise
    deferral: str = ""
    # in a case with one party, what the payments of part recorded so far add up to (``paid_in_part``): the rest
    # is what is left to pay; ``parts`` whether a payment short of what is owed is recorded as one (``part_left``)
    paid_in_part_fen: int = 0
    parts: bool = False
    # what those payments of part paid of the surcharge (``surcharge_payments``): ``surcharge_fen`` is the surcharge
    # accrued in all, this included (at most the fine, Penalty Law art. 72), so the rest owes only the difference
    surcharge_paid_fen: int = 0
    # of it, what the payments of part made by the day paid (on it or before) paid: a payment recorded late, after
    # one made later, owed the surcharge accrued by its day less only these (``payment_refusal``)
    surcharge_paid_by_fen: int = 0
    # an instalment of the 分期缴纳罚款通知书 the payment period was deferred to the end of, missed by the day paid
    # (``missed_instalments``): what is said of it and what the timeline keeps with the payment, "" otherwise
    instalment: str = ""
    instalment_note: str = ""
    # the 分期缴纳罚款通知书 in force the payment period was deferred to the end of (``plan_in_force``) and its next
    # instalment on the day paid (``instalments_on``): a payment of part is checked against what is due by it
    # (``instalment_due``), None without one (or once every instalment's day has passed)
    plan: InstalmentPlan | None = None
    next_instalment: InstalmentDue | None = None
    # what was paid under a decision since revoked with a new one ordered (撤销并责令重新作出), which the decision in
    # force does not count (``annulled_payment_note``): what is said of it, "" otherwise
    annulled: str = ""
    # and its amount as shown ("the amount decided then" when a payment gave none)
    annulled_paid: str = ""
    # (fen the 3 % a day was counted on, days) of each stretch of the surcharge (``law.surcharge.Surcharge.bases``):
    # after a payment of part, what was still unpaid (``surcharge_base``), which the warnings name
    surcharge_bases: tuple[tuple[int, int], ...] = ()
    # the days that bore the surcharge and the days paused among them (``Surcharge.counted_days``): to the day the
    # payments of part paid the fine in full, when they did before the day paid (``days_late`` runs to that day), as
    # ``surcharge_bases`` count them — the days the warnings name; None: ``days_late`` and ``paused_days``
    counted_days: int | None = None
    counted_paused_days: int | None = None

    @property
    def total_fen(self) -> int:
        return self.fine_fen + self.confiscated_fen + self.surcharge_fen

    @property
    def nothing(self) -> bool:
        """Whether the decision imposed no money at all (a warning only, a confiscation of goods …): nothing to pay."""
        return not self.unknown and not self.fine_fen and not self.confiscated_fen


def _amounts(db: Database, case: Case, party_id: str | None) -> tuple[int, int]:
    """(fine, confiscated gains) of the party's decision in force (``party_id``; without it, the case's only one),
    else the case's: at most what the party owes (the case's amounts are those of all its parties)."""
    own = party_amounts(db, case, party_id)
    return own if own is not None else (case.fine_fen, case.confiscated_fen)


def party_amounts(db: Database, case: Case, party_id: str | None, on: str | None = None) -> tuple[int, int] | None:
    """(fine, confiscated gains) the party ``party_id`` owes under its own decision in force; without a party (a
    case with one party), those of the case's only decision, else the case's. None when they are not known: a party
    of a case with several parties that has no 行政处罚决定书 in force — the fine recorded on the case (a decision
    written outside the workstation) is the total of all its parties, no party's own. A fine the party's
    reconsideration or lawsuit changed (变更, with the amount recorded) is owed as changed — as changed by the day
    ``on`` when given (the decision in force that day)."""
    from workstation.penalty_terms import changed_fine

    amounts = decided_amounts(db, case, party_id)
    if amounts is None:
        return None
    changed = changed_fine(db, case, party_id, on)
    return (changed, amounts[1]) if changed is not None and amounts[0] else amounts


def decided_amounts(db: Database, case: Case, party_id: str | None) -> tuple[int, int] | None:
    """(fine, confiscated gains) as the decision in force of the party ``party_id`` imposed them
    (``party_amounts``), whatever a reconsideration or lawsuit changed since; None when not known."""
    from workstation.penalty_terms import decisions_in_force

    decisions = decisions_in_force(db, case)
    own = [d for d in decisions if d.party_id == party_id] if party_id else decisions[:1] if len(decisions) == 1 else []
    if own:
        return own[-1].terms.fine_fen or 0, own[-1].terms.confiscated_fen or 0
    if party_id and len(case.party_ids) > 1:
        return None
    return case.fine_fen, case.confiscated_fen


def unknown_amounts(db: Database, case: Case, party_id: str | None) -> str:
    """Why what the party ``party_id`` owes is not known (``party_amounts``), naming it and how to record its amount;
    "" when it is known."""
    if not party_id or party_amounts(db, case, party_id) is not None:
        return ""
    from workstation.store import get_party

    amounts = [_("a fine of {amount}").format(amount=figures(case.fine_fen))] if case.fine_fen else []
    if case.confiscated_fen:
        amounts.append(_("confiscated illegal gains of {amount}").format(amount=figures(case.confiscated_fen)))
    recorded = (_("The case records {amounts} for its {n} parties together, which is not what {party} owes.").format(
        amounts=_("; ").join(amounts), n=len(case.party_ids), party=get_party(db, party_id).name) if amounts else "")
    from workstation.errors import join_sentences

    return join_sentences(part for part in (
        _("{party} has no 行政处罚决定书 in force in the workstation, so the amount it owes is not known.").format(
            party=get_party(db, party_id).name),
        recorded,
        _("The amount paid is not checked: give the one on its payment voucher (缴款凭证). To record what the party "
          "owes, issue its own 行政处罚决定书 in the documents section (one per party)."))
        if part)


def payment_due(db: Database, case: Case, party_id: str | None = None) -> str | None:
    """The last day of the payment period T8 of the case (of the party ``party_id``), None when not computable.
    A party's is its own period, else the case's one period of a decision served on every party on one date —
    never another party's: a party whose decision was not served yet (the others' were) has none, and its 催告书
    counts from the 决定书送达日期 written on it (``demand_surcharge.demand_basis``)."""
    period = payment_period(db, case, party_id)
    return period.due if period is not None else None


def payment_period(db: Database, case: Case, party_id: str | None = None, deadlines=None):
    """The clock T8 whose last day ``payment_due`` gives (its ``confirmed`` false when counted through a year
    without holiday data), None when not computable. Paid in instalments, as the surcharge and the 催告书 count it:
    to the last instalment's day (``clocks.as_counted``; the clocks show the next instalment's). ``deadlines``: the
    case's ``clocks.case_clocks`` when already counted."""
    from workstation.clocks import as_counted, case_clocks

    periods = [d for d in (case_clocks(db, case) if deadlines is None else deadlines) if d.clock == "T8" and d.due]
    if party_id:
        periods = [d for d in periods if d.party_id == party_id] or [d for d in periods if not d.party_id]
    return as_counted(periods[0]) if periods else None


def owed(db: Database, case: Case, paid_on: str, party_id: str | None = None) -> Owed:
    """What is owed when paying on ``paid_on``, under the decision in force that day: the surcharge of the days after
    the payment period, less those a reconsideration or a lawsuit of the party (or of the whole case) was pending
    (Penalty Law art. 73 para. 3); a surcharge counted from a last day of that period in a year without holiday data
    says so (``unconfirmed``). A fine changed after that day is said beside it (``changed_later``)."""
    period = payment_period(db, case, party_id)
    owing = _owed(db, case, paid_on, party_id, party_amounts(db, case, party_id, paid_on), period)
    if owing.surcharge_fen and (notice := unrecorded_deferral(db, case, paid_on, party_id)) is not None:
        owing = replace(owing, deferral=_("The 延期/分期缴纳罚款通知书 {number} of {signed} defers the payment until "
                                          "{end}, but that deferral is not recorded among the case's deadlines, so "
                                          "the surcharge above is counted as if there were none: a payment by {end} "
                                          "owes no surcharge. Record the deferral (期限事项 “{event}”) first.").format(
            number=notice.number, signed=notice.signed_on, end=notice.ends_on, event=_deferral_label()))
    plan, upcoming, missed, roll = _instalments_of(db, case, period, paid_on, party_id)
    if plan is not None:  # paid in instalments: worked out once, for those missed and the next one still to pay
        if missed:  # its surcharge is not counted above
            said, kept = _missed_said(plan, missed, roll)
            owing = replace(owing, instalment=said, instalment_note=kept)
        if upcoming is not None and not owing.unknown:
            owing = replace(owing, plan=plan, next_instalment=upcoming)
    # a payment short of it is recorded as a part (``part_left``); a party of several: its own payments of part
    if not owing.unknown and (len(case.party_ids) <= 1 or party_id):
        who = None if len(case.party_ids) <= 1 else party_id
        paid = surcharge_payments(db, case, who)
        owing = replace(owing, parts=True, paid_in_part_fen=paid_in_part(db, case, who),
                        surcharge_paid_fen=surcharge_paid(paid), surcharge_paid_by_fen=surcharge_paid(paid, paid_on))
    annulled, annulled_paid = _annulled(db, case, party_id)
    if annulled:
        owing = replace(owing, annulled=annulled, annulled_paid=annulled_paid)
    later = later_change(db, case, paid_on, party_id)
    if later is None or owing.unknown:
        return owing
    changed = _owed(db, case, paid_on, party_id, party_amounts(db, case, party_id), period)
    return replace(owing, changed_later=later, changed_total_fen=changed.total_fen,
                   changed_surcharge_fen=changed.surcharge_fen)


def _owed(db: Database, case: Case, paid_on: str, party_id: str | None, amounts: tuple[int, int] | None,
          period) -> Owed:
    """What ``amounts`` (fine, confiscated gains; None: not known) ask when paid on ``paid_on``, with the payment
    period ``period`` (``payment_period``)."""
    from workstation.law.case_law import surcharge_terms, unconfirmed_due_note

    # a deferral approved after the period ran out keeps the surcharge accrued until its approval (``late_deferral``)
    due, paused = surcharge_terms(db, case, period, party_id) if period is not None and period.due else (None, [])
    late = (dt.date.fromisoformat(paid_on) - dt.date.fromisoformat(due)).days if due else 0
    late = max(late, 0)
    unsure = bool(due) and period is not None and not period.confirmed
    if amounts is None:  # a party of a case decided outside the workstation for all its parties together
        return Owed(0, 0, due, late, 0, unknown=unknown_amounts(db, case, party_id), ceiling_fen=case.fine_fen)
    fine, confiscated = amounts
    if not late or not fine:
        return Owed(fine, confiscated, due, late, 0, due_unconfirmed=unsure)
    from workstation.law.surcharge import surcharge as late_surcharge

    accrued = late_surcharge(fine, due, paid_on, paused, fine_payments(db, case, party_id))
    return Owed(fine, confiscated, due, accrued.days, accrued.amount_fen, paused_days=accrued.paused_days,
                unconfirmed="" if period.confirmed else unconfirmed_due_note(due), due_unconfirmed=unsure,
                surcharge_bases=accrued.bases, counted_days=accrued.counted_days,
                counted_paused_days=accrued.counted_paused_days)


def later_change(db: Database, case: Case, paid_on: str, party_id: str | None = None) -> ClockEvent | None:
    """The outcome of the party's (or the whole case's) reconsideration or lawsuit that changed the fine after
    ``paid_on`` (``clock_events.fine_changes``, the latest), None when none did."""
    from workstation.store.clock_events import fine_changes

    changes = fine_changes(db, case, party_id)
    return changes[-1] if changes and changes[-1].starts_on > paid_on else None


def mismatch(owing: Owed, payment: Payment) -> str | None:
    """The warning of ``amount_mismatch`` followed by that of an instalment missed by the day paid
    (``Owed.instalment``: its surcharge is not counted in what is owed), None when there is neither."""
    return join_sentences(part for part in (amount_mismatch(owing, payment), owing.instalment, owing.annulled)
                          if part) or None


def amount_mismatch(owing: Owed, payment: Payment) -> str | None:
    """The warning when the amount paid is not what is owed (None when it is); when a later change of the fine left
    less to pay than was paid, that the difference is to be refunded. No amount given (paid as decided): only a
    surcharge owed that day and not recorded, or recorded otherwise (``unstated_surcharge``)."""
    if owing.unknown:
        return None
    from workstation.law.case_law import unconfirmed_due_note

    said = _amount_mismatch(owing, payment)
    # a surcharge counted from a last day of T8 in a year without holiday data (日历待核实): said with it; so is a
    # surcharge stated before any is counted from such a day (taken, not refused: ``_above_accrued``)
    note = owing.unconfirmed if owing.surcharge_fen else (
        unconfirmed_due_note(owing.due) if owing.due_unconfirmed and payment.surcharge_fen else "")
    if said and note and (payment.paid_fen is None or not _refunded(owing, payment)):
        return join_sentences((said, note))
    return said


def _amount_mismatch(owing: Owed, payment: Payment) -> str | None:
    """``amount_mismatch`` without the calendar's note."""
    if payment.paid_fen is None:
        return unstated_surcharge(owing, payment)
    if _refunded(owing, payment):
        return refund_note(owing, payment)
    if owing.nothing:
        return None
    before = owing.paid_in_part_fen  # paid in part already: the rest is what is left to pay
    left = [total - before for total in (owing.total_fen, owing.changed_total_fen) if total is not None]
    if payment.paid_fen in left:
        # what the decision asked that day, or what it asks as changed since: its surcharge as owed — of a payment
        # of the rest, the surcharge still owed (accrued less what the parts before paid of it, ``surcharge_paid_fen``)
        parts = _parts_mismatch(owing, payment) if not before else _rest_surcharge_mismatch(owing, payment)
        checked = _("Check the payment voucher before recording it.") if parts else ""
        return join_sentences(part for part in (parts, checked, owing.deferral) if part) or None
    due = instalment_due(owing)
    if due is not None and payment.paid_fen < min(left):  # paid in instalments: a payment of part is expected
        # the surcharge stated is taken out of the amount: the rest counts towards the fine due by the instalment
        fine_due = _short_of_instalment(owing, payment)
        if fine_due is None:  # the next instalment, or more within what is left: as the notice allows
            surcharge = _rest_surcharge_mismatch(owing, payment) if payment.surcharge_fen else ""
            checked = _("Check the payment voucher before recording it.") if surcharge else ""
            return join_sentences(part for part in (surcharge, checked, owing.deferral) if part) or None
        return _instalment_short(owing, payment, fine_due)
    parts = [_("fine {amount}").format(amount=figures(owing.fine_fen))]
    if owing.confiscated_fen:
        parts.append(_("confiscated illegal gains {amount}").format(amount=figures(owing.confiscated_fen)))
    bases = unpaid_bases_text(owing)
    # the days counted, as the bases count them: to the day the payments of part paid the fine in full, if earlier
    days = owing.days_late if owing.counted_days is None else owing.counted_days
    held = owing.paused_days if owing.counted_paused_days is None else owing.counted_paused_days
    if owing.surcharge_fen and bases and held:  # counted on what a payment of part left unpaid: said
        parts.append(_("surcharge (加处罚款) {amount} for {days} days after the payment period ended on {due}, the "
                       "{paused} days a reconsideration or lawsuit was pending not counted, counted on the fine still "
                       "unpaid each day: {bases} (at most the fine; Penalty Law arts. 72, 73)").format(
            amount=figures(owing.surcharge_fen), days=days, due=owing.due, paused=held, bases=bases))
    elif owing.surcharge_fen and bases:
        parts.append(_("surcharge (加处罚款) {amount} for {days} days after the payment period ended on {due}, counted "
                       "on the fine still unpaid each day: {bases} (at most the fine; Penalty Law art. 72)").format(
            amount=figures(owing.surcharge_fen), days=days, due=owing.due, bases=bases))
    elif owing.surcharge_fen and held:
        parts.append(_("surcharge (加处罚款) {amount} for {days} days after the payment period ended on {due}, the "
                       "{paused} days a reconsideration or lawsuit was pending not counted (3 % of the fine a day, at "
                       "most the fine; Penalty Law arts. 72, 73)").format(
            amount=figures(owing.surcharge_fen), days=days, due=owing.due, paused=held))
    elif owing.surcharge_fen:
        parts.append(_("surcharge (加处罚款) {amount} for {days} days after the payment period ended on {due} (3 % of "
                       "the fine a day, at most the fine; Penalty Law art. 72)").format(
            amount=figures(owing.surcharge_fen), days=days, due=owing.due))
    said = _("The amount paid, {paid}, is not what is owed: {parts}, {total} in all. Check the payment voucher "
             "before recording it.").format(paid=figures(payment.paid_fen), parts=_("; ").join(parts),
                                            total=figures(owing.total_fen))
    earlier = _("{before} of it was paid before, in part, so {left} is left to pay.").format(
        before=figures(before), left=figures(max(owing.total_fen - before, 0))) if before else ""
    if before and owing.surcharge_paid_fen:  # of the surcharge: what was paid of it and what is still owed
        earlier = join_sentences((earlier, _("Of the surcharge, {paid} was paid before and {owed} is still owed.").format(
            paid=figures(owing.surcharge_paid_fen),
            owed=figures(max(owing.surcharge_fen - owing.surcharge_paid_fen, 0)))))
    over = before + payment.paid_fen - owing.total_fen
    if over > 0:  # more than is owed: said, the voucher to be checked and what was paid too much refunded
        earlier = join_sentences(part for part in (earlier, _(
            "That is {over} more than is owed: check the voucher; an amount paid too much is refunded to the "
            "party.").format(over=figures(over))) if part)
    # a surcharge given: its parts too (not for a payment of the rest)
    parts = _parts_mismatch(owing, payment) if payment.surcharge_fen and not before else ""
    paid = before + payment.paid_fen
    short = part_note(paid, owing.total_fen - paid) if owing.parts and paid < owing.total_fen else ""
    return join_sentences(part for part in (said, earlier, short, parts, owing.deferral) if part)


def unpaid_bases_text(owing: Owed) -> str:
    """The fine the surcharge of ``owing`` was counted on, stretch by stretch, when a payment of part lowered it
    (``Owed.surcharge_bases``, ``surcharge_base = "unpaid"``: UNCONFIRMED in the law data): "3 % a day of the
    ¥50,000.00 of the fine still unpaid for 8 days", joined; "" when it was counted on the whole fine throughout."""
    bases = [(fen, days) for fen, days in owing.surcharge_bases if days]
    if not bases or all(fen == owing.fine_fen for fen, _days in bases):
        return ""
    return _("; ").join(_("3 % a day of the {unpaid} of the fine still unpaid for {days} days").format(
        unpaid=figures(fen), days=days) for fen, days in bases)


def instalment_due(owing: Owed) -> tuple[int, int] | None:
    """Paid in instalments (``Owed.next_instalment``, a payment of part recorded as one: ``Owed.parts``), (what is
    left to pay by the next instalment on the day paid, the surcharge in it), in fen: what the instalments up to it
    add up to less what was paid of the fine by then, with the surcharge (加处罚款) still owed — accrued before a
    deferral approved after the payment period ran out, less what was paid of it —, at most what is left to pay in
    all; None without an instalment to come. A payment's surcharge is taken out of its amount: only the rest counts
    towards the instalment."""
    upcoming = owing.next_instalment
    if upcoming is None or owing.plan is None or not owing.parts or owing.unknown or owing.nothing:
        return None
    left = max(owing.total_fen - owing.paid_in_part_fen, 0)
    still = max(owing.surcharge_fen - owing.surcharge_paid_fen, 0)
    due = min(max(upcoming.due_fen - upcoming.paid_now_fen, 0) + still, left)
    return due, min(still, due)


def _fine_part(payment: Payment) -> int:
    """What ``payment`` paid of the fine: its amount less the surcharge stated in it."""
    return max((payment.paid_fen or 0) - payment.surcharge_fen, 0)


def instalment_text(owing: Owed) -> str:
    """What the payment dialog says of the amount it prefills paid in instalments (``instalment_due``): the next
    instalment, its day and what is due by it, and the last instalment's day; "" without an instalment to come."""
    found = instalment_due(owing)
    if found is None:
        return ""
    due, surcharge = found
    upcoming, plan = owing.next_instalment, owing.plan
    item = upcoming.instalment
    first = not upcoming.paid_now_fen and upcoming.due_fen == item.fen  # the first instalment, nothing paid yet
    if surcharge and first:  # the surcharge still owed is due with it, prefilled as the surcharge in the amount
        return _("Paid in instalments (分期缴纳罚款通知书 {number}): the amount prefilled, {due}, is instalment {n} of "
                 "{count}, {fine} due by {date}, with the surcharge (加处罚款) of {surcharge} still owed, prefilled as "
                 "the surcharge in it: only what the amount paid leaves once its surcharge is taken off counts "
                 "towards the instalment. The last instalment is due by {last}.").format(
            number=plan.number, due=figures(due), n=item.number, count=len(plan.instalments),
            fine=figures(due - surcharge), date=item.on, surcharge=figures(surcharge), last=plan.ends_on)
    if surcharge:
        return _("Paid in instalments (分期缴纳罚款通知书 {number}): the amount prefilled, {due}, is what is left to pay "
                 "by instalment {n} of {count}, due by {date} — the instalments up to it add up to {total}, {paid} "
                 "of it paid so far —, with the surcharge (加处罚款) of {surcharge} still owed, prefilled as the "
                 "surcharge in it: only what the amount paid leaves once its surcharge is taken off counts towards "
                 "the instalment. The last instalment is due by {last}.").format(
            number=plan.number, due=figures(due), n=item.number, count=len(plan.instalments), date=item.on,
            total=figures(upcoming.due_fen), paid=figures(upcoming.paid_now_fen), surcharge=figures(surcharge),
            last=plan.ends_on)
    if first:
        return _("Paid in instalments (分期缴纳罚款通知书 {number}): the amount prefilled, {due}, is instalment {n} of "
                 "{count}, due by {date}. The last instalment is due by {last}.").format(
            number=plan.number, due=figures(due), n=item.number, count=len(plan.instalments), date=item.on,
            last=plan.ends_on)
    return _("Paid in instalments (分期缴纳罚款通知书 {number}): the amount prefilled, {due}, is what is left to pay "
             "by instalment {n} of {count}, due by {date}: the instalments up to it add up to {total}, {paid} of it "
             "paid so far. The last instalment is due by {last}.").format(
        number=plan.number, due=figures(due), n=item.number, count=len(plan.instalments), date=item.on,
        total=figures(upcoming.due_fen), paid=figures(upcoming.paid_now_fen), last=plan.ends_on)


def _instalment_short(owing: Owed, payment: Payment, due: int) -> str:
    """What is said of a payment whose fine part (its amount less the surcharge stated) is short of the ``due`` left
    to pay of the fine by the next instalment (``instalment_due``): the instalment, its day and what is due by it,
    and that the payment is recorded as a payment of part — with the 催告书 and the court (``part_note``) only when
    an instalment was missed already (``Owed.instalment``)."""
    upcoming, plan = owing.next_instalment, owing.plan
    item = upcoming.instalment
    if payment.surcharge_fen:  # the amount may reach the instalment, but not once the surcharge is taken off
        said = _("Of the amount paid, {paid}, only {part} counts towards instalment {n} of the 分期缴纳罚款通知书 "
                 "{number} once the surcharge (加处罚款) stated, {surcharge}, is taken off: less than the {due} of the "
                 "fine due by {date}. Check the payment voucher before recording it.").format(
            paid=figures(payment.paid_fen), part=figures(_fine_part(payment)), n=item.number, number=plan.number,
            surcharge=figures(payment.surcharge_fen), due=figures(due), date=item.on)
    elif not upcoming.paid_now_fen and upcoming.due_fen == item.fen:  # the first instalment, nothing paid yet
        said = _("The amount paid, {paid}, is less than instalment {n} of the 分期缴纳罚款通知书 {number}: {due} due "
                 "by {date}. Check the payment voucher before recording it.").format(
            paid=figures(payment.paid_fen), n=item.number, number=plan.number, due=figures(due), date=item.on)
    else:
        said = _("The amount paid, {paid}, is less than is left to pay by instalment {n} of the 分期缴纳罚款通知书 "
                 "{number} ({amount} due by {date}): the instalments up to it add up to {total}, of which {before} was "
                 "paid before, so {due} is due by then. Check the payment voucher before recording it.").format(
            paid=figures(payment.paid_fen), n=item.number, number=plan.number, amount=figures(item.fen),
            date=item.on, total=figures(upcoming.due_fen), before=figures(upcoming.paid_now_fen), due=figures(due))
    paid = owing.paid_in_part_fen + payment.paid_fen
    rest = max(owing.total_fen - paid, 0)
    if owing.instalment:  # one missed already: unpaid, the rest is demanded and enforced
        short = part_note(paid, rest)
    else:
        short = _("{paid} paid in all leaves {rest} still owed: the payment is recorded as a payment of part and the "
                  "case stays served (已送达) while the party pays the rest by the instalments of the notice, the last "
                  "due by {last}.").format(paid=figures(paid), rest=figures(rest), last=plan.ends_on)
    surcharge = _rest_surcharge_mismatch(owing, payment) if payment.surcharge_fen else ""
    return join_sentences(part for part in (said, short, surcharge, owing.deferral) if part)


def _short_of_instalment(owing: Owed, payment: Payment) -> int | None:
    """What is left to pay of the fine by the next instalment (``instalment_due`` less the surcharge in it) when the
    fine part of ``payment`` (its amount less the surcharge stated) is less than it, None otherwise."""
    due = instalment_due(owing)
    if due is None or payment.paid_fen is None or _fine_part(payment) >= due[0] - due[1]:
        return None
    return due[0] - due[1]


def unstated_surcharge(owing: Owed, payment: Payment) -> str | None:
    """Of a payment given without its amount (paid as decided) after the payment period: that the surcharge
    (加处罚款) owed that day — what the payments of part before left of it — is not recorded when no surcharge is
    given, or that the one given is not it; None when nothing is owed of it (paid in time, nothing to pay, a fine
    changed since) or the one owed is given."""
    if owing.unknown or owing.nothing or owing.changed_later is not None or not owing.surcharge_fen:
        return None
    still = max(owing.surcharge_fen - owing.surcharge_paid_fen, 0)
    if payment.surcharge_fen == still:
        return None
    if payment.surcharge_fen:
        said = _("The surcharge (加处罚款) stated, {stated}, is not the {owed} owed for a payment on that day (the "
                 "payment period ended on {due}).").format(stated=figures(payment.surcharge_fen), owed=figures(still),
                                                           due=owing.due)
    elif bases := unpaid_bases_text(owing):  # counted on what a payment of part left unpaid: said
        said = _("Paid {days} days after the payment period ended on {due}: a surcharge (加处罚款) of {owed} is owed "
                 "with it (counted on the fine still unpaid each day: {bases}; at most the fine; Penalty Law art. 72), "
                 "but no amount paid nor surcharge is given, so the surcharge owed is not recorded. Give the amount on "
                 "the payment voucher (缴款凭证) and the surcharge in it.").format(
            days=owing.days_late, due=owing.due, owed=figures(still), bases=bases)
    else:
        said = _("Paid {days} days after the payment period ended on {due}: a surcharge (加处罚款) of {owed} is owed "
                 "with it (3 % of the fine a day, at most the fine; Penalty Law art. 72), but no amount paid nor "
                 "surcharge is given, so the surcharge owed is not recorded. Give the amount on the payment voucher "
                 "(缴款凭证) and the surcharge in it.").format(days=owing.days_late, due=owing.due, owed=figures(still))
    return join_sentences(part for part in (said, owing.deferral) if part)


def _rest_surcharge_mismatch(owing: Owed, payment: Payment) -> str:
    """Of a payment of the rest after payments of part, a surcharge (加处罚款) stated otherwise than the one still owed
    that day (accrued less what the parts before paid of it), "" when it is that (not judged without a payment
    period, nor after a later change of the fine). Its fine part is not judged: the rest's is what is left."""
    if payment.paid_fen is None or owing.unknown or owing.nothing or owing.changed_later is not None:
        return ""
    still = max(owing.surcharge_fen - owing.surcharge_paid_fen, 0)
    if owing.due is None or payment.surcharge_fen == still:
        return ""
    return _("The surcharge (加处罚款) stated, {stated}, is not the {owed} owed for a payment on that day (the payment "
             "period ended on {due}).").format(stated=figures(payment.surcharge_fen), owed=figures(still), due=owing.due)


def _parts_mismatch(owing: Owed, payment: Payment) -> str:
    """What is wrong with the parts of the payment, "" when nothing: a surcharge (加处罚款) stated otherwise than the
    one owed that day (not judged without a payment period, nor after a later change of the fine), and the fine part
    (the amount paid less its surcharge) short of the fine and confiscated illegal gains."""
    if payment.paid_fen is None or owing.unknown or owing.nothing or owing.changed_later is not None:
        return ""
    said = []
    if owing.due is not None and payment.surcharge_fen != owing.surcharge_fen:
        said.append(_("The surcharge (加处罚款) stated, {stated}, is not the {owed} owed for a payment on that day "
                      "(the payment period ended on {due}).").format(stated=figures(payment.surcharge_fen),
                                                                     owed=figures(owing.surcharge_fen), due=owing.due))
    part, decided = payment.paid_fen - payment.surcharge_fen, owing.fine_fen + owing.confiscated_fen
    if part < decided:
        said.append(_("Of the amount paid, {paid}, only {part} is left for the fine and confiscated illegal gains of "
                      "{decided} once the surcharge stated is taken off: {short} of them would be recorded "
                      "unpaid.").format(
            paid=figures(payment.paid_fen), part=figures(max(part, 0)), decided=figures(decided),
            short=figures(decided - max(part, 0))))
    return join_sentences(said)


def with_owed_surcharge(owing: Owed, payment: Payment | None) -> tuple[Payment | None, str]:
    """The payment given without a surcharge whose amount is what is owed with the surcharge (加处罚款) computed
    for its day: that surcharge recorded in it, with what says so; else the payment as given and "". After payments
    of part, a payment of what is left to pay records the surcharge still owed of it (accrued less what those paid
    of it); paid in instalments, a payment of what is due by the next one (``instalment_due``) the surcharge still
    owed in it. The caller asks it only when no surcharge was given (an empty field, no --surcharge)."""
    if (payment is None or payment.paid_fen is None or payment.surcharge_fen or owing.unknown or owing.deferral
            or not owing.surcharge_fen or owing.changed_later is not None):
        return payment, ""
    due = instalment_due(owing)
    if due is not None and due[1] and payment.paid_fen == due[0] != owing.total_fen - owing.paid_in_part_fen:
        # paid in instalments: what is due by the next one, the surcharge still owed included
        item = owing.next_instalment.instalment
        return replace(payment, surcharge_fen=due[1]), _(
            "No surcharge was given: the amount paid, {paid}, is what is left to pay by instalment {n} of the "
            "分期缴纳罚款通知书 {number} with the surcharge (加处罚款) of {surcharge} still owed, so {surcharge} is "
            "recorded as its surcharge.").format(paid=figures(payment.paid_fen), n=item.number,
                                                   number=owing.plan.number, surcharge=figures(due[1]))
    if owing.paid_in_part_fen:  # the rest: the fine left unpaid and the surcharge not yet paid
        # at most the amount paid: a surcharge is never above the payment that includes it
        left = min(owing.surcharge_fen - owing.surcharge_paid_fen, payment.paid_fen)
        if left <= 0 or payment.paid_fen != owing.total_fen - owing.paid_in_part_fen:
            return payment, ""
        return replace(payment, surcharge_fen=left), _(
            "No surcharge was given: the amount paid, {paid}, is what is left to pay after the payments of part, "
            "with the surcharge (加处罚款) still owed: {surcharge} of the {accrued} accrued by then ({paid_before} of it "
            "paid before), so {surcharge} is recorded as its surcharge.").format(
            paid=figures(payment.paid_fen), surcharge=figures(left), accrued=figures(owing.surcharge_fen),
            paid_before=figures(owing.surcharge_paid_fen))
    if payment.paid_fen != owing.total_fen:
        return payment, ""
    return replace(payment, surcharge_fen=owing.surcharge_fen), _(
        "No surcharge was given: the amount paid, {paid}, is what is owed with the surcharge (加处罚款) of "
        "{surcharge} for {days} days after the payment period ended on {due}, so {surcharge} is recorded as its "
        "surcharge.").format(paid=figures(payment.paid_fen), surcharge=figures(owing.surcharge_fen),
                             days=owing.days_late, due=owing.due)


@dataclass(frozen=True)
class DeferralNotice:
    """An issued 延期/分期缴纳罚款通知书: its 文号, its date and the last day it defers the payment to."""

    number: str
    signed_on: str
    ends_on: str


def unrecorded_deferral(db: Database, case: Case, on: str, party_id: str | None = None) -> DeferralNotice | None:
    """The 延期/分期缴纳罚款通知书 in force (issued, neither voided nor replaced by a correction) of the party
    ``party_id`` (None: any of the case's) whose period — from its date to its 延期至 or its last instalment's day —
    holds the day ``on``, while the case records no deferral among its deadlines (the clock event “deferral”, which
    moves the payment period and the surcharge, ``clocks.deferred_by``); None otherwise."""
    from workstation.documents.stage_rules import DEFERRAL_DATES
    from workstation.store.clock_events import clock_events_of

    if any(event.kind == "deferral" and (not party_id or not event.party_id or event.party_id == party_id)
           for event in clock_events_of(db, case.id)):
        return None
    for number, title, values in _deferral_notices(db, case):
        if party_id and values.get("party_id") and values.get("party_id") != party_id:
            continue
        signed = str(values.get("signed_on") or "")[:10]
        ends = max((str(values.get(name) or "")[:10] for name in DEFERRAL_DATES), default="")
        if signed and ends and signed <= on[:10] <= ends:
            return DeferralNotice(number or title, signed, ends)
    return None


def deferral_notice_party(db: Database, case: Case) -> str | None:
    """The party the latest 延期/分期缴纳罚款通知书 in force of a case with several parties was written for (issued,
    neither voided nor replaced by a correction): the party a deferral recorded is granted to unless the officer
    names another (``clock_events.GRANTED_TO_PARTY``); None without one, or in a case with one party."""
    if len(case.party_ids) < 2:
        return None
    for _number, _title, values in _deferral_notices(db, case, newest_first=True):
        party = values.get("party_id") if isinstance(values, dict) else None
        if party in case.party_ids:
            return party
    return None


def _deferral_notices(db: Database, case: Case, newest_first: bool = False) -> Iterator[tuple[str, str, object]]:
    """(文号, title, values) of each 延期/分期缴纳罚款通知书 in force of the case (issued, neither voided nor replaced
    by a correction), oldest first (newest first with ``newest_first``); one whose values cannot be read is left
    out."""
    order = "DESC" if newest_first else ""
    rows = db.execute("SELECT d.number, d.title, d.values_json FROM documents d WHERE d.case_id = ? AND d.form_id = "
                      "'payment_deferral_notice' AND d.status = 'issued' AND NOT EXISTS (SELECT 1 FROM documents n "
                      f"WHERE n.supersedes_id = d.id AND n.status = 'issued') ORDER BY d.issued_at {order}, "
                      f"d.rowid {order}", [case.id]).fetchall()
    for number, title, values_json in rows:
        try:
            values = json.loads(values_json or "{}")
        except ValueError:
            continue
        yield number, title, values


def _deferral_label() -> str:
    from workstation.vocabulary import shown_label

    return shown_label("clock_events", "deferral")


@dataclass(frozen=True)
class Instalment:
    """One instalment of a 分期缴纳罚款通知书: its place on the notice (第一期 = 1), the day it is to be paid by (ISO,
    as the notice gives it) and its amount (fen)."""

    number: int
    on: str
    fen: int


@dataclass(frozen=True)
class InstalmentPlan:
    """The instalments an issued 分期缴纳罚款通知书 in force set the party — those its stored values give a day and
    an amount, in the order they fall due —, its 文号 (else its title), its date, the last day it defers the payment
    to (its latest instalment day, as the deferral it records ends: ``event_until``) and what it told the party
    missing them brings (its 逾期缴纳的后果 as issued)."""

    number: str
    signed_on: str
    instalments: tuple[Instalment, ...]
    ends_on: str
    consequence: str = ""


@dataclass(frozen=True)
class InstalmentDue:
    """An instalment as it stands on a day: the instalment, its last day as the party may pay it (moved off a rest
    day, as T8's last day is), what the instalments up to it add up to (fen), what was paid of the fine by its last
    day (by the day looked at, for one still to come) and by the day looked at."""

    instalment: Instalment
    last_day: str
    due_fen: int
    paid_fen: int
    paid_now_fen: int

    @property
    def unpaid_fen(self) -> int:
        return max(self.due_fen - self.paid_fen, 0)


def _stored_fen(value) -> int:
    """An amount a document stored (fen, an integer; as text of one too), 0 when it holds none."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return max(value, 0)
    try:
        return max(int(str(value).strip()), 0) if value is not None else 0
    except ValueError:
        return 0


def instalment_plan(db: Database, case: Case, party_id: str | None = None,
                    ends_on: str | None = None) -> InstalmentPlan | None:
    """The instalments of the latest 分期缴纳罚款通知书 in force (issued, neither voided nor replaced by a correction)
    of the party ``party_id`` (a notice naming no party is the case's; None: any), as its stored values hold them:
    each 第N期 with both a day and an amount; None without one (a 延期缴纳罚款通知书 defers the whole fine to one day).
    ``ends_on``: only a notice whose last day (``InstalmentPlan.ends_on``) is that day — the deferral recorded from it,
    which moved the time to pay (T8) to its end."""
    from workstation.documents.stage_rules import DEFERRAL_DATES, INSTALMENTS

    for number, title, values in _deferral_notices(db, case, newest_first=True):
        if not isinstance(values, dict) or not values.get("by_instalments"):
            continue
        if party_id and values.get("party_id") and values.get("party_id") != party_id:
            continue
        items = []
        for place, (amount, on) in enumerate(INSTALMENTS, start=1):
            day, fen = str(values.get(on) or "")[:10], _stored_fen(values.get(amount))
            try:
                dt.date.fromisoformat(day)
            except ValueError:  # none written (printed blank for a hand-written date), or not a date
                continue
            if fen:
                items.append(Instalment(place, day, fen))
        ends = max((str(values.get(name) or "")[:10] for name in DEFERRAL_DATES), default="")
        if not items or (ends_on is not None and ends != ends_on[:10]):
            continue
        return InstalmentPlan(number or title, str(values.get("signed_on") or "")[:10],
                              tuple(sorted(items, key=lambda item: (item.on, item.number))), ends,
                              str(values.get("consequence") or "").strip())
    return None


def instalments_on(plan: InstalmentPlan, payments, on: str,
                   roll) -> tuple[InstalmentDue | None, tuple[InstalmentDue, ...]]:
    """(the next instalment to pay on the day ``on`` — the first whose last day is ``on`` or later that the payments
    made by ``on`` leave short of what the instalments up to it add up to —, the instalments missed by then: those
    whose last day is before ``on`` with less paid by that day than the instalments up to them add up to). The amount
    due by an instalment's day is the sum of the instalments up to it; ``payments``: (day, fen) paid of the fine
    (``fine_payments``); ``roll``: an ISO day moved off a rest day, as the party's last day to pay moves (T8)."""
    def paid(by: str) -> int:
        return sum(int(fen) for day, fen in payments if str(day)[:10] <= by)

    upcoming, missed, due = None, [], 0
    for item in plan.instalments:
        due += item.fen
        last = roll(item.on)
        if last < on:
            if paid(last) < due:
                missed.append(InstalmentDue(item, last, due, paid(last), paid(on)))
        elif upcoming is None and paid(on) < due:
            upcoming = InstalmentDue(item, last, due, paid(on), paid(on))
    return upcoming, tuple(missed)


def party_roll(db: Database):
    """A function moving an ISO day off a rest day to the next working day, as a party's last day to pay moves
    (T8, on the calendar of the database's data folder)."""
    from workstation.clocks import engine_for

    return roll_for(engine_for(db).cal)


def roll_for(calendar):
    """A function moving an ISO day off a rest day of ``calendar`` (a ``clocks`` engine's) to the next working day,
    as a party's last day to pay moves (T8)."""
    def roll(day: str) -> str:
        return dt.date.fromordinal(calendar.roll_forward_ord(dt.date.fromisoformat(day[:10]).toordinal())).isoformat()

    return roll


def deferral_of(detail):
    """The deferral that the detail of the payment period (T8, a ``clocks.Deadline``'s) names, T8 deferred to the
    last instalment's day of a 分期缴纳罚款通知书 (its ``end`` that day's ordinal); None when it names none."""
    return next((item[2] for item in detail or () if item[0] == "deferred"), None)


def missed_instalments_text(plan: InstalmentPlan, missed: tuple[InstalmentDue, ...], last: str) -> str:
    """What is said of the instalments ``missed`` of ``plan`` (``instalments_on``), the last instalment falling due
    on ``last``: each one's day, what was due and paid by then and what is still unpaid of it, what the notice told
    the party, and that the workstation counts the time to pay (T8), the surcharge and the 催告书 only from ``last``
    (the surcharge of a missed instalment is to be worked out by hand)."""
    said = []
    for item in missed:
        said.append(_("Instalment {n} of the 分期缴纳罚款通知书 {number}, due by {date}, was not paid in full: of the "
                      "{due} due by that day, {paid} had been paid, so {unpaid} was unpaid.").format(
            n=item.instalment.number, number=plan.number, date=item.instalment.on, due=figures(item.due_fen),
            paid=figures(item.paid_fen), unpaid=figures(item.unpaid_fen)))
        left = max(item.due_fen - item.paid_now_fen, 0)
        said.append(_("{left} of it is still unpaid.").format(left=figures(left)) if left
                    else _("It has been paid since."))
    if plan.consequence:
        said.append(_("The notice told the party: “{consequence}”").format(consequence=plan.consequence))
    else:
        said.append(_("The notice told the party that missing the time limits it sets brings a surcharge (加处罚款) "
                      "of 3 % of the fine a day and an application to the people's court for enforcement (行政处罚法 "
                      "art. 72)."))
    said.append(_("The workstation does not count the surcharge of a missed instalment yet: it counts the time to pay "
                  "(T8), the surcharge (加处罚款) and the 催告书 only from the last instalment's day, {last}, so the "
                  "surcharge it shows or fills in leaves out the days before then, and a 催告书 is refused until then. "
                  "Work out what the missed instalment owes by hand (3 % a day of the amount unpaid, from the day after "
                  "its day) and check those amounts before demanding or recording them.").format(last=last))
    return join_sentences(said)


def plan_in_force(db: Database, case: Case, period, party_id: str | None = None) -> InstalmentPlan | None:
    """The 分期缴纳罚款通知书 (``instalment_plan``, of ``party_id`` or the party of ``period``, else the case's) the
    payment period ``period`` (T8, a ``clocks.Deadline``) was deferred to the last instalment's day of — the deferral
    recorded from it; None when T8 was not so deferred."""
    deferral = deferral_of(getattr(period, "detail", ()))
    if deferral is None or deferral.end is None:
        return None
    party = party_id or getattr(period, "party_id", None)
    return instalment_plan(db, case, party, dt.date.fromordinal(deferral.end).isoformat())


def missed_instalments(db: Database, case: Case, period, on: str,
                       party_id: str | None = None) -> tuple[str, str]:
    """(what ``missed_instalments_text`` says of the instalments missed by the day ``on`` of the 分期缴纳罚款通知书
    the payment period ``period`` (T8, a ``clocks.Deadline``; of ``party_id`` or the case) was deferred to the end of
    (``instalment_plan``), what the timeline keeps of a payment recorded after it); ("", "") when none was missed, or
    when T8 was not deferred to a notice's last instalment."""
    plan, _upcoming, missed, roll = _instalments_of(db, case, period, on, party_id)
    return _missed_said(plan, missed, roll) if missed else ("", "")


def _instalments_of(db: Database, case: Case, period, on: str, party_id: str | None = None):
    """(the 分期缴纳罚款通知书 in force the payment period ``period`` was deferred to the end of (``plan_in_force``),
    the next instalment to pay on the day ``on``, the instalments missed by then (``instalments_on``), the day roll
    they were counted with (``party_roll``)); (None, None, (), None) without such a notice."""
    plan = plan_in_force(db, case, period, party_id)
    if plan is None:
        return None, None, (), None
    party = party_id or getattr(period, "party_id", None)
    roll = party_roll(db)
    upcoming, missed = instalments_on(plan, fine_payments(db, case, party), on[:10], roll)
    return plan, upcoming, missed, roll


def _missed_said(plan: InstalmentPlan, missed: tuple[InstalmentDue, ...], roll) -> tuple[str, str]:
    """``missed_instalments``' pair for the instalments ``missed`` of ``plan`` (``instalments_on``, with ``roll``)."""
    return missed_instalments_text(plan, missed, roll(plan.ends_on)), _(_MISSED_NOTE).format(
        n=missed[0].instalment.number, number=plan.number, date=missed[0].instalment.on)


def refund_note(owing: Owed, payment: Payment) -> str:
    """What is said of a payment above what the decision asks as a reconsideration or lawsuit changed it after the
    day paid (``owing.changed_later``): the difference is refunded to the party."""
    change = owing.changed_later
    return _("The fine was changed to {fine} on {date} ({number}), after this payment: {paid} paid is {refund} more "
             "than the decision as changed asks ({owed} in all). The difference, {refund}, is to be refunded (退还) "
             "to the party.").format(fine=figures(0 if change.no_fine else change.days), date=change.starts_on,
                                     number=change.approved_by, paid=figures(payment.paid_fen),
                                     refund=figures(payment.paid_fen - owing.changed_total_fen),
                                     owed=figures(owing.changed_total_fen))


@dataclass(frozen=True)
class Balance:
    """What a party owes under its decision in force set against all it paid (``balance``), in fen: what the
    decision as it now stands asks on the day of the latest payment (fine and confiscated illegal gains — as a
    reconsideration or lawsuit changed them, after that day too — and the surcharge accrued by then), what every
    payment recorded under it added up to (payments of part and in full, surcharge included), that day, whether a
    payment was recorded in full (履行完毕, or a party's payment not of part: the rest waived, 行政强制法 art. 42), and
    whether it was recorded without an amount (paid as decided: nothing left, nothing over). ``surcharge_fen``: the
    加处罚款 accrued by that day in ``owed_fen`` (行政强制法 art. 45, 行政处罚法 art. 72(1): 3 % of the fine a day, at
    most the fine), on the fine as the decision now stands — also for a payment recorded without an amount, whose
    ``owed_fen`` is 0 (the 结案审批表's 已加处罚款, ``party_rows.closing_surcharge``)."""

    owed_fen: int
    paid_fen: int
    paid_on: str
    in_full: bool = False
    unstated: bool = False
    surcharge_fen: int = 0

    @property
    def left_fen(self) -> int:
        """What is still owed (0 when paid as decided, or paid all)."""
        return 0 if self.unstated else max(self.owed_fen - self.paid_fen, 0)

    @property
    def over_fen(self) -> int:
        """What was paid above what is owed: to be refunded to the party (退还)."""
        return 0 if self.unstated else max(self.paid_fen - self.owed_fen, 0)

    @property
    def settled(self) -> bool:
        """Whether the party has paid: a payment recorded in full, or its payments reach what it owes."""
        return self.in_full or self.unstated or self.owed_fen <= self.paid_fen


#: the accounts made within ``balance_read_once`` in this thread, by case and party (``read_once.held``)
_READ_ONCE = read_once.kept("balance_read_once")


@contextmanager
def balance_read_once() -> Iterator[None]:
    """Within it, ``balance`` of a case (of a party) is worked out once, and the case's clocks counted once
    (``clocks.clocks_read_once``): a case context asks for it twice (the 结案审批表's surcharge,
    ``party_rows.closing_surcharge``; the unpaid amount, ``fine_unpaid``), each counting every clock of the case.
    Worked out again after any change made on the connection meanwhile, or rolled back (``read_once.held``), on
    another day, or for a case given otherwise; forgotten when it ends; nested, the outermost one holds. Per thread
    (``read_once.scope``). Also a decorator."""
    from workstation.clocks import clocks_read_once

    with read_once.scope(_READ_ONCE), clocks_read_once():
        yield


def balance(db: Database, case: Case, party_id: str | None = None) -> Balance | None:
    """``_balance``; within ``balance_read_once`` worked out once (``Balance`` is frozen)."""
    if not read_once.active(_READ_ONCE):
        return _balance(db, case, party_id)
    from workstation import clocks

    return read_once.held(_READ_ONCE, db, (case.id, party_id), lambda: _balance(db, case, party_id),
                          (clocks.today(), case))


def _balance(db: Database, case: Case, party_id: str | None = None) -> Balance | None:
    """The one account of what a party owes less what it paid (``Balance``) — of the party ``party_id`` of a case
    with several parties (its own payments), else of the case with one party (its payments of part and its 履行完毕
    added up, ``recorded_payment``). A payment of part stays one only while the decision asks more: once a
    reconsideration or lawsuit lowered the fine to what was paid or less, the party has paid (``settled``) and what
    it paid above is refunded (``over_fen``). None without a payment recorded (with its day), and when what the party
    owes is not known (``unknown_amounts``). ``enforcement.unpaid_parties``, ``party_decisions.party_payments`` (a
    party's ``paid_on``) and ``still_owed`` read it."""
    several = len(case.party_ids) > 1
    who = party_id if several else None
    found = recorded_payment(db, case, who)
    if found is None or not found[0]:
        return None
    on_date, payment = found
    in_full = _paid_in_full(db, case, who)
    owing = owed(db, case, on_date, who)  # once: the surcharge below is on the same fine as the total
    surcharge = 0 if owing.unknown else owing.surcharge_fen if owing.changed_later is None \
        else owing.changed_surcharge_fen
    if payment.paid_fen is None:  # recorded without an amount: paid as decided
        return Balance(0, 0, on_date, in_full, unstated=True, surcharge_fen=surcharge)
    if owing.unknown:
        return None
    total = owing.total_fen if owing.changed_later is None else owing.changed_total_fen
    return Balance(total, payment.paid_fen, on_date, in_full, surcharge_fen=surcharge)


def _paid_in_full(db: Database, case: Case, party_id: str | None) -> bool:
    """Whether a payment in full is recorded under the decision in force: the party's own payment not of part
    (``as_part``), else the case's 履行完毕."""
    from workstation.party_decisions import PAID

    in_force, since = under_decision_in_force(decision_day(db, case, party_id))
    if party_id:
        rows = db.execute("SELECT details FROM case_events WHERE case_id = ? AND kind = ? AND party_id = ? AND "
                          f"{in_force}", [case.id, PAID, party_id, *since]).fetchall()
        return any(not is_part(details) for (details,) in rows)
    return db.execute("SELECT 1 FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = "
                      f"'performed' AND {in_force} LIMIT 1", [case.id, *since]).fetchone() is not None


def paid_under_revoked_text(db: Database, case: Case, party_id: str | None = None) -> tuple[str, int | None] | None:
    """(what is said, the amount or None when a payment gave none) of the payments recorded (of the party ``party_id``
    in a case with several; else of the case) under a decision since revoked with a new one ordered (撤销并责令重新作出),
    the new one made (``closing.paid_under_revoked``): who paid what, the order that revoked it, and
    that the money is refunded (退还) to the party or, with its agreement, offset (抵缴) against what the new decision
    asks — which the workstation's legal reference does not settle. The closing warning
    (``closing.redone_refund_warnings``) says it as it is, ``annulled_payment_note`` with what runs meanwhile. None
    when there are none. The days paid are not said: the new decision's clocks show this, and a day there reads as
    the day its time to pay was met (the closing warning adds them)."""
    from workstation.closing import _payers, paid_under_revoked

    party_id = next(_payers(case, [party_id]))
    found = paid_under_revoked(db, case, party_id)
    return None if found is None else revoked_paid_text(db, case, party_id, found)


def revoked_paid_text(db: Database, case: Case, party_id: str | None, found: tuple) -> tuple[str, int | None]:
    """``paid_under_revoked_text`` of what ``closing.paid_under_revoked`` has found (``found``) for the party
    ``party_id`` (None: the case's)."""
    from workstation.store import get_party

    order, paid = found[0], found[2]
    who = get_party(db, party_id).name if len(case.party_ids) > 1 and party_id else _("The party")
    return _("{party} paid {paid} under the decision revoked on {date} by {number} with a new one ordered: "
             "the decision in force does not count it. That money is to be refunded (退还) to the party or, with the "
             "party's agreement, offset (抵缴) against what the new decision asks, as the finance rules allow (the "
             "workstation's legal reference does not say which: check with the finance office); record the refund or "
             "the offset, with its voucher, in the case file.").format(
        party=who, paid=figures(paid) if paid is not None else _("the amount decided then"),
        date=order.starts_on,
        number=(order.approved_by or "").strip() or "—"), paid


def revoked_paid_said(db: Database, case: Case, party_id: str | None, found: tuple) -> str:
    """``revoked_paid_text`` of ``found`` (``closing.paid_under_revoked``) with the days it was paid: what the case
    page's payments and the closing warning (``closing.redone_refund_warnings``) say of it."""
    days = "、".join(day[:10] for day in found[1])
    return join_sentences((revoked_paid_text(db, case, party_id, found)[0],
                           _("It was paid on {days}.").format(days=days)))


def _annulled(db: Database, case: Case, party_id: str | None) -> tuple[str, str]:
    """(``annulled_payment_note``, the amount it tells of as shown: "" when there is none)."""
    from workstation.closing import _payers

    found = [said for pid in _payers(case, [party_id] if party_id else None)
             if (said := paid_under_revoked_text(db, case, pid)) is not None]
    if not found:
        return "", ""
    note = join_sentences((*(said for said, _paid in found), _(
        "Until then the new decision's time to pay, the 催告书 and the court enforcement run as if nothing was paid: "
        "record the refund or the offset before demanding or enforcing the new decision.")))
    amounts = [paid for _said, paid in found]
    shown = _("the amount decided then") if None in amounts else figures(sum(amounts))
    return note, shown


def annulled_payment_note(db: Database, case: Case, party_id: str | None = None) -> str:
    """What is said of the payments recorded (of the party ``party_id`` in a case with several; without it, of each
    party) under a decision since revoked with a new one ordered (``paid_under_revoked_text``), and that the
    decision in force does not count them — its time to pay (T8), the 催告书 and the court enforcement (T16) run as if
    nothing was paid until they are refunded or offset; "" when there are none. Read by the payment step
    (``Owed.annulled``), the clocks (``clocks.paid_periods``) and the court application (``enforcement``)."""
    return _annulled(db, case, party_id)[0]


def overpaid_note(db: Database, case: Case, party_id: str | None = None) -> str:
    """What is said when the payments recorded (of the party ``party_id`` of a case with several) are above what the
    decision as it now stands asks (``balance``: a fine lowered by a reconsideration or lawsuit after it was paid):
    that the party has paid, and the difference to refund; "" otherwise."""
    found = balance(db, case, party_id)
    if found is None or not found.over_fen:
        return ""
    from workstation.store import get_party

    who = get_party(db, party_id).name if party_id and len(case.party_ids) > 1 else _("The party")
    return _("{party} paid {paid} in all, {over} more than the {owed} the decision as it now stands asks: it has "
             "paid what it owes, so nothing is demanded (催告书) or enforced, and {over} is to be refunded (退还) to "
             "it.").format(party=who, paid=figures(found.paid_fen), over=figures(found.over_fen),
                           owed=figures(found.owed_fen))


def overpaid_notes(db: Database, case: Case, party_id: str | None = None) -> str:
    """``overpaid_note`` of the party ``party_id``, else of each party of the case, joined; "" when none paid too
    much."""
    if party_id or len(case.party_ids) < 2:
        return overpaid_note(db, case, party_id)
    return join_sentences(note for pid in case.party_ids if (note := overpaid_note(db, case, pid)))


def still_owed(db: Database, case: Case, party_id: str | None = None) -> tuple[str, int, int] | None:
    """(the day paid, the amount paid, what is still owed) when the payments recorded in the case (of the party
    ``party_id``) add up to less than what was owed on the day of the latest under the decision as it now stands
    (the fine as a later reconsideration or lawsuit changed it), all in fen; None otherwise (``balance``; a payment
    in full short of it is said too)."""
    found = balance(db, case, party_id)
    if found is None or not found.left_fen:
        return None
    return found.paid_on, found.paid_fen, found.left_fen


def paid_in_part(db: Database, case: Case, party_id: str | None = None) -> int:
    """What the payments of part of what was owed add up to (fen) in a case with one party: each recorded as a
    payment of the case (``PAID`` without a party) under the decision in force, the case staying 已送达
    (``part_left``); with ``party_id`` in a case with several parties, that party's own payments of part."""
    from workstation.party_decisions import PAID

    if party_id and len(case.party_ids) > 1:
        return sum(payment.paid_fen or 0 for _day, payment in _party_parts(db, case, party_id))
    in_force, since = under_decision_in_force(case.decided_on or "")
    rows = db.execute("SELECT details FROM case_events WHERE case_id = ? AND kind = ? AND party_id IS NULL AND "
                      f"{in_force}", [case.id, PAID, *since]).fetchall()
    return sum((Payment.from_json(details) or Payment()).paid_fen or 0 for (details,) in rows)


def _part_payments(db: Database, case: Case, party_id: str | None = None) -> list[tuple[str, Payment]]:
    """(day, payment) of each payment of part of a case with one party (``paid_in_part``), in the order paid; in a
    case with several parties, those of the party ``party_id`` (its own payments of part, ``as_part``), none without
    a party. Each on the day it records, else the day it was recorded (``clocks.STEP_DAY``)."""
    from workstation.party_decisions import PAID

    if len(case.party_ids) > 1:
        if not party_id:
            return []
        return [(day[:10], payment) for day, payment in _party_parts(db, case, party_id) if day]
    if party_id and case.party_ids and party_id != case.party_ids[0]:
        return []
    from workstation.clocks import STEP_DAY

    in_force, since = under_decision_in_force(case.decided_on or "")
    rows = db.execute(f"SELECT {STEP_DAY}, details FROM case_events WHERE case_id = ? AND kind = ? AND party_id IS "
                      f"NULL AND {in_force} ORDER BY 1", [case.id, PAID, *since]).fetchall()
    return [(on_date[:10], Payment.from_json(details) or Payment()) for on_date, details in rows if on_date]


def fine_payments(db: Database, case: Case, party_id: str | None = None) -> list[tuple[str, int]]:
    """(day, fen) the payments of part of a case with one party (``paid_in_part``) paid of its fine: each amount
    less its surcharge (``_split_parts``). What ``law.surcharge`` lowers the fine the surcharge is counted on by from
    the day after each (``surcharge_base`` of ``resources/law/thresholds.toml``). In a case with several parties,
    those of the party ``party_id`` (its own payments of part, ``as_part``; its payment in full stops the
    surcharge); empty without a party."""
    return [(day, fine) for day, fine, _surcharge in _split_parts(db, case, party_id) if fine]


def surcharge_payments(db: Database, case: Case, party_id: str | None = None) -> list[tuple[str, int]]:
    """(day, fen) the payments of part (as ``fine_payments`` finds them) paid of the surcharge (加处罚款)
    (``_split_parts``). ``law.surcharge`` gives the surcharge accrued in all, what was paid of it included: what is
    still owed of it is that less these (``surcharge_paid``)."""
    return [(day, surcharge) for day, _fine, surcharge in _split_parts(db, case, party_id) if surcharge]


def _split_parts(db: Database, case: Case, party_id: str | None = None) -> list[tuple[str, int, int]]:
    """(day, paid of the fine and confiscated gains, paid of the surcharge) of each payment of part
    (``_part_payments``), in the order paid, in fen. Its surcharge is the one stated in it (at most its amount), and
    whatever of the rest is above the fine and confiscated illegal gains the parts before it left unpaid under the
    decision in force that day: a payment of part is short of what was owed with the surcharge, so what it paid
    above the fine went to the surcharge (the amount stated without --surcharge is not all the fine's)."""
    who = party_id if len(case.party_ids) > 1 else None
    out, before = [], 0
    for day, payment in _part_payments(db, case, party_id):
        amount = payment.paid_fen if payment.paid_fen is not None else payment.surcharge_fen
        stated = min(payment.surcharge_fen, amount)
        rest = max(amount - stated, 0)
        amounts = party_amounts(db, case, who, day)
        above = max(rest - max(sum(amounts) - before, 0), 0) if amounts is not None else 0
        out.append((day, rest - above, stated + above))
        before += rest - above
    return out


def surcharge_paid(payments, on: str | None = None) -> int:
    """What the payments of the surcharge ``payments`` ((day, fen), ``surcharge_payments``) add up to (fen), those
    made on or before the day ``on`` (ISO) only when it is given."""
    return sum(int(fen) for day, fen in payments if on is None or str(day)[:10] <= on[:10])


def part_left(db: Database, case: Case, on_date: str, payment: Payment | None,
              party_id: str | None = None) -> tuple[int, int] | None:
    """(what is paid in all, what is still owed), in fen, when ``payment`` made on ``on_date`` in a case with one
    party (or by the party ``party_id`` of a case with several, under its own decision), with the parts paid before
    it (``paid_in_part``), pays less than is owed that day under the decision as it now stands (surcharge included; a
    deferral or instalments approved do not lower what is owed); None when it pays all (or more), gives no amount,
    or what is owed is not known. Such a payment is recorded as a payment of part, not as the decision performed (nor
    as the party's payment in full): the rest is still to be paid, demanded (T15) or enforced (T16)."""
    if payment is None or payment.paid_fen is None:
        return None
    owing = owed(db, case, on_date, party_id)
    total = owing.total_fen if owing.changed_later is None else owing.changed_total_fen
    if owing.unknown or owing.nothing or total is None:
        return None
    paid = paid_in_part(db, case, party_id) + payment.paid_fen
    return (paid, total - paid) if paid < total else None


def part_note(paid: int, rest: int) -> str:
    """What is said of a payment of part (``part_left``): how much is still owed, and that it is recorded as a
    payment, the case staying served."""
    return _("{paid} paid in all leaves {rest} still owed: the payment is recorded as a payment of part of what is "
             "owed and the case stays served (已送达), not performed (已履行), until the rest is paid; unpaid, the "
             "rest is demanded by a 催告书 (T15) and enforced by applying to the people's court (T16).").format(
        paid=figures(paid), rest=figures(rest))


def fine_unpaid(db: Database, case: Case, total_fen: int | None, party_id: str | None = None) -> int | None:
    """What of ``total_fen`` (the fine and confiscated illegal gains of the decision in force) a case with one party
    — or the party ``party_id`` of a case with several, ``total_fen`` being its own decision's — has not paid,
    whatever its status (served, performed, closed, archived): less what its payments recorded paid of them
    (``recorded_payment``: its payments of part and its 履行完毕 or payment in full added up, each amount less the
    surcharge in it) — the 催告书's and 强制执行申请书's 尚未缴纳的罚没款 prefilled. 0 (¥0.00, never a blank) when they
    pay all of them but leave the surcharge (加处罚款) owed with them unpaid (``still_owed``: a fine paid late without
    its surcharge), which is all those documents then demand; None when they leave nothing at all unpaid (a 履行完毕
    without an amount: paid as decided), so that no unpaid amount is printed and the draft asks for it;
    ``total_fen`` without a payment recorded, and as it is in a case with several parties without a party named."""
    several = len(case.party_ids) > 1
    if total_fen is None or (several and not party_id):
        return total_fen
    found = recorded_payment(db, case, party_id if several else None)
    if found is None:
        return total_fen
    payment = found[1]
    if payment.paid_fen is None:  # the decision recorded performed without an amount: paid as decided
        return None
    unpaid = max(total_fen - max(payment.paid_fen - payment.surcharge_fen, 0), 0)
    if unpaid:
        return unpaid
    return 0 if still_owed(db, case, party_id if several else None) is not None else None


def unpaid_fine_part(db: Database, case: Case, party_id: str | None = None) -> tuple[str, Payment, int] | None:
    """(the day paid, the payment, the fine and confiscated gains left unpaid, in fen) when the payment recorded in
    the case (of the party ``party_id``) pays in all what was owed but states a surcharge that leaves its fine part
    (the amount paid less that surcharge) short of the fine and confiscated illegal gains (``still_owed`` says a
    payment short in all); None otherwise."""
    found = recorded_payment(db, case, party_id)
    if found is None or found[1].paid_fen is None or not found[0] or still_owed(db, case, party_id) is not None:
        return None
    on_date, payment = found
    owing = owed(db, case, on_date, party_id)
    if owing.unknown or owing.nothing or owing.changed_later is not None:
        return None
    short = owing.fine_fen + owing.confiscated_fen - max(payment.paid_fen - payment.surcharge_fen, 0)
    return (on_date, payment, short) if short > 0 else None


def _refunded(owing: Owed, payment: Payment) -> bool:
    """Whether a later change of the fine (``owing.changed_later``) left less to pay than ``payment`` paid."""
    return owing.changed_later is not None and payment.paid_fen > (owing.changed_total_fen or 0)


def mismatch_note(payment: Payment, owing: Owed) -> str:
    """What the timeline keeps of a payment recorded all the same after ``mismatch``: what it paid was owed that day
    and is partly to be refunded since a change (``refund_note``), or it differs from what was owed; given without
    its amount, the surcharge recorded and the one owed (``unstated_surcharge``); an instalment missed
    (``Owed.instalment``) said too, or alone when the payment was warned of only for that."""
    annulled = _("{paid} was also paid under the revoked decision: refund it or offset it.").format(
        paid=owing.annulled_paid) if owing.annulled else ""
    if (owing.instalment_note or annulled) and amount_mismatch(owing, payment) is None:
        return join_sentences(part for part in (owing.instalment_note, annulled) if part)
    note = _mismatch_text(payment, owing)
    return join_sentences(part for part in (note, owing.instalment_note, annulled) if part)


def _mismatch_text(payment: Payment, owing: Owed) -> str:
    """``mismatch_note``'s own sentence on the amount or surcharge recorded."""
    if payment.paid_fen is None:
        owed_then = figures(max(owing.surcharge_fen - owing.surcharge_paid_fen, 0))
        if not payment.surcharge_fen:  # neither amount nor surcharge given: no "surcharge of ¥0.00"
            return _(_NO_AMOUNT_NOTE).format(owed=owed_then)
        return _(_NO_AMOUNT_SURCHARGE_NOTE).format(stated=figures(payment.surcharge_fen), owed=owed_then)
    if _refunded(owing, payment):
        return _(_REFUNDED_NOTE).format(amount=figures(payment.paid_fen),
                                                       refund=figures(payment.paid_fen - owing.changed_total_fen),
                                                       date=owing.changed_later.starts_on)
    due = _short_of_instalment(owing, payment)
    if due is not None and payment.surcharge_fen:  # paid in instalments: its fine part short of the next one
        item = owing.next_instalment.instalment
        return _(_FINE_PART_SHORT_NOTE).format(
            amount=figures(payment.paid_fen), part=figures(_fine_part(payment)),
            surcharge=figures(payment.surcharge_fen), due=figures(due), n=item.number, number=owing.plan.number,
            date=item.on)
    if due is not None:  # paid in instalments: short of the next one
        item = owing.next_instalment.instalment
        return _(_INSTALMENT_SHORT_NOTE).format(amount=figures(payment.paid_fen), due=figures(due), n=item.number,
                                                 number=owing.plan.number, date=item.on)
    return _(_DIFFERS_NOTE).format(amount=figures(payment.paid_fen))


# the notes the workstation adds to the reason of a payment recorded all the same (``mismatch_note``, the
# instalment missed, ``_missed_said``): message ids, translated where they are written
_NO_AMOUNT_NOTE = N_("Recorded without the amount paid, without a surcharge (加处罚款), although {owed} was owed that "
                     "day.")
_NO_AMOUNT_SURCHARGE_NOTE = N_("Recorded without the amount paid, with a surcharge (加处罚款) of {stated}, although "
                               "{owed} was owed that day.")
_REFUNDED_NOTE = N_("Amount paid recorded as {amount}, what was owed that day; {refund} of it is to be refunded "
                    "since the fine was changed on {date}.")
_FINE_PART_SHORT_NOTE = N_("Amount paid recorded as {amount}, of which {part} counts towards the fine once the "
                           "surcharge (加处罚款) stated, {surcharge}, is taken off: less than the {due} due by "
                           "instalment {n} of the 分期缴纳罚款通知书 {number} (by {date}).")
_INSTALMENT_SHORT_NOTE = N_("Amount paid recorded as {amount}, less than the {due} due by instalment {n} of the "
                            "分期缴纳罚款通知书 {number} (by {date}).")
_DIFFERS_NOTE = N_("Amount paid recorded as {amount} although it differs from what is owed.")
_MISSED_NOTE = N_("Recorded although instalment {n} of the 分期缴纳罚款通知书 {number}, due by {date}, was missed: the "
                  "workstation does not count its surcharge (加处罚款).")
ADDED_NOTES = (_NO_AMOUNT_NOTE, _NO_AMOUNT_SURCHARGE_NOTE, _REFUNDED_NOTE, _FINE_PART_SHORT_NOTE, _INSTALMENT_SHORT_NOTE,
               _DIFFERS_NOTE, _MISSED_NOTE)


def without_added_notes(note: str) -> str:
    """The officer's own reason in the note of a payment recorded all the same (``procedure.noted_reason``): ``note``
    less each note the workstation adds to it (``ADDED_NOTES``, written in English or Chinese, whatever amounts and
    dates they state; and ``procedure.count_warning_note``), stripped. Nothing is split at a full stop: an amount
    such as ¥50,000.00 has one."""
    import re

    from workstation.i18n import load_catalogue
    from workstation.procedure import count_warning_note

    chinese = load_catalogue("zh_CN")
    templates = dict.fromkeys(text for msgid in ADDED_NOTES for text in (msgid, chinese.get(msgid), _(msgid)))
    patterns = [r".+?".join(re.escape(part) for part in re.split(r"\{\w+\}", template))
                for template in templates if template]
    text = note.replace(count_warning_note(), "")
    for pattern in patterns:
        text = re.sub(pattern + r"\s*", "", text)
    return text.strip()


def recorded_payment(db: Database, case: Case, party_id: str | None = None) -> tuple[str, Payment] | None:
    """(day, payment) of the payment recorded in the case (of the party ``party_id`` in a case with several
    parties: its payments of part and its payment in full added up, ``party_paid_in_all``; without a party, the
    latest of any party), None when none was recorded. In a case with one party (``party_id`` None or its own), its
    payments of part (``part_left``) and its 履行完毕 as what they add up to (``paid_in_all``). The day of each is the
    one it records, else the day it was recorded (``clocks.STEP_DAY``)."""
    from workstation.clocks import STEP_DAY
    from workstation.party_decisions import PAID

    rows = db.execute(f"SELECT {STEP_DAY}, details, party_id, kind FROM case_events WHERE case_id = ? AND ((kind = "
                      "'transition' AND to_status = 'performed') OR kind = ?) ORDER BY at DESC, rowid DESC",
                      [case.id, PAID]).fetchall()
    # a party's own payment first (a case with several parties), else the case's 履行完毕 and payments of part
    own = [row for row in rows if row[3] == PAID and row[2] and (party_id is None or row[2] == party_id)]
    if own and party_id and len(case.party_ids) > 1:
        return party_paid_in_all(decision_day(db, case, party_id), own)
    if own:
        return own[0][0] or "", Payment.from_json(own[0][1]) or Payment()
    if len(case.party_ids) <= 1:
        return paid_in_all(case, rows)
    for on_date, details, _party, _kind in [row for row in rows if row[3] == "transition"]:
        return on_date or "", Payment.from_json(details) or Payment()
    return None


#: what the details of a party's payment (``party_decisions.PAID`` naming a party of a case with several) say when it
#: paid part of what the party owed (``part_left``): the party has not paid in full, its payment period and
#: enforcement run on (a payment recorded without it — before, or in full — is the party's payment in full)
PART_KEY = "part"


def as_part(details: str | None) -> str:
    """``details`` (a payment's JSON) marked as a payment of part (``PART_KEY``)."""
    try:
        values = json.loads(details) if details else {}
    except ValueError:
        values = {}
    values = values if isinstance(values, dict) else {}
    return json.dumps({**values, PART_KEY: True}, ensure_ascii=False)


def is_part(details: str | None) -> bool:
    """Whether a payment's ``details`` mark it as a payment of part (``as_part``)."""
    try:
        values = json.loads(details) if details else None
    except ValueError:
        return False
    return isinstance(values, dict) and bool(values.get(PART_KEY))


def under_decision_in_force(since: str, day_sql: str = "", *, before: bool = False,
                            parties: dict[str, str] | None = None, party_sql: str = "party_id"
                            ) -> tuple[str, list[str]]:
    """(the SQL condition, its parameters) keeping the case events recorded under the decision in force: those
    dated on or after ``since``, the case's decision date ("": any) — an event of a party of ``parties`` ({party id:
    the date of its own decision in force}, ``party_decision_days``; its party the SQL ``party_sql``) on or after
    its party's. A payment, 履行完毕 or service before it was the revoked decision's (撤销并责令重新作出,
    ``closing.paid_under_revoked``). Each event counts by the SQL ``day_sql`` of its day, by default
    ``clocks.STEP_DAY``: the day it records, else (one recorded without its day) the day it was recorded — the one
    rule of every check of a payment, here as in each party's payment (``party_decisions.payments``) and the clocks.
    ``before``: the opposite, those before it (the revoked decision's)."""
    from workstation.clocks import STEP_DAY

    bound, params = "?", [since]
    if parties:
        bound, params = (f"COALESCE((SELECT value FROM json_each(?) WHERE key = {party_sql}), ?)",
                         [json.dumps(parties, sort_keys=True), since])
    in_force = f"{day_sql or STEP_DAY} >= {bound}"
    return (f"NOT ({in_force})" if before else in_force), params


def decision_day(db: Database, case: Case, party_id: str | None = None) -> str:
    """The date the decision in force of the party ``party_id`` of a case with several parties was made
    (``party_decision_days``: its own 行政处罚决定书's); the case's decision date ("" when none) without a party, in a
    case with one party, or for a party with no dated decision of its own in force. The party's payments count under
    its decision on and after it (``under_decision_in_force``)."""
    if party_id and len(case.party_ids) > 1:
        return party_decision_days(db, case).get(party_id, case.decided_on or "")
    return case.decided_on or ""


def party_decision_days(db: Database, case: Case) -> dict[str, str]:
    """{party id: the date of its decision in force} of a case with several parties, for each party whose own
    行政处罚决定书 in force bears a 决定日期 (the latest issued to it): each party is decided on its own day, before
    or after the case's decision date (a party decided anew after its own decision was revoked, 撤销并责令重新作出 of
    that party); one not decided anew after an order counts from the earlier of its own date and the case's. A decision revoked by such an order (of the whole case or of the party) on or after its date, no new
    one issued yet, is in force no more (``pending_order``): what was paid on or before the order was the revoked
    decision's, so the party's day is then the day after the latest order, or the case's decision date when later —
    so too for a party without a 决定书 of its own whose own order came on or after the case's decision date. The one
    rule of a party's payments (``under_decision_in_force``, ``party_decisions.payments``). Empty in a case with one
    party (its decision date is the case's)."""
    return {party_id: day for party_id, (day, _order) in _party_days(db, case).items()}


def pending_order(db: Database, case: Case, party_id: str | None) -> ClockEvent | None:
    """The order to decide anew (撤销并责令重新作出, of the whole case or of the party) that revoked the decision of
    the party ``party_id`` of a case with several parties, no new decision made for it since (its payments counting
    from the day after it, ``party_decision_days``): nothing is owed under the revoked one. None otherwise, and
    always in a case with one party (``clock_events.annulled_by`` of the case's decision date says it)."""
    if not party_id:
        return None
    return _party_days(db, case).get(party_id, ("", None))[1]


def _party_days(db: Database, case: Case) -> dict[str, tuple[str, ClockEvent | None]]:
    """{party id: (``party_decision_days``'s day, the order revoking its decision with no new one since, else
    None)}."""
    if len(case.party_ids) < 2 or not case.id:
        return {}
    from workstation.penalty_terms import own_decision_days
    from workstation.store.clock_events import redo_orders

    orders = redo_orders(db, case)
    out: dict[str, tuple[str, ClockEvent | None]] = {}

    def after(decided: str, party_id: str, whole: bool) -> tuple[str, ClockEvent | None]:
        revoking = [event for event in orders if event.starts_on >= decided
                    and ((whole and not event.party_id) or event.party_id == party_id)]
        if not revoking:
            return decided, None
        order = max(revoking, key=lambda event: event.starts_on)
        return max(case.decided_on or "", (dt.date.fromisoformat(order.starts_on[:10]) + dt.timedelta(days=1))
                   .isoformat()), order

    # each party's own decision (``penalty_terms.own_decision_days``: a 决定书 naming no party is the first party's)
    for party_id, decided in own_decision_days(db, case).items():
        if case.decided_on and not any(event.starts_on[:10] < decided and event.party_id in ("", None, party_id)
                                       for event in orders):
            # not decided anew after an order: the earlier of its own date and the case's, as recorded (a
            # 决定书 dated after the recorded decision step does not drop what was paid in between)
            decided = min(decided, case.decided_on)
        out[party_id] = after(decided, party_id, True)
    if case.decided_on:  # a party decided with the case (no 决定书 of its own): its own order only
        for party_id in case.party_ids:
            if party_id not in out and (found := after(case.decided_on, party_id, False))[1] is not None:
                out[party_id] = found
    return out


def party_paid_in_all(since: str, own: list) -> tuple[str, Payment] | None:
    """(the day of the latest, the payments added up) of one party of a case with several, from its own payment rows
    ``own`` (day as ``clocks.STEP_DAY``, details, party_id, kind; latest first): its payments of part and its payment
    in full (the first recorded) under its decision in force, made on or after ``since`` (``decision_day``), amounts
    and surcharges summed, the latest's voucher — the amount not given (None: paid as decided) when its payment in
    full gave none. None without any."""
    found = _party_counted(since, own)
    if not found:
        return None
    full = [row for row in found if not is_part(row[1])]
    unstated = bool(full) and (Payment.from_json(full[0][1]) or Payment()).paid_fen is None
    return _added_up(found, unstated)


def _party_counted(since: str, own: list) -> list:
    """The rows of a party's own payment rows ``own`` (day as ``clocks.STEP_DAY``, details, …; latest first) that
    count under its decision in force, made on or after ``since`` (``decision_day``, as ``under_decision_in_force``
    keeps them): its payments of part and its payment in full (the first recorded), latest first."""
    own = [row for row in own if (row[0] or "") >= since]
    full = [row for row in own if not is_part(row[1])][-1:]
    return [row for row in own if is_part(row[1]) or row in full]


def party_payment(db: Database, case: Case, party_id: str) -> tuple[str, Payment] | None:
    """(the day of the latest, the payments added up) of the party ``party_id`` of a case with several parties: its
    own payments only (``party_paid_in_all``), never the case's 履行完毕, which is no one party's (``recorded_payment``
    falls back to it); None without any. Each party's row of the 结案审批表 (``party_rows.closing_context``)."""
    own = _party_rows(db, case, party_id)
    return party_paid_in_all(decision_day(db, case, party_id), own) if own else None


def _party_rows(db: Database, case: Case, party_id: str) -> list:
    """The payment rows of the party ``party_id`` (day as ``clocks.STEP_DAY``, details, party_id, kind), latest
    first."""
    from workstation.clocks import STEP_DAY
    from workstation.party_decisions import PAID

    return db.execute(f"SELECT {STEP_DAY}, details, party_id, kind FROM case_events WHERE case_id = ? AND kind = ? AND "
                      "party_id = ? ORDER BY at DESC, rowid DESC", [case.id, PAID, party_id]).fetchall()


def _added_up(found: list, unstated: bool) -> tuple[str, Payment]:
    """(the day of the latest, the payments added up) of the payment rows ``found`` (on_date, details, …; latest
    first): amounts and surcharges summed, the latest's voucher, the waiver kept with the payment in full (its
    reason for the rest reduced or waived, ``Payment.waiver``; None without one); the amount None when ``unstated``
    (the payment in full gave none: paid as decided)."""
    payments = [Payment.from_json(row[1]) or Payment() for row in found]
    paid = None if unstated else sum(payment.paid_fen or 0 for payment in payments)
    return found[0][0] or "", Payment(paid_fen=paid, surcharge_fen=sum(p.surcharge_fen for p in payments),
                                      voucher=payments[0].voucher,
                                      waiver=next((p.waiver for p in payments if p.waiver is not None), None))


def _party_parts(db: Database, case: Case, party_id: str) -> list[tuple[str, Payment]]:
    """(day, payment) of each payment of part (``as_part``) of the party ``party_id`` of a case with several parties
    under its own decision in force (``decision_day``), in the order paid, each on the day it records, else the day
    it was recorded (``clocks.STEP_DAY``)."""
    from workstation.clocks import STEP_DAY
    from workstation.party_decisions import PAID

    in_force, since = under_decision_in_force(decision_day(db, case, party_id))
    rows = db.execute(f"SELECT {STEP_DAY}, details FROM case_events WHERE case_id = ? AND kind = ? AND party_id = ? "
                      f"AND {in_force} ORDER BY 1, at, rowid", [case.id, PAID, party_id, *since]).fetchall()
    return [(on_date or "", Payment.from_json(details) or Payment()) for on_date, details in rows if is_part(details)]


def _counted(case: Case, rows: list) -> list:
    """The rows of ``rows`` (day as ``clocks.STEP_DAY``, details, party_id, kind; latest first) that ``paid_in_all``
    adds up, those on or after the case's decision date (as ``under_decision_in_force`` keeps them): the latest
    履行完毕 under the decision in force first, then its payments of part, latest first."""
    done = next((row for row in rows if row[3] == "transition"), None)
    if done is not None and (done[0] or "") < (case.decided_on or ""):  # the performance of a decision since revoked
        done = None  # and made again (redecide from 已履行): the new decision's parts are its payments alone
    parts = [row for row in rows if row[3] != "transition" and not row[2]
             and (row[0] or "") >= (case.decided_on or "")]
    return ([done] if done is not None else []) + parts


def paid_in_all(case: Case, rows: list) -> tuple[str, Payment] | None:
    """(the day of the latest, the payments added up) of a case with one party: its payments of part (``PAID``
    without a party, under the decision in force: ``paid_in_part``) and its latest 履行完毕, from ``rows`` (on_date,
    details, party_id, kind), latest first: the amounts and surcharges summed, the latest's voucher (the
    结案审批表 lists them all: ``payment_context``) — the amount not given (None: paid as decided) when the 履行完毕
    gave none. None without any."""
    found = _counted(case, rows)
    if not found:
        return None
    unstated = found[0][3] == "transition" and (Payment.from_json(found[0][1]) or Payment()).paid_fen is None
    return _added_up(found, unstated)


@dataclass(frozen=True)
class Paid:
    """One payment ``payments_in_order`` lists: its day (as ``clocks.STEP_DAY``), the payment, and whether it was a
    payment of part (``part_left``)."""

    day: str
    payment: Payment
    part: bool = False


def payments_in_order(db: Database, case: Case, party_id: str | None = None) -> list[Paid]:
    """Each payment recorded under the decision in force, in the order paid (those of one day in the order recorded):
    of the party ``party_id`` of a case with several, its payments of part and its payment in full (as
    ``party_paid_in_all`` adds them up); without a party, those ``paid_in_all`` adds up in a case with one party —
    [] in a case with several (each party's row says its own). The case page's payments and the 结案审批表 list them."""
    from workstation.clocks import STEP_DAY
    from workstation.party_decisions import PAID

    if party_id and len(case.party_ids) > 1:
        found = [(row, is_part(row[1]))
                 for row in _party_counted(decision_day(db, case, party_id), _party_rows(db, case, party_id))]
    elif len(case.party_ids) > 1:
        return []
    else:
        rows = db.execute(f"SELECT {STEP_DAY}, details, party_id, kind FROM case_events WHERE case_id = ? AND ((kind "
                          "= 'transition' AND to_status = 'performed') OR kind = ?) ORDER BY at DESC, rowid DESC",
                          [case.id, PAID]).fetchall()
        found = [(row, row[3] != "transition") for row in _counted(case, rows)]
    ordered = sorted(reversed(found), key=lambda item: item[0][0] or "")  # stable: a day's in the order recorded
    return [Paid(row[0] or "", Payment.from_json(row[1]) or Payment(), part) for row, part in ordered]


def payments_said(found: list[Paid]) -> str:
    """What the 结案审批表 says of the payments ``found`` (``payments_in_order``) paid in more than
    one: 分N次缴纳：each with its day, amount, its 加处罚款 (only when more than one of them carries one: one carrying it
    all, the total said with the sum paid says it) and its voucher, in the order paid; "" for fewer than two."""
    from workstation.money import chinese_date

    if len(found) < 2:
        return ""
    several = sum(1 for item in found if item.payment.surcharge_fen) > 1
    said = []
    for item in found:
        on_date, payment = item.day, item.payment
        text = f"{chinese_date(on_date)}缴纳" if on_date else "缴纳"
        if payment.paid_fen is not None:
            text += figures(payment.paid_fen)
        extra = [f"含加处罚款{figures(payment.surcharge_fen)}"] if payment.surcharge_fen and several else []
        if payment.voucher.strip():
            extra.append(f"缴款凭证号码{payment.voucher.strip()}")
        said.append(text + (f"（{'，'.join(extra)}）" if extra else ""))
    return f"分{len(found)}次缴纳：{'；'.join(said)}"


def payments_note(db: Database, case: Case) -> str | None:
    """The payments of a case with one party paid in more than one (``payments_in_order``), each with its day,
    amount, surcharge and voucher, in the order paid (``payments_said``) — what the 结案审批表's one 缴款日期 (the
    latest) does not say, for its 其他执行情况. None with one payment or none, and in a case with several parties."""
    said = payments_said(payments_in_order(db, case))
    return f"当事人{said}。" if said else None


def payment_context(db: Database, case: Case, party_id: str | None = None) -> dict[str, object]:
    """``payment.*`` for the 结案审批表: the day paid (the latest), the amount paid (the decision's total when none was
    given), the surcharge and the voucher's number — of a case with one party paid in more than one, every voucher
    in the order paid, joined by 、 (``payments_note`` states each payment); empty without a payment recorded, and
    for a decision carried out that imposed no money that day (a warning alone: ``Owed.nothing``), nothing being
    paid, unless the record gives an amount or surcharge paid."""
    found = recorded_payment(db, case, party_id)
    if found is None:
        return {}
    on_date, payment = found
    if not payment.paid_fen and not payment.surcharge_fen:
        amounts = party_amounts(db, case, party_id, on_date or None)
        if amounts is not None and not any(amounts):  # the day carried out is no 缴款日期
            return {}
    vouchers = [item.payment.voucher.strip() for item in payments_in_order(db, case) if item.payment.voucher.strip()] \
        if party_id is None else []
    out: dict[str, object] = {"payment.paid_on": on_date or None,
                              "payment.receipt_no": "、".join(dict.fromkeys(vouchers)) or payment.voucher}
    if payment.paid_fen is not None:
        out["payment.paid_fen"] = payment.paid_fen
    if payment.surcharge_fen:
        out["payment.surcharge_fen"] = payment.surcharge_fen
    return out


def payment_refusal(owing: Owed, payment: Payment | None) -> tuple[str, str] | None:
    """Why the payment typed cannot be recorded, as (the field it is wrong in: "paid" or "surcharge", why); None
    when it can. A decision that imposes no fine and confiscates no gains (a warning alone) leaves nothing to pay;
    a surcharge (加处罚款) is never above the fine it is added to (Penalty Law art. 72: 加处罚款的数额不得超出罚款的
    数额)."""
    if payment is None:
        return None
    if payment.paid_fen == 0 and not owing.nothing:  # a voucher of ¥0.00 pays nothing: not a payment at all
        return "paid", _("An amount paid of {amount} pays nothing: give the amount on the payment voucher (缴款凭证), "
                         "or leave it empty to record only the day the decision was carried out.").format(
            amount=figures(0))
    if payment.paid_fen is not None and payment.surcharge_fen > payment.paid_fen:
        return "surcharge", _("The surcharge (加处罚款) {surcharge} is more than the amount paid, {paid}, that includes "
                              "it. Correct the surcharge or the amount paid.").format(
            surcharge=figures(payment.surcharge_fen), paid=figures(payment.paid_fen))
    if owing.unknown:  # the party's own fine is not known: its surcharge is at most the fine of all the parties
        if payment.surcharge_fen > owing.ceiling_fen:
            return "surcharge", _("The surcharge (加处罚款) {surcharge} is above the fine the case records for all its "
                                  "parties together, {fine}: a surcharge may not exceed the party's fine (Penalty "
                                  "Law art. 72). Correct the surcharge.").format(
                surcharge=figures(payment.surcharge_fen), fine=figures(owing.ceiling_fen))
        return None
    if not owing.fine_fen and not owing.confiscated_fen and (payment.paid_fen or payment.surcharge_fen):
        field = "paid" if payment.paid_fen else "surcharge"
        return field, _("The decision imposes no fine and confiscates no illegal gains: there is nothing to pay, so "
                        "no amount paid or surcharge can be recorded. Leave them empty and record only the day the "
                        "decision was carried out.")
    if payment.surcharge_fen > owing.fine_fen:
        return "surcharge", _("The surcharge (加处罚款) {surcharge} is above the fine {fine}: a surcharge may not exceed "
                              "the fine (Penalty Law art. 72). Correct the surcharge.").format(
            surcharge=figures(payment.surcharge_fen), fine=figures(owing.fine_fen))
    paid = owing.surcharge_paid_fen  # with what payments of part paid of it: the surcharge in all is at most the fine
    if paid and payment.surcharge_fen + paid > owing.fine_fen:  # as the 催告书's (``demand_surcharge``)
        return "surcharge", _(
            "The {label} ({surcharge}) and the {paid} of surcharge the party has already paid come to {total}, more "
            "than the fine ({fine}): the surcharge in all never exceeds the fine (行政处罚法 art. 72). Write {left} at "
            "most.").format(label="加处罚款", surcharge=figures(payment.surcharge_fen), paid=figures(paid),
                            total=figures(payment.surcharge_fen + paid), fine=figures(owing.fine_fen),
                            left=figures(max(owing.fine_fen - paid, 0)))
    return _above_accrued(owing, payment)


def _above_accrued(owing: Owed, payment: Payment) -> tuple[str, str] | None:
    """("surcharge", why) when the surcharge stated is more than has accrued by the day paid less what payments of
    part made by that day already paid of it (``Owed.surcharge_fen`` less ``surcharge_paid_by_fen``: none before
    the payment period ends; a payment made later, recorded before this one, paid none of this day's): booked as
    surcharge, it would leave as much of the fine unpaid while the account says it was paid. Not judged when the
    payment period is not known, nor when its last day was counted through a year without holiday data
    (``Owed.unconfirmed``, ``Owed.due_unconfirmed``: a 调休 working day may end it earlier, and more be owed; the
    difference is warned of, ``amount_mismatch``), nor when an instalment missed by then is not counted in what is
    owed (``Owed.instalment``: its surcharge is for the officer to state)."""
    paid = owing.surcharge_paid_by_fen
    left = max(owing.surcharge_fen - paid, 0)
    if (payment.surcharge_fen <= left or not owing.due or owing.instalment or owing.unconfirmed
            or owing.due_unconfirmed):
        return None
    if paid:
        return "surcharge", _(
            "The surcharge (加处罚款) {surcharge} is more than is still owed of it on the day paid: {accrued} has "
            "accrued, of which the party has already paid {paid}, so 当日应加处罚款为{left}. Write {left} at most, or "
            "leave the surcharge empty to record the one owed.").format(
            surcharge=figures(payment.surcharge_fen), accrued=figures(owing.surcharge_fen),
            paid=figures(paid), left=figures(left))
    return "surcharge", _(
        "The surcharge (加处罚款) {surcharge} is more than has accrued by the day paid: 当日应加处罚款为{left} (3 % of "
        "the fine a day from the day after the payment period, which ran until {due}, days of a reconsideration or "
        "lawsuit not counted). Write {left} at most, or leave the surcharge empty to record the one owed.").format(
        surcharge=figures(payment.surcharge_fen), left=figures(left), due=owing.due)


def voucher_key(voucher: str) -> str:
    """A voucher's number as compared: without spaces, letters in upper case (4400 2612 and 44002612 are one)."""
    return "".join(voucher.split()).upper()


def details_voucher_key(details: str | None) -> str:
    """The voucher (缴款凭证) number of a payment event's details, as vouchers are compared ("" for none)."""
    payment = Payment.from_json(details)
    return voucher_key(payment.voucher) if payment is not None else ""


def voucher_refusal(db: Database, case: Case, payment: Payment | None,
                    party_ids: tuple[str, ...] | None = None) -> tuple[str, str] | None:
    """("voucher", why) when the payment voucher (缴款凭证) number given is already recorded for a payment of another
    case, or for an earlier payment of this one under the decision in force (``_own_voucher``): a voucher is one
    payment's, so the number was typed twice or for the wrong case, and recording it again would count the same money
    twice. None when it is not (in the same case one voucher may pay for several parties, ``payment_shares``, or
    one party's payment and another's the same day)."""
    key = voucher_key(payment.voucher) if payment is not None else ""
    if not key:
        return None
    from workstation.case_reference import case_named
    from workstation.party_decisions import PAID

    rows = db.execute("SELECT e.on_date, e.details, c.case_number, c.party_names, c.cause FROM case_events e JOIN "
                      "cases c ON c.id = e.case_id WHERE e.case_id != ? AND e.details IS NOT NULL AND ((e.kind = "
                      "'transition' AND e.to_status = 'performed') OR e.kind = ?) ORDER BY e.at",
                      [case.id, PAID]).fetchall()
    for on_date, details, number, party, cause in rows:
        if details_voucher_key(details) == key:  # a case not filed: by party and cause
            return "voucher", _("The payment voucher (缴款凭证) no. {voucher} is already recorded for the payment of "
                                "case {case} on {date}: a voucher is one payment's. Check the number on the "
                                "voucher.").format(voucher=payment.voucher.strip(),
                                                   case=case_named(number, party or "", cause or ""),
                                                   date=on_date or "")
    return _own_voucher(db, case, payment, key, party_ids)


def _own_voucher(db: Database, case: Case, payment: Payment, key: str,
                 party_ids: tuple[str, ...] | None) -> tuple[str, str] | None:
    """("voucher", why) when the voucher ``key`` is already recorded in this case for a payment under the decision
    in force (made on or after its day): in a case with one party, any; in a case with several, one of the parties
    ``party_ids`` paying now (not known: None, nothing said — the command line and the payment dialog name them),
    while another party's payment with the same voucher (one payment at the bank for several parties) is not. The
    receipt (专用票据) of the case's own 当场行政处罚决定书 in force is that decision's payment: its correction keeps
    it (one voided, or replaced by a correction, gave it up)."""
    from workstation.party_decisions import PAID

    several = len(case.party_ids) > 1
    if several and not party_ids:
        return None
    from workstation.penalty_terms import ON_THE_SPOT_IN_FORCE

    own = {voucher_key(str(receipt or "")) for (receipt,) in db.execute(  # not one voided or corrected
        "SELECT json_extract(d.values_json, '$.receipt_no') FROM documents d WHERE d.case_id = ? AND "
        f"json_valid(d.values_json) AND {ON_THE_SPOT_IN_FORCE}", [case.id]).fetchall()}
    if key in own:
        return None
    from workstation.clocks import STEP_DAY
    from workstation.store import get_party

    # each party's payments under its own decision in force (``party_decision_days``)
    in_force, since = under_decision_in_force(case.decided_on or "",
                                              parties=party_decision_days(db, case) if several else None)
    rows = db.execute(f"SELECT {STEP_DAY}, details, party_id FROM case_events WHERE case_id = ? AND details IS NOT "
                      f"NULL AND ((kind = 'transition' AND to_status = 'performed') OR kind = ?) AND {in_force} "
                      "ORDER BY 1, at", [case.id, PAID, *since]).fetchall()
    for on_date, details, party_id in rows:
        if details_voucher_key(details) != key or (several and party_id not in party_ids):
            continue
        # whose payment it was: "this case" (本案), or the party's in a case with several (本案{party})
        whose = (_("{party} in this case").format(party=get_party(db, party_id).name) if several
                 else _("this case"))
        return "voucher", _("The payment voucher (缴款凭证) no. {voucher} is already recorded for a payment of {whose} on "
                            "{date}: a voucher is one payment's, and recording it again would count the same money "
                            "twice. Check the number on the voucher.").format(
            voucher=payment.voucher.strip(), whose=whose, date=(on_date or "")[:10])
    return None


def payment_shares(db: Database, case: Case, paid_on: str, party_ids: tuple[str, ...], payment: Payment | None
                   ) -> tuple[dict[str, Payment], tuple[str, str] | None]:
    """One payment given for several parties of a case (``party_ids``) as each party's own: ({party id: its
    payment}, None), or ({}, (the field it is wrong in: "paid" or "surcharge", why)) when it cannot be split
    meaningfully. Each party pays its own fine under its own decision, so one amount is split only when it is what
    the parties owe together on ``paid_on`` (each its own fine and confiscated gains, plus its own surcharge after
    its own payment period) and its surcharge is theirs together: each party is then recorded as paying what it
    owes. Another amount, or a party whose own amount is not known (decided outside the workstation for all the
    parties together), is refused: each party's payment is recorded on its own. A voucher number alone is each
    party's."""
    if payment is None:
        return {}, None
    if payment.paid_fen is None and not payment.surcharge_fen:  # only the voucher: the same for each party
        return {party_id: payment for party_id in party_ids}, None
    from workstation.store import get_party

    owing = {party_id: owed(db, case, paid_on, party_id) for party_id in party_ids}
    names = {party_id: get_party(db, party_id).name for party_id in party_ids}
    unknown = [names[party_id] for party_id, item in owing.items() if item.unknown]
    if unknown:
        return {}, ("paid", _("One amount paid cannot be split between {parties}: the own amount of {unknown} is not "
                              "known (no 行政处罚决定书 of its own in force in the workstation). Record each party's "
                              "payment on its own, with the amount on its payment voucher (缴款凭证).").format(
            parties="、".join(names.values()), unknown="、".join(unknown)))
    # what each party has left to pay: its own payments of part made before are not paid again
    left = {party_id: max(item.total_fen - item.paid_in_part_fen, 0) for party_id, item in owing.items()}
    total = sum(left.values())
    # and its surcharge still owed: what its payments of part paid of it is not paid again (``with_owed_surcharge``)
    owes = {party_id: max(item.surcharge_fen - item.surcharge_paid_fen, 0) if item.paid_in_part_fen
            else item.surcharge_fen for party_id, item in owing.items()}
    surcharges = sum(owes.values())
    paid = total if payment.paid_fen is None else payment.paid_fen
    if paid == total and payment.surcharge_fen == surcharges:
        return {party_id: Payment(left[party_id], owes[party_id], payment.voucher, payment.waiver)
                for party_id in owing}, None
    each = _("; ").join(
        (_("{party} owes {amount}, surcharge {surcharge} included") if owes[party_id] else
         _("{party} owes {amount}")).format(party=names[party_id], amount=figures(left[party_id]),
                                            surcharge=figures(owes[party_id]))
        for party_id in owing)
    return {}, ("paid" if paid != total else "surcharge", _(
        "One payment for {n} parties is recorded as each party's own only when it is what they owe together on "
        "{date}: {each}; {total} in all, surcharge {surcharges}. The payment given ({paid}, surcharge {surcharge}) is "
        "not that and cannot be split between them: record each party's payment on its own, with the amount on its "
        "payment voucher (缴款凭证).").format(
        n=len(party_ids), date=paid_on, each=each, total=figures(total), surcharges=figures(surcharges),
        paid=figures(paid), surcharge=figures(payment.surcharge_fen)))


def with_missed_instalment(db: Database, case: Case, period, day: str, party_id: str | None, message: str) -> str:
    """``message`` followed by what ``missed_instalments`` says of the instalments missed by ``day`` of the
    分期缴纳罚款通知书 the payment period ``period`` (T8) was deferred to the end of, when any was: the notice told the
    party otherwise (the 催告书's refusal, the refusal to record a demand)."""
    from workstation.errors import join_sentences

    return join_sentences((message, missed_instalments(db, case, period, day, party_id)[0]))


def payment_rows(db: Database, case: Case) -> list[tuple[str, str]]:
    """(label, what is said) of each party's payments, for the case page's amounts box — a row per party of a case
    with several (its own payments, "Payments of {party}" beside its "Decided for {party}"), one for a case with one
    party; a party with nothing to say has none. What is
    said, joined: each payment recorded under the decision in force with its day and amount (a payment of part said
    so, the surcharge in it), as the 结案审批表 lists them (``payments_in_order``); the surcharge (加处罚款) accrued —
    by the payment that settled it (``balance``), else by today while the fine is unpaid (``owed``) — what of it was
    paid, reduced or waived (``party_rows.closing_surcharge``) and is still owed; and what was paid under a decision
    since revoked with a new one ordered (``closing.paid_under_revoked``), to be refunded (退还) or offset (抵缴), as
    the closing warning says it (``revoked_paid_said``)."""
    from workstation.closing import _payers, paid_under_revoked

    if not case.decided_on:
        return []
    several = len(case.party_ids) > 1
    names = {}
    if several:
        from workstation.store import parties_of_case

        names = {party.id: party.name for party in parties_of_case(db, case.id)}
    rows = []
    for party_id in _payers(case):
        listed = payments_in_order(db, case, party_id)
        said = [_payment_text(item.day[:10], item.payment, item.part) for item in listed]
        said.append(_surcharge_text(db, case, party_id, listed))
        found = paid_under_revoked(db, case, party_id)
        if found is not None:
            said.append(revoked_paid_said(db, case, party_id, found))
        if any(said):
            label = _("Payments of {party}").format(party=names.get(party_id, "—")) if several else _("Payments")
            rows.append((label, _("; ").join(text for text in said if text)))
    return rows


def _payment_text(day: str, payment: Payment, part: bool) -> str:
    """One payment as ``payment_rows`` says it."""
    day = day or "—"
    if payment.paid_fen is None:
        text = _("{day}: paid as decided").format(day=day)
    else:
        text = (_("{day}: {amount} paid in part") if part else _("{day}: {amount} paid")).format(
            day=day, amount=figures(payment.paid_fen))
    if payment.surcharge_fen:
        text = _("{payment}, of which surcharge (加处罚款) {amount}").format(payment=text,
                                                                       amount=figures(payment.surcharge_fen))
    return text


def _surcharge_text(db: Database, case: Case, party_id: str | None, listed: list) -> str:
    """The surcharge (加处罚款) of the party ``party_id`` (None: the case's) as ``payment_rows`` says it: accrued by the
    payment that settled what it owed, else by today while it owes; what of it was paid (of the payments ``listed``,
    ``payments_in_order``), what was reduced or waived with a payment in full short of it (its reason recorded,
    ``party_rows.closing_surcharge``), and what is still owed; "" when none accrued nor was paid, or what the party
    owes is not known."""
    from workstation import clocks

    found = balance(db, case, party_id)
    full = [item.payment for item in listed if not item.part]
    paid = surcharge_paid(surcharge_payments(db, case, party_id)) + sum(payment.surcharge_fen for payment in full)
    waived = 0
    if found is not None and found.settled:
        from workstation.formkit.party_rows import closing_surcharge

        # paid in full short of it: the rest reduced or waived with its reason recorded (as the 结案审批表 says it)
        accrued, on = found.surcharge_fen, found.paid_on[:10]
        waiver = next((payment.waiver for payment in full if payment.waiver is not None), None)
        waived = closing_surcharge(db, case, party_id, paid, waiver)[1]
    else:
        today = clocks.today()
        owing = owed(db, case, today, party_id)
        if owing.unknown or not owing.fine_fen:
            return ""
        accrued, on = owing.surcharge_fen, today
    if not accrued and not paid:
        return ""
    left = max(accrued - paid - waived, 0)
    if not left and not waived:
        return _("surcharge (加处罚款) {accrued} accrued by {day}, paid").format(accrued=figures(accrued), day=on)
    said = [_("{paid} of it paid").format(paid=figures(paid)) if paid else _("none of it paid")]
    if waived:
        said.append(_("{waived} reduced or waived (减免)").format(waived=figures(waived)))
    if left:
        said.append(_("{left} still owed").format(left=figures(left)))
    return _("surcharge (加处罚款) {accrued} accrued by {day}: {said}").format(
        accrued=figures(accrued), day=on, said=_(", ").join(said))
