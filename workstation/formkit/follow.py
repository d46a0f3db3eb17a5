"""Fields of a penalty form that follow its amounts as the officer types them (the document editor applies them
at once, each as a step of its own): the 罚没款合计 (``total_fen``) is the fine plus the confiscated gains, and
the hearing box of the 调查终结报告 and the 行政处罚告知书 (``hearing_required``) is ticked once either amount
reaches the hearing amount for the party's kind (Penalty Law art. 63; resources/law/thresholds.toml [hearing]).
A total the officer wrote otherwise stays as written; the hearing box is ticked whenever an amount reaches the
hearing amount, and unticked when the amounts fall below it again only if they had reached it — a box ticked by
hand below the amounts (another, heavier penalty proposed) is kept."""

from __future__ import annotations

from workstation.formkit.spec import FormSpec
from workstation.law.thresholds import hearing
from workstation.money import yuan_input
from workstation.validators import parse_money_fen

#: the amounts that make the total and decide the hearing right
AMOUNT_FIELDS = ("fine_fen", "confiscated_fen")
TOTAL_FIELD = "total_fen"
HEARING_FIELD = "hearing_required"
#: the forms whose hearing box states the right the proposed penalty gives (the decision's records what its
#: notice told, which the decision's amounts do not change)
HEARING_FORMS = ("investigation_report", "pre_penalty_notice")


def _fen(value) -> int | None:
    """An amount as typed, in fen; None while it is not an amount (the field's own error says so)."""
    try:
        return parse_money_fen(value)
    except ValueError:
        return None


def _amounts(values: dict) -> tuple[int, int] | None:
    fine, confiscated = (_fen(values.get(name)) for name in AMOUNT_FIELDS)
    return None if fine is None or confiscated is None else (fine, confiscated)


def hearing_given(party_kind: str | None, values: dict) -> bool | None:
    """Whether the fine or the confiscated gains of ``values`` reach the hearing amount for a party of
    ``party_kind`` (a company's when unknown); None while an amount is not one."""
    amounts = _amounts(values)
    return None if amounts is None else hearing(party_kind or "company", *amounts).applies


def followed(form: FormSpec, party_kind: str | None, before: dict, after: dict) -> dict[str, object]:
    """The fields of ``form`` to change after the officer changed ``before`` into ``after`` (values as the editor
    holds them: amounts in yuan as typed), with their new values: the total that still showed the sum of the
    amounts before (or nothing), and the hearing box (see the module). Empty when no amount changed, or while an
    amount is not one."""
    names = {field.name for field in form.fields}
    if not set(AMOUNT_FIELDS) <= names or all(before.get(n) == after.get(n) for n in AMOUNT_FIELDS):
        return {}
    old, new = _amounts(before), _amounts(after)
    if old is None or new is None:
        return {}
    changes: dict[str, object] = {}
    if TOTAL_FIELD in names:
        total = _fen(after.get(TOTAL_FIELD))
        if (total == sum(old) or after.get(TOTAL_FIELD) in (None, "")) and total != sum(new):
            changes[TOTAL_FIELD] = yuan_input(sum(new))
    if HEARING_FIELD in names and form.id in HEARING_FORMS:
        was, now = hearing(party_kind or "company", *old).applies, hearing(party_kind or "company", *new).applies
        ticked = bool(after.get(HEARING_FIELD))
        if now and not ticked or was and not now and ticked:  # reached: ticked; below again: as it was before
            changes[HEARING_FIELD] = now
    return changes
