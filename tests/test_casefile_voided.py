"""A numbered document never leaves the case file without trace: a voided document and one replaced by a correction
stay in the 卷内文件目录 (marked in its 备注) and in the printed 卷宗 (a voided one stamped 作废), with page ranges that
agree; a record the other side signed (``signed_record`` in its form: 询问笔录, 现场笔录 …) is only voided, never
corrected, in the window and on the command line; `docs list` lists a case's documents with their ids."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from PySide6.QtWidgets import QPushButton

from tests.helpers import INQUIRY_TO_ISSUE, open_db, run, run_json
from tests.test_law_guards import under_investigation
from workstation.documents.casefile import print_case_file
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.errors import WorkstationError
from workstation.formkit.spec import load_forms
from workstation.formkit.values import documents_context
from workstation.store import find_case

CASE = "佛南市监立〔2026〕1号"  # demo case, one party
FIRST, SECOND = "佛南市监处〔2026〕1号", "佛南市监处〔2026〕2号"
INQUIRY = {"interviewee": "张三", "recusal_answer": "不申请", "time_from": "2026-11-20 10:00", **INQUIRY_TO_ISSUE}  # all issuing needs


@pytest.fixture
def filed(demo_db, data_dir, kept_state):
    """Case 1 with a decision, its correction and a 送达回证 voided: (case, decision, correction, receipt)."""
    def make():
        case = find_case(demo_db, CASE)
        decision = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {})
        correction = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {},
                                    supersedes=decision.id)
        receipt = issue_document(demo_db, data_dir, case, find_form("delivery_receipt"),
                                 {"served_document": f"行政处罚决定书 {SECOND}"})
        void_document(demo_db, receipt.id, "送达地点填写有误")
        return case, decision, correction, receipt

    return kept_state("filed", demo_db, data_dir, make)


def index_rows(db, case) -> list[list[str]]:
    return [line.split(" | ") for line in str(documents_context(db, case)["documents.rows"]).splitlines()]


def test_voided_and_corrected_documents_stay_in_the_index_marked_in_their_remarks(demo_db, data_dir, filed):
    case, decision, correction, receipt = filed
    rows = index_rows(demo_db, case)
    assert [(row[0], row[1], row[3], row[6]) for row in rows] == [
        ("1", FIRST, "行政处罚决定书", f"已由{SECOND}更正"),
        ("2", SECOND, "行政处罚决定书", f"更正{FIRST}"),
        # a 送达回证 is titled by the document it served, and filed right after it (here the correction)
        ("3", "", f"送达回证（{SECOND}）", "已作废：送达地点填写有误")]
    context = documents_context(demo_db, case)
    assert context["documents.count"] == 3  # the 卷内备考表 counts them too
    assert context["documents.pages"] == decision.pages + correction.pages + receipt.pages


def test_the_printed_case_file_keeps_a_voided_document_stamped_void_on_the_pages_its_index_names(
        demo_db, data_dir, filed):
    case, decision, correction, receipt = filed
    case_file = print_case_file(demo_db, data_dir, case)
    assert list(case_file.numbered) == [decision.id, correction.id, receipt.id]
    spans = {row[1] or row[3]: row[5] for row in index_rows(demo_db, case)}
    for document, key in ((decision, FIRST), (correction, SECOND), (receipt, f"送达回证（{SECOND}）")):
        first, last = case_file.numbered[document.id]
        assert spans[key] == (str(first) if first == last else f"{first}-{last}")  # the 目录 and the pages agree
    pages = PdfReader(io.BytesIO(case_file.data)).pages
    assert case_file.pages == len(pages)
    offset = len(pages) - 1 - case_file.numbered[receipt.id][1]  # cover and index before, remarks sheet after
    texts = [pages[offset + n - 1].extract_text().replace(" ", "") for n in range(1, case_file.numbered[receipt.id][1] + 1)]
    void_first = case_file.numbered[receipt.id][0]
    assert all("作废" in text for text in texts[void_first - 1:])  # each page of the voided receipt is stamped
    assert all("送达回证" in text for text in texts[void_first - 1:void_first])
    assert not any("作废" in text for text in texts[:void_first - 1])  # the others are printed as issued


def test_a_case_whose_only_document_was_voided_still_prints_its_case_file(demo_db, data_dir):
    case = find_case(demo_db, CASE)
    decision = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {})
    void_document(demo_db, decision.id, "金额有误")
    assert print_case_file(demo_db, data_dir, case).numbered == {decision.id: (1, decision.pages)}


def test_the_records_the_other_side_signs_are_marked_in_their_form_files():
    forms = load_forms()[0]
    signed = {form_id for form_id, form in forms.items() if form.signed_record}
    assert {"inquiry_record", "site_record", "hearing_record", "statement_record", "delivery_receipt",
            "electronic_evidence_record", "sampling_record"} <= signed
    assert not signed & {"penalty_decision", "no_penalty_decision", "pre_penalty_notice", "investigation_report"}
    # records, and the interview register's 送达回证 of its notice (a document of the interview kind)
    assert all(forms[form_id].kind == "record" for form_id in signed - {"interview_delivery_receipt"})
    assert forms["interview_delivery_receipt"].signed_record


def test_a_signed_record_is_refused_as_corrected_document_saying_why_and_nothing_changes(demo_db, data_dir, english):
    with under_investigation(demo_db, find_case(demo_db, CASE)) as case:  # a 询问笔录 is refused once decided
        record = issue_document(demo_db, data_dir, case, find_form("inquiry_record"), INQUIRY)
        before = demo_db.execute("SELECT COUNT(*) FROM documents").fetchone()
        with pytest.raises(WorkstationError) as refused:
            issue_document(demo_db, data_dir, case, find_form("inquiry_record"), INQUIRY, supersedes=record.id)
    assert refused.value.message == (
        "询问笔录 is a record the other side signed: it cannot be replaced by a new document they did not sign. "
        "Write what changed in a further 询问笔录 for them to sign, and void this one with its reason if it must not "
        "stand.")
    assert demo_db.execute("SELECT COUNT(*) FROM documents").fetchone() == before
    void_document(demo_db, record.id, "被询问人身份记录有误")  # voiding stays open


def test_docs_issue_supersedes_refuses_a_signed_record_in_one_line(demo_db, data_dir, capsys, english, tmp_path):
    demo_db.execute("UPDATE cases SET status = 'investigating' WHERE case_number = ?", [CASE])  # not yet decided
    record = issue_document(demo_db, data_dir, find_case(demo_db, CASE), find_form("inquiry_record"), INQUIRY)
    demo_db.conn.close()
    values = tmp_path / "v.json"
    values.write_text(json.dumps(INQUIRY, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CASE, "--form", "inquiry_record",
                         "--values", values, "--supersedes", record.id, "-o", tmp_path / "笔录.pdf")
    assert (code, out) == (1, "")
    # one line of refusal (after the note that the recusal answer is the text an earlier version gave by default)
    errors = [line for line in err.splitlines() if not line.startswith("Note:")]
    assert len(errors) == 1 and "is a record the other side signed" in errors[0]
    assert not (tmp_path / "笔录.pdf").exists()


def test_docs_list_gives_each_document_with_its_id_number_status_and_date(demo_db, data_dir, filed, capsys,
                                                                        english):
    from workstation.store.drafts import open_draft, set_status

    case, decision, correction, receipt = filed
    with under_investigation(demo_db, case) as investigated:  # a 询问笔录 is refused once decided
        record = issue_document(demo_db, data_dir, investigated, find_form("inquiry_record"), INQUIRY)
    draft = open_draft(demo_db, "pre_penalty_notice", {}, case_id=case.id, title="行政处罚告知书 · 草稿")
    set_status(demo_db, draft.id, "saved")
    demo_db.conn.close()
    listed = run_json(capsys, "--data-dir", data_dir, "docs", "list", CASE)
    assert [(r["id"], r["form"], r["number"], r["status"], r["status_label"]) for r in listed] == [
        (draft.id, "行政处罚告知书", None, "draft", "Draft"),
        (decision.id, "行政处罚决定书", FIRST, "corrected", "Corrected"),
        (correction.id, "行政处罚决定书", SECOND, "issued", "Issued"),
        (receipt.id, "送达回证", None, "void", "Void"),
        (record.id, "询问笔录", None, "issued", "Issued")]
    # a document is dated by the date it bears (its 决定日期), as the 卷内文件目录 dates it; issued_at says when it was issued
    assert listed[0]["issued_on"] is None and listed[1]["issued_on"] == decision.values["decided_on"]
    assert listed[1]["issued_at"] == decision.issued_at
    assert listed[1]["corrected_by"] == correction.id and listed[3]["void_reason"] == "送达地点填写有误"
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "list", CASE)
    assert (code, err) == (0, "")
    assert f"{receipt.id}\t送达回证\t—\tVoid：送达地点填写有误\t{listed[3]['issued_on']}" in out.splitlines()
    # the record without a 文号 is voided by the id listed
    assert run(capsys, "--data-dir", data_dir, "docs", "void", record.id, "--reason", "记录有误")[0] == 0
    db = open_db(data_dir)
    try:
        assert db.execute("SELECT status FROM documents WHERE id = ?", [record.id]).fetchone() == ("void",)
    finally:
        db.conn.close()


def test_docs_list_of_an_unknown_case_is_refused_and_of_a_case_without_documents_says_so(demo_db, data_dir, capsys,
                                                                                        english):
    demo_db.conn.close()
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "list", "佛南市监立〔2026〕999号")
    assert (code, out) == (1, "") and "佛南市监立〔2026〕999号" in err
    assert run(capsys, "--data-dir", data_dir, "docs", "list", CASE) == (
        0, f"{CASE} has no documents.\n", "")
    assert run_json(capsys, "--data-dir", data_dir, "docs", "list", CASE) == []


@pytest.mark.gui
def test_a_signed_record_is_offered_void_but_not_correct_in_the_documents_list(qtbot, demo_db, data_dir, prompts,
                                                                              english):
    from ui.case_workspace import CaseWorkspace

    case = find_case(demo_db, CASE)
    with under_investigation(demo_db, case) as investigated:  # a 询问笔录 is refused once decided
        record = issue_document(demo_db, data_dir, investigated, find_form("inquiry_record"), INQUIRY)
    decision = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {})
    shown = CaseWorkspace(demo_db, case.id, prompts, ask_transition=None, data_dir=data_dir)
    qtbot.addWidget(shown)

    def button(name, document):
        assert shown.documents.select_document(document.id)
        return shown.documents.findChild(QPushButton, f"{name}_document")

    signed = (
        "询问笔录 is a record the other side signed: it cannot be replaced by a new document they did not sign. "
        "Write what changed in a further 询问笔录 for them to sign, and void this one with its reason if it must not "
        "stand.")
    correct = button("correct", record)  # 更正… is not offered for the signed record: greyed out saying why
    assert not correct.isEnabled() and correct.toolTip() == signed
    assert button("void", record).isEnabled()
    assert button("correct", decision).isEnabled()  # a decision is still corrected
    shown.documents.correct(record)  # asked anyway: refused saying why, nothing opened
    assert prompts.errors == [signed]
