"""The late-payment surcharge (加处罚款, REFERENCE §1.2 T9): 3 % of the fine for each day from the day after
the payment deadline, never more than the fine itself, not accruing while reconsideration or litigation is
pending (Penalty Law arts. 72–73; Administrative Compulsion Law art. 45). Rate, cap and rounding are read
from ``[late_payment]`` of the thresholds.toml in force (the bureau's copy or ``resources/law/thresholds.toml``,
checked as it is read: ``law.data.check_thresholds``)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import pairwise

from workstation.errors import ValidationError
from workstation.i18n import _
from workstation.law.data import as_date, check_amounts, decimal_text, load, shown_date, text, yuan

DAY = dt.timedelta(days=1)
#: the rounding rules of thresholds.toml [late_payment] ``rounding`` (``surcharge``)
ROUNDINGS = ("total_down", "daily_down")


@dataclass(frozen=True)
class Surcharge:
    """The surcharge owed on a date: days overdue by then less those paused, days paused, the amount, whether the
    cap was reached, each step of the computation (in English when ``WORKSTATION_LANG=en``), and the legal source;
    the last day that bore it and the days that did (``until``, ``counted_days``: the day the fine was paid in full
    ends them), and the fine each stretch was counted on (``bases``)."""

    days: int
    paused_days: int
    amount_fen: int
    capped: bool
    steps: tuple[str, ...]
    source: str
    #: the last day counted: the day asked, or the earlier day a payment paid the fine in full (nothing accrues after
    #: it, Penalty Law art. 72); None when the count never started (the day asked, or the fine paid in full, by the
    #: last day of the payment period) — set, though, when every day counted was paused
    until: dt.date | None = None
    #: the days that bore a surcharge, to ``until`` (``days`` runs to the day asked, paused days aside)
    counted_days: int = 0
    #: (fen the 3 % a day was counted on, days counted on it) of each stretch: the whole fine, or after a payment of
    #: part with ``surcharge_base = "unpaid"`` what was still unpaid (what the messages name as its base)
    bases: tuple[tuple[int, int], ...] = ()
    #: the days paused to ``until`` (``paused_days`` runs to the day asked): with ``counted_days``, every day from
    #: the day after the period ended to ``until``
    counted_paused_days: int = 0


def _paused_days(start: dt.date, as_of: dt.date, paused: Iterable[tuple]) -> int:
    days: set[int] = set()
    for number, interval in enumerate(paused, start=1):
        begin = as_date(interval[0], "paused")
        end = as_of if interval[1] is None else as_date(interval[1], "paused")
        if end < begin:
            raise ValidationError({"paused": _("Pause {n} ends before it begins.").format(n=number)})
        days.update(range(max(begin, start).toordinal(), min(end, as_of).toordinal() + 1))
    return len(days)


def _exact_yuan(fen: Fraction) -> str:
    return yuan(int(fen)) if fen.denominator == 1 else f"¥{decimal_text(fen / 100)}"


#: the fines a surcharge may be counted on, thresholds.toml [late_payment] ``surcharge_base`` (``surcharge``)
BASES = ("unpaid", "whole_fine")


def _paid_before(payments: Iterable[tuple], as_of: dt.date) -> list[tuple[dt.date, int]]:
    """The payments of part of the fine (day, fen toward the fine) made before ``as_of``, in their order: one made
    on ``as_of`` itself does not lower its day's base (a payment counts from the day after it)."""
    paid = [(as_date(day, "payments"), int(fen)) for day, fen in payments]
    return sorted((day, fen) for day, fen in paid if day < as_of and fen > 0)


def _settled_on(fine_fen: int, paid: list[tuple[dt.date, int]]) -> dt.date | None:
    """The day the payments ``paid`` (in their order) paid the fine ``fine_fen`` in full, None when they did not."""
    total = 0
    for day, fen in paid:
        total += fen
        if fine_fen > 0 and total >= fine_fen:
            return day
    return None


