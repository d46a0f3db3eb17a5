"""The document editor's messages around issuing: a correction's question names the document it replaces; a refusal
for wrong fields names them and brings the first into view, however far down the form it lies; and once issued,
the preview shows the document as issued with its 文号, not a draft rendered a moment before."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QApplication

from tests.helpers import pdf_text
from tests.test_lead_docs_checks10 import LEAD, unassigned_lead
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.leads_workflow import assign_lead
from workstation.store import agency_by_code, get_case

pytestmark = pytest.mark.gui

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = {"party_address": "佛山市南海区桂城街道南海大道北1号"}


def test_a_corrections_question_names_the_document_it_replaces(db, data_dir, make_case, opened, prompts, english):
    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, fine_fen=300_000)
    notice = issue_document(db, data_dir, case, find_form("pre_penalty_notice"), ADDRESS)
    editor = opened(db, "pre_penalty_notice", get_case(db, case.id), corrects=notice)
    prompts.confirm_answer = False
    editor.issue()
    assert prompts.errors == []
    (question,) = prompts.confirmations
    first = question.split("\n")[0]
    assert first.startswith("Issue 行政处罚告知书? It takes the next 文号, ")
    assert first.endswith(f"It replaces {notice.number}, which stays in the case file marked corrected.")
    assert notice.number not in first.split("It replaces")[0]  # the number taken is the next one, not this one


def test_a_new_documents_question_names_nothing_replaced(db, make_case, opened, prompts, english):
    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, fine_fen=300_000)
    editor = opened(db, "pre_penalty_notice", case)
    prompts.confirm_answer = False
    editor.issue()
    (question,) = prompts.confirmations
    assert "replaces" not in question


def test_issuing_refused_names_the_wrong_field_and_brings_it_into_view(demo_db, opened, prompts, qtbot, english):
    unassigned_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604012").id, on="2026-03-02")
    editor = opened(demo_db, "assignment_notice", lead_id=LEAD)
    editor.set_field("contact_person", "")  # no officer signed in to fill it
    editor.resize(1000, 600)
    editor.show()
    qtbot.waitExposed(editor)
    assert list(editor.validate()) == ["contact_person"]
    assert editor.errors_label.text() == "Issue is not possible: correct 联系人."
    editor.issue()
    assert prompts.errors == ["Correct these fields before issuing: 联系人."] and prompts.confirmations == []
    QApplication.processEvents()
    box = editor.fields["contact_person"].focus_widget
    assert QApplication.focusWidget() is box
    viewport = editor.fields_area.viewport()
    top = box.mapTo(viewport, box.rect().topLeft()).y()
    assert 0 <= top and top + box.height() <= viewport.height()  # in view, not below the visible part
    assert editor.error_labels["contact_person"].isVisibleTo(editor)


def test_a_transfer_letter_issued_while_its_preview_was_rendering_shows_the_issued_letter(demo_db, opened, prompts,
                                                                                         qtbot):
    from workstation.store.base import set_setting

    unassigned_lead(demo_db)
    set_setting(demo_db, "station_agency", agency_by_code(demo_db, "440604").id)
    editor = opened(demo_db, "case_transfer_letter", lead_id=LEAD)
    editor.wait_for_preview()
    editor.set_field("contact_person", "陈志强")  # typed: a new preview is due
    editor.refresh_preview()  # and being rendered as Issue is pressed
    prompts.confirm_answer = True
    editor.issue()
    assert prompts.errors == [] and editor.document is not None and editor.document.number
    editor.wait_for_preview()
    shown = pdf_text(editor.pdf_bytes)
    assert editor.document.number in shown and "文号在签发时生成" not in shown
    assert editor.pdf_action.isEnabled() and editor.docx_action.isEnabled()  # both saved as issued
