"""The 不予行政处罚决定书 (version 9) takes its ground from the case (session 54 audit): the circumstance in which no
penalty is given recorded under Penalty and discretion (无过错不罚, 未满十四周岁, 首违不罚 …) is ticked with its article as the
basis, and the reason written there is printed; a ground ticked against the case's circumstance is refused at issue,
naming both and where to change it. A draft kept, a document issued on version 8, stay as they were. And the
电子数据证据提取笔录 refused for its empty file list, every item being on an issued record already, says so rather than
that the register holds no electronic data."""

from __future__ import annotations

import pytest

from tests.rendering import pdf_of
from tests.test_s54_evidence import EARLY as EARLY_DAY
from tests.test_s54_evidence import RECORD, all_listed, chinese, investigating, two_sessions  # noqa: F401 (fixtures)
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import check_issue
from workstation.documents.stage_rules import stage_refusal
from workstation.errors import ValidationError
from workstation.formkit.spec import earlier_form
from workstation.formkit.values import case_context, default_values, resumed_values
from workstation.law.case_law import save_penalty_choice
from workstation.records import today
from workstation.store import find_case, get_case

CASE = "佛南市监立〔2026〕9号"  # demo: unsolicited commercial messages, one party, investigating
LAW = "《中华人民共和国行政处罚法》"
REASON = "当事人提交了消费者书面同意接收推销信息的记录"


def recorded(db, factor: str, reason: str = REASON):
    case = find_case(db, CASE)
    save_penalty_choice(db, get_case(db, case.id), act_on=case.act_on, prior_punished=False,
                        penalty_norm=case.penalty_norm or "", discretion_tier="no_penalty",
                        discretion_factors=[factor], discretion_reason=reason, fine_fen=0)
    return get_case(db, case.id)


def printed(db, case, values: dict | None = None) -> str:
    return "".join(pdf_of(draft_document(db, case, find_form("no_penalty_decision"),
                                     {"decided_on": today(), **(values or {})})).text_lines())


def test_a_case_recording_no_fault_prints_that_ground_its_article_and_the_reason(demo_db):
    text = printed(demo_db, recorded(demo_db, "no_fault"))
    assert "☑当事人有证据足以证明没有主观过错；" in text
    assert "□违法行为轻微并及时改正" in text and "☑违法行为轻微" not in text
    assert f"依据{LAW}第三十三条第二款的规定，本局决定对当事人不予行政处罚。" in text
    assert REASON in text


@pytest.mark.parametrize(("factor", "ticked", "basis"), [
    ("under_14", "☑当事人为不满十四周岁的未成年人；", "第三十条"),
    ("mental_incapacity", "☑当事人为精神病人、智力残疾人", "第三十一条"),
    ("time_barred", "☑违法行为在法定期限内未被发现；", "第三十六条第一款"),
    ("first_violation_minor", "☑初次违法且危害后果轻微并及时改正；", "第三十三条第一款"),
    ("minor_corrected_no_harm", "☑违法行为轻微并及时改正，没有造成危害后果；", "第三十三条第一款"),
])
def test_each_recorded_circumstance_gives_its_ground_and_article(demo_db, factor, ticked, basis):
    text = printed(demo_db, recorded(demo_db, factor))
    assert ticked in text and text.count("☑") == 1
    assert f"依据{LAW}{basis}的规定，本局决定对当事人不予行政处罚。" in text


def test_a_case_recording_none_ticks_no_ground(read_demo_db):
    """Version 10: no ground is taken for granted (version 9 ticked 轻微不罚 by default; issuing asks for one)."""
    text = printed(read_demo_db, find_case(read_demo_db, CASE))
    assert "□违法行为轻微并及时改正，没有造成危害后果；" in text and "☑违法行为轻微" not in text


def test_a_ground_against_the_recorded_circumstance_is_refused_naming_both(demo_db, english):
    """What issuing says once the case may take its decision (``stage_refusal``, after the state's checks)."""
    case = recorded(demo_db, "no_fault")
    message = stage_refusal(demo_db, case, "no_penalty_decision", {"ground": "轻微不罚", "decided_on": today()})
    assert message and "轻微不罚" in message and "无过错不罚" in message
    assert "Penalty and discretion" in message
    assert "第三十三条第二款" in message  # the article of the circumstance the case records
    assert stage_refusal(demo_db, case, "no_penalty_decision", {"ground": "其他", "decided_on": today()})


def test_the_recorded_ground_passes_that_check(demo_db):
    case = recorded(demo_db, "no_fault")
    assert stage_refusal(demo_db, case, "no_penalty_decision", {"ground": "无过错不罚", "decided_on": today()}) is None
    case = recorded(demo_db, "time_barred")
    assert stage_refusal(demo_db, case, "no_penalty_decision", {"ground": "超过时效", "decided_on": today()}) is None


def test_a_kept_draft_keeps_its_ground_and_basis(demo_db):
    form = find_form("no_penalty_decision")
    assert form.version >= 10  # 11 (s72): the date of a decision made anew after 责令重作
    case = recorded(demo_db, "no_fault")
    context = case_context(demo_db, case)
    began = {"ground": "轻微不罚", "basis": LAW + "第三十三条第一款", "reasons": None}  # as version 8 opened it
    kept = resumed_values(form, dict(began), context, dict(began))
    assert (kept["ground"], kept["basis"], kept["reasons"]) == ("轻微不罚", LAW + "第三十三条第一款", None)
    fresh = default_values(form, context)
    assert (fresh["ground"], fresh["basis"], fresh["reasons"]) == ("无过错不罚", LAW + "第三十三条第二款", REASON + "。")


def test_version_8_is_kept_for_the_documents_issued_on_it():
    old = earlier_form("no_penalty_decision", 8)
    assert old is not None and old.version == 8
    ground = next(f for f in old.fields if f.name == "ground")
    assert not ground.source and ground.default == "轻微不罚"


def test_an_electronic_record_listing_nothing_says_every_item_is_listed_already(db, all_listed, english):  # noqa: F811
    with pytest.raises(ValidationError) as refused:
        check_issue(db, all_listed, find_form("electronic_evidence_record"),
                    {**RECORD, "time_from": f"{chinese(EARLY_DAY)}9时30分"})
    message = " ".join(refused.value.errors.values())
    assert "Every item of electronic data in the case's evidence register is already listed on an issued record" \
        in message
    assert "holds no electronic data" not in message
