"""Leads and documents left by the walkthroughs: a document saved from the editor or the case's documents list says
where the file went (已写入 …, as the command line says it); 不予立案 on a lead offers its 不予立案审批表 as 交办 offers
its notice, drawn with the reason just given; a case opened on a lead assigned after it was received shows the
assignment day as its 线索接收日期 (its T1 counts from it) with the day the lead was received beside it."""

from __future__ import annotations

import pytest

from tests.helpers import FILING_SOURCE, fill_inquiry_to_issue
from tests.test_leads_workflow import LEAD, fresh_lead
from workstation.documents.drafts import find_form
from workstation.leads_workflow import (
    assign_lead,
    file_case_from_lead,
    get_lead_row,
    issue_lead_document,
    lead_documents,
)
from workstation.store import agency_by_code, find_case, get_case

pytestmark = pytest.mark.gui

FILED = "佛南市监立〔2026〕9号"  # demo case under investigation
DECIDING = "佛南市监立〔2026〕1号"  # demo case whose 行政处罚决定书 can be issued
CHANCHENG = "440604"
QUESTION = "不予立案审批表"


# 1. a save says where the file went ------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_draft_saved_from_the_editor_says_where_it_went(demo_db, opened, prompts, tmp_path, chinese, fmt):
    editor = opened(demo_db, "filing_approval", find_case(demo_db, FILED))
    editor.set_field("source", FILING_SOURCE["source"])  # a case from no lead: the officer chooses its source
    target = tmp_path / f"立案审批表.{fmt}"
    prompts.files.append(str(target))
    editor.save_as(fmt)
    assert prompts.errors == [] and target.exists()
    assert prompts.infos == [f"已写入 {target}。"]


def test_an_issued_document_saved_from_the_editor_says_where_it_went(demo_db, opened, prompts, tmp_path, chinese):
    editor = opened(demo_db, "inquiry_record", find_case(demo_db, FILED))
    fill_inquiry_to_issue(editor)
    prompts.confirm_answer = True
    editor.issue()
    assert editor.document is not None and prompts.errors == []
    said = len(prompts.infos)
    for fmt in ("pdf", "docx"):
        target = tmp_path / f"询问笔录.{fmt}"
        prompts.files.append(str(target))
        editor.save_as(fmt)
        assert target.exists() and prompts.infos[said:] == [f"已写入 {target}。"]
        said += 1


def test_a_save_refused_says_only_why(demo_db, opened, prompts, tmp_path, chinese):
    editor = opened(demo_db, "filing_approval", find_case(demo_db, FILED))
    editor.set_field("source", FILING_SOURCE["source"])
    prompts.files.append(str(tmp_path / "没有的文件夹" / "立案审批表.pdf"))
    editor.save_as("pdf")
    assert len(prompts.errors) == 1 and "没有的文件夹" in prompts.errors[0] and prompts.infos == []


def test_the_case_documents_list_says_where_a_draft_and_an_issued_document_went(make_window, demo_db, prompts,
                                                                                 tmp_path, chinese):
    from workstation.documents.issuing import case_documents

    window = make_window(demo_db)
    case = find_case(demo_db, DECIDING)
    section = window.open_case(case.id).documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("penalty_decision"))
    draft = tmp_path / "草稿.docx"
    prompts.files.append(str(draft))
    section.save_draft("docx")
    assert draft.exists() and prompts.infos == [f"已写入 {draft}。"]

    prompts.confirm_answer = True
    section.issue()
    assert prompts.errors == []
    issued = next(d for d in case_documents(demo_db, case.id) if d.form_id == "penalty_decision")
    saved = tmp_path / "决定书.pdf"
    prompts.files.append(str(saved))
    window.open_case(case.id).documents.save_issued(issued)
    assert saved.read_bytes().startswith(b"%PDF") and prompts.infos[-1] == f"已写入 {saved}。"


# 2. 不予立案 offers its 审批表 ------------------------------------------------------------------------------------
def _assigned(db) -> None:
    fresh_lead(db)
    assign_lead(db, LEAD, agency_by_code(db, CHANCHENG).id, on="2026-03-02")


