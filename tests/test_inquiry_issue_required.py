"""A 询问笔录 is issued only with its time span, place and the interviewee's identity (REFERENCE §2.2 No. 14: the
form's ``required_to_issue``): issuing without them is refused naming each field, nothing taken, while the draft
may still lack them, be kept and be printed; with them it issues and prints the end of the interview."""

import pytest

from tests.helpers import INQUIRY_TO_ISSUE, fill_inquiry_to_issue, numbers_taken, pdf_text, run
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import case_documents, check_issue, document_pdf, issue_document
from workstation.errors import ValidationError
from workstation.store import find_case

CASE = "佛南市监立〔2026〕9号"  # under investigation
EMPTY = ("询问结束时间", "询问地点", "性别", "身份证件号码")


def count_documents(db) -> int:
    return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


def test_the_form_names_what_issuing_needs():
    assert find_form("inquiry_record").required_to_issue == (
        "time_from", "time_to", "place", "sex", "id_number", "recusal_answer")


def test_issuing_without_the_end_place_and_identity_is_refused_naming_them_and_takes_nothing(demo_db, data_dir):
    case = find_case(demo_db, CASE)
    documents, numbers = count_documents(demo_db), numbers_taken(demo_db)
    with pytest.raises(ValidationError) as refused:
        issue_document(demo_db, data_dir, case, find_form("inquiry_record"), {"id_number": ""})
    message = refused.value.message
    assert message.startswith("询问开始时间：") and "询问开始时间、询问结束时间、询问地点、性别、身份证件号码" in message, \
        message
    assert "民族" not in message  # practice-based: not asked for
    assert (count_documents(demo_db), numbers_taken(demo_db)) == (documents, numbers)


def test_one_value_missing_is_named_alone(demo_db):
    case = find_case(demo_db, CASE)
    with pytest.raises(ValidationError) as refused:
        check_issue(demo_db, case, find_form("inquiry_record"), {**INQUIRY_TO_ISSUE, "time_from": "2026-11-20 09:30", "place": " "})
    assert refused.value.message.startswith("询问地点：") and "性别" not in refused.value.message


def test_the_draft_may_still_lack_them_and_be_printed(demo_db):
    draft = draft_document(demo_db, find_case(demo_db, CASE), find_form("inquiry_record"), {"id_number": ""})
    assert "询问笔录" in draft.text


def test_with_them_it_issues_and_prints_the_end_of_the_interview(demo_db, data_dir):
    case = find_case(demo_db, CASE)
    values = {**INQUIRY_TO_ISSUE, "time_from": "2026-11-20 09:30"}
    document = issue_document(demo_db, data_dir, case, find_form("inquiry_record"), values)
    text = pdf_text(document_pdf(demo_db, data_dir, document.id))
    assert "2026年11月20日11时05分" in text and "至年月日时分" not in text
    assert "佛山市南海区市场监督管理局询问室" in text and "440602198506150019" in text


def test_the_editor_refuses_to_issue_naming_the_fields_and_keeps_the_draft(demo_db, opened, prompts):
    editor = opened(demo_db, "inquiry_record", find_case(demo_db, CASE))
    editor.set_field("id_number", "")
    editor.set_field("place", "")
    editor.set_field("recusal_answer", "听清楚了，不申请回避。")
    prompts.confirm_answer = True
    editor.issue()
    assert editor.document is None and prompts.errors
    assert all(label in prompts.errors[-1] for label in EMPTY), prompts.errors
    assert not any(d.form_id == "inquiry_record" for d in case_documents(demo_db, find_case(demo_db, CASE).id))
    fill_inquiry_to_issue(editor)
    editor.issue()
    assert editor.document is not None, prompts.errors


def test_docs_issue_refuses_naming_the_fields(demo_db, data_dir, capsys, tmp_path):
    demo_db.conn.close()
    out = tmp_path / "笔录.pdf"
    code, printed, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CASE, "--form", "inquiry_record",
                             "-o", out)
    assert (code, printed) == (1, "")
    assert all(label in err for label in EMPTY[:3]), err
    assert not out.exists()
