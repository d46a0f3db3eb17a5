"""Two documents that printed what nobody said (QA of session 54).

The 立案审批表's 案件来源 is the case's own: the box its lead's source stands for, and for a case without a lead (found
by inspection, referred by another department) no box ticked — the officer chooses, and issuing without a source is
refused naming the field — where it used to tick 投诉 for every such case. The earlier version, which did, is kept
for the documents issued on it.

A 询问笔录 is issued only with every question answered: a question of the template (or one typed) left without its
答 is refused naming its number and its text, and saying to answer it or delete it; a draft may still hold it."""

from __future__ import annotations

import pytest

from tests.helpers import INQUIRY_TO_ISSUE, answered, fill_inquiry_to_issue, numbers_taken, pdf_text
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import check_issue, document_pdf, issue_document
from workstation.errors import ValidationError
from workstation.formkit.spec import earlier_form
from workstation.formkit.values import case_context, default_values
from workstation.store import find_case, get_case

FILING = "filing_approval"
INQUIRY = "inquiry_record"
UNDER_INVESTIGATION = "佛南市监立〔2026〕9号"  # a demo case
FACTS = "当事人涉嫌未经消费者同意向其发送商业性短信。"
BOXES = ("依据监督检查职权", "投诉", "举报", "其他部门移送", "上级交办", "其他")


def _flat(text: str) -> str:
    return text.replace(" ", "").replace("\n", "")


def _documents(db) -> int:
    return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


# ---- 1. the 立案审批表's 案件来源 ------------------------------------------------------------------------------------

def test_a_case_without_a_lead_has_no_source_chosen_and_its_draft_ticks_no_box(db, make_case):
    case = make_case()
    assert not default_values(find_form(FILING), case_context(db, case)).get("source")
    blanks: list = []
    text = _flat(draft_document(db, case, find_form(FILING), blanks=blanks).text)
    assert "☑" not in text and all(f"□{box}" in text for box in BOXES), text
    assert "案件来源" in [field.label for field in blanks], blanks  # said to be filled in by hand


def test_issuing_it_without_a_source_is_refused_naming_the_field_and_takes_nothing(db, data_dir, make_case):
    case = make_case()
    documents, numbers = _documents(db), numbers_taken(db)
    with pytest.raises(ValidationError) as refused:
        issue_document(db, data_dir, case, find_form(FILING), {"facts": FACTS})
    assert list(refused.value.errors) == ["案件来源"], refused.value.errors
    assert (_documents(db), numbers_taken(db)) == (documents, numbers)


def test_the_source_chosen_is_the_one_ticked(db, data_dir, make_case):
    case = make_case()
    issued = issue_document(db, data_dir, case, find_form(FILING), {"source": "依据监督检查职权", "facts": FACTS})
    text = _flat(pdf_text(document_pdf(db, data_dir, issued.id)))
    assert "☑依据监督检查职权" in text and "□投诉" in text and text.count("☑") == 1, text


def test_a_case_from_an_inspection_lead_ticks_inspection_without_being_asked(demo_db):
    from tests.test_leads_workflow import LEAD, fresh_lead
    from workstation.leads_workflow import assign_lead, file_case_from_lead
    from workstation.store import agency_by_code

    fresh_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604").id, on="2026-03-02")
    case = file_case_from_lead(demo_db, LEAD)
    demo_db.execute("UPDATE leads SET source = 'inspection' WHERE id = ?", [LEAD])
    values = default_values(find_form(FILING), case_context(demo_db, get_case(demo_db, case.id)))
    assert values["source"] == "依据监督检查职权"
    text = _flat(draft_document(demo_db, get_case(demo_db, case.id), find_form(FILING), blanks=[]).text)
    assert "☑依据监督检查职权" in text and text.count("☑") == 1, text


def test_the_editor_marks_the_source_until_one_is_chosen(db, make_case, opened):
    editor = opened(db, FILING, make_case())
    assert "source" in editor.validate()
    editor.set_field("source", "其他部门移送")
    assert "source" not in editor.validate()


