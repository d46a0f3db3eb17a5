"""The demo's heavier fines and the law's closing steps (session 75, law_demo).

1. The four demo cases fined 8⅓–10 times their illegal gains (the 从重 band of 消法 art. 56) record the aggravating
   circumstances their facts tell of (discretion.toml, effect must_heavier), the tier 从重 and a written reason, which
   their 行政处罚决定书 prints; their amounts stay (the campaign's ¥189,000).
2. At 待立案 the refusals of a penalty for a limitation period run or a circumstance in which no penalty is given point
   to 不予立案, as the refusal for want of a basis does; once filed, to 不予行政处罚.
3. A case one of whose violations has no penalty provision in force at the act's date, while another has one, is
   warned of (not refused) with its 行政处罚告知书 and 行政处罚决定书: that violation cannot be penalised."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from workstation.demo import load_seed
from workstation.documents.drafts import draft_values, find_form
from workstation.documents.stage_rules import stage_refusal, stage_warnings
from workstation.law import discretion
from workstation.law.case_law import (
    COMMERCIAL_CALLS,
    case_law,
    cited_calls_warning,
    limitation_refusal,
    no_basis_refusal,
    no_penalty_refusal,
)
from workstation.law.data import condition_labels
from workstation.procedure import ON_THE_SPOT_FORM, available, values_refusal
from workstation.store import find_case

# ---- 1. the heavier fines of the demo explained

#: case number: (fine, illegal gains) in fen, as the seed had them (8⅓ or 10 times the gains)
HEAVIER = {"佛禅市监立〔2026〕2号": (1_000_000, 120_000), "佛禅市监立〔2026〕5号": (1_000_000, 120_000),
           "佛南市监立〔2026〕5号": (1_000_000, 100_000), "佛顺市监立〔2026〕4号": (800_000, 80_000)}
#: what the facts say of each aggravating circumstance the catalogue names (discretion.toml ``must_heavier``)
TOLD = {"forged_evidence": re.compile(r"伪造|隐匿|毁灭|删除"), "obstruction": re.compile(r"拒绝|阻碍|阻挠"),
        "concealed_seized": re.compile(r"先行登记保存|查封|扣押"), "repeat_within_year": re.compile(r"行政处罚"),
        "serious_consequences": re.compile(r"伤亡|损失"), "coerced_minors": re.compile(r"未成年人"),
        "retaliation": re.compile(r"打击报复"), "emergency": re.compile(r"突发事件|疫情")}


def test_the_seed_records_the_circumstances_tier_and_reason_of_each_heavier_fine():
    factors = discretion.all_factors()
    seeded = {item["case_number"]: item for item in load_seed()["cases"]}
    for number, (fine, gains) in HEAVIER.items():
        item = seeded[number]
        assert (item["fine_fen"], item["illegal_gains_fen"], item["confiscated_fen"]) == (fine, gains, gains), number
        assert item.get("discretion_tier") == "heavier", number
        chosen = item.get("discretion_factors") or []
        assert chosen and all(factors[k].effect == "must_heavier" for k in chosen), (number, chosen)
        for key in chosen:  # the facts tell of it: not a circumstance made up beside them
            assert TOLD[key].search(item["facts"]), (number, key)
        assert len(item.get("discretion_reason", "").strip()) >= 20, number


def test_the_loaded_heavier_cases_are_in_their_tier_with_nothing_refused(demo_db):
    for number, (fine, gains) in HEAVIER.items():
        case = find_case(demo_db, number)
        assert (case.fine_fen, case.illegal_gains_fen, case.confiscated_fen) == (fine, gains, gains), number
        assert case.discretion_tier == "heavier" and case.discretion_factors and case.discretion_reason, number
        law = case_law(demo_db, case)
        assert law.suggestion.tier == "heavier" and law.suggestion.mandatory, number
        assert law.discretion is not None and law.discretion.tier_of_amount == "heavier", number
        assert not law.discretion.outside_tier and law.discretion_problem == "", (number, law.discretion_problem)
        assert not law.criminal.transfer_suggested, number


def test_the_decision_of_a_heavier_case_prints_its_circumstances_and_tier(read_demo_db):
    factors = discretion.all_factors()
    for number in HEAVIER:
        case = find_case(read_demo_db, number)
        values = draft_values(read_demo_db, case, find_form("penalty_decision"), {}, None, [])[0]
        printed = "".join(str(v) for v in values.values())
        assert "依法从重处罚" in printed, number
        for key in case.discretion_factors:
            assert factors[key].text in printed, (number, key)


#: the sentence of each heavier case's facts telling of its aggravating circumstance: a further finding (另查明), so that
#: the closing 上述行为违反了…第二十九条第二款 still means the information provided, not the evidence deleted or the
#: inspection obstructed (art. 29 covers neither)
FURTHER = re.compile(r"(?:^|(?<=。))另查明，[^。]*。")


def test_the_aggravating_circumstance_is_a_further_finding_before_the_closing_sentence():
    from workstation.formkit.values import facts_found

    seeded = {item["case_number"]: item for item in load_seed()["cases"]}
    for number in HEAVIER:
        facts = seeded[number]["facts"]
        further = FURTHER.findall(facts)
        assert len(further) == 1, (number, facts)
        for key in seeded[number]["discretion_factors"]:  # the circumstance is told there, not in the offence
            assert TOLD[key].search(further[0]), (number, key)
            assert not TOLD[key].search(facts.split("另查明")[0]), (number, key)
        closing = facts[facts.index(further[0]) + len(further[0]):]
        assert closing.startswith("上述行为违反了") and closing.endswith("第二十九条第二款的规定。"), (number, closing)
        # the documents stating the conclusion in a paragraph of their own still drop the closing sentence alone
        assert facts_found(facts) == facts[:-len(closing)], number
        assert facts_found(facts).endswith(further[0]), number


def test_the_forged_consent_is_told_as_forged_not_as_signed_late():
    item = next(i for i in load_seed()["cases"] if i["case_number"] == "佛顺市监立〔2026〕4号")
    for text in (item["facts"], item["discretion_reason"]):
        assert "补签" not in text, text  # genuine signatures added afterwards: not what was found
        assert "倒签日期" in text, text
    assert "家长均未签署，系当事人伪造" in item["facts"]


def test_the_deleted_records_are_destroyed_evidence_recovered():
    item = next(i for i in load_seed()["cases"] if i["case_number"] == "佛南市监立〔2026〕5号")
    assert "删除手机中的客户资料及收款记录，后经电子数据恢复查实" in item["facts"]  # how the 493 records were proved
    assert "毁灭证据" in item["discretion_reason"] and "隐匿" not in item["discretion_reason"] + item["facts"]


def _seed_with(number: str, **fields) -> dict:
    """The seed with the case ``number``'s ``fields`` changed."""
    import copy

    seed = copy.deepcopy(load_seed())
    next(item for item in seed["cases"] if item["case_number"] == number).update(fields)
    return seed


