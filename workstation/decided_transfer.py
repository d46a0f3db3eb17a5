"""The transfer to the police of a case whose penalty is already decided (REFERENCE §1.7 item 8; transfer rules
art. 11; Penalty Law arts. 27, 35): a crime found after the decision still goes to the police — no penalty takes the
place of the transfer —, while the decision stays in force and is executed. The case keeps the status of its
decision's execution (已决定, 已送达, 已履行) — or 不予处罚, a case decided not to penalise going to the police as
well — and carries the transfer beside it as a step of its timeline (the
statistics count it as transferred from that step and its amounts as decided); the police's answers follow it as
for any transfer. This module says which states take such a transfer, when a case is with the police after its
decision, why a closed case is not transferred, and what the 涉嫌犯罪案件移送书 states of the decision and the
payment."""

from __future__ import annotations

from workstation.db import Database
from workstation.i18n import _
from workstation.records import Case
from workstation.vocabulary import shown_label

#: the states after the decision from which the case is transferred, the decision staying in force: a penalty's, or
#: not to penalise (不予行政处罚, which a crime found afterwards does not stand in the way of either: transfer rules
#: arts. 3, 11)
DECIDED_ON = ("penalty_decided", "served", "performed", "no_penalty")
#: the states of a case whose handling is over (结案, 归档): it is no longer transferred
CLOSED_ON = ("closed", "archived")
#: the states of a case still being investigated and handled (调查中 to 待决定): a transfer from one of them hands the
#: investigation to the police (the case becomes 移送公安, its T2 stopped while they hold it: ``clocks.transfers``)
INVESTIGATION_ON = ("investigating", "suspended", "investigation_concluded", "under_review", "pre_notice",
                    "hearing", "decision_pending")


def transfer_after_decision(db: Database, case: Case) -> str | None:
    """The day of the case's latest transfer to the police recorded after its decision (from one of
    ``DECIDED_ON``), None when there is none."""
    marks = ", ".join("?" for _state in DECIDED_ON)
    row = db.execute(f"SELECT MAX(COALESCE(on_date, substr(at, 1, 10))) FROM case_events WHERE case_id = ? AND "
                     f"kind = 'transition' AND to_status = 'transferred_police' AND from_status IN ({marks})",
                     [case.id, *DECIDED_ON]).fetchone()
    return (row[0] if row else None) or None


def with_police(db: Database, case: Case) -> bool:
    """Whether a case decided and then transferred is with the police now: transferred after its decision and their
    answer to that transfer not recorded, or a request to reconsider their refusal still pending."""
    from workstation.procedure import police_answer

    if case.status not in DECIDED_ON or transfer_after_decision(db, case) is None:
        return False
    from workstation.procedure import POLICE_PENDING

    answer = police_answer(db, case)
    return answer is None or answer[0] in POLICE_PENDING


def pending_refusal(db: Database, case: Case) -> str | None:
    """Why a case cannot be transferred again now: a decided one is with the police (``with_police``), or they
    opened a criminal case on it; one taken back on their refusal that they opened since (on reconsideration, or on
    the procuratorate's supervision) is theirs, and is closed as theirs, not sent again. None when it can (never
    transferred, or the police declined it)."""
    from workstation.procedure import police_answer, police_opened

    if case.status not in DECIDED_ON:
        opened = police_opened(db, case) if case.status not in CLOSED_ON else None
        if opened is None:
            return None
        return _("The police opened a criminal case on {date}, after the case was taken back: the case is theirs and "
                 "is not transferred again; close it (“{close}”) as handled by them (transfer rules art. 11).").format(
            date=opened, close=shown_label("transitions", "close"))
    day = transfer_after_decision(db, case)
    answer = police_answer(db, case) if day else None
    if day and answer is not None and answer[0] == "police_filed":
        return _("The police opened a criminal case on {date} on the transfer of {sent}: the case is theirs and is "
                 "not transferred again.").format(date=answer[1], sent=day)
    if with_police(db, case):
        return _("The case was transferred to the police on {date} and their answer is awaited: record it (Case → "
                 "Time limits) before anything else is done about the transfer (transfer rules art. 8).").format(
            date=day)
    return None


def closing_refusal(db: Database, case: Case) -> str | None:
    """Why a case decided and then transferred cannot be closed (结案) yet: the police's answer to the transfer is
    awaited (``with_police``); None when it may be, as far as the transfer goes."""
    if not with_police(db, case):
        return None
    return _("The case was transferred to the police on {date} and their answer is awaited: “{action}” waits until "
             "their 立案通知书 or 不予立案通知书 (or their decision on a request to reconsider) is recorded (Case → Time "
             "limits; transfer rules arts. 8, 9).").format(date=transfer_after_decision(db, case),
                                                         action=shown_label("transitions", "close"))