def _not_filed_on_the_page(db, make_window, prompts, reason: str):
    window = make_window(db)
    page = window.leads_page
    page.select(LEAD)
    prompts.texts, prompts.days = [reason], ["2026-03-10"]
    page.not_file()
    assert prompts.errors == [] and get_lead_row(db, LEAD)["status"] == "not_filed"
    return window


def test_not_filing_a_lead_offers_its_approval_drawn_with_the_reason_given(demo_db, make_window, prompts):
    _assigned(demo_db)
    prompts.confirm_answer = True  # the decision confirmed, then the 审批表 written
    window = _not_filed_on_the_page(demo_db, make_window, prompts, "该号码已停机，无法确认使用人")
    assert QUESTION in prompts.confirmations[-1]
    editor = window.editors[-1]
    assert editor.form.id == "non_filing_approval" and editor.lead_id == LEAD and editor.document is None
    assert editor.fields["reason"].value() == "该号码已停机，无法确认使用人"


def test_declining_the_offered_approval_opens_no_editor(demo_db, make_window, prompts):
    def confirm(parent, message, destructive=False, details=None):
        prompts.confirmations.append(message)
        return QUESTION not in message  # the decision confirmed, the 审批表 declined

    prompts.confirm = confirm
    _assigned(demo_db)
    window = _not_filed_on_the_page(demo_db, make_window, prompts, "无违法事实")
    assert QUESTION in prompts.confirmations[-1]
    assert not [e for e in window.editors if e.form.id == "non_filing_approval"]


def test_a_lead_whose_approval_was_issued_before_the_decision_is_not_offered_another(demo_db, data_dir,
                                                                                        make_window, prompts):
    _assigned(demo_db)
    form = find_form("non_filing_approval")
    typed = {"officer1_name": "罗建华", "officer1_cert": "44060001", "officer2_name": "陈志强",
             "officer2_cert": "44060002", "reason": "经核查，号码已停机。"}
    issue_lead_document(demo_db, data_dir, LEAD, form, typed)
    prompts.confirm_answer = True
    window = _not_filed_on_the_page(demo_db, make_window, prompts, "经核查，号码已停机")
    assert not any(QUESTION in asked for asked in prompts.confirmations)
    assert not [e for e in window.editors if e.form.id == "non_filing_approval"]
    assert [d.form_id for d in lead_documents(demo_db, LEAD)].count("non_filing_approval") == 1


# 3. the case of an assigned lead shows both days -------------------------------------------------------------------
def _date_shown(workspace, label: str) -> str:
    """The value the workspace's 案件 box shows beside ``label``."""
    from PySide6.QtWidgets import QFormLayout, QGroupBox

    box = next(b for b in workspace.findChildren(QGroupBox) if b.title() == "Case")
    form = box.layout()
    assert isinstance(form, QFormLayout)
    rows = {form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().text():
            form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget() for row in range(form.rowCount())
            if form.itemAt(row, QFormLayout.ItemRole.LabelRole) is not None}
    return rows[label].text()


def test_the_case_of_a_lead_assigned_later_shows_the_day_it_was_received_beside_the_assignment(demo_db, make_window,
                                                                                                english):
    fresh_lead(demo_db)  # received at the hotline on 2026-02-19
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, CHANCHENG).id, on="2026-03-02")
    case = file_case_from_lead(demo_db, LEAD)
    assert get_case(demo_db, case.id).lead_received_on == "2026-03-02"  # its T1 counts from the assignment
    workspace = make_window(demo_db).open_case(case.id)
    shown = _date_shown(workspace, "Lead received")
    assert shown == "2026-03-02 (the day the lead was assigned; it was received on 2026-02-19)"


def test_the_case_of_a_lead_never_assigned_shows_its_receipt_alone(demo_db, make_window, english):
    fresh_lead(demo_db)
    demo_db.execute("UPDATE leads SET agency_id = ? WHERE id = ?", [agency_by_code(demo_db, CHANCHENG).id, LEAD])
    case = file_case_from_lead(demo_db, LEAD)
    assert get_case(demo_db, case.id).lead_received_on == "2026-02-19"
    workspace = make_window(demo_db).open_case(case.id)
    assert _date_shown(workspace, "Lead received") == "2026-02-19"