def surcharge(fine_fen: int, due: dt.date | str, as_of: dt.date | str,
              paused: Iterable[tuple[dt.date | str, dt.date | str | None]] = (),
              payments: Iterable[tuple[dt.date | str, int]] = ()) -> Surcharge:
    """The surcharge on an unpaid fine as of ``as_of`` (inclusive) when the payment period ended on ``due``.

    Counting starts the day after ``due``. A day inside a ``paused`` interval (start and end both inclusive;
    end None = still pending) does not accrue. Rounding rule (``rounding`` in the data): ``total_down`` — the
    total fine × 3 % × days is rounded down to whole fen once, so the party never pays above the statutory
    rate; ``daily_down`` rounds each day's amount down first. The result never exceeds the fine.

    ``payments``: (day, fen) paid of the fine before the whole was paid (payments of part; their surcharge left
    out). With ``surcharge_base = "unpaid"`` in the data (UNCONFIRMED, the default), each day counts on the fine
    still unpaid that day — a payment lowers it from the day after it was made; with ``"whole_fine"`` on the whole
    fine. Either way the result is the surcharge accrued in all by ``as_of`` — what was paid of it included — and
    at most the fine (行政处罚法 art. 72: 加处罚款的数额不得超出罚款的数额; REFERENCE §1.2 T9: total surcharge ≤
    fine): a payment of part lowers what accrues after it, never what accrued before it. The steps say which base
    was used whenever a payment of part was made before ``as_of``. Once the payments paid the whole fine, nothing
    accrues after that day: the stretches and the steps stop there, and so do ``until`` and ``counted_days``
    (``days`` and ``paused_days`` still run to ``as_of``, as before: the first day counted is derived from them)."""
    check_amounts(fine_fen=fine_fen)
    due, as_of = as_date(due, "due"), as_date(as_of, "as_of")
    paused = list(paused)
    paid = _paid_before(payments, as_of)
    # the fine paid in full before ``as_of``: nothing accrues after that day (its own day still counts on what was
    # unpaid that morning), so the count and its steps stop there, the payment in full said with the others
    settled = _settled_on(fine_fen, paid)
    if settled is None:
        result = _surcharge(fine_fen, due, as_of, paused, paid, paid)
        return replace(result, counted_days=result.days, counted_paused_days=result.paused_days)
    result = _surcharge(fine_fen, due, settled, paused, [(day, fen) for day, fen in paid if day < settled], paid)
    if settled <= due:  # paid in full before the period ended: said so, not as if the day asked were that day
        result = replace(result, steps=(*_paid_steps(paid), _(
            "The fine was paid in full on {settled}, before the period for paying it ended on {due}: no surcharge "
            "is added.").format(settled=shown_date(settled), due=shown_date(due))))
    total = max((as_of - due).days, 0)
    held = _paused_days(due + DAY, as_of, paused) if total else 0
    return replace(result, days=total - held, paused_days=held, counted_days=result.days,
                   counted_paused_days=result.paused_days)


def _surcharge(fine_fen: int, due: dt.date, as_of: dt.date, paused: list, paid: list[tuple[dt.date, int]],
               listed: list[tuple[dt.date, int]]) -> Surcharge:
    """``surcharge`` counted to ``as_of`` on the payments of part ``paid`` before it, the steps naming ``listed``."""
    rule = load("thresholds")["late_payment"]
    start = due + DAY
    if as_of < start:
        return Surcharge(0, 0, 0, False, (text("thresholds", "surcharge_none", as_of=shown_date(as_of), due=shown_date(due)),),
                         rule["source"])
    total = (as_of - due).days
    paused_days = _paused_days(start, as_of, paused)
    days = total - paused_days
    # the rounding and the base are one of ROUNDINGS and BASES: the file in force was checked as it was read (a
    # bureau's copy with another gives way to the shipped file, the problem naming the copy: law.data.check_thresholds)
    base = rule.get("surcharge_base", "unpaid")
    if paid and base == "unpaid":
        return _on_unpaid(fine_fen, due, as_of, paused, paid, rule, total, paused_days, listed)
    daily = Fraction(fine_fen * rule["rate_percent"], 100)
    daily = daily if rule["rounding"] == "total_down" else Fraction(math.floor(daily))
    exact = daily * days
    owed = math.floor(exact)
    steps = [text("thresholds", "surcharge_start", due=shown_date(due), start=shown_date(start), rate=rule["rate_percent"]),
             *_paid_steps(listed),
             *([text("thresholds", "surcharge_base_whole", fine=yuan(fine_fen))] if paid else []),
             text("thresholds", "surcharge_daily", fine=yuan(fine_fen), rate=rule["rate_percent"],
                  daily=_exact_yuan(daily)),
             text("thresholds", "surcharge_days", as_of=shown_date(as_of), total=total, paused=paused_days, days=days),
             text("thresholds", "surcharge_amount", daily=_exact_yuan(daily), days=days, amount=_exact_yuan(exact))]
    if owed != exact:
        steps.append(text("thresholds", "surcharge_rounded", amount=yuan(owed)))
    capped = fine_fen > 0 and owed >= fine_fen
    if capped:
        steps.append(text("thresholds", "surcharge_capped", fine=yuan(fine_fen)))
    return Surcharge(days, paused_days, min(owed, fine_fen), capped, tuple(steps), rule["source"],
                     until=as_of, bases=((fine_fen, days),))


