"""The 约谈 paperwork found wrong by a QA walk: a natural person's notice with no topics typed spoke to him as
你单位 in its 约谈事由; the association's legal basis put a 顿号 between two book titles (GB/T 15834: 《》《》); the
editor labelled a person's ID number 统一社会信用代码; the warning about parties without a code spoke of one party
when it named two. Each document is rendered to PDF and DOCX, as tests/test_interview_documents_kinds.py does."""

from dataclasses import replace

import pytest

from PySide6.QtWidgets import QGroupBox, QLabel

from tests.test_interview_documents_kinds import PARTIES, interview_with, texts
from workstation.documents.drafts import find_form
from workstation.documents.interview_documents import check_interview_form, party_code_warning
from workstation.errors import ValidationError
from workstation.formkit.interview_values import interview_context
from workstation.formkit.spec import load_forms
from workstation.formkit.values import resumed_values
from workstation.records import Party
from workstation.store import save_party
from workstation.store.interviews import save_interview

OLD_REASON = "你单位用户投诉集中反映骚扰电话、未经同意发送商业短信问题"
OLD_ASSOCIATION_BASIS = ("《中华人民共和国个人信息保护法》、《中华人民共和国消费者权益保护法》和"
                         "《中华人民共和国消费者权益保护法实施条例》")


def without_topics(db, *kinds: str):
    interview = interview_with(db, *kinds)
    return save_interview(db, replace(interview, topics=""))


@pytest.mark.parametrize("kind", ["company", "individual_business", "person", "association"])
def test_no_topics_typed_leave_the_reason_and_issues_blank_never_a_fixed_charge(demo_db, kind):
    """The notice and the record state what the officer entered: with no topics typed they printed complaints of
    harassment calls and SMS whatever the interview was about; now a blank, and issuing asks for the field."""
    interview = without_topics(demo_db, kind)
    for text in texts(demo_db, interview, "interview_notice"):
        assert "一、约谈事由：＿＿＿＿" in text and "骚扰电话" not in text and "短信" not in text
        assert ("你单位" in text) is (kind != "person") and "{" not in text
    for text in texts(demo_db, interview, "interview_record"):
        assert "骚扰电话" not in text and "短信" not in text and "个人信息的行为" not in text
        assert ("你单位" in text) is (kind != "person") and "{" not in text


def test_an_associations_typed_topics_still_make_its_reason_and_issues(demo_db):
    interview = save_interview(demo_db, replace(interview_with(demo_db, "association"), topics="房地产行业电话营销问题"))
    context = interview_context(demo_db, interview)
    notice = resumed_values(find_form("interview_notice"), {}, context)
    record = resumed_values(find_form("interview_record"), {}, context)
    assert notice["reason"] == record["issues"] == "房地产行业电话营销问题"


def test_kept_drafts_holding_an_old_fixed_charge_drop_it(demo_db):
    interview = without_topics(demo_db, "association")
    context = interview_context(demo_db, interview)
    notice = resumed_values(find_form("interview_notice"), {
        "reason": "消费者投诉集中反映你单位部分会员单位拨打骚扰电话、未经同意发送商业短信的问题"}, context)
    assert notice["reason"] in (None, "")
    old_issues = ("1.消费者投诉集中反映你单位或者你单位委托的外呼服务商拨打营销骚扰电话；\n2.你单位未经消费者同意或者请求，"
                  "向其发送商业性短信；\n3.你单位未能提供消费者同意接收商业性信息、同意处理其个人信息的记录。")
    record = resumed_values(find_form("interview_record"), {"issues": old_issues}, context)
    assert record["issues"] in (None, "")
    assert "会员单位针对约谈指出的问题" in record["requirements"]


def test_a_kept_notice_still_holding_the_old_reason_drops_it_and_keeps_what_was_typed(demo_db):
    interview = without_topics(demo_db, "person")
    form = find_form("interview_notice")
    values = resumed_values(form, {"reason": OLD_REASON}, interview_context(demo_db, interview))
    assert values["reason"] in (None, "")
    typed = resumed_values(form, {"reason": "你本人拨打营销电话"}, interview_context(demo_db, interview))
    assert typed["reason"] == "你本人拨打营销电话"  # what the officer wrote stays


