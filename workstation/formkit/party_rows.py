"""The 当事人 of every party of a case with several parties, for the forms a case keeps one of (REFERENCE §2.2): the
立案审批表 and the 案件来源登记表 list each party (name, licence, 统一社会信用代码 or 身份证件号码, address, legal
representative), and the 结案审批表 each party's decision in force and how it was carried out (its payment, or the
application to the people's court), with the totals. Each is a multi-line text, one table row a line, its columns
(label | value | label | value) separated by " | ", which the form repeats in the place of its one-party rows
(``row_repeat`` of workstation/formkit/spec.py). A case with one party gets none of them: its forms print as ever."""

from __future__ import annotations

from workstation.clocks import NO_PENALTY_FORM
from workstation.db import Database
from workstation.formkit.spec import FormSpec, condition_fields
from workstation.money import chinese_date, figures, uppercase
from workstation.records import Case, Party

#: 当事人一, 当事人二 …: the parties in the case's order
NUMERALS = "一二三四五六七八九十"
#: the licence a party's kind holds (主体资格证照名称), as the 立案审批表's party_defaults give it
LICENCES = {"person": "居民身份证", "association": "社会团体法人登记证书"}
#: the licence a USCC's registration-authority code and type (characters 1–2, or 1 for the whole authority) say the
#: party holds — 民政's 社会团体, 民办非企业单位 and 基金会, 编办's 事业单位, 市场监管's business licence: ``[licences]`` of
#: resources/reference/uscc_kinds.toml (UNCONFIRMED, editable); another authority's organisation (a 机关 …) holds the
#: 统一社会信用代码证书
CODE_CERTIFICATE = "统一社会信用代码证书"
ENFORCED = "已于{day}申请人民法院强制执行"
#: the 执行情况 of a party given a 不予行政处罚决定书: nothing to execute
NOT_PENALISED = "不予行政处罚，无需执行"


def _clean(value) -> str:
    """A value as one cell of a line: no column separator, no line break."""
    return " ".join(str(value or "").replace("|", "／").replace("｜", "／").split())


def _line(*parts) -> str:
    return " | ".join(_clean(part) for part in parts)


def _heading(index: int) -> str:
    return f"当事人{NUMERALS[index] if index < len(NUMERALS) else index + 1}"


def code_label(party: Party) -> str:
    """The name of the code ``party`` is identified by, by its kind: a natural person's 身份证件号码; every other
    kind's (a company, an individual business, an association) 统一社会信用代码, also while it is not known (a case
    filed from a lead names a company without one) — but 身份证件号码 for one recorded with an ID number and no
    credit code, which is the number printed beside it, or with one as its credit code (``id_number_not_uscc``: a
    party saved so before it was refused, which the register import stores as its ID number)."""
    from workstation.validators import id_number_not_uscc

    if party.kind == "person" or (not party.uscc and party.id_number) or id_number_not_uscc(party.uscc):
        return "身份证件号码"
    return "统一社会信用代码"


def _code(party: Party) -> tuple[str, str]:
    return code_label(party), party.uscc or party.id_number or ""


def licence_name(party: Party) -> str:
    """The 主体资格证照名称 of ``party``: a person's ID card, an organisation's licence as its USCC's
    registration-authority code and type say (``[licences]`` of uscc_kinds.toml), else as its kind does (``LICENCES``)."""
    if party.kind == "person":
        return LICENCES["person"]
    if party.uscc:
        from workstation.validators import uscc_kinds

        licences = uscc_kinds()["licences"]
        return licences.get(party.uscc[:2]) or licences.get(party.uscc[:1]) or CODE_CERTIFICATE
    return LICENCES.get(party.kind, "营业执照")


def _address_label(party: Party) -> str:
    return "住址" if party.kind == "person" else "住所"


def filing_rows(parties: list[Party]) -> str:
    """The 立案审批表's 当事人 rows of each party, as its one-party rows print them; "" for fewer than two."""
    if len(parties) < 2:
        return ""
    lines = []
    for index, party in enumerate(parties):
        label, code = _code(party)
        lines.append(_line(_heading(index), party.name))
        if party.kind == "person":
            lines += [_line("主体资格证照名称", LICENCES["person"]), _line(label, code, "联系电话", party.phone)]
        else:
            representative = "经营者" if party.kind == "individual_business" else "法定代表人（负责人）"
            lines += [_line("主体资格证照名称", licence_name(party), "联系电话", party.phone),
                      _line(label, code, representative, party.legal_rep)]
        lines.append(_line(_address_label(party), party.address))
    return "\n".join(lines)