def test_the_form_is_a_new_version_and_the_one_that_ticked_a_complaint_is_kept():
    form = find_form(FILING)
    assert form.version == 12 and form.field("source").default in (None, "")
    earlier = earlier_form(FILING, 11)
    assert earlier.version == 11 and earlier.field("source").default == "投诉"


# ---- 2. a 询问笔录's unanswered questions ----------------------------------------------------------------------------

def test_issuing_a_record_with_the_templates_unanswered_questions_is_refused_naming_the_first(demo_db, data_dir,
                                                                                            english):
    case = find_case(demo_db, UNDER_INVESTIGATION)
    documents, numbers = _documents(demo_db), numbers_taken(demo_db)
    values = {**INQUIRY_TO_ISSUE, "time_from": "2026-11-20 09:30"}
    values.pop("questions_answers")
    with pytest.raises(ValidationError) as refused:
        issue_document(demo_db, data_dir, case, find_form(INQUIRY), values)
    (label, message), = refused.value.errors.items()
    assert label == find_form(INQUIRY).field("questions_answers").label
    assert "Question 1" in message and "请介绍一下你的个人基本情况" in message, message
    assert "answer" in message and "delete" in message, message
    assert (_documents(demo_db), numbers_taken(demo_db)) == (documents, numbers)


def test_one_question_left_unanswered_is_named_by_its_number_and_text(demo_db, english):
    case = find_case(demo_db, UNDER_INVESTIGATION)
    qa = "问：你叫什么名字？\n答：张三。\n问：你单位何时成立？\n答：\n问：还有补充吗？\n答：记不清了。"
    with pytest.raises(ValidationError) as refused:
        check_issue(demo_db, case, find_form(INQUIRY),
                    {**INQUIRY_TO_ISSUE, "time_from": "2026-11-20 09:30", "questions_answers": qa})
    message = refused.value.message
    assert "Question 2" in message and "你单位何时成立" in message, message
    assert "Question 1" not in message and "Question 3" not in message and "还有补充吗" not in message, message


def test_a_record_with_every_question_answered_issues_and_prints_them(demo_db, data_dir):
    case = find_case(demo_db, UNDER_INVESTIGATION)
    qa = "问：你叫什么名字？\n答：张三。\n问：还有补充吗？\n答：记不清了。"
    issued = issue_document(demo_db, data_dir, case, find_form(INQUIRY),
                            {**INQUIRY_TO_ISSUE, "time_from": "2026-11-20 09:30", "questions_answers": qa})
    text = _flat(pdf_text(document_pdf(demo_db, data_dir, issued.id)))
    assert "答：张三。" in text and "答：记不清了。" in text


def test_its_draft_may_still_hold_the_unanswered_questions(demo_db):
    draft = draft_document(demo_db, find_case(demo_db, UNDER_INVESTIGATION), find_form(INQUIRY), {})
    assert "请介绍一下你的个人基本情况" in draft.text


def test_the_editor_refuses_to_issue_naming_the_question_and_issues_once_it_is_answered(demo_db, opened, prompts,
                                                                                      english):
    editor = opened(demo_db, INQUIRY, find_case(demo_db, UNDER_INVESTIGATION))
    template = editor.fields["questions_answers"].value()
    fill_inquiry_to_issue(editor)
    editor.set_field("questions_answers", template)  # the template's questions, none answered
    prompts.confirm_answer = True
    editor.issue()
    assert editor.document is None and prompts.errors
    assert "Question 1" in prompts.errors[-1] and "delete" in prompts.errors[-1], prompts.errors
    editor.set_field("questions_answers", answered(template))
    editor.issue()
    assert editor.document is not None, prompts.errors


def test_a_record_written_as_plain_text_has_no_unanswered_question():
    from workstation.formkit.qa import unanswered

    assert unanswered("当事人称其公司于2026年3月起发送营销短信。") == []
    assert unanswered("问：你叫什么名字？\n答：") == [(1, "你叫什么名字？")]
