"""The 结案审批表's 其他执行情况 (``execution.other``) written from what the case recorded after its decision, one
sentence a line in the order it happened: the deferral or instalments of the fine approved (暂缓或分期缴纳), the
催告书 served, the party's reconsideration or lawsuit and its outcome, the re-inspection of an order to correct
(复查), the fine collected on the spot handed to the agency and paid into the bank, and — for a case with one
party, whose rows do not say it — the application to the people's court (the publication of the penalty is no part
of its execution: the 结案审批表 does not state it). A case with several parties names the party of each step that was one party's. The wording is the
workstation's (UNCONFIRMED: REFERENCE gives no model text); the officer edits it like any default."""

from __future__ import annotations

from workstation.db import Database
from workstation.records import Case

#: what each recorded step says (a clock event's kind): {party} is 当事人 or the party's name
_SAID = {
    "demand": "向{party}送达行政处罚决定履行催告书",
    "reconsideration": "{party}申请行政复议",
    "litigation": "{party}提起行政诉讼",
    "fine_handed_over": "当场收缴的罚款交至本机关",
    "fine_banked": "当场收缴的罚款缴付指定银行",
    # the outcomes of a reconsideration or lawsuit (``clock_events.OUTCOMES``) say what their vocabulary entries say
    # ([one_off_events]: 维持原处罚决定 …), but this one, naming the party that withdrew
    "challenge_withdrawn": "{party}撤回行政复议申请或者起诉",
}


def execution_note(db: Database, case: Case) -> str | None:
    """``execution.other``: the steps of the case's execution as the 结案审批表 states them (module docstring), one a
    line; None when it recorded none (the field is then left to write)."""
    from workstation.enforcement import court_applications
    from workstation.money import chinese_date, figures
    from workstation.rectification_checks import RESULTS
    from workstation.store import parties_of_case
    from workstation.store.clock_events import OUTCOMES, changed_fen, clock_events_of
    from workstation.vocabulary import label

    parties = parties_of_case(db, case.id)
    names = {party.id: party.name for party in parties}
    several = len(parties) > 1

    def who(party_id: str | None) -> str:
        return names.get(party_id or "", "当事人") if several else "当事人"

    steps: list[tuple[str, str]] = []
    for event in clock_events_of(db, case.id):
        party = who(event.party_id)
        if event.kind == "deferral":
            by = f"经{event.approved_by}批准" if event.approved_by.strip() else "经批准"
            until = f"，至{chinese_date(event.ends_on)}" if event.ends_on else ""
            text = f"{by}，{party}暂缓或者分期缴纳罚款{until}"
        elif event.kind in _SAID:
            text = _SAID[event.kind].format(party=party)
        elif event.kind in OUTCOMES:
            outcome = label("one_off_events", event.kind)
            fine = changed_fen(event) if event.kind == "challenge_changed" else None
            if fine == 0:
                outcome += "，不再处以罚款"
            elif fine:
                outcome += f"，罚款变更为{figures(fine)}"
            by = f"经{event.approved_by}" if event.approved_by.strip() else ""
            text = f"{by}{outcome}" + (f"（{party}）" if several and event.party_id else "")
        elif event.kind == "rectification_check" and event.days in RESULTS:  # 已改正, 部分改正, 未改正
            text = f"经复查，{party}{label('rectification_results', RESULTS[event.days])}"
        else:
            continue
        steps.append((event.starts_on, text))
    if not several:
        steps.extend((day, "申请人民法院强制执行") for day in court_applications(db, case, parties).values())
    if not steps:
        return None
    steps.sort(key=lambda step: step[0])
    return "\n".join(f"{chinese_date(day)}，{text}。" for day, text in steps)