def closed_refusal(case: Case) -> str:
    """Why a closed (or archived) case is not transferred to the police: its handling is over (REFERENCE §1.1, §1.7
    transfer from a case being handled; transfer rules art. 3: found "在依法查处违法行为过程中") and the workstation
    does not reopen it; the facts suggesting a crime found since go to the police as a new lead referred to them or
    a new case transferred, whose 涉嫌犯罪案件移送书 states this case's decision and payment (transfer rules art. 11)."""
    return _("The case is “{status}”: its handling is over and a closed case is not reopened to be transferred. "
             "Register the facts suggesting a crime as a new lead and refer it to the police, or file a new case on "
             "them and transfer that; its 涉嫌犯罪案件移送书 states this case's penalty decision and what was paid, "
             "which a criminal fine is credited with (transfer rules art. 11; Penalty Law art. 35).").format(
        status=shown_label("statuses", case.status))


def penalty_before_transfer(db: Database, case: Case, party_id: str | None = None) -> str:
    """What the 涉嫌犯罪案件移送书 of a case decided with a penalty states of it (its 已作出的行政处罚 paragraph): the
    行政处罚决定书 in force (of ``party_id`` in a case with several parties) with its 文号, date and penalties, what
    the party paid and when; that its 警告, 责令停产停业 or 暂扣或者吊销许可证、执照 are not stopped by the transfer
    (transfer rules art. 11, ``not_stopped_penalties``) and that its fine is credited against a criminal fine (art. 11;
    Penalty Law art. 35 para. 2) — of a decision revoked, neither; of other penalties (没收违法所得, 没收非法财物),
    nothing that art. 11 does not say. A case decided on the spot (简易程序) states its 当场行政处罚决定书
    with its serial, warning and fine. A decision made outside the workstation is stated from the case's decision
    date and amounts, with the warning the decision's draft would take (``penalty_terms.proposed_kinds``: proposed,
    or recorded in so many words when the notice was served). A decision imposing no money carried out (a warning
    alone) states no payment: nothing was paid. "" for a case not decided with a penalty."""
    from workstation.money import figures, uppercase
    from workstation.payments import paid_in_part, recorded_payment, still_owed
    from workstation.penalty_terms import Terms, decided_amounts, decisions_in_force, proposed_kinds
    from workstation.procedure import SIMPLE, on_the_spot_decision

    if case.status not in DECIDED_ON and not (case.status in CLOSED_ON and case.decided_on):
        return ""
    if not_penalised(db, case):
        return _no_penalty_statement(db, case, party_id)
    decisions = [d for d in decisions_in_force(db, case) if party_id is None or d.party_id in ("", party_id)]
    fined = False  # whether a fine stands (one changed to none does not: nothing to credit against a criminal fine)
    listed: list[str] = []  # the penalties standing that transfer rules art. 11 says are not stopped by the transfer
    if decisions:
        stated, owes = [], False
        for d in decisions:
            day = d.decided_on or case.decided_on or ""
            outcome, revoked, changed = _challenged(db, case, d.party_id, day)
            stated.append(_decision_sentence(d.number, day, d.terms) + outcome)
            fine = d.terms.fine_fen if changed is None else changed
            owes = owes or (not revoked and bool(fine or d.terms.confiscated_fen))
            fined = fined or (not revoked and bool(fine))
            listed += [] if revoked else not_stopped_penalties(d.terms)
    else:
        # decided on the spot (简易程序): its 当场行政处罚决定书, with its serial, warning and fine; else a decision made
        # outside the workstation, from the case's decision date and amounts
        spot = on_the_spot_decision(db, case) if case.procedure_kind == SIMPLE else None
        if spot is not None:
            fine, confiscated, day = spot.fine_fen, 0, spot.dated or case.decided_on or ""
            terms, number, title = Terms(fine, 0, warning=spot.warning), spot.serial, ON_THE_SPOT_TITLE
        else:
            fine, confiscated = decided_amounts(db, case)
            day, number, title = case.decided_on or "", "", DECISION_TITLE
            # its warning as the decision's draft knows it: proposed by the notice or report, or recorded in so many
            # words when the notice was served (``proposed_kinds``); never one from silence
            kinds = proposed_kinds(db, case, party_id)
            terms = Terms(fine, confiscated, warning=kinds is not None and kinds.warning)
        outcome, revoked, changed = _challenged(db, case, "", day)
        stated = [_decision_sentence(number, day, terms, title) + outcome]
        owes = not revoked and bool((fine if changed is None else changed) or confiscated)
        fined = not revoked and bool(fine if changed is None else changed)
        listed = [] if revoked else not_stopped_penalties(terms)
    found = recorded_payment(db, case, party_id)
    lines = ["".join(stated)]
    paid = 0
    if found is not None:
        paid = found[1].paid_fen
        if paid is None:
            paid = sum(d.terms.fine_fen + d.terms.confiscated_fen for d in decisions) if decisions else sum(
                decided_amounts(db, case))
    # a decision imposing no money (a warning alone) carried out: nothing was paid, and no ¥0.00 is said so
    if found is not None and (paid or found[1].surcharge_fen):
        day, payment = found
        one = len(case.party_ids) <= 1  # its payments of part added up (``recorded_payment``)
        lines.append(_paid_sentence(day, paid, payment.surcharge_fen, in_parts=one and bool(paid_in_part(db, case))))
        # the rest still owed after them, the case still served (one recorded performed is no longer executed)
        rest = still_owed(db, case) if one and owes and case.status == "served" else None
        if rest is not None:
            lines.append(f"截至移送之日，当事人尚有{figures(rest[2])}（{uppercase(rest[2])}）未缴纳，本局依法继续执行。")
    elif owes:
        lines.append("截至移送之日，当事人尚未缴纳上述罚没款，本局依法继续执行。")
    # transfer rules art. 11 says only this of a decision made before the transfer (a decision revoked is neither
    # executed nor credited): its 警告, 责令停产停业, 暂扣或者吊销许可证/执照 are not stopped; a fine imposed is credited
    # against a criminal fine (as Penalty Law art. 35 para. 2 provides). Of other penalties (没收违法所得, 没收非法财物)
    # it says nothing, nor does the letter.
    if listed:
        lines.append(f"根据《行政执法机关移送涉嫌犯罪案件的规定》第十一条，上述{'、'.join(dict.fromkeys(listed))}的行政处罚"
                     "不因移送停止执行。")
    if fined:
        lines.append("根据《行政执法机关移送涉嫌犯罪案件的规定》第十一条和《中华人民共和国行政处罚法》第三十五条第二款，"
                     "人民法院判处罚金时，当事人已被处以的罚款依法折抵相应罚金。")
    return "".join(lines)


