"""An issued 卷内文件目录 is the signed list of what the case file holds: a document voided after it was issued,
or one it does not list whatever the time it carries (a laptop's clock set ahead when the index was issued), makes
the case file refuse to print until the index is corrected; a cover naming a decision voided since does too. The
index dates an approval sheet by the day its table gives, and the archive page numbers sit in the outer corner of
the sheet each page is printed on, double-sided. The three sheets themselves are issued once the case is closed
(立卷归档 follows 结案); the case file prints before, its sheets drawn from the case."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from workstation.documents.casefile import _stamps, case_file_refusal, print_case_file
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.errors import WorkstationError
from workstation.formkit.values import documents_context
from workstation.store import find_case

CASE = "佛南市监立〔2026〕1号"  # demo case, one party


def _issue(db, data_dir, case, form_id, values=None):
    return issue_document(db, data_dir, case, find_form(form_id), values or {})


def test_a_document_voided_after_the_index_was_issued_refuses_the_print_until_the_index_says_so(demo_db, data_dir):
    case = find_case(demo_db, CASE)
    decision = _issue(demo_db, data_dir, case, "penalty_decision")
    index = _issue(demo_db, data_dir, case, "file_index")
    assert case_file_refusal(demo_db, case) is None
    void_document(demo_db, decision.id, "金额有误")
    refusal = case_file_refusal(demo_db, case)
    assert refusal and "卷内文件目录" in refusal and decision.number in refusal
    with pytest.raises(WorkstationError):
        print_case_file(demo_db, data_dir, case)
    # the index corrected (its lines drawn again, the void marked in 备注): the file prints
    issue_document(demo_db, data_dir, case, find_form("file_index"), {}, supersedes=index.id)
    assert case_file_refusal(demo_db, case) is None
    assert print_case_file(demo_db, data_dir, case).pages > 0


def test_a_cover_naming_a_decision_voided_since_refuses_the_print(demo_db, data_dir):
    case = find_case(demo_db, CASE)
    decision = _issue(demo_db, data_dir, case, "penalty_decision")
    cover = _issue(demo_db, data_dir, case, "file_cover")
    assert decision.number in str(cover.values["decision_number"])
    void_document(demo_db, decision.id, "金额有误")
    refusal = case_file_refusal(demo_db, case)
    assert refusal and "卷宗封面" in refusal and decision.number in refusal


def test_a_document_the_index_does_not_list_is_found_whatever_time_it_was_issued_at(demo_db, data_dir,
                                                                                    monkeypatch):
    import workstation.documents.issuing as issuing

    case = find_case(demo_db, CASE)
    _issue(demo_db, data_dir, case, "penalty_decision")
    real = issuing.now()
    # the index issued on a laptop whose clock was ahead: the receipt issued after it sorts before it
    monkeypatch.setattr(issuing, "now", lambda: f"{real[:11]}23:59:59.999999{real[26:]}")
    index = _issue(demo_db, data_dir, case, "file_index")
    monkeypatch.undo()
    receipt = _issue(demo_db, data_dir, case, "delivery_receipt")
    assert receipt.issued_at < index.issued_at
    refusal = case_file_refusal(demo_db, case)
    assert refusal and "送达回证" in refusal and "卷内文件目录" in refusal


def test_the_index_dates_an_approval_sheet_by_the_day_its_table_gives(demo_db, data_dir):
    from workstation.formkit.values import chinese_date

    case = find_case(demo_db, CASE)
    # the 立案日期 is the case's own (refused otherwise), earlier than the day the sheet is issued
    _issue(demo_db, data_dir, case, "filing_approval", {"proposed_on": case.filed_on, "approved_on": case.filed_on})
    rows = [line.split(" | ") for line in str(documents_context(demo_db, case)["documents.rows"]).splitlines()]
    assert case.filed_on < "2026-12-01"
    assert [(row[3], row[4]) for row in rows] == [("立案审批表", chinese_date(case.filed_on))]


def _number_x(page) -> float:
    """Where the archive page number of ``page`` (a page of ``_stamps``) is drawn, across."""
    found: list[float] = []
    page.extract_text(visitor_text=lambda text, _cm, tm, *_rest: found.append(tm[4]) if text.strip() else None)
    return found[0]


@pytest.mark.parametrize("before", [0, 1, 2, 3])
def test_an_archive_page_number_sits_in_the_outer_corner_of_the_sheet_it_is_printed_on(before):
    pages = PdfReader(io.BytesIO(_stamps([(595.0, 842.0)] * 4, before=before))).pages
    for n, page in enumerate(pages):
        front = (before + n) % 2 == 0  # the PDF's page before + n + 1
        assert (_number_x(page) > 297) is front, (before, n)


@pytest.mark.parametrize("form_id", ["file_cover", "file_index", "file_remarks"])
def test_the_archive_sheets_wait_for_the_case_to_be_closed_while_its_case_file_prints(demo_db, data_dir, form_id,
                                                                                      english):
    case = find_case(demo_db, "佛南市监立〔2026〕9号")  # under investigation
    with pytest.raises(WorkstationError, match="after the case is closed"):
        _issue(demo_db, data_dir, case, form_id)
    assert not demo_db.execute("SELECT count(*) FROM documents WHERE case_id = ? AND form_id = ?",
                               [case.id, form_id]).fetchone()[0]


def test_an_index_typed_with_full_width_bars_still_lists_its_documents(demo_db, data_dir):
    case = find_case(demo_db, CASE)
    _issue(demo_db, data_dir, case, "penalty_decision")
    rows = str(documents_context(demo_db, case)["documents.rows"]).replace(" | ", "｜")  # as a Chinese keyboard types
    _issue(demo_db, data_dir, case, "file_index", {"index": rows})
    assert case_file_refusal(demo_db, case) is None
