"""Fields of a penalty form that follow its amounts as the officer types them (the document editor applies them
at once, each as a step of its own): the 罚没款合计 (``total_fen``) is the fine plus the confiscated gains, and
the hearing box of the 调查终结报告 and the 行政处罚告知书 (``hearing_required``) is ticked once either amount
reaches the hearing amount for the party's kind, or the 其他行政处罚 names a penalty giving the right (吊销营业执照,
责令停产停业 …; Penalty Law art. 63; resources/law/thresholds.toml [hearing]).
An amount that cannot be read for a moment — a thousands separator half typed, 50, on its way to 50,000 — changes
nothing, and the amounts typed next are compared with those last read (``read_before``), not with the half-typed
one, so that the total and the hearing box go on following. A total the officer wrote otherwise stays as written;
the hearing box is ticked whenever an amount reaches the hearing amount, and unticked when the amounts fall below
it again only if they had reached it — a box ticked by hand below the amounts (another, heavier penalty proposed) is
kept.

The surcharge a 催告书 or 强制执行申请书 states is the one accrued as of that document: its 加处罚款计算截止日
(``surcharge_on``) follows the date it is signed (``signed_on``) while the two were the same, and the amount
(``surcharge_fen``) is computed again for the new day (``surcharge_changes``) unless the officer wrote it otherwise."""

from __future__ import annotations

from workstation.formkit.spec import FormSpec
from workstation.law.thresholds import hearing, written_penalties
from workstation.money import yuan_input
from workstation.validators import parse_amount_fen

#: the amounts that make the total and decide the hearing right
AMOUNT_FIELDS = ("fine_fen", "confiscated_fen")
TOTAL_FIELD = "total_fen"
#: the 其他行政处罚 written out: 吊销营业执照, 责令停产停业 … give the hearing right whatever the amounts
OTHER_FIELD = "other_penalty"
HEARING_FIELD = "hearing_required"
#: the forms whose hearing box states the right the proposed penalty gives (the decision's records what its
#: notice told, which the decision's amounts do not change)
HEARING_FORMS = ("investigation_report", "pre_penalty_notice")


def _fen(value) -> int | None:
    """An amount as typed (1.5万 too, as the field reads it), in fen; None while it is not an amount (the field's own
    error says so)."""
    try:
        return parse_amount_fen(value)
    except ValueError:
        return None


def read_amounts(values: dict) -> tuple[int, int] | None:
    """The fine and the confiscated gains of ``values`` in fen; None while one of them is not an amount."""
    fine, confiscated = (_fen(values.get(name)) for name in AMOUNT_FIELDS)
    return None if fine is None or confiscated is None else (fine, confiscated)


def hearing_given(party_kind: str | None, values: dict) -> bool | None:
    """Whether the fine or the confiscated gains of ``values`` reach the hearing amount for a party of
    ``party_kind`` (a company's when unknown), or its 其他行政处罚 names a penalty giving the right; None while an
    amount is not one."""
    amounts = read_amounts(values)
    return None if amounts is None else hearing(party_kind or "company", *amounts,
                                                penalties=written_penalties(values.get(OTHER_FIELD))).applies


#: the surcharge's day, the date the document is signed and the amount (performance_demand, enforcement_application)
SURCHARGE_ON, SIGNED_ON, SURCHARGE_FIELD = "surcharge_on", "signed_on", "surcharge_fen"