def test_the_association_notice_joins_its_book_titles_without_a_comma(demo_db):
    interview = interview_with(demo_db, "association")
    for text in texts(demo_db, interview, "interview_notice"):
        assert ("根据《中华人民共和国个人信息保护法》《中华人民共和国消费者权益保护法》和"
                "《中华人民共和国消费者权益保护法实施条例》的有关规定") in text
        assert "》、《" not in text
    form = find_form("interview_notice")  # a kept draft still holding the old text takes the new one
    values = resumed_values(form, {"legal_basis": OLD_ASSOCIATION_BASIS}, interview_context(demo_db, interview))
    assert "》、《" not in values["legal_basis"] and values["legal_basis"].startswith("《中华人民共和国个人信息保护法》《")


def test_no_printed_default_puts_a_comma_between_two_book_titles():
    forms, _broken = load_forms()
    found = [f"{form.id}.{field.name}" for form in forms.values() for field in form.fields
             for text in field.literal_defaults() if "》、《" in text]
    assert found == []


def persons_editor(db, make_window, prompts, form_id):
    """The editor of ``form_id`` opened from the 约谈 page for an interview with a natural person (written although
    he did not attend in person: the page asks since s65)."""
    prompts.confirm_answer = True
    interview = interview_with(db, "person")
    page = make_window(db).interviews_page
    page.refresh(interview.id)
    page.select(interview.id)
    return page.write(find_form(form_id))


@pytest.mark.parametrize("form_id", ["interview_notice", "interview_record"])
def test_the_editor_does_not_call_a_persons_id_number_a_credit_code(demo_db, make_window, prompts, form_id):
    editor = persons_editor(demo_db, make_window, prompts, form_id)
    labels = [label.text() for label in editor.findChildren(QLabel)]
    assert "统一社会信用代码/身份证件号码 *" in labels and "统一社会信用代码 *" not in labels


@pytest.mark.parametrize("form_id", ["interview_notice", "interview_record"])
def test_the_editor_does_not_call_a_person_an_interviewed_unit(demo_db, make_window, prompts, form_id):
    """On paper a natural person is 被约谈人; the editor's labels and sections name him so, not 被约谈单位 alone."""
    editor = persons_editor(demo_db, make_window, prompts, form_id)
    labels = [label.text() for label in editor.findChildren(QLabel)]
    sections = [box.title() for box in editor.findChildren(QGroupBox)]
    assert "被约谈单位/被约谈人 *" in labels and "被约谈单位/被约谈人" in sections
    assert "被约谈单位 *" not in labels
    assert not [s for s in sections if s.startswith("被约谈单位") and "被约谈人" not in s]
    if form_id == "interview_notice":  # its help no longer asks a person for the name on his business licence
        assert "自然人写姓名" in editor.form.field("party_name").help
    assert editor.current_values()["party_code"] == PARTIES["person"].id_number
    editor.shutdown()


def test_the_warning_about_parties_without_a_code_reads_right_for_two_parties(demo_db, english, prompts, qtbot):
    from ui.interview_dialog import InterviewDialog

    parties = [save_party(demo_db, Party(name=name, kind="association"))
               for name in ("佛山市南海区家居装饰行业商会", "佛山市顺德区家具行业协会")]
    interview = save_interview(demo_db, replace(interview_with(demo_db, "company"),
                                                party_ids=[p.id for p in parties]))
    warning = party_code_warning(demo_db, interview.party_ids)
    assert warning.startswith("佛山市南海区家居装饰行业商会、佛山市顺德区家具行业协会: no unified social credit code")
    assert "the party before" not in warning and "Enter the missing code in the party details" in warning
    dialog = InterviewDialog(demo_db, prompts, interview)  # the register's editor shows it under the parties
    qtbot.addWidget(dialog)
    assert dialog.party_warning.text() == warning
    with pytest.raises(ValidationError) as refused:
        check_interview_form(demo_db, interview, find_form("interview_notice"))
    message = refused.value.errors["party_ids"]
    assert "Add it to the party" not in message and "Enter the missing code in the party details first" in message
