"""Fines collected on the spot (当场收缴罚款; REFERENCE §1.3, §1.8; Penalty Law arts. 68–71) under a decision made on
the spot: what its 当场行政处罚决定书 records of the collection (``COLLECTED`` ticked, the ground of art. 68 or 69 and
the number of the finance department's official receipt, 专用票据, art. 70), why issuing it so is refused
(``collection_refusals``), and the payment the collection is, recorded with the step 当场处罚 on the decision's day
(``collected_payment``) so that the case can be closed. The officer's 2 working days to hand the money to the agency
(art. 71) are the clock T32 of ``resources/law/clocks.toml``, of the cases with the decision fact ``FACT``, met by the
clock event ``HANDED_OVER``."""

from __future__ import annotations

from workstation.db import Database
from workstation.i18n import _
from workstation.records import Case

#: the form of a decision made on the spot (``procedure.ON_THE_SPOT_FORM``) and its fields on the collection
FORM = "on_the_spot_decision"
COLLECTED = "collected_on_the_spot"
GROUND = "collection_ground"
RECEIPT = "receipt_no"
#: the ground of art. 68 (2) under which a fine above ¥100 may be collected on the spot too (a choice of ``GROUND``)
HARD_TO_COLLECT = "不当场收缴事后难以执行"
#: the ground of art. 69 (form version 9), under which too: in a remote, waterborne or poorly connected area, at the
#: party's request when paying at the bank or electronically is truly difficult
REMOTE_AREA = "在边远、水上、交通不便地区，当事人到指定的银行或者通过电子支付系统缴纳罚款确有困难，经当事人提出"
#: the grounds a fine above ¥100 may be collected on the spot on: the cap is that of art. 68 (1) alone
UNCAPPED_GROUNDS = (HARD_TO_COLLECT, REMOTE_AREA)
#: the decision fact of a case whose fine was collected on the spot (``clocks.decision_facts``; T32's ``only_for``)
FACT = "collected_on_the_spot"
#: the clock event recording the day the officer handed the money collected to the agency (meets T32)
HANDED_OVER = "fine_handed_over"
#: the clock event recording the day the agency paid the money handed to it into the designated bank (meets T33)
BANKED = "fine_banked"
#: SQL, the case ``cases`` given: 1 when the 当场行政处罚决定书 last issued (not voided) in a case decided on the spot
#: collected its fine on the spot, 0 when it did not, NULL for any other case (``clocks.DECISION_COLUMNS``)
COLLECTED_SQL = (
    f"CASE WHEN procedure_kind = 'simple' THEN (SELECT COALESCE(json_extract(d.values_json, '$.{COLLECTED}'), 0) "
    f"AND COALESCE(json_extract(d.values_json, '$.fine_fen'), 0) > 0 FROM documents d WHERE d.case_id = cases.id "
    f"AND d.form_id = '{FORM}' AND d.status = 'issued' ORDER BY d.issued_at DESC, d.rowid DESC LIMIT 1) END")


def collected(values: dict) -> bool:
    """Whether the values of a 当场行政处罚决定书 say its fine was collected on the spot (a draft of a version before 6,
    without the choice, says it was to be paid at the bank)."""
    return bool(values.get(COLLECTED)) and int(values.get("fine_fen") or 0) > 0


def collection_errors(form_id: str, values: dict) -> dict[str, str]:
    """{field name: why} for a 当场行政处罚决定书 whose checked ``values`` collect the fine on the spot where the law
    does not allow it ({} for another form, or one paid at the bank): no fine to collect; a fine above ¥100
    (thresholds.toml ``[on_the_spot_collection]``) without the ground that it would be hard to collect later
    (Penalty Law art. 68 (2)) or that paying at the bank is truly difficult in a remote area (art. 69), the cap being
    that of art. 68 (1) alone; no number of the official receipt given to the party (art. 70). The editor shows them
    as the values are typed; issuing refuses them (``collection_refusals``)."""
    if form_id != FORM or not values.get(COLLECTED):
        return {}
    from workstation.documents.drafts import find_form
    from workstation.law.thresholds import on_the_spot_collection_limit
    from workstation.money import figures

    ticked = find_form(form_id).field(COLLECTED).label
    fine, limit = int(values.get("fine_fen") or 0), on_the_spot_collection_limit()
    if not fine:
        return {COLLECTED: _("The decision imposes no fine: there is nothing to collect on the spot. Untick "
                             "“{field}”.").format(field=ticked)}
    errors = {}
    if fine > limit and values.get(GROUND) not in UNCAPPED_GROUNDS:
        errors[GROUND] = _(
            "A fine of {amount} is above {limit}: it may be collected on the spot only when it would be hard to "
            "collect later (“{ground}”, Penalty Law art. 68) or, in a remote, waterborne or poorly connected area, "
            "when the party asks because paying at the bank is truly difficult (“{remote}”, art. 69). Choose the "
            "ground that applies, if either does; else untick “{field}”, and the party pays at the bank within 15 "
            "days.").format(
            amount=figures(fine), limit=figures(limit), ground=HARD_TO_COLLECT, remote=REMOTE_AREA, field=ticked)
    if not str(values.get(RECEIPT) or "").strip():
        errors[RECEIPT] = _("A fine collected on the spot is receipted with the official receipt (专用票据) of the "
                            "finance department: write its number (Penalty Law art. 70).")
    return errors