def _paid_steps(paid: list[tuple[dt.date, int]]) -> list[str]:
    return [text("thresholds", "surcharge_paid", on=shown_date(day), amount=yuan(fen)) for day, fen in paid]


def _on_unpaid(fine_fen: int, due: dt.date, as_of: dt.date, paused, paid: list[tuple[dt.date, int]], rule: dict,
               total: int, paused_days: int, listed: list[tuple[dt.date, int]]) -> Surcharge:
    """``surcharge`` counted each day on the fine still unpaid that day (``surcharge_base = "unpaid"``): the days
    from the day after ``due`` to ``as_of`` cut where a payment of part lowered the unpaid fine (from the day after
    it), each stretch at 3 % of what was unpaid, the paused days left out; in all at most the fine itself (Penalty
    Law art. 72), not what is left unpaid of it — each day only adds, so what accrued by a payment stays owed.
    ``listed``: the payments the steps name (``paid`` and the payment in full ending the count)."""
    start = due + DAY
    rate = rule["rate_percent"]
    cuts = sorted({day + DAY for day, _fen in paid if day + DAY > start})
    bounds = [start, *cuts, as_of + DAY]
    steps = [text("thresholds", "surcharge_start", due=shown_date(due), start=shown_date(start), rate=rate),
             *_paid_steps(listed), text("thresholds", "surcharge_base_unpaid")]
    exact = Fraction(0)
    bases = []
    for first, after in pairwise(bounds):
        last = after - DAY
        unpaid = max(fine_fen - sum(fen for day, fen in paid if day < first), 0)
        days = (after - first).days - _paused_days(first, last, paused)
        daily = Fraction(unpaid * rate, 100)
        daily = daily if rule["rounding"] == "total_down" else Fraction(math.floor(daily))
        exact += daily * days
        bases.append((unpaid, days))
        steps.append(text("thresholds", "surcharge_segment", first=shown_date(first), last=shown_date(last),
                          unpaid=yuan(unpaid), rate=rate, daily=_exact_yuan(daily), days=days,
                          amount=_exact_yuan(daily * days)))
    owed = math.floor(exact)  # each day's amount already whole fen under "daily_down"
    steps.append(text("thresholds", "surcharge_days", as_of=shown_date(as_of), total=total, paused=paused_days,
                      days=total - paused_days))
    steps.append(text("thresholds", "surcharge_total", amount=_exact_yuan(exact)))
    if owed != exact:
        steps.append(text("thresholds", "surcharge_rounded", amount=yuan(owed)))
    capped = fine_fen > 0 and owed >= fine_fen
    if capped:
        steps.append(text("thresholds", "surcharge_capped", fine=yuan(fine_fen)))
    return Surcharge(total - paused_days, paused_days, min(owed, fine_fen), capped, tuple(steps), rule["source"],
                     until=as_of, bases=tuple(bases))
