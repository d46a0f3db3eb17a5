"""The 行政处罚决定履行催告书's late-payment surcharge and date (REFERENCE §1.2 T8, T9, T15): the 催告书 is sent only
once the party let the payment period of the decision run out (fifteen days after its service, 行政处罚法 art. 67;
行政强制法 art. 54), and the 加处罚款 it states is 3 % of the fine a day from the day after that period, never more
than the fine (行政处罚法 art. 72). ``demand_refusal`` refuses a surcharge above the fine and a 催告书 dated within the
payment period (its 计算截止日 after its own date is the form's ``not_after``); ``demand_warnings`` tells the officer
when the surcharge written differs from the one computed for its days (a partial payment or a pause the case does
not record may explain it, so it is not refused). The 强制执行申请书's 申请执行的加处罚款 is held to the fine the same way
(``surcharge_refusal``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workstation.db import Database
from workstation.i18n import _
from workstation.records import Case

FORM_ID = "performance_demand"


@dataclass(frozen=True)
class DemandBasis:
    """What the surcharge of the party's 催告书 is computed from: the fine its decision imposed (fen), the last day
    of the payment period (None when neither the case's clock nor the 决定书送达日期 gives it) and the days a
    reconsideration or a lawsuit was pending (not counted, art. 73)."""

    fine_fen: int
    due: dt.date | None
    paused: tuple[tuple, ...]


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def demand_basis(db: Database, case: Case, values: dict) -> DemandBasis:
    """The fine, payment deadline and pauses of the party the 催告书 ``values`` is for: the party's decision in
    force, its payment period as the case's clock T8 counts it, else fifteen days after the 决定书送达日期 the
    document gives (counted as T8 counts)."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.law.case_law import _paused
    from workstation.payments import _amounts, payment_due
    from workstation.store import parties_of_case

    parties = parties_of_case(db, case.id)
    party_id = values.get(PARTY_KEY) or (parties[0].id if parties else None)
    single = party_id if len(parties) > 1 else None
    fine = _amounts(db, case, single)[0]
    due = _day(payment_due(db, case, single))
    served = _day(values.get("decision_served_on"))
    if due is None and served is not None:
        from workstation import clocks

        rule = clocks.rule("T8")
        due = dt.date.fromordinal(clocks.engine_for(db).add(rule.unit, served.toordinal(), rule.period))
    return DemandBasis(fine, due, tuple(_paused(db, case, single)))


def _figures(fen: int) -> str:
    from workstation.money import figures

    return figures(fen)


def surcharge_refusal(db: Database, case: Case, values: dict, label: str = "已加处罚款",
                      basis: DemandBasis | None = None) -> str | None:
    """Why the surcharge a document states (its field ``surcharge_fen``, called ``label`` on the form) cannot be
    issued, None when it can: it is more than the fine of the party's decision (行政处罚法 art. 72: 加处罚款的数额不得
    超出罚款的数额). The 催告书 and the 强制执行申请书 state one."""
    basis = basis or demand_basis(db, case, values)
    written = int(values.get("surcharge_fen") or 0)
    if written > basis.fine_fen:
        return _("The {label} ({surcharge}) is more than the fine ({fine}): the surcharge never exceeds the fine "
                 "(行政处罚法 art. 72). Write {fine} at most.").format(label=label, surcharge=_figures(written),
                                                                   fine=_figures(basis.fine_fen))
    return None


def demand_refusal(db: Database, case: Case, values: dict) -> str | None:
    """Why the 催告书 cannot be issued for its surcharge or its date (None when it can): a 已加处罚款 above the fine
    (行政处罚法 art. 72), or a 落款日期 within the payment period — the party has not yet failed to perform."""
    basis = demand_basis(db, case, values)
    refusal = surcharge_refusal(db, case, values, basis=basis)
    if refusal:
        return refusal
    signed = _day(values.get("signed_on"))
    if signed is not None and basis.due is not None and signed <= basis.due:
        return _("The 落款日期 ({signed}) is within the party's time to pay, which runs until {due} (fifteen days "
                 "after the decision was served, 行政处罚法 art. 67): the 催告书 says the party did not perform in "
                 "time, and is sent only after that (行政强制法 art. 54). Date it {first} or later.").format(
            signed=signed, due=basis.due, first=basis.due + dt.timedelta(days=1))
    return None


def demand_warnings(db: Database, case: Case, values: dict) -> list[str]:
    """What the officer is told before issuing the 催告书: the 已加处罚款 written differs from the surcharge computed
    for the days from the day after the payment deadline to the 计算截止日 (3 % of the fine a day, days pending
    reconsideration or litigation not counted, at most the fine)."""
    from workstation.law.surcharge import surcharge

    basis = demand_basis(db, case, values)
    on = _day(values.get("surcharge_on")) or _day(values.get("signed_on"))
    if not basis.fine_fen or basis.due is None or on is None:
        return []
    owed = surcharge(basis.fine_fen, basis.due, on, basis.paused)
    written = int(values.get("surcharge_fen") or 0)
    if written == owed.amount_fen:
        return []
    return [_("The 已加处罚款 written ({written}) is not the surcharge computed: {days} days from {start} to {on} at 3 % "
              "of the fine {fine} a day, at most the fine (行政处罚法 art. 72), make {computed}. Write {computed}, or "
              "make sure the amount written is right (a payment or a pause the case does not record).").format(
        written=_figures(written), days=owed.days, start=basis.due + dt.timedelta(days=1), on=on,
        fine=_figures(basis.fine_fen), computed=_figures(owed.amount_fen))]
