"""A lead's letters once more: one 案件交办通知书 in force for an assignment (a re-assignment has its own), a further
案件移送函 goes to the agency the lead was referred to, and a date refused by ``docs issue`` is named by its field's
label, as ``leads decide --refer --date`` names it by its option."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import open_db, run, run_json
from tests.test_s43_leads_letters import _issue, _numbers, _station


def _assigned(capsys, data_dir: Path) -> str:
    lead = _station(capsys, data_dir)
    run_json(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", "440605", "--date", "2026-09-18")
    return lead


NOTICE = {"issued_on": "2026-09-18", "report_by": "2026-10-15"}


# fault 1: one assignment notice in force per assignment --------------------------------------------------------------
def test_a_second_notice_for_the_same_assignment_is_refused_naming_the_first(capsys, tmp_path, english):
    lead = _assigned(capsys, tmp_path)
    code, out, err = _issue(capsys, tmp_path, lead, "assignment_notice", NOTICE)
    assert code == 0, err
    first = json.loads(out)["number"]
    code, _out, err = _issue(capsys, tmp_path, lead, "assignment_notice", {**NOTICE, "issued_on": "2026-09-19"})
    assert code == 1
    assert f"{first}" in err and "2026-09-18" in err and "void it first" in err
    assert _numbers(tmp_path) == 1


def test_a_notice_voided_or_of_an_earlier_assignment_does_not_refuse_the_new_one(capsys, tmp_path, english):
    lead = _assigned(capsys, tmp_path)
    code, out, err = _issue(capsys, tmp_path, lead, "assignment_notice", NOTICE)
    assert code == 0, err
    run_json(capsys, "--data-dir", tmp_path, "leads", "assign", lead, "--agency", "440604", "--date", "2026-09-20",
             "--reason", "属禅城区")
    code, out, err = _issue(capsys, tmp_path, lead, "assignment_notice", {**NOTICE, "issued_on": "2026-09-20"})
    assert code == 0, err  # the re-assignment's own notice
    second = json.loads(out)["number"]
    run_json(capsys, "--data-dir", tmp_path, "docs", "void", second, "--reason", "期限写错")
    code, out, err = _issue(capsys, tmp_path, lead, "assignment_notice", {**NOTICE, "issued_on": "2026-09-21"})
    assert code == 0, err
    assert _numbers(tmp_path) == 3


# fault 2: a further transfer letter goes to the agency the lead was referred to ------------------------------------
def test_a_further_transfer_letter_to_another_agency_is_refused_naming_the_receiver(capsys, tmp_path, english):
    lead = _station(capsys, tmp_path, received="2026-11-20T10:00")
    code, _out, err = _issue(capsys, tmp_path, lead, "case_transfer_letter",
                             {"receiver": "广东省通信管理局", "issued_on": "2026-11-25"})
    assert code == 0, err
    code, _out, err = _issue(capsys, tmp_path, lead, "case_transfer_letter",
                             {"receiver": "佛山市公安局顺德分局", "issued_on": "2026-11-26"})
    assert code == 1
    assert "受移送机关" in err and "广东省通信管理局" in err and "receiver：" not in err
    assert _numbers(tmp_path) == 1
    code, _out, err = _issue(capsys, tmp_path, lead, "case_transfer_letter",
                             {"receiver": "广东省通信管理局", "issued_on": "2026-11-26"})
    assert code == 0, err  # a further letter to the same agency (materials sent after) stands


# fault 3: a date refused is named by its label ---------------------------------------------------------------------
def test_a_date_refused_by_docs_issue_is_named_by_its_label(capsys, tmp_path, english):
    lead = _assigned(capsys, tmp_path)
    code, _out, err = _issue(capsys, tmp_path, lead, "assignment_notice",
                             {"issued_on": "2026-09-01", "report_by": "2026-10-15"})
    assert code == 1 and "交办日期" in err and "issued_on" not in err
    code, _out, err = _issue(capsys, tmp_path, lead, "assignment_notice",
                             {"issued_on": "2026-09-18", "report_by": "2026-12-01"})
    assert code == 1 and "报送办理结果的期限" in err and "report_by" not in err


def test_leads_decide_still_names_the_date_by_its_option(capsys, tmp_path, english):
    lead = _station(capsys, tmp_path, received="2026-11-20T10:00")
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"contact_person": "李四"}, ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", tmp_path, "leads", "decide", lead, "--refer", "广东省通信管理局",
                          "--date", "2026-11-01", "--values", values, "-o", tmp_path / "letter.pdf")
    assert code == 1 and "Error: --date: The lead is referred when its 案件移送函 is issued" in err
    db = open_db(tmp_path)
    try:
        assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
    finally:
        db.conn.close()