#: what in a penalty written as text (``Terms.other_penalty``) is one transfer rules art. 11 para. 2 lists: 责令停产
#: 停业, or 暂扣/吊销 of a licence (许可证) or a business licence (执照)
_SUSPENSIONS = ("停产停业",)
_LICENCE_ACTS, _LICENCES = ("暂扣", "吊销"), ("许可证", "执照")


def not_stopped_penalties(terms) -> list[str]:
    """The penalties of ``terms`` that transfer rules art. 11 says a transfer does not stop: 警告, and each penalty
    written as text (``other_penalty``, its parts split at ；;，, and line ends) that orders production or business
    stopped (责令停产停业) or suspends or revokes a licence (暂扣或者吊销许可证、执照), as written; in that order."""
    import re

    found = ["警告"] if terms.warning else []
    for part in re.split(r"[；;，,\n]+", terms.other_penalty or ""):
        part = part.strip().rstrip("。")
        if part and (any(word in part for word in _SUSPENSIONS) or (
                any(act in part for act in _LICENCE_ACTS) and any(kind in part for kind in _LICENCES))):
            found.append(part)
    return found


def _challenged(db: Database, case: Case, party_id: str, decided_on: str) -> tuple[str, bool, int | None]:
    """What the party's reconsideration or lawsuit made of its decision dated ``decided_on``, as the 移送书 states it
    after the decision (the wording UNCONFIRMED: REFERENCE gives no model text): ("该决定已于…经…撤销。", True, None)
    when it was revoked (撤销, 撤销并责令重新作出: ``clocks.REVOKING``), ("该决定已于…经…确认无效。", True, None) when it
    was declared void (确认无效, ``clocks.VOID``: it never had effect), ("该决定的罚款已于…经…变更为¥…（…）。", False,
    the fine as changed) when its fine was changed (变更 with the amount: ``clocks.CHANGING``; "该决定已于…经…变更，不再处以
    罚款。" and 0 when changed to no fine at all), else ("", False,
    None). The latest such outcome of the party's challenge or the whole case's counts."""
    from workstation.clocks import ANNULLING, CHANGING, REVOKING, VOID
    from workstation.money import chinese_date, figures, uppercase

    kinds = (*ANNULLING, CHANGING)
    marks = ", ".join("?" for _kind in kinds)
    row = db.execute(f"SELECT kind, starts_on, approved_by, days, no_fine FROM clock_events WHERE case_id = ? AND "
                     f"kind IN ({marks}) AND starts_on >= ? AND COALESCE(party_id, '') IN ('', ?) AND (kind != ? OR "
                     "days > 0 OR no_fine = 1) "
                     "ORDER BY starts_on DESC, created_at DESC LIMIT 1",
                     [case.id, *kinds, decided_on, party_id or "", CHANGING]).fetchone()
    if row is None:
        return "", False, None
    kind, day, number, fine, no_fine = row
    by = f"经{number}" if number else "经行政复议或者行政诉讼"
    if kind == VOID:
        return f"该决定已于{chinese_date(day)}{by}确认无效。", True, None
    if kind in REVOKING:
        return f"该决定已于{chinese_date(day)}{by}撤销。", True, None
    if no_fine:
        return f"该决定已于{chinese_date(day)}{by}变更，不再处以罚款。", False, 0
    return f"该决定的罚款已于{chinese_date(day)}{by}变更为{figures(fine)}（{uppercase(fine)}）。", False, fine


