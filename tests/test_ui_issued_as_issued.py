"""The document editor's 另存为DOCX of an issued document saves it as issued: opened again after the bureau was
renamed, its officer renamed with another certificate number and its party edited, the copy still prints the
agency, officers and party it was issued with; a new draft in the editor takes them as they are now; a document
issued by an earlier version whose PDF no longer matches is refused, pointing to its PDF."""

from dataclasses import replace

import pytest

from tests.helpers import fill_inquiry_to_issue
from tests.test_issued_as_issued import (
    RENAMED,
    _agency_renamed,
    _as_an_earlier_version_issued,
    _party_edited,
    docx_text,
)
from workstation.documents.issuing import get_document
from workstation.store import find_case, get_officer
from workstation.store.agencies import save_officer

pytestmark = pytest.mark.gui

CASE = "佛南市监立〔2026〕9号"  # demo case under investigation


def _issued_record(db, opened, prompts):
    editor = opened(db, "inquiry_record", find_case(db, CASE))
    fill_inquiry_to_issue(editor)
    prompts.confirm_answer = True
    editor.issue()
    assert editor.document is not None and prompts.errors == []
    return editor.document


def test_an_issued_record_reopened_saves_its_docx_as_issued_after_the_agency_officer_and_party_changed(
        demo_db, opened, prompts, tmp_path):
    document = _issued_record(demo_db, opened, prompts)
    case = find_case(demo_db, CASE)
    officer = get_officer(demo_db, case.officer_ids[0])
    save_officer(demo_db, replace(officer, name="欧阳明远", cert_no="44060599887766"))
    _agency_renamed(demo_db, case)
    party_name, _address = _party_edited(demo_db, case)  # a company's address is not the interviewee's
    editor = opened(demo_db, "inquiry_record", find_case(demo_db, CASE), document=get_document(demo_db, document.id))
    target = tmp_path / "询问笔录.docx"
    prompts.files = [str(target)]
    editor.save_as("docx")
    text = docx_text(target.read_bytes())
    assert prompts.errors == [] and "文号在签发时生成" not in text
    assert officer.name in text and officer.cert_no in text and "欧阳明远" not in text and "44060599887766" not in text
    assert RENAMED not in text
    assert party_name in text and party_name + "（已更名）" not in text  # its 工作单位 and 案由 as issued
    draft = opened(demo_db, "inquiry_record", find_case(demo_db, CASE))  # a new record takes them as they are now
    assert "欧阳明远" in {widget.value() for widget in draft.fields.values()}


def test_a_record_an_earlier_version_issued_is_refused_as_docx_once_the_agency_was_renamed(
        demo_db, opened, prompts, tmp_path):
    document = _issued_record(demo_db, opened, prompts)
    _as_an_earlier_version_issued(demo_db, document.id)
    _agency_renamed(demo_db, find_case(demo_db, CASE))
    editor = opened(demo_db, "inquiry_record", find_case(demo_db, CASE), document=get_document(demo_db, document.id))
    target = tmp_path / "询问笔录.docx"
    prompts.files = [str(target)]
    editor.save_as("docx")
    assert not target.exists()
    assert len(prompts.errors) == 1 and "询问笔录" in prompts.errors[0] and RENAMED in prompts.errors[0]
