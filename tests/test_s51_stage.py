"""Steps and documents held to the stage of the case: the records that gather evidence (询问笔录, 现场笔录, 证据提取单,
电子数据证据提取笔录) are refused once the case is decided, closed or archived, as the other investigation documents
are, and allowed while the case awaits its decision (a hearing's further inquiry, a decision ordered made anew);
归档 with no 卷宗封面, 卷内文件目录 or 卷内备考表 issued, and 送达行政处罚告知书 with no 行政处罚告知书 in force (a notice
written on paper), are warned of — said on the command line and kept on the timeline, asked to be ticked in the
window — not refused."""

from __future__ import annotations

import json

import pytest

from tests.helpers import open_db, run, run_json
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.documents.stage_rules import in_window, state_refusal
from workstation.errors import WorkstationError
from workstation.store import case_events, find_case, get_case

CLOSED = "佛南市监立〔2026〕1号"  # demo case decided, paid and closed
INVESTIGATING = "佛南市监立〔2026〕9号"  # demo case under investigation
RECORDS = ("inquiry_record", "site_record", "evidence_extraction", "electronic_evidence_record")
WRITTEN = ("documents", "doc_numbers", "number_sequences", "audit")
ADDRESS = "佛山市南海区桂城街道南海大道北1号"


# ---- 1. the records of the investigation after the decision ------------------------------------------------------

@pytest.mark.parametrize("form_id", RECORDS)
def test_the_investigations_records_are_refused_in_a_closed_case(demo_db, english, form_id):
    case = find_case(demo_db, CLOSED)
    message = state_refusal(demo_db, case, form_id)
    assert message is not None and find_form(form_id).title in message and "step of the investigation" in message
    with pytest.raises(WorkstationError):
        check_issue(demo_db, case, find_form(form_id), {})
    assert state_refusal(demo_db, find_case(demo_db, INVESTIGATING), form_id) is None


@pytest.mark.parametrize("status", ["archived", "penalty_decided", "served", "terminated"])
def test_an_inquiry_record_is_refused_once_decided_or_ended(db, make_case, english, status):
    decided = {} if status == "terminated" else {"decided_on": "2026-05-06"}
    case = make_case(status=status, filed_on="2026-03-02", **decided)
    message = state_refusal(db, case, "inquiry_record")
    assert message is not None and "询问笔录" in message


@pytest.mark.parametrize("status", ["investigating", "hearing", "decision_pending", "pre_notice", "under_review"])
def test_an_inquiry_record_is_issued_until_the_decision(db, make_case, status):
    # a hearing's further inquiry, or a decision ordered made anew (redecide: back to 待决定), still questions
    case = make_case(status=status, filed_on="2026-03-02")
    for form_id in RECORDS:
        assert state_refusal(db, case, form_id) is None


def test_docs_issue_refuses_an_inquiry_record_of_a_closed_case_taking_nothing(demo_db, data_dir, capsys, english,
                                                                             table_counts, tmp_path):
    before = table_counts(demo_db, WRITTEN)
    demo_db.conn.close()
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"place": "本局302室", "time_from": "2026-12-15 09:00",
                                  "time_to": "2026-12-15 10:00"}, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CLOSED, "--form", "inquiry_record",
                         "--values", values, "-o", tmp_path / "笔录.pdf")
    assert (code, out) == (1, "")
    assert "询问笔录 is a step of the investigation" in err
    assert not (tmp_path / "笔录.pdf").exists()
    db = open_db(data_dir)
    try:
        assert table_counts(db, WRITTEN) == before
    finally:
        db.conn.close()


@pytest.mark.gui
def test_the_documents_tab_does_not_offer_a_site_record_in_a_closed_case(demo_db, data_dir, prompts, qtbot,
                                                                         english):
    from ui.case_documents import CaseDocuments

    case = find_case(demo_db, CLOSED)
    section = CaseDocuments(demo_db, data_dir, case, prompts)
    qtbot.addWidget(section)
    chooser = section.form_choice
    for form_id in ("site_record", "inquiry_record"):
        assert not chooser.offered(chooser.findData(form_id))
        assert chooser.refusal(form_id) == "Not for this case: " + in_window(state_refusal(demo_db, case, form_id))


# ---- 2. 归档 without the file's own sheets -------------------------------------------------------------------------

def _closed(make_case):
    return make_case(status="closed", filed_on="2026-03-02", decided_on="2026-05-06", closed_on="2026-06-01")


def test_archiving_without_the_files_sheets_warns(db, make_case, english):
    from workstation.closing import archive_warnings

    case = _closed(make_case)
    (found,) = archive_warnings(db, case)
    assert "卷宗封面" in found.message and "卷内文件目录" in found.message and "卷内备考表" in found.message
    assert found.note == "Archived without an issued 卷宗封面、卷内文件目录、卷内备考表."


