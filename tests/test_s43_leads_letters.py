"""A lead's letters carry the right bureau and fitting dates: the 案件交办通知书 of a lead decided since stays the
assigning bureau's (never a bureau's notice to itself under a number of its own sequence), is refused for a lead
never assigned, and is dated neither before the assignment nor after the decision, asking for the result by the end
of T1; no lead letter is dated before the lead was received, nor a further 案件移送函 before the referral."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import open_db, run, run_json
from workstation.records import today

CONTACT = {"contact_person": "李四"}


def _station(capsys, data_dir: Path, received: str = "2026-09-17T10:00") -> str:
    """A station of the city bureau holding one lead about 13755556666."""
    run_json(capsys, "--data-dir", data_dir, "init", "--agency", "440600", "--plaintext")
    return run_json(capsys, "--data-dir", data_dir, "leads", "add", "--source", "12345", "--received", received,
                    "--description", "13755556666打电话推销", "--target-phone", "13755556666")["id"]


def _issue(capsys, data_dir: Path, lead: str, form: str, values: dict) -> tuple[int, str, str]:
    path = data_dir / "values.json"
    path.write_text(json.dumps({**CONTACT, **values}, ensure_ascii=False), encoding="utf-8")
    return run(capsys, "--data-dir", data_dir, "--json", "docs", "issue", lead, "--form", form, "--values", path,
               "-o", data_dir / f"{form}-{values.get('issued_on')}.pdf")


def _numbers(data_dir: Path) -> int:
    db = open_db(data_dir)
    try:
        return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    finally:
        db.conn.close()


def _assigned_and_declined(capsys, data_dir: Path) -> str:
    lead = _station(capsys, data_dir)
    run_json(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", "440605", "--date", "2026-09-18")
    run_json(capsys, "--data-dir", data_dir, "leads", "decide", lead, "--not-file", "--reason", "x",
             "--date", "2026-10-20")
    return lead


# fault 1: the notice of a lead decided since is the assigning bureau's -----------------------------------------------
def test_the_notice_of_a_lead_decided_since_is_the_city_bureaus_not_nanhais_to_itself(capsys, tmp_path, english):
    lead = _assigned_and_declined(capsys, tmp_path)
    code, out, err = _issue(capsys, tmp_path, lead, "assignment_notice",
                            {"issued_on": "2026-09-18", "report_by": "2026-10-15"})
    assert code == 0, err
    # it was 佛南市监交〔2026〕1号: 南海区局 addressing its own notice to itself
    assert json.loads(out)["number"] == "佛市监交〔2026〕1号"


def test_the_notice_of_a_lead_decided_since_is_not_dated_after_the_decision(capsys, tmp_path, english):
    lead = _assigned_and_declined(capsys, tmp_path)
    code, _out, err = _issue(capsys, tmp_path, lead, "assignment_notice",
                             {"issued_on": "2026-10-21", "report_by": "2026-10-30"})
    assert code == 1
    assert "The lead was decided on 2026-10-20" in err and "cannot be dated after that day" in err
    assert _numbers(tmp_path) == 0


def test_no_notice_for_a_lead_decided_without_being_assigned(capsys, tmp_path, english):
    lead = _station(capsys, tmp_path)
    run_json(capsys, "--data-dir", tmp_path, "leads", "decide", lead, "--not-file", "--reason", "x",
             "--date", "2026-10-20")
    code, _out, err = _issue(capsys, tmp_path, lead, "assignment_notice",
                             {"issued_on": "2026-10-20", "report_by": "2026-10-20"})
    assert code == 1 and "without being assigned: it has no 案件交办通知书" in err
    assert _numbers(tmp_path) == 0


def test_no_notice_of_the_city_bureau_to_itself(capsys, tmp_path, english):
    from workstation.leads_workflow import get_lead_row
    from workstation.store import agency_by_code

    lead = _station(capsys, tmp_path)
    # no lead is assigned (交办) to the city bureau now (session 64): refused naming the option, nothing recorded
    code, _out, err = run(capsys, "--data-dir", tmp_path, "leads", "assign", lead, "--agency", "440600", "--date",
                          "2026-09-18")
    assert code == 1 and err.startswith("Error: --agency: 佛山市市场监督管理局 is the city bureau"), err
    db = open_db(tmp_path)
    try:
        assert get_lead_row(db, lead)["status"] == "registered"
        # one an earlier version assigned there, as it recorded that: still no notice of the bureau to itself
        db.execute("UPDATE leads SET status = 'assigned', assigned_on = '2026-09-18', agency_id = ? WHERE id = ?",
                   [agency_by_code(db, "440600").id, lead])
    finally:
        db.conn.close()
    code, _out, err = _issue(capsys, tmp_path, lead, "assignment_notice",
                             {"issued_on": "2026-09-18", "report_by": "2026-10-15"})
    assert code == 1 and "would be addressed by 佛山市市场监督管理局 to itself" in err
    assert _numbers(tmp_path) == 0


# fault 2: the dates of a lead's letters ------------------------------------------------------------------------------
def test_a_notice_dated_before_the_assignment_is_refused(capsys, tmp_path, english):
    lead = _station(capsys, tmp_path, received=f"{today()}T00:00")
    run_json(capsys, "--data-dir", tmp_path, "leads", "assign", lead, "--agency", "440605", "--date", today())
    code, _out, err = _issue(capsys, tmp_path, lead, "assignment_notice",
                             {"issued_on": "2026-08-01", "report_by": "2026-08-20"})
    assert code == 1
    assert f"The lead was received or assigned on {today()}: its 案件交办通知书 cannot be dated before" in err
    assert _numbers(tmp_path) == 0


def test_a_notice_asking_for_the_result_after_t1_is_refused(capsys, tmp_path, english):
    lead = _station(capsys, tmp_path)
    run_json(capsys, "--data-dir", tmp_path, "leads", "assign", lead, "--agency", "440605", "--date", "2026-09-18")
    code, _out, err = _issue(capsys, tmp_path, lead, "assignment_notice",
                             {"issued_on": "2026-09-18", "report_by": "2026-12-01"})
    assert code == 1 and "The lead's verification period (T1) ends on 2026-10-15" in err
    code, out, err = _issue(capsys, tmp_path, lead, "assignment_notice",
                            {"issued_on": "2026-09-18", "report_by": "2026-10-15"})
    assert code == 0, err


def test_a_further_transfer_letter_dated_before_the_referral_is_refused(capsys, tmp_path, english):
    lead = _station(capsys, tmp_path, received="2026-11-20T10:00")
    code, _out, err = _issue(capsys, tmp_path, lead, "case_transfer_letter",
                             {"receiver": "广东省通信管理局", "issued_on": "2026-11-25"})
    assert code == 0, err
    code, _out, err = _issue(capsys, tmp_path, lead, "case_transfer_letter",
                             {"receiver": "佛山市公安局顺德分局", "issued_on": "2026-11-01"})
    assert code == 1 and "The lead was received or assigned on 2026-11-20: its 案件移送函 cannot be dated" in err
    code, _out, err = _issue(capsys, tmp_path, lead, "case_transfer_letter",
                             {"receiver": "佛山市公安局顺德分局", "issued_on": "2026-11-21"})
    assert code == 1 and "The lead was referred on 2026-11-25" in err
    assert _numbers(tmp_path) == 1
