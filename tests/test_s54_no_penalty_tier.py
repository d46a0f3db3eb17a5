"""A case decided without a penalty (the tier 不予处罚 chosen under Penalty and discretion…, as 无过错不罚 requires)
gets its 案件调查终结报告 and 行政处理决定审批表: their 裁量阶次 (从轻/减轻/一般/从重) takes nothing from such a case —
it was refused as “请从以下选项中选择” before —, and the report's 处理意见 and the approval's 处理决定种类 default to
不予行政处罚. A choice field whose default from the case is none of its choices says, in its refusal, that the value
came from the case and where to change it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rendering import pdf_of
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import issue_document
from workstation.formkit.values import case_context, field_errors
from workstation.law.case_law import save_penalty_choice
from workstation.store import find_case, get_case

CASE = "佛南市监立〔2026〕9号"  # demo: unsolicited commercial messages, one party, investigating, nothing proposed
TIERS = ("从轻", "减轻", "一般", "从重")


def no_penalty_case(db):
    case = find_case(db, CASE)
    save_penalty_choice(db, get_case(db, case.id), act_on=case.act_on, prior_punished=False,
                        penalty_norm=case.penalty_norm or "", discretion_tier="no_penalty",
                        discretion_factors=["no_fault"], discretion_reason="当事人提交了消费者书面同意接收推销信息的记录",
                        fine_fen=0)
    return get_case(db, case.id)


def printed(db, case, form_id: str) -> str:
    return "".join(pdf_of(draft_document(db, case, find_form(form_id), {})).text_lines())


def test_the_report_of_a_case_without_a_penalty_proposes_no_penalty_and_ticks_no_tier(demo_db):
    text = printed(demo_db, no_penalty_case(demo_db), "investigation_report")
    assert "建议对本案作出如下处理：不予行政处罚。" in text
    assert "建议对当事人作出如下行政处罚" not in text
    assert all(f"□{tier}" in text and f"☑{tier}" not in text for tier in TIERS)


def test_the_approval_of_a_case_without_a_penalty_ticks_no_penalty_and_no_tier(demo_db):
    text = printed(demo_db, no_penalty_case(demo_db), "decision_approval")
    assert "☑不予行政处罚" in text and "□给予行政处罚" in text
    assert all(f"□{tier}" in text and f"☑{tier}" not in text for tier in TIERS)


def test_both_are_issued_from_what_the_case_records(demo_db, data_dir):
    case = no_penalty_case(demo_db)
    report = issue_document(demo_db, data_dir, case, find_form("investigation_report"))
    approval = issue_document(demo_db, data_dir, get_case(demo_db, case.id), find_form("decision_approval"))
    assert report.values["disposal"] == "不予行政处罚" and not report.values.get("discretion_level")
    assert approval.values["decision_kind"] == "不予行政处罚" and not approval.values.get("discretion_level")


def test_a_case_with_a_penalty_still_proposes_one(read_demo_db):
    case = find_case(read_demo_db, CASE)
    text = "".join(pdf_of(draft_document(read_demo_db, case, find_form("decision_approval"), {})).text_lines())
    assert "☑给予行政处罚" in text and "□不予行政处罚" in text


@pytest.mark.parametrize("form_id", ["investigation_report", "decision_approval"])
def test_a_tier_from_the_case_the_form_does_not_offer_says_where_to_change_it(read_demo_db, english, form_id):
    form = find_form(form_id)
    context = {**case_context(read_demo_db, find_case(read_demo_db, CASE)), "case.discretion_tier_label": "不予处罚"}
    values = {field.name: None for field in form.fields} | {"discretion_level": "不予处罚"}
    message = field_errors(form, values, context)[1]["discretion_level"]
    assert "不予处罚" in message and "from the case" in message and "Penalty and discretion…" in message
    assert "从轻、减轻、一般、从重" in message
    # typed by the officer, the refusal is the plain one
    typed = field_errors(form, values, {**context, "case.discretion_tier_label": ""})[1]["discretion_level"]
    assert "from the case" not in typed and "从轻、减轻、一般、从重" in typed


def test_the_forms_changed_keep_their_earlier_version():
    assert find_form("investigation_report").version >= 9  # 10 since session 76 (its 报告日期 from 调查终结)
    assert find_form("decision_approval").version >= 6  # 7 since session 58 (the notice's facts)
    earlier = Path(__file__).resolve().parent.parent / "forms" / "earlier" / "v5" / "decision_approval.toml"
    assert 'version = 5' in earlier.read_text(encoding="utf-8")