def surcharge_changes(form: FormSpec, basis: dict | None, before: dict, after: dict) -> dict[str, object]:
    """The surcharge fields to change after ``before`` became ``after``: the 加处罚款计算截止日 that was the signing date
    (or empty) follows a new signing date, and the amount still as computed for the old day (or empty) is computed
    for the new one from ``basis`` (``penalty.surcharge_basis`` of the case context: the fine, its payment deadline,
    the days paused and the payments of part), None when nothing is owed by then. The amount is the surcharge still
    owed that day — accrued less what the payments of part made by then paid of it (``surcharge_payments`` of the
    basis) — as the draft's pre-fill and ``demand_surcharge`` count it. Empty when the form states no surcharge."""
    names = {field.name for field in form.fields}
    if not {SURCHARGE_ON, SURCHARGE_FIELD} <= names:
        return {}
    from workstation.validators import parse_date

    def day(values: dict, name: str) -> str | None:
        try:
            return parse_date(values.get(name))
        except ValueError:
            return None

    changes: dict[str, object] = {}
    old_on, new_on = day(before, SURCHARGE_ON), day(after, SURCHARGE_ON)
    signed_before, signed_after = day(before, SIGNED_ON), day(after, SIGNED_ON)
    if signed_after and signed_after != signed_before and new_on == old_on and old_on in (None, signed_before):
        new_on = changes[SURCHARGE_ON] = signed_after
    if not basis or not new_on or new_on == old_on:
        return changes
    from workstation.law.surcharge import surcharge
    from workstation.payments import surcharge_paid

    def owed(on: str | None) -> int | None:
        if not on:
            return None
        accrued = surcharge(int(basis["fine_fen"]), basis["due"], on, [tuple(p) for p in basis["paused"]],
                            [tuple(p) for p in basis.get("payments") or ()]).amount_fen
        # what the payments of part made by then paid of it is not owed again (``DemandBasis.surcharge_paid``)
        paid = surcharge_paid([tuple(p) for p in basis.get("surcharge_payments") or ()], on)
        return max(accrued - paid, 0) or None

    written = _fen(after.get(SURCHARGE_FIELD)) if after.get(SURCHARGE_FIELD) not in (None, "") else None
    if written == owed(old_on) or after.get(SURCHARGE_FIELD) in (None, ""):
        amount = owed(new_on)
        changes[SURCHARGE_FIELD] = yuan_input(amount) if amount else None
    return changes


def followed(form: FormSpec, party_kind: str | None, before: dict, after: dict,
             surcharge_basis: dict | None = None, read_before: tuple[int, int] | None = None) -> dict[str, object]:
    """The fields of ``form`` to change after the officer changed ``before`` into ``after`` (values as the editor
    holds them: amounts in yuan as typed), with their new values: the total that still showed the sum of the
    amounts before (or nothing), and the hearing box (see the module); and the surcharge as of the day the
    document is signed (``surcharge_changes``, with the case's ``surcharge_basis``). Empty when no amount changed,
    or while an amount is not one. ``read_before``: the amounts as last read (``read_amounts``), compared with in
    place of those of ``before`` when one of these cannot be read (half typed: 50,)."""
    return {**_amount_changes(form, party_kind, before, after, read_before),
            **surcharge_changes(form, surcharge_basis, before, after)}


def _amount_changes(form: FormSpec, party_kind: str | None, before: dict, after: dict,
                    read_before: tuple[int, int] | None = None) -> dict[str, object]:
    names = {field.name for field in form.fields}
    if not set(AMOUNT_FIELDS) <= names or all(before.get(n) == after.get(n) for n in (*AMOUNT_FIELDS, OTHER_FIELD)):
        return {}
    old, new = read_amounts(before) or read_before, read_amounts(after)
    if old is None or new is None:
        return {}
    changes: dict[str, object] = {}
    if TOTAL_FIELD in names:
        total = _fen(after.get(TOTAL_FIELD))
        if (total == sum(old) or after.get(TOTAL_FIELD) in (None, "")) and total != sum(new):
            changes[TOTAL_FIELD] = yuan_input(sum(new))
    if HEARING_FIELD in names and form.id in HEARING_FORMS:
        was = hearing(party_kind or "company", *old, penalties=written_penalties(before.get(OTHER_FIELD))).applies
        now = hearing(party_kind or "company", *new, penalties=written_penalties(after.get(OTHER_FIELD))).applies
        ticked = bool(after.get(HEARING_FIELD))
        if now and not ticked or was and not now and ticked:  # reached: ticked; below again: as it was before
            changes[HEARING_FIELD] = now
    return changes
