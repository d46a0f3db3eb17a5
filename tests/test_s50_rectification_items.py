"""The 改正要求 of the 责令改正通知书 follow the violations the case records (round 50): one numbered item per
violation kind, worded in resources/law/catalogue.toml (``rectification`` of each violation), then the closing
general item; a case recording no violation leaves the field empty, for the officer to write before issuing
(a draft still prints). It printed a fixed text about commercial messages whatever the case (the loan app
佛南市监立〔2026〕2号 collecting contacts without consent was told to stop sending commercial messages)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.rendering import case_draft, docx_of
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError
from workstation.formkit.spec import earlier_form
from workstation.formkit.values import case_context, default_values, resumed_values
from workstation.store import find_case, get_case
from workstation.store.cases import update_case

COLLECTION_CASE = "佛南市监立〔2026〕2号"  # demo: a loan app collecting contacts and location without consent
MESSAGES_CASE = "佛南市监立〔2026〕1号"  # demo: unsolicited commercial messages
TWO_KINDS_CASE = "佛三市监立〔2026〕4号"  # demo: illegal collection and unsolicited calls
INVESTIGATING = "佛南市监立〔2026〕9号"  # demo: investigating
COLLECTION, MESSAGES, LEAK = "illegal_collection_or_use", "unsolicited_commercial_messages", "illegal_provision_or_leak"
OLD_DEFAULT = ("1.停止未经消费者同意或者请求，或者消费者明确表示拒绝后，向其发送商业性信息、拨打商业性电话的行为；\n"
               "2.对违法收集、使用的消费者个人信息依法予以删除或者作其他处理；\n"
               "3.建立健全消费者个人信息保护制度，依法取得并留存消费者同意的记录。")
MESSAGES_ITEM = "停止未经消费者同意或者请求，或者消费者明确表示拒绝后，向其发送商业性信息、拨打商业性电话的行为"
CLOSING = "建立健全消费者个人信息保护制度，依法取得并留存消费者同意的记录。"


def requirements(db, number: str) -> str:
    form = find_form("rectification_order")
    return str(default_values(form, case_context(db, find_case(db, number)))["requirements"] or "")


def recorded(db, number: str, violations) -> object:
    case = find_case(db, number)
    return update_case(db, replace(get_case(db, case.id), violations=list(violations), penalty_norm=""))


def docx_text(db, number, values=None) -> str:
    import io

    import docx

    body = docx.Document(io.BytesIO(docx_of(case_draft(db, number, "rectification_order", values)))).element.body
    return "\n".join("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                     for p in body.iter() if p.tag.endswith("}p"))


def test_a_consent_collection_case_is_ordered_to_correct_its_collection_not_its_messages(read_demo_db):
    text = requirements(read_demo_db, COLLECTION_CASE)
    lines = text.splitlines()
    assert len(lines) == 2 and lines[0].startswith("1.") and lines[1] == "2." + CLOSING
    assert "收集、使用消费者个人信息" in lines[0] and lines[0].endswith("；")
    assert "商业性" not in text


def test_a_messaging_case_is_ordered_to_stop_its_messages(read_demo_db):
    text = requirements(read_demo_db, MESSAGES_CASE)
    assert text == f"1.{MESSAGES_ITEM}；\n2.{CLOSING}"


def test_a_case_with_two_violations_gets_an_item_for_each(read_demo_db):
    lines = requirements(read_demo_db, TWO_KINDS_CASE).splitlines()
    assert [line[:2] for line in lines] == ["1.", "2.", "3."]
    assert "收集、使用消费者个人信息" in lines[0] and "商业性" not in lines[0]  # recorded first: collection
    assert lines[1] == f"2.{MESSAGES_ITEM}；" and lines[2] == "3." + CLOSING


def test_a_leak_case_gets_its_own_item(demo_db):
    recorded(demo_db, INVESTIGATING, [LEAK])
    lines = requirements(demo_db, INVESTIGATING).splitlines()
    assert len(lines) == 2 and "提供" in lines[0] and "商业性" not in lines[0] and "收集" not in lines[0]


def test_the_wording_of_each_item_is_the_catalogue_s(read_demo_db):
    from workstation.law.data import load

    kinds = load("catalogue")["violations"]
    assert {k: bool(kinds[k].get("rectification")) for k in (COLLECTION, MESSAGES, LEAK)} == dict.fromkeys(
        (COLLECTION, MESSAGES, LEAK), True)
    assert kinds[COLLECTION]["rectification"] in requirements(read_demo_db, COLLECTION_CASE)


def test_the_demo_collection_case_prints_its_own_requirements(read_demo_db):
    text = docx_text(read_demo_db, COLLECTION_CASE)
    assert "改正要求如下：" in text and "商业性信息" not in text and "1.停止" in text


def test_a_case_recording_no_violation_leaves_the_requirements_to_the_officer(demo_db, data_dir):
    case = recorded(demo_db, INVESTIGATING, [])
    assert requirements(demo_db, INVESTIGATING) == ""
    draft = docx_text(demo_db, INVESTIGATING)  # a draft with the field blank prints lines to write them on
    assert "改正要求如下：" in draft and "本局责令" in draft and MESSAGES_ITEM not in draft and "1." not in draft
    values = {"signed_on": "2026-12-04", "correct_by": "2026-12-18",
              "violation": "经查，当事人于2026年10月期间未经消费者同意向其发送商业性短信。"}
    with pytest.raises(ValidationError) as refused:
        issue_document(demo_db, data_dir, get_case(demo_db, case.id), find_form("rectification_order"), values)
    assert list(refused.value.errors) == ["改正要求"]
    issued = issue_document(demo_db, data_dir, get_case(demo_db, case.id), find_form("rectification_order"),
                            {**values, "requirements": "1.停止违法行为。"})
    assert issued.values["requirements"] == "1.停止违法行为。"


def test_a_kept_draft_holding_the_old_fixed_text_takes_the_case_s_items(read_demo_db):
    form = find_form("rectification_order")
    context = case_context(read_demo_db, find_case(read_demo_db, COLLECTION_CASE))
    kept = {**default_values(form, context), "requirements": OLD_DEFAULT}
    assert resumed_values(form, kept, context)["requirements"] == requirements(read_demo_db, COLLECTION_CASE)
    written = {**kept, "requirements": "1.立即删除通讯录信息。"}  # one the officer wrote stays
    assert resumed_values(form, written, context)["requirements"] == "1.立即删除通讯录信息。"


def test_the_version_printing_the_fixed_text_is_kept():
    assert find_form("rectification_order").version == 5
    kept = earlier_form("rectification_order", 4)
    assert kept is not None
    assert [f for f in kept.fields if f.name == "requirements"][0].default == OLD_DEFAULT
