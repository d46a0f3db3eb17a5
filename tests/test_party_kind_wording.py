"""How the documents served on a party and the party blocks word the party by its kind, read back from the
produced PDF and DOCX: the 听证通知书, 行政处罚告知书 and 责令改正通知书 speak to a natural person as 你 and to a
business as 你单位 (an editable 称谓 field set from the party, as the 询问通知书 does), and so does the sentence
of the provisions violated drawn from the case's legal assessment; the decisions print a natural person's 住址
and a business's 住所; an individual business's table rows and decisions name its 经营者 instead of the
法定代表人（负责人）."""

from __future__ import annotations

import pytest

from tests.test_party_kind_documents import COMPANY, INDIVIDUAL, PERSON, PERSON_ADDRESS, draft, printed
from workstation.formkit.values import case_context
from workstation.store import find_case, parties_of_case

NOTICES = ["hearing_notice", "pre_penalty_notice", "rectification_order"]
# a sentence of each notice that addresses the party, as it prints for a natural person
ADDRESSED = {"hearing_notice": "。六、你可以亲自参加听证，也可以委托一至二人代理参加听证。",
             "pre_penalty_notice": "的规定，你享有陈述、申辩的权利。你对上述拟作出的行政处罚有异议的，",
             "rectification_order": "。你如不服本责令改正决定，"}


def address_of(db, case_number) -> str:
    return parties_of_case(db, find_case(db, case_number).id)[0].address


# ---- 1. 你 or 你单位

@pytest.mark.parametrize("form_id", NOTICES)
def test_a_notice_addresses_a_natural_person_as_you(read_demo_db, form_id):
    for text in printed(draft(read_demo_db, PERSON, form_id)):
        assert ADDRESSED[form_id] in text
        assert "你（单位）" not in text and "你单位" not in text


@pytest.mark.parametrize("form_id", NOTICES)
@pytest.mark.parametrize("case_number", [COMPANY, INDIVIDUAL])
def test_a_notice_addresses_a_business_as_your_unit(read_demo_db, form_id, case_number):
    for text in printed(draft(read_demo_db, case_number, form_id)):
        assert ADDRESSED[form_id].replace("你", "你单位") in text
        assert "你（单位）" not in text


def test_how_a_notice_addresses_the_party_stays_editable(read_demo_db):
    # a party registered with the wrong kind: the officer writes the other 称谓
    for text in printed(draft(read_demo_db, PERSON, "hearing_notice", {"you": "你单位"})):
        assert ADDRESSED["hearing_notice"].replace("你", "你单位") in text


def test_the_rectification_order_orders_the_party_as_it_addresses_it(read_demo_db):
    from workstation.records import today

    year = int(today()[:4]) + 1  # a deadline still to come (a year far ahead is refused as a slip)
    for text in printed(draft(read_demo_db, PERSON, "rectification_order", {"correct_by": f"{year}-01-05"})):
        assert "的规定。依据" in text and f"本局责令你于{year}年1月5日前改正" in text and "你（单位）" not in text
    for text in printed(draft(read_demo_db, COMPANY, "rectification_order")):
        assert "本局责令你单位立即改正上述违法行为。" in text


@pytest.mark.parametrize(("case_number", "you"), [(PERSON, "你"), (COMPANY, "你单位"), (INDIVIDUAL, "你单位")])
def test_the_provisions_violated_address_the_party_by_its_kind(read_demo_db, case_number, you):
    norms = case_context(read_demo_db, find_case(read_demo_db, case_number))["law.violated_norms"]
    assert norms, "the demo case has a legal assessment"
    sentence = f"{you}的上述行为违反了{norms}的规定。"

    assert case_context(read_demo_db, find_case(read_demo_db, case_number))["law.violated_you"] == sentence
    for text in printed(draft(read_demo_db, case_number, "pre_penalty_notice")):
        assert sentence in text and f"，本局拟对{you}作出如下行政处罚：" in text


@pytest.mark.parametrize(("case_number", "you"), [(PERSON, "你"), (COMPANY, "你单位"), (INDIVIDUAL, "你单位")])
def test_a_notice_on_a_case_without_a_legal_assessment_addresses_the_party_by_its_kind(demo_db, case_number, you):
    # the typical provision printed until the case's violations are assessed names the party as the notice does
    case = find_case(demo_db, case_number)
    # the demo case is closed and keeps its violations (s70: refused by update_case): cleared underneath
    with demo_db.atomic():
        demo_db.execute("UPDATE cases SET violations = '[]' WHERE id = ?", [case.id])
    assert not case_context(demo_db, find_case(demo_db, case_number))["law.violated_norms"]

    for text in printed(draft(demo_db, case_number, "pre_penalty_notice")):
        assert f"。{you}的上述行为违反了《中华人民共和国消费者权益保护法》第二十九条第三款的规定。" in text
        assert "你（单位）" not in text


# ---- 2. 住址 or 住所 in a decision's party block

@pytest.mark.parametrize("form_id", ["penalty_decision", "no_penalty_decision"])
def test_a_decision_prints_a_natural_persons_home_address(read_demo_db, form_id):
    for text in printed(draft(read_demo_db, PERSON, form_id)):
        assert f"住址：{PERSON_ADDRESS}" in text
        assert "住所" not in text


@pytest.mark.parametrize("form_id", ["penalty_decision", "no_penalty_decision"])
@pytest.mark.parametrize("case_number", [COMPANY, INDIVIDUAL])
def test_a_decision_prints_a_business_domicile(read_demo_db, form_id, case_number):
    address = address_of(read_demo_db, case_number)
    for text in printed(draft(read_demo_db, case_number, form_id)):
        assert f"住所：{address}" in text
        assert "住所（住址）" not in text and "住址" not in text


# ---- 3. an individual business's 经营者

TABLE_FORMS = ["filing_approval", "non_filing_approval", "site_record"]


@pytest.mark.parametrize("form_id", TABLE_FORMS)
def test_an_individual_business_table_names_its_operator(read_demo_db, form_id):
    for text in printed(draft(read_demo_db, INDIVIDUAL, form_id)):
        assert "经营者霍婉婷" in text
        assert "法定代表人" not in text and "统一社会信用代码" in text


@pytest.mark.parametrize("form_id", TABLE_FORMS)
def test_a_company_table_keeps_its_legal_representative(read_demo_db, form_id):
    for text in printed(draft(read_demo_db, COMPANY, form_id)):
        assert "法定代表人（负责人）曾俊杰" in text and "经营者" not in text


def test_the_individual_business_tick_stays_editable(read_demo_db):
    for text in printed(draft(read_demo_db, INDIVIDUAL, "filing_approval", {"party_is_individual_business": False})):
        assert "法定代表人（负责人）霍婉婷" in text


@pytest.mark.parametrize("form_id", ["penalty_decision", "no_penalty_decision"])
def test_a_decision_names_an_individual_business_operator(read_demo_db, form_id):
    for text in printed(draft(read_demo_db, INDIVIDUAL, form_id)):
        assert "经营者：霍婉婷" in text and "法定代表人" not in text
    for text in printed(draft(read_demo_db, COMPANY, form_id)):
        assert "法定代表人（负责人）：曾俊杰" in text
