"""The case file (卷宗), its 卷内文件目录 and the register of issued documents (发文登记): the lead's 案件来源登记表
issued before the case was filed is the case's own in each of them; an issued 目录 giving 页号 other than the
卷宗 stamps is refused, at printing and before it is issued; the documents are filed in procedural order (by the
date each bears, a correction right after the document it replaces); the register's year is the document's."""

from __future__ import annotations

import pytest

from tests.test_leads_workflow import LEAD, fresh_lead
from workstation.document_register import count_documents, issue_years, registered_documents
from workstation.documents.casefile import case_file_refusal, print_case_file
from workstation.documents.drafts import find_form
from workstation.documents.issuing import documents_of_case, issue_document
from workstation.errors import ValidationError, WorkstationError
from workstation.formkit.values import bound_documents, documents_context, filed_documents
from workstation.leads_workflow import assign_lead, file_case_from_lead, issue_lead_document
from workstation.money import chinese_date
from workstation.store import agency_by_code, find_case

CASE = "佛南市监立〔2026〕1号"  # demo case, one party


def _issue(db, data_dir, case, form_id, values=None, **kwargs):
    return issue_document(db, data_dir, case, find_form(form_id), values or {}, **kwargs)


def _case_from_lead_with_register(db, data_dir):
    fresh_lead(db)
    assign_lead(db, LEAD, agency_by_code(db, "440604").id, on="2026-03-02")
    register = issue_lead_document(db, data_dir, LEAD, find_form("case_source_register"), {})
    return file_case_from_lead(db, LEAD), register


# ---- 1. the lead's 案件来源登记表 is in the case file -----------------------------------------------------------

def test_the_leads_register_is_filed_listed_and_found_with_the_case(demo_db, data_dir):
    case, register = _case_from_lead_with_register(demo_db, data_dir)
    assert register.case_id is None and register.lead_id == LEAD
    assert [d.id for d in filed_documents(demo_db, case.id)] == [register.id]
    assert [d.id for d in bound_documents(demo_db, case.id)] == [register.id]
    rows = str(documents_context(demo_db, case)["documents.rows"]).splitlines()
    assert len(rows) == 1 and "案件来源登记表" in rows[0]
    assert [d.id for d in documents_of_case(demo_db, case.id)] == [register.id]  # the window's list
    assert rows[0].split(" | ")[5] == (str(register.pages) if register.pages == 1 else f"1-{register.pages}")
    # the register names the case, and searching its number finds the lead's register
    case_number = "佛南市监立〔2026〕77号"  # as the case once filed is numbered
    demo_db.execute("UPDATE cases SET case_number = ? WHERE id = ?", [case_number, case.id])
    found = registered_documents(demo_db, case_number)
    assert register.id in [d.id for d in found]
    assert next(d for d in found if d.id == register.id).subject.startswith(case_number)
    assert count_documents(demo_db, case_number) == len(found)


def test_the_window_lists_the_leads_register_among_the_cases_documents_dated_as_docs_list(
        demo_db, data_dir, prompts, qtbot, english):
    from ui.case_documents import CaseDocuments
    from workstation.documents.issuing import document_list

    case, register = _case_from_lead_with_register(demo_db, data_dir)
    box = CaseDocuments(demo_db, data_dir, case, prompts)
    qtbot.addWidget(box)
    model = box.view.model()
    assert [d.id for d in model.records] == [register.id]
    listed = {d["id"]: d for d in document_list(demo_db, case.id)}
    assert register.id in listed
    headers = [model.headerData(c, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal)
               for c in range(model.columnCount())]
    assert "Dated" in headers and "Issued on" not in headers
    assert chinese_date(listed[register.id]["issued_on"]) in model.row_texts(0)


# ---- 5. the window's 文书 table dates a document as docs list does ----------------------------------------------

def test_the_window_shows_the_date_a_document_bears_not_the_day_it_was_typed_in(
        demo_db, data_dir, prompts, qtbot):
    from ui.case_documents import CaseDocuments

    case = find_case(demo_db, CASE)
    approval = _issue(demo_db, data_dir, case, "filing_approval",
                      {"proposed_on": case.filed_on, "approved_on": case.filed_on})
    assert approval.issued_at[:10] != case.filed_on
    box = CaseDocuments(demo_db, data_dir, case, prompts)
    qtbot.addWidget(box)
    model = box.view.model()
    row = next(i for i, d in enumerate(model.records) if d.id == approval.id)
    texts = model.row_texts(row)
    assert chinese_date(case.filed_on) in texts
    assert chinese_date(approval.issued_at[:10]) not in texts


# ---- 2. the 目录's 页号 agree with the pages stamped ---------------------------------------------------------------

def _index_lines(db, case):
    return str(documents_context(db, case)["documents.rows"]).splitlines()