def register_rows(parties: list[Party]) -> str:
    """The 案件来源登记表's 当事人 rows of each party; "" for fewer than two."""
    if len(parties) < 2:
        return ""
    lines = []
    for index, party in enumerate(parties):
        lines += [_line(_heading(index), party.name), _line("证照号码", _code(party)[1], "联系电话", party.phone),
                  _line(_address_label(party), party.address)]
    return "\n".join(lines)


def _amount(fen: int) -> str:
    return f"{figures(fen)}（{uppercase(fen)}）"


def revocation(db: Database, case: Case, party_id: str | None = None, decided_on: str | None = None):
    """The outcome of a reconsideration or lawsuit that revoked the decision in force (of the whole case, or of the
    party ``party_id``; ``decided_on`` its own date) or declared it void (``clock_events.annulled_by``), recorded
    before the case was closed — one recorded after approved no closing on it —; None when none did."""
    from workstation.store.clock_events import annulled_by

    found = annulled_by(db, case, party_id, decided_on or None)
    if found is None or (case.status in ("closed", "archived") and case.closed_on
                         and found.starts_on > case.closed_on):
        return None
    return found


def _annulled_word(events) -> str:
    """确认无效 when every outcome of ``events`` declared its decision void, else 撤销."""
    from workstation.clocks import VOID

    return "确认无效" if all(event.kind == VOID for event in events) else "撤销"


def revoked_ground(events) -> str:
    """The 其他结案理由 of a case whose decisions ``events`` revoked (or declared void): 处罚决定已被撤销（文号）."""
    what = _annulled_word(events)
    numbers = "、".join(dict.fromkeys(event.approved_by.strip() for event in events if event.approved_by.strip()))
    return f"处罚决定已被{what}" + (f"（{numbers}）" if numbers else "")


def revoked_text(event, paid_fen: int | None = None) -> str:
    """What the 结案审批表 says of a decision ``event`` revoked (or declared void): none of its money is owed, and
    what was paid under it before (``paid_fen``) is refunded."""
    what = _annulled_word([event])
    given = event.approved_by.strip()
    number = f"（{given}）" if given else ""
    text = f"处罚决定已于{chinese_date(event.starts_on)}被{what}{number}，罚没款不再执行"
    return text + (f"；{what}前已缴纳{_amount(paid_fen)}，应予退还" if paid_fen else "")


def closing_surcharge(db: Database, case: Case, party_id: str | None, stated_fen: int,
                      waiver: str | None = None) -> tuple[int, int]:
    """(accrued, waived) of the 加处罚款 of the payment recorded (of the party ``party_id`` of a case with several),
    in fen: the surcharge accrued by the day of the latest payment on the fine paid late (行政处罚法 art. 72(1): 3 %
    of the fine a day; 行政强制法 art. 45: at most the fine), on the fine the decision now asks as ``payments.balance``
    counts it (``Balance.surcharge_fen``), and — the payment recorded in full (履行完毕 ``--in-full``) short of what
    was owed with its reason recorded, its rest reduced or waived (行政强制法 art. 42: in a case with one party
    ``closing.waiver_reason``; a party of several, ``waiver``, the reason its payment in full keeps,
    ``Payment.waiver``) — the part of that surcharge not paid (``stated_fen`` the surcharge the payment states).
    (0, 0) without a payment, or when what is owed is not known."""
    from workstation.payments import balance

    found = balance(db, case, party_id)
    if found is None or not found.paid_on or not found.surcharge_fen:
        return 0, 0
    accrued, waived = found.surcharge_fen, 0
    if found.in_full and found.left_fen:
        from workstation.closing import waiver_reason

        reason = (waiver or "") if party_id else waiver_reason(db, case)
        if reason.strip():
            waived = min(found.left_fen, max(accrued - stated_fen, 0))
    return accrued, waived


