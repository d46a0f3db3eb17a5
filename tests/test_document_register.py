"""The register of issued documents (发文登记): every document issued for a case, a lead or an interview, newest first,
found by its 文号, title, case number or party, marked voided (with the reason) or replaced by its correction, and
handed on as CSV; on the 文书 page, where a double-click opens the case, lead or interview it belongs to."""

from __future__ import annotations

import csv
import io

import pytest

from tests.helpers import run, run_json
from tests.test_casefile_voided import CASE, FIRST, SECOND, filed  # noqa: F401 (the fixture)
from tests.test_leads_workflow import LEAD, fresh_lead
from workstation.document_register import count_documents, export_register, issue_years, registered_documents
from workstation.documents.drafts import find_form
from workstation.documents.interview_documents import issue_interview_document
from workstation.documents.issuing import issue_document
from workstation.leads_workflow import assign_lead, issue_lead_document
from workstation.store import agency_by_code
from workstation.store.interviews import get_interview

CHANCHENG_OFFICE = "440604012"
PARTY = "佛山市南海区"  # the demo case's party begins so


@pytest.fixture
def issued(demo_db, data_dir, filed, kept_state):  # noqa: F811 (the fixture imported above)
    """The case's decision, its correction and a voided 送达回证, then a lead's 交办通知书 and an interview's 约谈记录."""
    def make():
        fresh_lead(demo_db)
        assign_lead(demo_db, LEAD, agency_by_code(demo_db, CHANCHENG_OFFICE).id, on="2026-03-02")
        lead_doc = issue_lead_document(demo_db, data_dir, LEAD, find_form("assignment_notice"),
                                       {"contact_person": "陈志强", "report_by": "2026-03-23",
                                        "issued_on": "2026-03-02"})
        interview_id = demo_db.execute("SELECT id FROM interviews ORDER BY held_on DESC LIMIT 1"
                                       ).fetchone()[0]
        interview_doc = issue_interview_document(demo_db, data_dir, get_interview(demo_db, interview_id),
                                                 find_form("interview_record"),
                                                 {"time_to": "16时00分", "issues": "营销短信"})
        return (*filed, lead_doc, interview_doc)

    return kept_state("issued", demo_db, data_dir, make)


def test_every_issued_document_is_listed_newest_first_with_its_state(demo_db, issued):
    case, decision, correction, receipt, lead_doc, interview_doc = issued
    rows = registered_documents(demo_db)
    assert [r.id for r in rows] == [interview_doc.id, lead_doc.id, receipt.id, correction.id, decision.id]
    by_id = {r.id: r for r in rows}
    assert (by_id[decision.id].number, by_id[decision.id].state, by_id[decision.id].subject) == (FIRST, "corrected",
                                                                                                 CASE)
    assert by_id[decision.id].note == f"已由更正文书{SECOND}替代"
    assert (by_id[correction.id].number, by_id[correction.id].state) == (SECOND, "issued")
    assert by_id[correction.id].note in (f"更正{FIRST}", f"correcting {FIRST}")  # what it corrects
    assert (by_id[receipt.id].state, by_id[receipt.id].note) == ("void", "送达地点填写有误")
    assert by_id[decision.id].parties.startswith(PARTY) and by_id[decision.id].agency
    assert by_id[lead_doc.id].number.startswith("佛禅市监交〔2026〕") and by_id[lead_doc.id].lead_id == LEAD
    assert by_id[interview_doc.id].interview_id and by_id[interview_doc.id].parties
    # the date the paper bears (the 交办通知书's 签发日期), not the day it was entered
    assert by_id[lead_doc.id].dated == "2026-03-02"


def test_the_register_is_found_by_number_title_case_or_party_and_filtered_by_state_and_year(demo_db, issued):
    case, decision, correction, receipt, lead_doc, interview_doc = issued

    def found(search="", state="", year=""):
        ids = [r.id for r in registered_documents(demo_db, search, state, year)]
        assert count_documents(demo_db, search, state, year) == len(ids)
        return ids

    assert found(FIRST) == [decision.id]
    assert found("佛南市监处(2026)2号") == [correction.id]  # the brackets as typed on a keyboard
    assert found("送达回证") == [receipt.id]
    assert found(CASE) == [receipt.id, correction.id, decision.id]
    assert found("铎恒置业") == [interview_doc.id]  # the interview's party
    assert found("交办") == [lead_doc.id]  # a short query: the same scan
    assert found("100%") == []  # % is itself, not a wildcard
    assert found(state="void") == [receipt.id]
    assert found(state="corrected") == [decision.id]
    assert found(state="issued") == [interview_doc.id, lead_doc.id, correction.id]
    assert issue_years(demo_db) == [str(decision.issued_at)[:4]]
    assert found(year="2025") == [] and len(found(year=issue_years(demo_db)[0])) == 5
    first = registered_documents(demo_db, limit=1)[0]  # the next page follows on from the last row read
    assert [r.id for r in registered_documents(demo_db, limit=2, after=first)] == [lead_doc.id, receipt.id]