def test_an_index_giving_other_page_numbers_is_refused_at_issue_and_at_printing(demo_db, data_dir, english):
    case = find_case(demo_db, CASE)
    decision = _issue(demo_db, data_dir, case, "penalty_decision")
    receipt = _issue(demo_db, data_dir, case, "delivery_receipt")
    lines = _index_lines(demo_db, case)
    cells = [line.split(" | ") for line in lines]
    numbered = print_case_file(demo_db, data_dir, case).numbered
    spans = {d.id: cells[i][5] for i, d in enumerate(bound_documents(demo_db, case.id))}
    for document_id, (first, last) in numbered.items():
        assert spans[document_id] == (str(first) if first == last else f"{first}-{last}")
    wrong = [list(c) for c in cells]
    at = next(i for i, c in enumerate(wrong) if c[1] == decision.number)
    wrong[at][5] = "7-9"
    text = "\n".join(" | ".join(c) for c in wrong)
    with pytest.raises(ValidationError) as refused:
        _issue(demo_db, data_dir, case, "file_index", {"index": text})
    assert decision.number in str(refused.value) and "7-9" in str(refused.value)
    # the right pages issue; a 目录 made wrong otherwise (issued before this check) refuses the print naming it
    index = _issue(demo_db, data_dir, case, "file_index", {"index": "\n".join(lines)})
    assert case_file_refusal(demo_db, case) is None
    demo_db.execute("DROP TRIGGER documents_frozen")
    import json

    values = {**index.values, "index": text}
    demo_db.execute("UPDATE documents SET values_json = ? WHERE id = ?",
                    [json.dumps(values, ensure_ascii=False), index.id])
    refusal = case_file_refusal(demo_db, case)
    assert refusal and decision.number in refusal and "7-9" in refusal and "卷内文件目录" in refusal
    with pytest.raises(WorkstationError):
        print_case_file(demo_db, data_dir, case)
    assert receipt.id in numbered


# ---- 3. procedural order --------------------------------------------------------------------------------------

def test_documents_are_filed_by_the_date_they_bear_and_a_correction_after_the_one_it_replaces(
        demo_db, data_dir):
    case = find_case(demo_db, CASE)
    decision = _issue(demo_db, data_dir, case, "penalty_decision")
    # the 立案审批表 entered after the fact: dated at filing, issued last
    approval = _issue(demo_db, data_dir, case, "filing_approval",
                      {"proposed_on": case.filed_on, "approved_on": case.filed_on})
    receipt = _issue(demo_db, data_dir, case, "delivery_receipt")
    correction = _issue(demo_db, data_dir, case, "filing_approval",
                        {"proposed_on": case.filed_on, "approved_on": case.filed_on}, supersedes=approval.id)
    filed = [d.id for d in bound_documents(demo_db, case.id)]
    assert filed.index(approval.id) < filed.index(decision.id)
    assert filed.index(correction.id) == filed.index(approval.id) + 1
    assert receipt.id in filed
    # the pages stamped follow the same order as the 目录's lines
    numbered = print_case_file(demo_db, data_dir, case).numbered
    firsts = [numbered[i][0] for i in filed]
    assert firsts == sorted(firsts) and firsts[0] == 1
    titles = [line.split(" | ")[3] for line in _index_lines(demo_db, case)]
    assert titles[:2] == ["立案审批表", "立案审批表"]


def test_the_index_says_in_what_order_it_lists_the_documents():
    from workstation.formkit.spec import load_forms

    form = load_forms()[0]["file_index"]
    notes = [b.text for b in form.blocks if b.kind == "paragraph" and "注" in str(b.text)]
    assert notes and all("签发顺序" not in n for n in notes)


# ---- 4. the register's year is the document's --------------------------------------------------------------------

def test_the_registers_year_is_the_year_of_the_date_the_document_bears(demo_db, data_dir, monkeypatch):
    import workstation.documents.issuing as issuing

    case = find_case(demo_db, CASE)
    monkeypatch.setattr(issuing, "now", lambda: "2027-01-04T09:00:00.000000+08:00")  # typed in the next year
    approval = _issue(demo_db, data_dir, case, "filing_approval",
                      {"proposed_on": case.filed_on, "approved_on": case.filed_on})
    monkeypatch.undo()
    assert approval.issued_at.startswith("2027")
    year = case.filed_on[:4]
    assert approval.id in [d.id for d in registered_documents(demo_db, year=year)]
    assert approval.id not in [d.id for d in registered_documents(demo_db, year="2027")]
    assert count_documents(demo_db, year="2027") == 0
    assert "2027" not in issue_years(demo_db)


def test_a_case_whose_index_was_issued_on_an_earlier_version_keeps_the_file_it_lists(demo_db, data_dir):
    # its signed 目录 listed the case's own documents in the order issued, with their pages: the 卷宗 prints so
    case = find_case(demo_db, CASE)
    decision = _issue(demo_db, data_dir, case, "penalty_decision")
    approval = _issue(demo_db, data_dir, case, "filing_approval",
                      {"proposed_on": case.filed_on, "approved_on": case.filed_on})
    index = _issue(demo_db, data_dir, case, "file_index")
    assert [d.id for d in bound_documents(demo_db, case.id)][:2] == [approval.id, decision.id]
    demo_db.execute("DROP TRIGGER documents_frozen")
    demo_db.execute("UPDATE documents SET form_version = 4 WHERE id = ?", [index.id])
    listed = [d.id for d in filed_documents(demo_db, case.id)]
    assert listed.index(decision.id) < listed.index(approval.id) < listed.index(index.id)  # the order issued