def _paid_text(db: Database, case: Case, party_id: str, amount: int, on_date: str, details) -> str:
    """A party's 执行情况 of its payments (``details`` added up, ``amount`` their total, ``on_date`` the latest's day):
    the amount with its 加处罚款; paid once, its day and voucher; paid in more than one, each payment in the order
    paid with its day, amount and voucher (``payments.payments_in_order``, said as ``payments.payments_said`` says
    them: the 加处罚款 of each only when more than one carries one); then the 加处罚款 accrued and the part of it
    waived, only where it is not the 加处罚款 paid (``closing_surcharge``): the 加处罚款 said once."""
    from workstation.payments import payments_in_order, payments_said

    text = f"已缴纳{_amount(amount)}"
    each = payments_in_order(db, case, party_id)
    if details.surcharge_fen:
        text += f"，其中加处罚款{_amount(details.surcharge_fen)}"
    if len(each) > 1:
        text += f"，{payments_said(each)}"
    else:
        if on_date:
            text += f"，缴款日期{chinese_date(on_date)}"
        if details.voucher:
            text += f"，缴款凭证号码{details.voucher}"
    accrued, waived = closing_surcharge(db, case, party_id, details.surcharge_fen, details.waiver)
    if waived or (accrued and accrued != details.surcharge_fen):  # what accrued, and what of it was waived
        text += f"；已加处罚款{_amount(accrued)}" + (f"，减免{_amount(waived)}" if waived else "")
    return text


def closing_context(db: Database, case: Case, parties: list[Party]) -> tuple[dict[str, object], list]:
    """``parties.closing_rows``: for each party its name and number, its decision in force (date; 文号 and what it
    decided, its fine and confiscation with their amounts) and its 执行情况 (its payments recorded as ``_paid_text``
    says them: added up, each listed when more than one, the 加处罚款 said once; or the day the people's court was
    applied to; ``NOT_PENALISED`` for a party given a 不予行政处罚决定书; blank to write in without either; or, its
    decision revoked or declared void before the case closed, that, and what it paid before to be refunded: its
    amounts are then left out of the totals), and the totals ``parties.fine_total_fen``, ``parties.confiscated_total_fen`` and
    ``parties.paid_total_fen`` (None when nothing was paid), and ``parties.no_penalty_ground``, whether a party was
    given a 不予行政处罚决定书 in a case that has ended (its 结案理由 ticks 不予处罚 too); with, for each party with a decision in force, the
    outcome that revoked it or declared it void before the case closed (``revocation`` on its own decision's date),
    None when none did — the revocations ``values.closing_sheet_context`` reads. ({}, []) for a case with fewer than
    two parties."""
    if len(parties) < 2:
        return {}, []
    from workstation.enforcement import court_applications
    from workstation.formkit.spec import load_forms
    from workstation.formkit.values import decision_text, decisions_in_force, document_date, paid_as_decided
    from workstation.payments import party_payment

    forms = load_forms()[0]
    decided = {party: (number, form_id, values) for party, number, form_id, values
               in decisions_in_force(db, case, forms)}
    applied = court_applications(db, case, parties)
    lines, fines, confiscated, paid_total, paid_any, revocations = [], 0, 0, 0, False, []
    not_penalised = False
    for index, party in enumerate(parties):
        label, code = _code(party)
        number, form_id, values = decided.get(party.id, ("", "", {}))
        fine, taken = int(values.get("fine_fen") or 0), int(values.get("confiscated_fen") or 0)
        day = document_date(forms.get(form_id), values, case.decided_on or "") if number else ""
        # the decision's 文号 heads what it decided, its penalties with their amounts (警告；罚款¥…（人民币…）)
        decision = f"{number}：{decision_text(forms.get(form_id), values)}" if number else ""
        lines += [_line(_heading(index), party.name), _line(label, code, "决定日期", chinese_date(day or None)),
                  _line("处理决定", decision)]
        # the party's own payments (never the case's 履行完毕, which is no one party's): its payments of part and its
        # payment in full added up, amounts and surcharges, said as ``_paid_text`` says them
        payment = party_payment(db, case, party.id)
        # without its amount: paid as decided, with the surcharge recorded (as the one-party sheet's 实缴合计)
        amount = None if payment is None else payment[1].paid_fen if payment[1].paid_fen is not None else \
            paid_as_decided(fine + taken, payment[1].surcharge_fen)
        revoked = None
        if number:
            revoked = revocation(db, case, party.id, day or None)
            revocations.append(revoked)
        if revoked is not None:  # revoked (or void) before the case closed: nothing owed, what was paid refunded
            lines.append(_line("执行情况", revoked_text(revoked, amount)))
            continue
        fines, confiscated = fines + fine, confiscated + taken
        if payment is not None:
            on_date, details = payment
            paid_total, paid_any = paid_total + amount, True
            lines.append(_line("执行情况", _paid_text(db, case, party.id, amount, on_date, details)))
        elif form_id == NO_PENALTY_FORM:
            not_penalised = True
            lines.append(_line("执行情况", NOT_PENALISED))
        elif applied.get(party.id):
            lines.append(_line("执行情况", ENFORCED.format(day=chinese_date(applied[party.id]))))
        else:
            lines.append(_line("执行情况", ""))
    if not_penalised:  # ticked beside the ground the case ends with, once it has ended (none ticked before)
        from workstation.documents.stage_rules import closing_ground

        not_penalised = bool(closing_ground(db, case))
    return {"parties.closing_rows": "\n".join(lines), "parties.fine_total_fen": fines,
            "parties.no_penalty_ground": not_penalised,
            "parties.confiscated_total_fen": confiscated,
            "parties.paid_total_fen": paid_total if paid_any else None}, revocations


