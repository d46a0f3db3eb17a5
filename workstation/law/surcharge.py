"""The late-payment surcharge (加处罚款, REFERENCE §1.2 T9): 3 % of the fine for each day from the day after
the payment deadline, never more than the fine itself, not accruing while reconsideration or litigation is
pending (Penalty Law arts. 72–73; Administrative Compulsion Law art. 45). Rate, cap and rounding are read
from ``[late_payment]`` of ``resources/law/thresholds.toml``."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from workstation.errors import ValidationError, WorkstationError
from workstation.i18n import _
from workstation.law.data import as_date, check_amounts, decimal_text, load, shown_date, text, yuan

DAY = dt.timedelta(days=1)
ROUNDINGS = ("total_down", "daily_down")


@dataclass(frozen=True)
class Surcharge:
    """The surcharge owed on a date: days counted, days paused, the amount, whether the cap was reached,
    each step of the computation (in English when ``WORKSTATION_LANG=en``), and the legal source."""

    days: int
    paused_days: int
    amount_fen: int
    capped: bool
    steps: tuple[str, ...]
    source: str


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


def surcharge(fine_fen: int, due: dt.date | str, as_of: dt.date | str,
              paused: Iterable[tuple[dt.date | str, dt.date | str | None]] = ()) -> Surcharge:
    """The surcharge on an unpaid fine as of ``as_of`` (inclusive) when the payment period ended on ``due``.

    Counting starts the day after ``due``. A day inside a ``paused`` interval (start and end both inclusive;
    end None = still pending) does not accrue. Rounding rule (``rounding`` in the data): ``total_down`` — the
    total fine × 3 % × days is rounded down to whole fen once, so the party never pays above the statutory
    rate; ``daily_down`` rounds each day's amount down first. The result never exceeds the fine."""
    check_amounts(fine_fen=fine_fen)
    due, as_of = as_date(due, "due"), as_date(as_of, "as_of")
    rule = load("thresholds")["late_payment"]
    start = due + DAY
    if as_of < start:
        return Surcharge(0, 0, 0, False, (text("thresholds", "surcharge_none", as_of=shown_date(as_of), due=shown_date(due)),),
                         rule["source"])
    total = (as_of - due).days
    paused_days = _paused_days(start, as_of, paused)
    days = total - paused_days
    if rule["rounding"] not in ROUNDINGS:
        raise WorkstationError(_("Unknown rounding rule {rule} in resources/law/thresholds.toml; use one of: "
                                 "{known}.").format(rule=rule["rounding"], known=", ".join(ROUNDINGS)))
    daily = Fraction(fine_fen * rule["rate_percent"], 100)
    daily = daily if rule["rounding"] == "total_down" else Fraction(math.floor(daily))
    exact = daily * days
    owed = math.floor(exact)
    steps = [text("thresholds", "surcharge_start", due=shown_date(due), start=shown_date(start), rate=rule["rate_percent"]),
             text("thresholds", "surcharge_daily", fine=yuan(fine_fen), rate=rule["rate_percent"],
                  daily=_exact_yuan(daily)),
             text("thresholds", "surcharge_days", as_of=shown_date(as_of), total=total, paused=paused_days, days=days),
             text("thresholds", "surcharge_amount", daily=_exact_yuan(daily), days=days, amount=_exact_yuan(exact))]
    if owed != exact:
        steps.append(text("thresholds", "surcharge_rounded", amount=yuan(owed)))
    capped = fine_fen > 0 and owed >= fine_fen
    if capped:
        steps.append(text("thresholds", "surcharge_capped", fine=yuan(fine_fen)))
    return Surcharge(days, paused_days, min(owed, fine_fen), capped, tuple(steps), rule["source"])