def test_the_register_is_handed_on_as_csv_whole_whatever_page_is_shown(demo_db, issued, tmp_path, chinese):
    case, decision, correction, receipt, lead_doc, interview_doc = issued
    target = tmp_path / "发文登记.csv"
    assert export_register(demo_db, target, search=CASE) == target
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel and WPS read the Chinese
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["成文日期", "文号", "文书", "案件或事项", "当事人", "办案机关", "页数", "状态", "备注", "签发时间"]
    assert [(r[1], r[2], r[3], r[7]) for r in rows[1:]] == [
        ("", "送达回证", CASE, "已作废"), (SECOND, "行政处罚决定书", CASE, "已签发"),
        (FIRST, "行政处罚决定书", CASE, "已更正")]
    assert rows[1][8] == "送达地点填写有误" and rows[3][8] == f"已由更正文书{SECOND}替代"
    assert rows[2][6] == str(correction.pages)


def test_the_command_line_lists_the_register_and_writes_it_as_csv(demo_db, data_dir, issued, capsys, tmp_path,
                                                                   chinese):
    case, decision, correction, receipt, lead_doc, interview_doc = issued
    listed = run_json(capsys, "--data-dir", data_dir, "docs", "register", "--search", CASE)
    assert [(d["id"], d["number"], d["state"], d["case_id"]) for d in listed] == [
        (receipt.id, "", "void", case.id), (correction.id, SECOND, "issued", case.id),
        (decision.id, FIRST, "corrected", case.id)]
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "register", "--state", "void")
    issued = listed[0]["issued_at"][:16].replace("T", " ")  # when it was issued, last, as the CSV's 签发时间
    # then the parties and, of a document without a 文号, the id `docs void` takes (s68)
    assert (code, err) == (0, "") and out.splitlines() == [
        f"{listed[0]['dated']}\t—\t送达回证\t{CASE}\t已作废\t送达地点填写有误\t{issued}\t{listed[0]['parties']}\t"
        f"{receipt.id}"]
    target = tmp_path / "发文登记.csv"
    written = run_json(capsys, "--data-dir", data_dir, "docs", "register", "--year", decision.issued_at[:4], "-o",
                       target)
    assert written == {"path": str(target), "documents": 5}
    assert len(list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))) == 6
    # bad input: a clear line, exit 1, nothing written
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "register", "--year", "26", "-o", tmp_path / "x.csv")
    assert (code, out) == (1, "") and "--year" in err and "2026" in err and not (tmp_path / "x.csv").exists()
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "register", "--search", "没有这份文书")
    assert (code, out.strip()) == (0, "没有符合条件的已签发文书。")


# the 文书 page ------------------------------------------------------------------------------------------------------
@pytest.mark.gui
def test_the_documents_page_lists_finds_and_opens_the_documents_issued(qtbot, demo_db, issued, make_window, prompts,
                                                                       tmp_path, english):
    case, decision, correction, receipt, lead_doc, interview_doc = issued
    window = make_window(demo_db)
    window.navigation.setCurrentRow(3)
    register = window.stack.currentWidget().register
    model = register.model
    assert [d.id for d in model.records] == [interview_doc.id, lead_doc.id, receipt.id, correction.id, decision.id]
    assert register.count_label.text() == "5 documents issued"
    row = [d.id for d in model.records].index(decision.id)
    assert [model.data(model.index(row, c)) for c in (1, 2, 3, 7)] == [FIRST, "行政处罚决定书", CASE, "Corrected"]
    register.search.setText("处〔2026〕2")  # as typed: listed a moment after the last keystroke
    qtbot.waitUntil(lambda: [d.id for d in model.records] == [correction.id])
    assert register.count_label.text() == "1 document issued"
    register.search.clear()
    register.state.setCurrentIndex(register.state.findData("void"))
    assert [d.id for d in model.records] == [receipt.id]
    assert [register.year.itemData(i) for i in range(register.year.count())] == ["", decision.issued_at[:4]]
    # the export writes every document found, in the register's columns
    target = tmp_path / "register.csv"
    prompts.files = [str(target)]
    register.export()
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [r[2] for r in rows[1:]] == ["送达回证"]
    # Enter (or a double-click) on a row opens its case, scrolled to its documents with the document selected
    register.view.activated.emit(model.index(0, 0))
    workspace = window.case_tabs.currentWidget()
    assert workspace.case_id == case.id
    assert workspace.documents.selected_document().id == receipt.id
    # a lead's document opens the leads page on its lead
    window.navigation.setCurrentRow(3)
    register.state.setCurrentIndex(0)
    row = [d.id for d in model.records].index(lead_doc.id)
    register.view.activated.emit(model.index(row, 0))
    assert window.navigation.currentRow() == 1 and window.leads_page.selected_id() == LEAD