@pytest.mark.parametrize(("number", "fields", "said"), [
    # 从轻 beside a circumstance in which the penalty must be heavier (``penalty_tier_refusal``)
    ("佛禅市监立〔2026〕5号", {"discretion_tier": "lighter"}, "must be heavier"),
    # 一般 for a fine in the 从重 band, with no reason (``check_discretion``)
    ("佛南市监立〔2026〕5号", {"discretion_tier": "ordinary", "discretion_reason": ""}, "discretion_reason"),
    # a circumstance the legal data does not define (a misspelt key)
    ("佛顺市监立〔2026〕4号", {"discretion_factors": ["forged_evidense"]}, "forged_evidense"),
    # a fine above its norm's range, whatever the tier (``check_discretion``)
    ("佛禅市监立〔2026〕2号", {"fine_fen": 1_300_000}, "fine_fen"),
])
def test_a_seed_case_the_edit_would_refuse_stops_the_demo_naming_it(db, monkeypatch, english, number, fields, said):
    from workstation import demo
    from workstation.errors import WorkstationError

    monkeypatch.setattr(demo, "load_seed", lambda: _seed_with(number, **fields))
    with pytest.raises(WorkstationError) as refused:
        demo.load_demo(db, complaints=False)
    message = str(refused.value)
    assert number in message and "seed.json" in message and said in message, message
    assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 0  # nothing loaded


# ---- 2. at 待立案 the refusals point to 不予立案

SHUNDE_3 = "佛顺市监立〔2026〕3号"  # messages only: 消法 art. 56 since 2014


def _awaiting_filing(db, status: str = "pending_filing", **fields):
    """佛顺3 at ``status`` with ``fields`` set on it."""
    sets = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"UPDATE cases SET status = ?, notice_served_on = NULL{', ' + sets if sets else ''} "
               "WHERE case_number = ?", [status, *fields.values(), SHUNDE_3])
    return find_case(db, SHUNDE_3)


def _points_to_declining(refusal: str | None) -> bool:
    """The refusal offers 不予立案 as the closing step, not the decision not to penalise (said in English: the
    circumstance's own wording, 依法不予行政处罚, is not the step)."""
    return bool(refusal) and "(不予立案)" in refusal and "(不予行政处罚)" not in refusal


def _points_to_not_penalising(refusal: str | None) -> bool:
    return bool(refusal) and "(不予行政处罚)" in refusal and "不予立案" not in refusal


