"""Documents the audit found issued against the case's stage: a 不予行政处罚决定书 for a case whose record shows a
penalty decided (on paper, imported: no 行政处罚决定书 issued in the workstation), a 行政处罚决定书 for a case recorded
as decided not to penalise, and a 行政处罚告知书 before the case was reviewed (REFERENCE §1.1: 调查终结 → 审核 → 告知;
``procedure.issue_refusal``, ``stage_rules._notice_state``)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.errors import WorkstationError
from workstation.store import get_case
from workstation.store.cases import find_case

ADDRESS = {"party_address": "佛山市南海区桂城街道南海大道北1号"}
NOTICE = {**ADDRESS, "fine_fen": 500_000, "confiscated_fen": 0}


def _refusal(db, case, form_id, values=None) -> str:
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, case, find_form(form_id), values or {})
    return str(refused.value)


def test_docs_issue_refuses_a_no_penalty_decision_for_a_case_recorded_fined_and_performed(
        demo_db, data_dir, capsys, english, tmp_path):
    demo_db.conn.close()
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", "佛南市监立〔2026〕1号", "--form",
                         "no_penalty_decision", "-o", tmp_path / "x.pdf")
    assert (code, out) == (1, "")
    assert "A penalty decision was already made in this case (decided on 2026-04-24: a fine of ¥3,000.00" in err
    assert "a 不予行政处罚决定书 cannot also be issued" in err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("number", ["佛南市监立〔2026〕3号", "佛高市监立〔2026〕3号", "佛高市监立〔2026〕4号"])
def test_a_no_penalty_decision_is_refused_for_a_case_recorded_with_a_warning(demo_db, english, number):
    """Warning-only cases closed after their performance, none with a decision issued in the workstation."""
    case = find_case(demo_db, number)
    refusal = _refusal(demo_db, case, "no_penalty_decision")
    assert f"A penalty decision was already made in this case (decided on {case.decided_on}" in refusal


def test_a_no_penalty_decision_is_refused_for_a_case_imported_performed_and_closed(db, make_case, english):
    case = make_case(status="performed", filed_on="2026-09-01", notice_served_on="2026-10-09", decided_on="2026-10-20",
                     served_on="2026-10-21", fine_fen=300_000)
    procedure.apply(db, case.id, "close", on_date="2026-11-20")
    refusal = _refusal(db, get_case(db, case.id), "no_penalty_decision")
    assert "A penalty decision was already made in this case (decided on 2026-10-20: a fine of ¥3,000.00; the case " \
           "is “Closed”)" in refusal


def test_a_penalty_decision_is_refused_for_a_case_imported_not_penalised_and_closed(db, make_case, english):
    case = make_case(status="no_penalty", filed_on="2026-09-01", notice_waived=True, decided_on="2026-11-02")
    procedure.apply(db, case.id, "close", on_date="2026-11-20")
    case = get_case(db, case.id)
    refusal = _refusal(db, case, "penalty_decision", {**ADDRESS, "fine_fen": 50_000, "decided_on": "2026-11-02"})
    assert "A decision not to penalise was already made in this case (decided on 2026-11-02" in refusal
    assert "a 行政处罚决定书 cannot also be issued" in refusal


def test_docs_issue_refuses_a_notice_while_the_case_is_investigated(demo_db, data_dir, capsys, english, tmp_path):
    demo_db.conn.close()
    values = tmp_path / "f.json"
    values.write_text(json.dumps({"fine_fen": 500_000, "confiscated_fen": 0}), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", "佛南市监立〔2026〕9号", "--form",
                         "pre_penalty_notice", "--values", values, "-o", tmp_path / "n.pdf")
    assert (code, out) == (1, "")
    assert "The case is “Under investigation”" in err and "Record “Conclude the investigation”, then “Submit for review”" in err
    assert not (tmp_path / "n.pdf").exists()


@pytest.mark.parametrize(("status", "steps"), [
    ("pending_filing", "Record “File the case”, then “Conclude the investigation”, then “Submit for review”"),
    ("suspended", "Record “Resume the investigation”, then “Conclude the investigation”, then “Submit for review”"),
    ("investigation_concluded", "Record “Submit for review”")])
def test_a_notice_is_refused_before_the_case_review(db, make_case, english, status, steps):
    filed = {} if status == "pending_filing" else {"filed_on": "2026-10-22"}
    case = make_case(status=status, facts="经查，当事人出售购房客户个人信息。", **filed)
    refusal = _refusal(db, case, "pre_penalty_notice", NOTICE)
    assert "the 行政处罚告知书 is served after the investigation is concluded and the case reviewed" in refusal
    assert steps in refusal


def test_a_notice_is_refused_once_the_investigation_was_terminated(db, make_case, english):
    case = make_case(status="terminated", filed_on="2026-10-22")
    assert "its investigation has ended without a decision" in _refusal(db, case, "pre_penalty_notice", NOTICE)


def test_a_notice_is_issued_under_review_and_again_while_the_party_is_heard(db, data_dir, make_case, english):
    case = make_case(status="under_review", lead_received_on="2026-10-20", filed_on="2026-10-22",
                     review_on="2026-11-12", facts="经查，当事人出售购房客户个人信息3000余条。")
    first = issue_document(db, data_dir, case, find_form("pre_penalty_notice"), {**NOTICE, "issued_on": "2026-11-16"})
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-11-16")
    check_issue(db, get_case(db, case.id), find_form("pre_penalty_notice"), NOTICE, supersedes=first.id)