def collection_refusals(form_id: str, values: dict) -> dict[str, str]:
    """``collection_errors`` by field label, as issuing refuses them (``stage_rules.field_refusals``)."""
    errors = collection_errors(form_id, values)
    if not errors:
        return {}
    from workstation.documents.drafts import find_form

    form = find_form(form_id)
    return {form.field(name).label: why for name, why in errors.items()}


def receipt_refusals(db: Database, case: Case, form_id: str, values: dict) -> dict[str, str]:
    """{label of ``RECEIPT``: why} when the 专用票据 number of a 当场行政处罚决定书 collecting its fine on the spot was
    given already in another case — with a 当场行政处罚决定书 in force there (neither voided nor corrected), or for a payment recorded there
    (``payments.voucher_refusal``): one receipt is one payment's. Said when the decision is issued, before it is
    printed and handed over (``stage_rules.field_refusals``), not only when 当场处罚 records its payment; the other
    case named as cases are named (``case_reference.case_named``). {} when it was not (or for another form, or a
    fine paid at the bank); a correction in the same case keeps its receipt."""
    if form_id != FORM or not collected(values):
        return {}
    from workstation.case_reference import case_named
    from workstation.documents.drafts import find_form
    from workstation.payments import Payment, voucher_key, voucher_refusal

    receipt = str(values.get(RECEIPT) or "").strip()
    key = voucher_key(receipt)
    if not key:
        return {}
    label = find_form(form_id).field(RECEIPT).label
    for serial, given, dated, number, party, cause in db.execute(
            f"SELECT json_extract(d.values_json, '$.serial_no'), json_extract(d.values_json, '$.{RECEIPT}'), "
            f"substr(COALESCE(json_extract(d.values_json, '$.decided_at'), d.issued_at), 1, 10), c.case_number, "
            f"c.party_names, c.cause FROM documents d JOIN cases c ON c.id = d.case_id WHERE d.form_id = ? AND "
            f"d.status = 'issued' AND d.case_id != ? AND json_valid(d.values_json) AND "
            f"COALESCE(json_extract(d.values_json, '$.{COLLECTED}'), 0) AND NOT EXISTS (SELECT 1 FROM documents s "
            f"WHERE s.supersedes_id = d.id AND s.status = 'issued') ORDER BY d.issued_at, d.rowid",
            [FORM, case.id]).fetchall():
        if voucher_key(str(given or "")) == key:
            return {label: _("The 专用票据 no. {receipt} was given with the 当场行政处罚决定书 {serial} of case {case} "
                             "({date}): a receipt is one payment's. Write the number of the receipt given to this "
                             "party.").format(receipt=str(given).strip(), serial=str(serial or "").strip() or "—",
                                              case=case_named(number, party or "", cause or ""), date=dated)}
    refused = voucher_refusal(db, case, Payment(voucher=receipt))
    return {label: refused[1]} if refused else {}


def collected_payment(values: dict):
    """The payment a 当场行政处罚决定书 collecting its fine on the spot records (``payments.Payment``: the fine, its
    receipt's number as the voucher), None for one paid at the bank."""
    from workstation.payments import Payment

    if not collected(values):
        return None
    return Payment(paid_fen=int(values["fine_fen"]), voucher=str(values.get(RECEIPT) or "").strip())


def fine_collected(db: Database, case: Case) -> bool:
    """Whether the case was decided on the spot with its fine collected there (its 当场行政处罚决定书 in force)."""
    row = db.execute(f"SELECT {COLLECTED_SQL} FROM cases WHERE id = ?", [case.id]).fetchone()
    return bool(row and row[0])