def test_awaiting_filing_the_limitation_refusal_points_to_declining_the_filing(demo_db, english):
    case = _awaiting_filing(demo_db, act_on="2023-01-10", lead_received_on="2026-06-15", filed_on=None)
    assert no_basis_refusal(case) is None and case_law(demo_db, case).limitation.expired
    assert _points_to_declining(limitation_refusal(case)), limitation_refusal(case)
    assert _points_to_declining(no_penalty_refusal(case)), no_penalty_refusal(case)
    refused = dict((t.name, why) for t, why in available(demo_db, case))
    assert "decline_filing" in refused
    # 当场处罚 is offered at 待立案 but refused here, pointing to 不予立案 (not to the decision not to penalise)
    assert _points_to_declining(refused["decide_on_the_spot"]), refused
    # the 当场行政处罚决定书 imposing a fine: refused so too (``stage_rules._no_penalty_tier``)
    refusal = stage_refusal(demo_db, case, ON_THE_SPOT_FORM, {"fine_fen": 20000})
    assert _points_to_declining(refusal), refusal
    filed = _awaiting_filing(demo_db, "decision_pending", notice_served_on="2026-07-01")
    assert _points_to_not_penalising(limitation_refusal(filed)), limitation_refusal(filed)


def test_awaiting_filing_a_circumstance_without_penalty_points_to_declining_the_filing(demo_db, english):
    case = replace(_awaiting_filing(demo_db), discretion_factors=["no_fault"])
    refusal = no_penalty_refusal(case)
    assert _points_to_declining(refusal), refusal
    assert "not at fault" in refusal  # still names the circumstance
    filed = replace(case, status="decision_pending")
    assert _points_to_not_penalising(no_penalty_refusal(filed)), no_penalty_refusal(filed)


def test_the_refusal_without_a_basis_keeps_pointing_where_it_did(demo_db, english):
    case = _awaiting_filing(demo_db)  # messages recorded as calls alone before 2024-07-01: no basis
    case = replace(case, law_conditions=[COMMERCIAL_CALLS], act_on="2024-06-30")
    assert _points_to_declining(no_basis_refusal(case)), no_basis_refusal(case)
    filed = replace(case, status="decision_pending")
    assert _points_to_not_penalising(no_basis_refusal(filed)), no_basis_refusal(filed)


# ---- 3. a case partly covered: one violation with a penalty provision in force, another without

CHANCHENG_7 = "佛禅市监立〔2026〕7号"  # calls and messages


def _partly_covered(db):
    """Calls alone (the messages violation recorded only as calls) made on 2024-06-30, the day before 条例 art. 24,
    beside providing information (消法 art. 56 since 2014): one violation penalised, the other not."""
    return replace(find_case(db, CHANCHENG_7), act_on="2024-06-30", law_conditions=[COMMERCIAL_CALLS],
                   violations=["unsolicited_commercial_messages", "illegal_provision_or_leak"])


def test_a_partly_covered_case_is_warned_of_the_violation_it_cannot_penalise(read_demo_db, english):
    case = _partly_covered(read_demo_db)
    law = case_law(read_demo_db, case)
    assert law.penalty is not None and no_basis_refusal(case) is None  # the other violation is penalised
    warning = law.uncovered_warning
    calls = condition_labels()[COMMERCIAL_CALLS]
    assert calls in warning and "cannot be penalised" in warning, warning
    assert "left out" in warning or "Leave it out" in warning, warning
    assert "2024" in warning  # why: the law in time at the act's date, quoted
    for form_id in ("pre_penalty_notice", "penalty_decision"):  # told with the penalty documents
        told = stage_warnings(read_demo_db, case, form_id, {"fine_fen": 300000})
        assert any(calls in w and "cannot be penalised" in w for w in told), (form_id, told)
        refused = values_refusal(read_demo_db, case, form_id, {"fine_fen": 300000}) or ""
        assert "cannot be penalised" not in refused, refused  # warned, not refused


def test_calls_before_the_regulations_beside_messages_are_warned_of_as_not_penalised(read_demo_db, english):
    """A case of calls and messages whose act predates 条例 art. 24: the messages are penalised (消法 art. 56), the
    calls cannot be, and the documents citing the provisions say so."""
    case = replace(find_case(read_demo_db, CHANCHENG_7), act_on="2024-06-30")
    calls = condition_labels()[COMMERCIAL_CALLS]
    assert calls in case_law(read_demo_db, case).uncovered_warning
    for form_id in ("pre_penalty_notice", "penalty_decision"):
        warning = cited_calls_warning(case, find_form(form_id))
        assert calls in warning and "cannot be penalised" in warning, (form_id, warning)


def test_a_covered_case_is_not_warned_so(read_demo_db, english):
    for number in (CHANCHENG_7, SHUNDE_3, *HEAVIER):
        case = find_case(read_demo_db, number)
        assert "cannot be penalised" not in case_law(read_demo_db, case).uncovered_warning, number
        assert "cannot be penalised" not in cited_calls_warning(case, find_form("penalty_decision")), number