def test_archiving_with_the_files_sheets_issued_warns_of_none(db, data_dir, make_case, english):
    from workstation.closing import archive_warnings

    case = _closed(make_case)
    for form_id in ("file_cover", "file_index"):
        issue_document(db, data_dir, get_case(db, case.id), find_form(form_id), {})
    (found,) = archive_warnings(db, get_case(db, case.id))
    assert "卷内备考表" in found.message and "卷宗封面" not in found.message
    issue_document(db, data_dir, get_case(db, case.id), find_form("file_remarks"), {})
    assert archive_warnings(db, get_case(db, case.id)) == []


def test_cases_transition_archive_warns_and_keeps_it_on_the_timeline(db, data_dir, make_case, capsys, english):
    case = _closed(make_case)
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "archive", "--date",
                      "2026-06-05")
    assert result["status"] == "archived"
    (said,) = result["warnings"]
    assert "recorded as archived" in said and "卷宗封面" in said
    (note,) = [e.note for e in case_events(db, case.id) if e.to_status == "archived"]
    assert "Archived without an issued 卷宗封面、卷内文件目录、卷内备考表." in note


@pytest.mark.gui
def test_the_workspace_asks_to_tick_the_archive_warning(qtbot, db, data_dir, make_case, prompts, english):
    from ui.case_workspace import CaseWorkspace

    case = _closed(make_case)
    asked = []

    def ask(_parent, transition, _check, warning, **_extra):
        asked.append((transition.name, warning and warning("2026-06-05")))
        return None

    workspace = CaseWorkspace(db, case.id, prompts, ask_transition=ask, data_dir=data_dir)
    qtbot.addWidget(workspace)
    workspace.action_buttons["archive"].click()
    ((name, (message, note)),) = asked
    assert name == "archive" and "No 卷宗封面、卷内文件目录、卷内备考表 has been issued" in message
    assert note == "Archived without an issued 卷宗封面、卷内文件目录、卷内备考表."


# ---- 3. 送达行政处罚告知书 without a 行政处罚告知书 in force ------------------------------------------------------------

def _reviewed(make_case, **fields):
    return make_case(status="under_review", lead_received_on="2026-03-20", filed_on="2026-03-23",
                     review_on="2026-04-20", facts="经查，当事人出售购房客户个人信息3000余条。", **fields)


def test_serving_a_notice_written_on_paper_warns_not_refuses(db, data_dir, make_case, capsys, english):
    case = _reviewed(make_case, fine_fen=200_000)
    told = procedure.no_notice_warning(db, case)
    assert told.startswith("No 行政处罚告知书 is issued in the workstation for case")
    assert "a fine of ¥2,000.00" in told
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "send_pre_notice", "--date",
                      "2026-04-21")
    assert result["status"] == "pre_notice"
    assert [w for w in result["warnings"] if w.startswith("No 行政处罚告知书 is issued in the workstation")]
    (note,) = [e.note for e in case_events(db, case.id) if e.to_status == "pre_notice"]
    assert "Served without a 行政处罚告知书 issued in the workstation." in note


def test_serving_an_issued_notice_warns_of_nothing(db, data_dir, make_case, english):
    case = _reviewed(make_case)
    issue_document(db, data_dir, case, find_form("pre_penalty_notice"), {"party_address": ADDRESS, "warning": True})
    assert procedure.no_notice_warning(db, get_case(db, case.id)) is None


def test_serving_after_the_notice_was_voided_names_it(db, data_dir, make_case, english):
    from workstation.documents.issuing import void_document

    case = _reviewed(make_case, fine_fen=200_000)
    notice = issue_document(db, data_dir, case, find_form("pre_penalty_notice"),
                            {"party_address": ADDRESS, "warning": True})
    void_document(db, notice.id, "文号错误")
    told = procedure.no_notice_warning(db, get_case(db, case.id))
    assert notice.number in told and "was voided" in told
    assert notice.number in procedure.no_notice_note(db, get_case(db, case.id))


@pytest.mark.gui
def test_the_workspace_asks_to_tick_the_notice_warning(qtbot, db, data_dir, make_case, prompts, english):
    from ui.case_workspace import CaseWorkspace

    case = _reviewed(make_case, fine_fen=200_000)
    asked = []

    def ask(_parent, transition, _check, warning, **_extra):
        asked.append((transition.name, warning and warning("2026-04-21")))
        return None

    workspace = CaseWorkspace(db, case.id, prompts, ask_transition=ask, data_dir=data_dir)
    qtbot.addWidget(workspace)
    workspace.action_buttons["send_pre_notice"].click()
    ((name, (message, note)),) = asked
    assert name == "send_pre_notice" and message.startswith("No 行政处罚告知书 is issued in the workstation")
    assert note == "Served without a 行政处罚告知书 issued in the workstation."
