"""The 行政处罚决定履行催告书's late-payment surcharge and date (REFERENCE §1.2 T8, T9, T15): the 催告书 is sent only
once the party let the payment period of the decision run out (fifteen days after its service, 行政处罚法 art. 67;
行政强制法 art. 54), and the 加处罚款 it states is 3 % of the fine a day from the day after that period, never more
than the fine (行政处罚法 art. 72). ``demand_refusal`` refuses a surcharge above the fine and a 催告书 dated within the
payment period (its 计算截止日 after its own date is the form's ``not_after``), and a surcharge above the one accrued
by its 计算截止日 (``_above_accrued``: a payment or a pause the case does not record only lowers it); ``demand_warnings``
tells the officer when the surcharge written is below the one computed for its days (a partial payment or a pause
the case does not record may explain it, so it is not refused). The 强制执行申请书's 申请执行的加处罚款 is held to the fine the same way
(``surcharge_refusal``).

Both enforce the decision of their party (``enforced``): in a case with several parties, the party's own
行政处罚决定书 in force and its own payments. A party without one in a case whose decisions are issued in the
workstation (one per party) has nothing to enforce until its own is issued (its voided one decides nothing); a party
of a case decided outside the workstation for all its parties together has no known amount of its own: the case's
total for all of them is only an upper limit, said as such, and its surcharge is not computed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from workstation.db import Database
from workstation.i18n import _
from workstation.records import Case
from workstation.validators import written_day

FORM_ID = "performance_demand"


@dataclass(frozen=True)
class Enforced:
    """The decision a 催告书 or 强制执行申请书 enforces against its party: the party (None in a case with one party),
    the fine and confiscated illegal gains it imposed (fen), the decision named (its 文号, or as the case records
    it), and — in a case with several parties — ``undecided``, why nothing can be enforced against the party (it has
    no 行政处罚决定书 in force while the case's decisions are issued in the workstation), or ``unknown``, why its own
    amounts are not known (decided outside the workstation for all the parties together: the amounts are then the
    case's total, an upper limit only)."""

    party_id: str | None
    fine_fen: int
    confiscated_fen: int
    decision: str
    undecided: str = ""
    unknown: str = ""
    parties: int = 1

    @property
    def total_fen(self) -> int:
        return self.fine_fen + self.confiscated_fen


def enforced(db: Database, case: Case, values: dict, title: str = "") -> Enforced:
    """What the 催告书 or 强制执行申请书 (called ``title`` in messages) with ``values`` enforces (``Enforced``)."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.party_decisions import _has_decisions
    from workstation.payments import _amounts
    from workstation.penalty_terms import DECISION_FORM, _party_of, decisions_in_force
    from workstation.store import get_party, parties_of_case

    parties = parties_of_case(db, case.id)
    party_id = values.get(PARTY_KEY) or (parties[0].id if parties else None)
    recorded = _("recorded on the case ({date})").format(date=case.decided_on or "—")
    if len(parties) < 2:  # the case's decision: its only one in force, else what the case records
        decisions = decisions_in_force(db, case)
        fine, confiscated = _amounts(db, case, None)
        return Enforced(None, fine, confiscated, (decisions[-1].number or _("(no number)")) if decisions else recorded)
    own = [d for d in decisions_in_force(db, case) if (d.party_id or parties[0].id) == party_id]
    if own:
        return Enforced(party_id, own[-1].terms.fine_fen or 0, own[-1].terms.confiscated_fen or 0,
                        own[-1].number or _("(no number)"), parties=len(parties))
    name = get_party(db, party_id).name
    if _has_decisions(db, case):  # decided in the workstation, one decision per party: none in force for this one
        voided = [number or _("(no number)") for (number,) in db.execute(
            f"SELECT d.number FROM documents d WHERE d.case_id = ? AND d.form_id = '{DECISION_FORM}' AND d.status = "
            f"'void' AND {_party_of('d')} = ? ORDER BY d.issued_at, d.rowid", [case.id, party_id]).fetchall()]
        if voided:
            why = _("The 行政处罚决定书 {numbers} of {party} was voided and no 行政处罚决定书 of {party} is in force in "
                    "its place: a {title} enforces the party's own decision in force, so there is nothing to enforce "
                    "against {party}. Issue its corrected 行政处罚决定书 first.").format(
                numbers="、".join(voided), party=name, title=title)
        else:
            why = _("{party} has no 行政处罚决定书 in force: this case's decisions are issued in the workstation, one "
                    "per party, and none was issued to {party}. A {title} enforces the party's own decision in force; "
                    "issue its 行政处罚决定书 first.").format(party=name, title=title)
        return Enforced(party_id, 0, 0, "", undecided=why, parties=len(parties))
    # decided outside the workstation for all the parties together: the case's amounts are their total
    unknown = _("{party} has no 行政处罚决定书 in force in the workstation, so its own amounts are not known: the case "
                "records {amount} for its {n} parties together, which is not what {party} owes.").format(
        party=name, amount=_figures(case.fine_fen + case.confiscated_fen), n=len(parties))
    return Enforced(party_id, case.fine_fen, case.confiscated_fen, recorded, unknown=unknown, parties=len(parties))


@dataclass(frozen=True)
class DemandBasis:
    """What the surcharge of the party's 催告书 is computed from: the fine its decision imposed (fen), the last day
    of the payment period (None when neither the case's clock nor the 决定书送达日期 gives it) and the days a
    reconsideration or a lawsuit was pending (not counted, art. 73). ``unknown``: why the party's own fine is not
    known (``Enforced.unknown``): ``fine_fen`` is then the case's fine for all its parties, an upper limit only.
    ``payments``: (day, fen) paid of the fine in part (``payments.fine_payments``), which lower the fine the
    surcharge is counted on from the day after each (``law.surcharge``, ``surcharge_base``), never its cap, the fine.
    ``party_id``: the party of a case with several (``Enforced.party_id``), None in a case with one party.
    ``surcharge_payments``: (day, fen) paid of the surcharge in those payments (``payments.surcharge_payments``): the
    surcharge still owed is the one accrued less these. ``deferred``: (the day approved, the last day) of the
    deferral of payment (暂缓或分期缴纳罚款, 行政处罚法 art. 66) that moved ``due`` to its end, None when none did."""

    fine_fen: int
    due: dt.date | None
    paused: tuple[tuple, ...]
    unknown: str = ""
    parties: int = 1
    payments: tuple[tuple[str, int], ...] = ()
    party_id: str | None = None
    surcharge_payments: tuple[tuple[str, int], ...] = ()
    deferred: tuple[str, str] | None = None
    period: object = field(default=None, compare=False)  # the party's T8 (``payments.payment_period``), None when none

    def surcharge_paid(self, on: dt.date | None = None) -> int:
        """What the party paid of the surcharge (fen), by the day ``on`` when given."""
        from workstation.payments import surcharge_paid

        return surcharge_paid(self.surcharge_payments, on.isoformat() if on is not None else None)


def demand_basis(db: Database, case: Case, values: dict) -> DemandBasis:
    """The fine, payment deadline and pauses of the party the 催告书 ``values`` is for: the party's decision in
    force, its payment period as the case's clock T8 counts it, else fifteen days after the 决定书送达日期 the
    document gives (counted as T8 counts)."""
    from workstation.law.case_law import _paused, late_deferral, surcharge_terms
    from workstation.payments import fine_payments, payment_period, surcharge_payments

    decision = enforced(db, case, values)
    single = decision.party_id
    fine = decision.fine_fen
    period = payment_period(db, case, single)
    # a deferral approved after the period ran out keeps the surcharge accrued until its approval, as the payment
    # dialog and the law panel count it (``case_law.late_deferral``)
    counted, paused = surcharge_terms(db, case, period, single) if period is not None else (None, _paused(
        db, case, single))
    due = written_day(counted)
    served = written_day(values.get("decision_served_on"))
    if due is None and served is not None:  # counted as T8 is: a last day on a rest day moves to the next working day
        from workstation import clocks

        t8 = clocks.engine_for(db).compute(clocks.rule("T8"), case.id, case.case_number, "served",
                                           served.toordinal(), None, [])
        due = dt.date.fromordinal(t8.due_ord) if t8.due_ord is not None else None
    payments = () if decision.unknown else tuple(fine_payments(db, case, single))
    paid = () if decision.unknown else tuple(surcharge_payments(db, case, single))
    return DemandBasis(fine, due, tuple(paused), decision.unknown, decision.parties, payments, single, paid,
                       _deferred(period) if period is not None and late_deferral(period) is None else None, period)


def _deferred(period) -> tuple[str, str] | None:
    """(the day approved, the last day) of the deferral that moved the payment period ``period`` (T8, a
    ``clocks.Deadline``) to its end, None when none did (``case_law.deferral_of``)."""
    from workstation.law.case_law import deferral_of

    found = deferral_of(period)
    return None if found is None else (found[1].isoformat(), found[2].isoformat())


def _figures(fen: int) -> str:
    from workstation.money import figures

    return figures(fen)


def surcharge_refusal(db: Database, case: Case, values: dict, label: str = "已加处罚款",
                      basis: DemandBasis | None = None) -> str | None:
    """Why the surcharge a document states (its field ``surcharge_fen``, called ``label`` on the form) cannot be
    issued, None when it can: it is more than the fine of the party's decision (行政处罚法 art. 72: 加处罚款的数额不得
    超出罚款的数额), or — with what the party paid of the surcharge by its 计算截止日 (else its date, else any) — more
    than the fine leaves: the surcharge in all, paid and demanded, never exceeds the fine (REFERENCE §1.2 T9). The
    催告书 and the 强制执行申请书 state one."""
    basis = basis or demand_basis(db, case, values)
    written = int(values.get("surcharge_fen") or 0)
    if written > basis.fine_fen and basis.unknown:  # the party's own fine is not known: at most all the parties'
        return _("The {label} ({surcharge}) is more than the fine the case records for all its {n} parties together "
                 "({fine}): the party's own fine is not known, and a surcharge never exceeds the party's fine "
                 "(行政处罚法 art. 72). Write the surcharge on the party's own fine, at most its fine.").format(
            label=label, surcharge=_figures(written), fine=_figures(basis.fine_fen), n=basis.parties)
    refusal = above_fine_refusal(label, written, basis.fine_fen)
    if refusal or basis.unknown:
        return refusal
    paid = basis.surcharge_paid(written_day(values.get("surcharge_on")) or written_day(values.get("signed_on")))
    if paid and written + paid > basis.fine_fen:
        return _("The {label} ({surcharge}) and the {paid} of surcharge the party has already paid come to {total}, "
                 "more than the fine ({fine}): the surcharge in all never exceeds the fine (行政处罚法 art. 72). "
                 "Write {left} at most.").format(
            label=label, surcharge=_figures(written), paid=_figures(paid), total=_figures(written + paid),
            fine=_figures(basis.fine_fen), left=_figures(max(basis.fine_fen - paid, 0)))
    return None


def above_fine_refusal(label: str, surcharge_fen: int, fine_fen: int) -> str | None:
    """Why a surcharge of ``surcharge_fen`` (the field ``label``) cannot stand beside a fine of ``fine_fen``: it is
    more than the fine (行政处罚法 art. 72); None when it is not. The 催告书, the 强制执行申请书 and the 结案审批表."""
    if surcharge_fen <= fine_fen:
        return None
    return _("The {label} ({surcharge}) is more than the fine ({fine}): the surcharge never exceeds the fine "
             "(行政处罚法 art. 72). Write {fine} at most.").format(label=label, surcharge=_figures(surcharge_fen),
                                                               fine=_figures(fine_fen))


def demand_refusal(db: Database, case: Case, values: dict) -> str | None:
    """Why the 催告书 cannot be issued for its surcharge or its date (None when it can): a 已加处罚款 above the fine
    (行政处罚法 art. 72), a 落款日期 within the payment period — the party has not yet failed to perform —, or a
    已加处罚款 above the surcharge accrued by its 计算截止日 (``_above_accrued``)."""
    basis = demand_basis(db, case, values)
    refusal = surcharge_refusal(db, case, values, basis=basis)
    if refusal:
        return refusal
    signed = written_day(values.get("signed_on"))
    if signed is not None and basis.due is not None and signed <= basis.due:
        if basis.deferred is not None:  # the time to pay as a deferral approved within it moved it
            from workstation.payments import with_missed_instalment
            from workstation.vocabulary import shown_label

            # an instalment of a 分期缴纳罚款通知书 missed by then is said: the notice told the party otherwise
            return with_missed_instalment(db, case, basis.period, signed.isoformat(), basis.party_id, _(
                "The 落款日期 ({signed}) is within the party's time to pay, which the deferral of payment approved on "
                "{approved} (“{deferral}”, 行政处罚法 art. 66) moved to {due}: the 催告书 says the party did not perform "
                "in time, and is sent only after that (行政强制法 art. 54). Date it {first} or later.").format(
                signed=signed, approved=basis.deferred[0], deferral=shown_label("clock_events", "deferral"),
                due=basis.due, first=basis.due + dt.timedelta(days=1)))
        return _("The 落款日期 ({signed}) is within the party's time to pay, which runs until {due} (fifteen days "
                 "after the decision was served, 行政处罚法 art. 67): the 催告书 says the party did not perform in "
                 "time, and is sent only after that (行政强制法 art. 54). Date it {first} or later.").format(
            signed=signed, due=basis.due, first=basis.due + dt.timedelta(days=1))
    return _above_accrued(db, case, basis, values)


@dataclass(frozen=True)
class Accrued:
    """The surcharge by the 催告书's 计算截止日 ``on``: accrued in all (``law.surcharge``), what the party paid of it
    by then (fen), and what is still owed of it — the 已加处罚款 the 催告书 states, as the payment dialog's rest counts
    it."""

    surcharge: object  # law.surcharge.Surcharge
    on: dt.date
    paid_fen: int

    @property
    def owed_fen(self) -> int:
        return max(self.surcharge.amount_fen - self.paid_fen, 0)


def _accrued(basis: DemandBasis, values: dict) -> Accrued | None:
    """The surcharge by the 催告书's 计算截止日 — else its 落款日期 — on the fine of ``basis`` (``Accrued``), None
    when it cannot be computed: no fine, no payment deadline or no day."""
    from workstation.law.surcharge import surcharge

    on = written_day(values.get("surcharge_on")) or written_day(values.get("signed_on"))
    if not basis.fine_fen or basis.due is None or on is None:
        return None
    return Accrued(surcharge(basis.fine_fen, basis.due, on, basis.paused, basis.payments), on, basis.surcharge_paid(on))


def _how_accrued(basis: DemandBasis, accrued: Accrued) -> str:
    """How the surcharge of ``accrued`` accrued, after payments of part (of the fine or of the surcharge): the days,
    the fine it was counted on, the cap, and what of it the party paid."""
    from workstation.errors import join_sentences

    owed, on = accrued.surcharge, accrued.on
    start = basis.due + dt.timedelta(days=1)
    on = owed.until or on  # the fine paid in full before it: counted to that day only (行政处罚法 art. 72)
    part = _part_paid(basis, on)  # paid before that day: not the payment that paid the fine in full
    if part:
        how = _("It accrued {accrued} in {days} days from {start} to {on}, at 3 % a day of the fine still unpaid each "
                "day ({paid} of the fine {fine} was paid in part), at most the fine (行政处罚法 art. 72).").format(
            accrued=_figures(owed.amount_fen), days=owed.counted_days, start=start, on=on, paid=_figures(part),
            fine=_figures(basis.fine_fen))
    else:
        how = _("It accrued {accrued} in {days} days from {start} to {on}, at 3 % of the fine {fine} a day, at most "
                "the fine (行政处罚法 art. 72).").format(accrued=_figures(owed.amount_fen), days=owed.counted_days,
                                                        start=start, on=on, fine=_figures(basis.fine_fen))
    settled = _("The fine was paid in full on {on}: nothing accrued after that day.").format(on=on) \
        if on < accrued.on else ""
    paid = _("The party has already paid {paid} of that surcharge, which leaves {owed} owed.").format(
        paid=_figures(accrued.paid_fen), owed=_figures(accrued.owed_fen)) if accrued.paid_fen else ""
    return join_sentences(text for text in (how, settled, paid) if text)


def _part_paid(basis: DemandBasis, on: dt.date) -> int:
    """What the payments of part of ``basis`` paid of the fine before ``on`` (fen), when the law data counts the
    surcharge on the fine still unpaid (``surcharge_base = "unpaid"``); 0 otherwise."""
    from workstation.law.data import load

    if load("thresholds")["late_payment"].get("surcharge_base", "unpaid") != "unpaid":
        return 0
    return sum(fen for day, fen in basis.payments if day < on.isoformat())


def _above_accrued(db: Database, case: Case, basis: DemandBasis, values: dict) -> str | None:
    """Why the 催告书's 已加处罚款 cannot be issued for claiming more than has accrued by its 计算截止日 (3 % of the fine
    a day from the day after the payment deadline, days pending reconsideration or litigation not counted): a payment
    or a pause the case does not record only lowers what is owed, so more is never right. Not refused (only warned,
    ``demand_warnings``) when the party's own fine is not known or the deadline lies in a year without holiday data,
    nor when a deferral or payment by instalments is recorded for the party (in a case with several, one granted to
    the party the 催告书 is for or to the whole case, ``clock_events.GRANTED_TO_PARTY``; another party's moves
    nothing of this one's): the deadline counted is then the end of that period or the last instalment's day, while
    a missed earlier instalment may be charged from its own day (the law the reference gives does not settle it), so
    more than computed may be right there."""
    if basis.unknown or _unconfirmed_due(db, basis.due):
        return None
    if db.execute("SELECT 1 FROM clock_events WHERE case_id = ? AND kind = 'deferral' AND (? = '' OR party_id IS "
                  "NULL OR party_id = '' OR party_id = ?) LIMIT 1",
                  [case.id, basis.party_id or "", basis.party_id or ""]).fetchone():
        return None
    accrued = _accrued(basis, values)
    written = int(values.get("surcharge_fen") or 0)
    if accrued is None or written <= accrued.owed_fen:
        return None
    owed, on = accrued.surcharge, accrued.on
    if _part_paid(basis, on) or accrued.paid_fen:
        from workstation.errors import join_sentences

        return join_sentences([
            _("The 已加处罚款 ({written}) is more than the {owed} of surcharge still owed on {on}.").format(
                written=_figures(written), owed=_figures(accrued.owed_fen), on=on),
            _how_accrued(basis, accrued),
            _("A 催告书 claims no more than is owed by its 计算截止日: write {owed} at most.").format(
                owed=_figures(accrued.owed_fen))])
    # the days counted: to the day the fine was paid in full, when it was before the 计算截止日 (``whole_fine``)
    return _("The 已加处罚款 ({written}) is more than the surcharge accrued by {on}: {days} days from {start} to {until} "
             "at 3 % of the fine {fine} a day, at most the fine (行政处罚法 art. 72), make {computed}. A 催告书 claims "
             "no more than has accrued by its 计算截止日: write {computed} at most.").format(
        written=_figures(written), on=on, days=owed.counted_days, start=basis.due + dt.timedelta(days=1),
        until=owed.until or on, fine=_figures(basis.fine_fen), computed=_figures(owed.amount_fen))


def demand_warnings(db: Database, case: Case, values: dict) -> list[str]:
    """What the officer is told before issuing the 催告书: its 计算截止日 before the surcharge starts while the fine is
    unpaid (``early_cutoff_warning``); the 已加处罚款 written differs from the surcharge computed for the days from
    the day after the payment deadline to the 计算截止日 (3 % of the fine a day, days pending reconsideration or
    litigation not counted, at most the fine); and that the payment deadline it counts from ends in a year without
    holiday data (``_unconfirmed_due``)."""
    basis = demand_basis(db, case, values)
    return early_cutoff_warning(basis, values, "催告书") + _demand_warnings(db, basis, values)


def early_cutoff_warning(basis: DemandBasis, values: dict, title: str) -> list[str]:
    """The warning when the 加处罚款计算截止日 of the 催告书 or 强制执行申请书 (``title``) with ``values`` is before the
    surcharge starts — the document's 加处罚款起算日 (``surcharge_from``), else the first day counted after the
    payment period of ``basis`` — while the fine is still unpaid (its ``unpaid_fen``): no surcharge is counted to
    that day, so the document claims none and says nothing of it (a date typed wrong). None otherwise, or when the
    party's own fine or payment period is not known."""
    on = written_day(values.get("surcharge_on"))
    unpaid = int(values.get("unpaid_fen") or 0)
    if on is None or unpaid <= 0 or basis.unknown or basis.due is None or not basis.fine_fen:
        return []
    from workstation.formkit.values import first_counted

    start = written_day(values.get("surcharge_from")) or first_counted(basis.due + dt.timedelta(days=1),
                                                                       list(basis.paused))
    if on >= start:
        return []
    return [_("The 加处罚款计算截止日 ({on}) is before the surcharge starts ({start}; the payment period ran until "
              "{due}) while {unpaid} is still unpaid: no surcharge is counted to that day, so the {title} claims none "
              "and says nothing of it. Write the day the surcharge is counted to (as a rule the document's date), "
              "or make sure it is meant to be left out.").format(
        on=on, start=start, due=basis.due, unpaid=_figures(unpaid), title=title)]


def _demand_warnings(db: Database, basis: DemandBasis, values: dict) -> list[str]:
    """``demand_warnings`` but the early 计算截止日, on ``basis``."""
    if basis.unknown:  # the party's own fine is not known: no surcharge can be computed for it
        return [unknown_warning(basis.unknown, "已加处罚款")]
    unconfirmed = _unconfirmed_due(db, basis.due)
    accrued = _accrued(basis, values)
    if accrued is None:
        return unconfirmed
    owed, on = accrued.surcharge, accrued.on
    written = int(values.get("surcharge_fen") or 0)
    if written == accrued.owed_fen:
        return unconfirmed
    if _part_paid(basis, on) or accrued.paid_fen:
        from workstation.errors import join_sentences

        return [*unconfirmed, join_sentences([
            _("The 已加处罚款 written ({written}) is not the {owed} of surcharge still owed on {on}.").format(
                written=_figures(written), owed=_figures(accrued.owed_fen), on=on),
            _how_accrued(basis, accrued),
            _("Write {owed}, or make sure the amount written is right (a payment or a pause the case does not "
              "record).").format(owed=_figures(accrued.owed_fen))])]
    # the days counted: to the day the fine was paid in full, when it was before the 计算截止日 (``whole_fine``)
    return [*unconfirmed, _("The 已加处罚款 written ({written}) is not the surcharge computed: {days} days from {start} "
              "to {on} at 3 % of the fine {fine} a day, at most the fine (行政处罚法 art. 72), make {computed}. Write "
              "{computed}, or make sure the amount written is right (a payment or a pause the case does not record)."
              ).format(written=_figures(written), days=owed.counted_days, start=basis.due + dt.timedelta(days=1),
                       on=owed.until or on, fine=_figures(basis.fine_fen), computed=_figures(owed.amount_fen))]


def _unconfirmed_due(db: Database, due: dt.date | None) -> list[str]:
    """The warning when the party's time to pay ends in a year without holiday data (日历待核实): its last day, moved
    off a rest day as T8 is, may lie elsewhere once that year's holidays are known, and with it the first day of the
    surcharge and the first day a 催告书 may bear. None when the year's holidays are known."""
    from workstation.clocks import data_dir_of
    from workstation.workdays import default_calendar

    if due is None or default_calendar(data_dir_of(db)).confirmed(due.year):
        return []
    return [_("The party's time to pay runs until {due}, counted through {year}, whose holidays are not known yet "
              "(calendar unconfirmed): the surcharge from {start} and the earliest date of this 催告书 rest on that "
              "day. Check it against the State Council's holidays of {year} before issuing.").format(
        due=due, year=due.year, start=due + dt.timedelta(days=1))]


def unknown_warning(unknown: str, label: str) -> str:
    """What the officer is told before issuing a 催告书 or 强制执行申请书 to a party whose own amounts are not known
    (``Enforced.unknown``): its amounts are checked only against the case's total for all its parties."""
    from workstation.errors import join_sentences

    return join_sentences([unknown, _("The unpaid amount and the {label} are checked only against that total: write "
                                      "those of the party's own decision, the surcharge at 3 % of its own fine a day "
                                      "and at most that fine (行政处罚法 art. 72).").format(label=label)])


def enforcement_warnings(db: Database, case: Case, values: dict) -> list[str]:
    """What the officer is told before issuing the 强制执行申请书: its party's own amounts are not known
    (``unknown_warning``); its 加处罚款计算截止日 before the surcharge starts while the fine is unpaid
    (``early_cutoff_warning``)."""
    found = enforced(db, case, values)
    if found.unknown:
        return [unknown_warning(found.unknown, "申请执行的加处罚款")]
    return early_cutoff_warning(demand_basis(db, case, values), values, "强制执行申请书")
