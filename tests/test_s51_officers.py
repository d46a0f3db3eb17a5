"""An officer renamed in the register (执法人员) stays named on what they did before: the audit log, the case
events and the documents record the name they had then, and the screens show it (m057 keeps the former names)."""

from __future__ import annotations

from dataclasses import replace

from tests.helpers import run_json
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.store import get_case, save_officer
from workstation.store.cases import case_timeline


def test_a_renamed_officer_stays_named_on_the_timeline_and_in_the_audit_list(
        db, data_dir, make_case, officers, monkeypatch, capsys, english):
    case = make_case()
    monkeypatch.setenv("WORKSTATION_ACTOR", "陈志强")
    issue_document(db, data_dir, case, find_form("case_source_register"),
                   {"source": "投诉", "received_on": "2026-02-27", "summary": "群众投诉收到商业短信"})
    procedure.apply(db, case.id, "file", on_date="2026-03-02")
    monkeypatch.setenv("WORKSTATION_ACTOR", "黄丽娟")
    save_officer(db, replace(officers["陈志强"], name="陈志刚"))

    timeline = case_timeline(db, get_case(db, case.id))
    assert {e.actor for e in timeline if e.kind == "document"} == {"陈志强"}
    assert {e.actor for e in timeline if e.kind == "transition"} == {"陈志强"}
    listed = run_json(capsys, "--data-dir", data_dir, "audit", "list", "--limit", "0")["entries"]
    assert {e["officer"] for e in listed if e["action"] == "transition"} == {"陈志强"}
    # the rename itself, made by another officer, is theirs
    assert [e["officer"] for e in listed if e["entity"] == "officer"][0] == "黄丽娟"
    # the name they had, and until when, is kept (m057)
    assert db.execute("SELECT name FROM officer_names WHERE officer_id = ?",
                      [officers["陈志强"].id]).fetchall() == [("陈志强",)]


def test_a_name_nobody_in_the_register_ever_had_is_still_not_shown(db, make_case, officers):
    from workstation.records import CaseEvent, now
    from workstation.store.cases import add_event

    case = make_case()
    save_officer(db, replace(officers["陈志强"], name="陈志刚"))
    add_event(db, CaseEvent(case_id=case.id, kind="edited", at=now(), actor="root", note="os account"))
    (entry,) = [e for e in case_timeline(db, get_case(db, case.id)) if e.note == "os account"]
    assert entry.actor == ""


def test_headquarters_merging_a_station_s_rename_keeps_the_former_name_on_what_it_merged_before(tmp_path, capsys):
    from tests.helpers import hq_and_two_nanhai_stations, open_db
    from workstation.records import Case, CaseEvent, Officer, Party, now
    from workstation.station_role import own_agency
    from workstation.store import create_case, find_case, get_officer, save_party
    from workstation.store.cases import add_event

    hq_and_two_nanhai_stations(tmp_path)
    db = open_db(tmp_path / "a")
    agency = own_agency(db)
    officers = [save_officer(db, Officer(name=name, cert_no=cert, agency_id=agency))
                for name, cert in (("李明", "44060588888"), ("王芳", "44060500001"))]
    party = save_party(db, Party(name="佛山市某信息咨询有限公司"))
    case = create_case(db, Case(case_number="佛南市监立〔2026〕601号", cause="涉嫌违法发送商业性信息案",
                                sector="real_estate", agency_id=agency, status="investigating",
                                filed_on="2026-03-02", party_ids=[party.id], officer_ids=[o.id for o in officers],
                                violations=["unsolicited_commercial_messages"], records_other=300,
                                fine_fen=500_000))
    add_event(db, CaseEvent(case_id=case.id, kind="edited", at=now(), actor="李明", note="by 李明"))
    db.conn.close()
    for number in (1, 2):
        if number == 2:  # the station renames 李明 after its first bundle
            db = open_db(tmp_path / "a")
            save_officer(db, replace(get_officer(db, officers[0].id), name="李明华"))
            db.conn.close()
        run_json(capsys, "--data-dir", tmp_path / "a", "bundle", "export", "-o", tmp_path / f"a{number}.bundle")
        run_json(capsys, "--data-dir", tmp_path / "hq", "bundle", "import", tmp_path / f"a{number}.bundle")
    hq = open_db(tmp_path / "hq")
    try:
        assert get_officer(hq, officers[0].id).name == "李明华"
        (entry,) = [e for e in case_timeline(hq, find_case(hq, case.case_number)) if e.note == "by 李明"]
        assert entry.actor == "李明"
    finally:
        hq.conn.close()


def test_a_lead_s_registrar_renamed_since_is_named_by_the_name_now(db, officers):
    from workstation.audit import acting
    from workstation.leads_register import LeadEntry, register_lead
    from workstation.leads_workflow import get_lead_row, lead_registrar

    with acting("陈志强"):
        lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00",
                                           description="来访举报某公司反复拨打推销电话")).id
    save_officer(db, replace(officers["陈志强"], name="陈志刚"))
    assert lead_registrar(db, get_lead_row(db, lead)) == "陈志刚"