#: the field a form with several parties' rows prints them from, and the condition of the one party's rows
PARTY_ROWS = "party_rows"
ONE_PARTY = "!" + PARTY_ROWS


def several_party_fields(form: FormSpec) -> tuple[str, ...]:
    """The fields of ``form`` printed only in its several parties' rows (``when = "party_rows"``: ``party_rows``
    itself, the totals of every party): a case with one party prints its own rows in their place, so the editor of
    its sheet does not show them; () for a form without party rows."""
    return one_party_fields(form, PARTY_ROWS)


def one_party_fields(form: FormSpec, marker: str = ONE_PARTY) -> tuple[str, ...]:
    """The fields of ``form`` printed only in its one party's rows (``when = "!party_rows"``): with several
    parties the sheet prints ``party_rows`` in their place, so what they hold (the first party's 当事人, 证照, 罚款,
    实缴合计 …) is not printed. A field printed or tested anywhere else, or whose value another field printed
    follows (its ``choice_field``, ``required_field``), is not one of them; () for a form without party rows."""
    from workstation.formkit.template import placeholders

    seen: dict[str, bool] = {}  # field → printed only under the one-party condition so far

    def met(text: str, condition: str, named: tuple[str, ...] = ()) -> None:
        hidden = marker in condition.split("&")
        for name in [*(name for name, *_rest in placeholders(text)), *named,
                     *(name for name in condition_fields(condition) if condition and name != PARTY_ROWS)]:
            seen[name] = seen.get(name, True) and hidden

    def joined(*conditions: str) -> str:
        return "&".join(condition for condition in conditions if condition)

    for block in form.blocks:
        met(block.text, block.when, (block.repeat,) if block.repeat else ())
        for item in block.items:
            met(item.text, joined(block.when, item.when))
        for index, row in enumerate(block.rows):
            condition = joined(block.when, block.row_when[index] if index < len(block.row_when) else "")
            repeat = block.row_repeat[index] if index < len(block.row_repeat) else ""
            met("", condition, (repeat,) if repeat else ())
            for cell in row:
                met(cell.text, condition)
        if isinstance(block.lines, tuple):
            for line in block.lines:
                met(line, block.when)
    met(form.footer, "")
    if not any(marker in condition.split("&") for block in form.blocks
               for condition in (block.when, *block.row_when)):
        return ()
    hidden = {name for name, only in seen.items() if only}
    for field in form.fields:  # a field printed that follows one of them keeps it shown
        if field.name not in hidden:
            hidden -= {field.choice_field, field.required_field}
    return tuple(field.name for field in form.fields if field.name in hidden)