def not_penalised(db: Database, case: Case) -> bool:
    """Whether the case was decided not to penalise (不予行政处罚): in that state, or closed from it."""
    if case.status == "no_penalty":
        return True
    if case.status not in CLOSED_ON:
        return False
    decided = {row[0] for row in db.execute("SELECT to_status FROM case_events WHERE case_id = ? AND kind = "
                                            "'transition' AND to_status IN ('no_penalty', 'penalty_decided')",
                                            [case.id])}
    return decided == {"no_penalty"}


def _no_penalty_statement(db: Database, case: Case, party_id: str | None) -> str:
    """What the 涉嫌犯罪案件移送书 of a case decided not to penalise states of it: each 不予行政处罚决定书 issued (of
    ``party_id`` in a case with several parties) with its 文号 and date, else the decision the case records (made
    outside the workstation). Nothing was imposed, so nothing is executed or credited against a criminal fine."""
    import json

    from workstation.documents.addressee import PARTY_KEY
    from workstation.money import chinese_date
    from workstation.store import parties_of_case

    parties = parties_of_case(db, case.id)
    first = parties[0].id if parties else ""
    rows = db.execute("SELECT number, values_json FROM documents WHERE case_id = ? AND form_id = "
                      "'no_penalty_decision' AND status = 'issued' ORDER BY issued_at, rowid", [case.id]).fetchall()
    stated = []
    for number, values_json in rows:
        values = json.loads(values_json or "{}")
        if party_id is not None and (values.get(PARTY_KEY) or first) != party_id:
            continue
        day = values.get("decided_on") or case.decided_on or ""
        when = f"于{chinese_date(day)}" if day else ""
        document = f"{number}《不予行政处罚决定书》" if number else "《不予行政处罚决定书》"
        stated.append(f"本局已{when}作出{document}，决定对当事人不予行政处罚。")
    if stated:
        return "".join(stated)
    when = f"于{chinese_date(case.decided_on)}" if case.decided_on else ""
    return f"本局已{when}作出不予行政处罚决定。"


#: the titles of the decisions the 移送书 names: the ordinary procedure's, the simple procedure's (with its serial)
DECISION_TITLE = "行政处罚决定书"
ON_THE_SPOT_TITLE = "当场行政处罚决定书"


def _decision_sentence(number: str, decided_on: str, terms, title: str = DECISION_TITLE) -> str:
    """The sentence stating one decision: 本局已于2026年5月6日作出佛南市监罚〔2026〕3号《行政处罚决定书》，对当事人处以：
    警告；罚款¥50,000.00（人民币伍万元整）。 (``title``: 当场行政处罚决定书 for one decided on the spot, named by its
    pre-printed serial)"""
    from workstation.formkit.values import penalty_items
    from workstation.money import chinese_date

    penalties = penalty_items(terms.warning, terms.confiscated_fen, terms.confiscated_property, terms.fine_fen,
                              terms.other_penalty, warning_word="警告", fine_first=True)
    when = f"于{chinese_date(decided_on)}" if decided_on else ""
    document = f"{number}《{title}》" if number else "行政处罚决定"
    what = f"，对当事人处以：{'；'.join(penalties)}" if penalties else ""
    return f"本局已{when}作出{document}{what}。"


def _paid_sentence(day: str, paid_fen: int, surcharge_fen: int, in_parts: bool = False) -> str:
    """The sentence stating the payment (当事人已于2026年5月20日缴纳罚没款¥50,000.00（人民币伍万元整）。), with the
    surcharge in it named; paid ``in_parts``, what they add up to by the latest (当事人截至…已分次缴纳罚没款…)."""
    from workstation.money import chinese_date, figures, uppercase

    if in_parts:
        when = f"截至{chinese_date(day)}" if day else ""
        surcharge = f"，其中加处罚款{figures(surcharge_fen)}" if surcharge_fen else ""
        return f"当事人{when}已分次缴纳罚没款{figures(paid_fen)}（{uppercase(paid_fen)}）{surcharge}。"
    when = f"于{chinese_date(day)}" if day else ""
    surcharge = f"，其中加处罚款{figures(surcharge_fen)}" if surcharge_fen else ""
    return f"当事人已{when}缴纳罚没款{figures(paid_fen)}（{uppercase(paid_fen)}）{surcharge}。"