@pytest.mark.gui
def test_a_station_that_issued_nothing_says_where_documents_will_be_listed(demo_db, make_window, prompts, english):
    window = make_window(demo_db)
    window.navigation.setCurrentRow(3)
    register = window.stack.currentWidget().register
    assert register.model.rowCount() == 0 and not register.export_button.isEnabled()
    assert register.count_label.text().startswith("No document has been issued yet")


@pytest.mark.gui
def test_the_year_filter_offers_a_new_year_once_its_first_document_is_issued_and_keeps_the_year_chosen(
        qtbot, demo_db, data_dir, issued, make_window, monkeypatch, english):
    from workstation.documents import issuing

    case, decision, *_rest = issued
    window = make_window(demo_db)
    window.show()
    window.navigation.setCurrentRow(3)
    register = window.stack.currentWidget().register
    year = decision.issued_at[:4]
    assert [register.year.itemData(i) for i in range(register.year.count())] == ["", year]
    register.year.setCurrentIndex(register.year.findData(year))
    # the first document of the next year, issued while another page is shown (on its first working morning)
    window.navigation.setCurrentRow(0)
    monkeypatch.setattr(issuing, "now", lambda: f"{int(year) + 1}-01-04T09:30:00.000000+08:00")
    new = issue_document(demo_db, data_dir, case, find_form("delivery_receipt"),
                         {"served_document": f"行政处罚决定书 {SECOND}"})
    assert new.issued_at.startswith(f"{int(year) + 1}-")
    window.navigation.setCurrentRow(3)  # shown again: the register lists it, the year offered, the year kept
    # the year is the one of the date the document bears (its 成文日期, its 文号's year), not the day typed in:
    # the receipt records a service of this year
    assert [register.year.itemData(i) for i in range(register.year.count())] == ["", year]
    assert register.year.currentData() == year and new.id in [d.id for d in register.model.records]
    # one dated the next year (as a document typed in then with its own day bears)
    demo_db.execute("DROP TRIGGER documents_frozen")
    demo_db.execute("UPDATE documents SET values_json = json_set(values_json, '$._issued_as.date', ?) WHERE id = ?",
                    [f"{int(year) + 1}-01-04", new.id])
    window.navigation.setCurrentRow(0)
    window.navigation.setCurrentRow(3)
    assert [register.year.itemData(i) for i in range(register.year.count())] == ["", str(int(year) + 1), year]
    assert register.year.currentData() == year and new.id not in [d.id for d in register.model.records]
    register.year.setCurrentIndex(register.year.findData(str(int(year) + 1)))
    assert [d.id for d in register.model.records] == [new.id]


def _plan(db, **filters) -> str:
    """The query plan of the register's first query (the page's documents chosen, ``registered_documents``), as
    SQLite would run it on ``db``."""
    executed: list[str] = []
    db.conn.set_trace_callback(executed.append)
    try:
        registered_documents(db, **filters)
    finally:
        db.conn.set_trace_callback(None)
    [first] = [sql for sql in executed if sql.startswith("SELECT d.rowid, d.issued_at FROM documents d")]
    return "\n".join(row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN {first}"))


def test_the_register_walks_the_issue_index_and_finds_the_voided_by_their_own(demo_db, issued):
    """At headquarters, some hundred thousand documents: the page is read along ``documents_issued`` (m048) without
    sorting them all, a year's from its stretch of it, and the voided ones are found by ``documents_void`` — not by
    walking every document."""
    newest = _plan(demo_db)
    assert "documents_issued" in newest and "TEMP B-TREE" not in newest
    # a year's documents (by the date each bears, never after the day it was issued): those issued since it began
    a_year = _plan(demo_db, year=issued[1].issued_at[:4])
    assert "SEARCH d USING INDEX documents_issued (issued_at>?)" in a_year and "TEMP B-TREE" not in a_year
    voided = _plan(demo_db, state="void")
    assert "documents_void" in voided and "SCAN d USING INDEX documents_issued" not in voided
