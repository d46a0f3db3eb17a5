"""Headquarters issues a lead's documents in the city bureau's name: an installation whose role is headquarters and
for which no agency was chosen (``init`` without ``--agency``) took the 文号 of the lead's district (a lead assigned
straight to a town office) or refused the 移送函 of a lead it holds; an agency chosen explicitly still wins, and a
station keeps what it did. The role hint reads the role file once and the stations' audit logs only as they grow."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import beijing_year, open_db, run_json
from workstation.documents.drafts import find_form
from workstation.leads_workflow import assign_lead, check_lead_issue, issue_lead_document, lead_documents
from workstation.station_role import HEADQUARTERS, role_hint, set_installation_role
from workstation.store import agency_by_code

LEAD = "bb7f2ea6-871d-54c3-a193-b529d98b09cc"  # demo lead: 0757-85836433 calling about new flats, 禅城区
GUICHENG = "440605011"  # 桂城所, a town office of 南海区
CONTACT = {"contact_person": "张华"}


def _unassigned(db) -> str:
    db.execute("UPDATE leads SET status = 'registered', agency_id = NULL, assigned_on = NULL WHERE id = ?", [LEAD])
    return LEAD


# the command line: headquarters set up as the README says (`init`, `station role headquarters`) -----------------------
def _installation(capsys, data_dir: Path, *init: str, role: str = HEADQUARTERS) -> str:
    """A new installation with the given role holding one lead registered with `leads add`, assigned to 桂城所."""
    run_json(capsys, "--data-dir", data_dir, "init", "--station-name", "佛山市局", *init)
    run_json(capsys, "--data-dir", data_dir, "station", "role", role)
    lead = run_json(capsys, "--data-dir", data_dir, "leads", "add", "--source", "举报", "--received",
                    "2026-11-20T10:00", "--description", "市民反映号码0757-86661234频繁来电推销楼盘")["id"]
    db = open_db(data_dir)
    assign_lead(db, lead, agency_by_code(db, GUICHENG).id)
    db.conn.close()
    return lead


def _issue(data_dir: Path, lead: str, form: str = "assignment_notice") -> str:
    db = open_db(data_dir)
    try:
        return issue_lead_document(db, data_dir, lead, find_form(form), dict(CONTACT)).number
    finally:
        db.conn.close()


def test_headquarters_without_an_agency_assigns_a_lead_to_a_town_office_under_the_city_bureau(capsys, tmp_path):
    hq = tmp_path / "hq"
    lead = _installation(capsys, hq)
    # it was 佛南市监交〔2026〕1号: a number of 南海区局's sequence, which 南海区局's own laptop takes too
    assert _issue(hq, lead) == f"佛市监交〔{beijing_year()}〕1号"  # assigned and issued today


def test_an_agency_chosen_with_init_agency_still_wins_at_headquarters(capsys, tmp_path):
    hq = tmp_path / "hq"
    lead = _installation(capsys, hq, "--agency", "440605")
    assert _issue(hq, lead).startswith("佛南市监交〔")


def test_a_station_without_an_agency_keeps_issuing_under_the_bureau_above_the_office(capsys, tmp_path):
    station = tmp_path / "station"
    lead = _installation(capsys, station, role="station")
    assert _issue(station, lead).startswith("佛南市监交〔")


# the window: the leads' documents as the editor issues them ----------------------------------------------------------
def test_the_editor_at_headquarters_issues_the_notice_and_the_transfer_letter_under_the_city_bureau(
        demo_db, data_dir, opened, prompts):
    set_installation_role(demo_db, data_dir, HEADQUARTERS)
    lead = _unassigned(demo_db)
    city = agency_by_code(demo_db, "440600").id
    # a lead headquarters holds, never assigned: it refers it itself (no bureau to issue it under, before)
    assert check_lead_issue(demo_db, lead, find_form("case_transfer_letter"), dict(CONTACT))[2] == city
    assign_lead(demo_db, lead, agency_by_code(demo_db, GUICHENG).id, on="2026-03-02")
    editor = opened(demo_db, "assignment_notice", lead_id=lead)
    editor.set_field("contact_person", "张华")
    editor.set_field("issued_on", "2026-03-02")  # issued the day it was assigned, its result due by the end of T1
    editor.set_field("report_by", "2026-03-23")
    prompts.confirm_answer = True
    editor.issue()
    assert prompts.errors == []
    assert [d.number for d in lead_documents(demo_db, lead)] == ["佛市监交〔2026〕1号"]


def test_the_editor_at_a_station_without_an_agency_issues_under_the_bureau_above_the_office(
        demo_db, data_dir, opened, prompts):
    lead = _unassigned(demo_db)
    assign_lead(demo_db, lead, agency_by_code(demo_db, GUICHENG).id, on="2026-03-02")
    editor = opened(demo_db, "assignment_notice", lead_id=lead)
    editor.set_field("contact_person", "张华")
    editor.set_field("issued_on", "2026-03-02")  # issued the day it was assigned, its result due by the end of T1
    editor.set_field("report_by", "2026-03-23")
    prompts.confirm_answer = True
    editor.issue()
    assert [d.number for d in lead_documents(demo_db, lead)][0].startswith("佛南市监交〔")


# the role hint --------------------------------------------------------------------------------------------------------
def test_the_role_hint_reads_the_role_file_once(demo_db, data_dir, monkeypatch):
    set_installation_role(demo_db, data_dir, HEADQUARTERS)
    reads = []
    original = Path.read_text

    def counted(self, *args, **kwargs):
        if self.name == "role.json":
            reads.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counted)
    assert role_hint(demo_db, data_dir) is None
    assert len(reads) == 1


def test_the_role_hint_follows_a_stations_audit_log_as_it_grows(capsys, tmp_path, english):
    """An installation with no role that merged 南海区局's bundles is told it may be headquarters; once 南海区局's
    next bundle brings the entry making it headquarters, its bundles are hand-outs and the hint goes — on the database
    the page keeps open too, which read the log before."""
    here, nanhai = tmp_path / "here", tmp_path / "nanhai"
    run_json(capsys, "--data-dir", here, "init", "--station-name", "某局")
    run_json(capsys, "--data-dir", nanhai, "init", "--agency", "440605", "--station-name", "南海区局")
    run_json(capsys, "--data-dir", nanhai, "station", "export", "-o", tmp_path / "nanhai.card")
    run_json(capsys, "--data-dir", here, "station", "trust", tmp_path / "nanhai.card")
    run_json(capsys, "--data-dir", nanhai, "bundle", "export", "-o", tmp_path / "n1.bundle")
    run_json(capsys, "--data-dir", here, "bundle", "import", tmp_path / "n1.bundle")
    db = open_db(here)  # as the exchange page holds it
    try:
        assert "bundles of 1 station." in role_hint(db, here)
        assert "bundles of 1 station." in role_hint(db, here)  # asked again, the same
        run_json(capsys, "--data-dir", nanhai, "station", "role", "headquarters")
        # as headquarters it hands out to a station it trusts: this installation
        run_json(capsys, "--data-dir", here, "station", "export", "-o", tmp_path / "here.card")
        run_json(capsys, "--data-dir", nanhai, "station", "trust", tmp_path / "here.card")
        run_json(capsys, "--data-dir", nanhai, "bundle", "export", "-o", tmp_path / "n2.bundle")
        run_json(capsys, "--data-dir", here, "bundle", "import", tmp_path / "n2.bundle")
        assert role_hint(db, here) is None
        assert run_json(capsys, "--data-dir", here, "station")["role_hint"] is None  # read afresh: the same answer
    finally:
        db.conn.close()
