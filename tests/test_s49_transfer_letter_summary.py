"""A legal audit of printed forms. The 案件移送函 is sent because the bureau is not competent (REFERENCE §1.1
TRANSFERRED_OUT, §4.8): its 基本情况 states what was known at filing worded as suspected (case.filing_facts, as the
案件交办通知书's), never the conclusion of an investigation (经查……上述行为违反了……的规定。) the bureau had no power to
reach; a kept draft still holding the facts the earlier version drew takes the new wording. The 强制执行申请书 of a
case whose decision date is not known prints the date blank for handwriting (　　　　年　　月　　日) as the other dates
of its paragraph do, not 本局于对被申请人作出……."""

from __future__ import annotations

from tests.rendering import case_draft, pdf_of
from workstation.documents.drafts import draft_document, find_form
from workstation.formkit.values import resumed_values

LETTER = "case_transfer_letter"
TRANSFERRED = "佛南市监立〔2026〕1号"  # 瀚沅, transferred out, filed from a lead of complaints; facts found: 经查……违反了……
FOUND = ("经查，当事人于2026年3月起使用多个号码向消费者拨打商业性电话推销楼盘。"
         "上述行为违反了《中华人民共和国消费者权益保护法》第二十九条第三款的规定。")
SUSPECTED = ("当事人于2026年3月起使用多个号码向消费者拨打商业性电话推销楼盘。"
             "上述行为涉嫌违反《中华人民共和国消费者权益保护法》第二十九条第三款的规定。")
TYPED = {"receiver": "佛山市南海区某局", "contact_person": "陈志强"}


def text(document) -> str:
    return "".join(pdf_of(document).text_lines())


def test_the_transfer_letter_of_a_transferred_case_words_its_facts_as_suspected(read_demo_db):
    printed = text(case_draft(read_demo_db, TRANSFERRED, LETTER, TYPED))
    assert "消委会转来：消费者反映号码0757-82023663" in printed  # what its lead said when the case was filed
    assert "经查，" not in printed and "违反了" not in printed
    assert "经审查，该案反映的问题不属于本局管辖，依法应由你单位处理。" in printed


def test_the_transfer_letter_of_a_case_not_yet_filed_words_its_facts_as_suspected(db, make_case):
    case = make_case(facts=FOUND)
    printed = text(draft_document(db, case, find_form(LETTER), TYPED))
    assert SUSPECTED in printed
    assert "经查，" not in printed and "违反了" not in printed


def test_a_kept_letter_holding_the_facts_the_earlier_version_drew_takes_the_suspected_wording(db, make_case):
    from workstation.formkit.values import case_context

    case = make_case(facts=FOUND)
    form = find_form(LETTER)
    context = case_context(db, case)
    values = resumed_values(form, {**TYPED, "summary": FOUND}, context)
    assert values["summary"] == SUSPECTED and values["contact_person"] == "陈志强"
    typed = FOUND + "另查明，当事人已停止外呼。"  # written by the officer: kept
    assert resumed_values(form, {**TYPED, "summary": typed}, context)["summary"] == typed


def test_the_enforcement_application_without_a_decision_date_leaves_it_blank_for_handwriting(db, make_case):
    case = make_case()
    form = find_form("enforcement_application")  # a sheet for handwriting: required fields left empty are blanks
    printed = text(draft_document(db, case, form, {"decision_no": "佛南市监处〔2026〕9号"}, blanks=[]))
    assert "本局于　　　　年　　月　　日对被申请人作出《行政处罚决定书》（佛南市监处〔2026〕9号）" in printed
    assert "本局于对被申请人" not in printed


def test_both_forms_are_of_a_new_version_whose_earlier_one_is_kept():
    from workstation.formkit.spec import earlier_form

    for form_id, old in ((LETTER, 4), ("enforcement_application", 1)):
        assert find_form(form_id).version >= old + 1  # later versions since keep theirs too
        assert earlier_form(form_id, old).version == old
