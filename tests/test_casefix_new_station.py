"""A new station's first cases (QA of session 20): a case decided on the spot issues its 结案审批表 without a 立案日期
(printed —) and every sheet that names its decision's 文号 names the 当场行政处罚决定书 by its pre-printed 编号; a lead's
source ticks its own box on the 案件来源登记表 and the 立案审批表; the 告知书 and the 决定书 of a case whose illegal gains
reach the criminal threshold are refused before a 文号 is taken; the on-the-spot decision's editor states and checks the
simple-procedure cap; and a document issued with nobody signed in stores no computer account as its issuer."""

from __future__ import annotations

import io

from pypdf import PdfReader

from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import document_list, issue_document
from workstation.formkit.values import case_context, default_values
from workstation.store import get_case

SERIAL = "0012345"
DECIDED = "2026-03-10"
PLACE = "佛山市南海区桂城街道南海大道北281号"
FACTS = "经查，当事人于2026年3月10日在门店向消费者发送商业性短信，未经消费者同意。"


def _text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _decided_on_the_spot(db, data_dir, make_case):
    case = make_case()
    issue_document(db, data_dir, case, find_form("on_the_spot_decision"),
                   {"serial_no": SERIAL, "fine_fen": "200", "decided_at": f"{DECIDED} 09:30",
                    "party_address": PLACE, "place": PLACE, "facts": FACTS})
    procedure.apply(db, case.id, "decide_on_the_spot")
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-12")
    return get_case(db, case.id)


def _defaults(db, case, form_id):
    form = find_form(form_id)
    return default_values(form, case_context(db, case))


# ---- 1, 2. a case decided on the spot: its 结案审批表 and its decision's 编号 ------------------------------------------

def test_a_case_decided_on_the_spot_issues_its_closing_approval_without_a_filing_date(db, data_dir, make_case):
    from workstation.documents.issuing import document_pdf

    case = _decided_on_the_spot(db, data_dir, make_case)
    assert not case.filed_on and not case.case_number
    issued = issue_document(db, data_dir, case, find_form("closing_approval"), {"ground": "决定执行完毕"})
    printed = _text(document_pdf(db, data_dir, issued.id))
    assert "立案日期—" in printed.replace(" ", "").replace("\n", "")


def test_the_on_the_spot_decisions_serial_is_its_number_on_every_sheet_and_in_the_list(db, data_dir, make_case):
    case = _decided_on_the_spot(db, data_dir, make_case)
    assert _defaults(db, case, "closing_approval")["decision_number"] == SERIAL
    assert _defaults(db, case, "file_cover")["decision_number"] == SERIAL
    context = case_context(db, case)
    assert context["documents.rows"].split(" | ")[1] == SERIAL
    listed = [d for d in document_list(db, case.id) if d["form_id"] == "on_the_spot_decision"]
    assert [d["number"] for d in listed] == [SERIAL]


# ---- 3. the 案件来源 of a case from a lead ----------------------------------------------------------------------------

def test_a_case_from_a_reported_lead_ticks_report_and_each_source_its_own_box(demo_db):
    from tests.test_leads_workflow import LEAD, fresh_lead
    from workstation.leads_workflow import assign_lead, file_case_from_lead
    from workstation.store import agency_by_code

    fresh_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604").id, on="2026-03-02")
    case = file_case_from_lead(demo_db, LEAD)
    for source, box in (("report", "举报"), ("inspection", "依据监督检查职权"), ("assigned", "上级交办"),
                        ("transfer", "其他部门移送"), ("12345", "投诉"), ("consumer_council", "投诉")):
        demo_db.execute("UPDATE leads SET source = ? WHERE id = ?", [source, LEAD])
        for form_id in ("case_source_register", "filing_approval"):
            assert _defaults(demo_db, get_case(demo_db, case.id), form_id)["source"] == box, (source, form_id)


def test_a_case_not_from_a_lead_ticks_no_source_for_the_officer_to_choose(db, make_case):
    # found by inspection or referred, it is no complaint: nothing presumed (the form ticked 投诉 before version 12)
    assert _defaults(db, make_case(), "filing_approval")["source"] in (None, "")


# ---- 4. no 文号 for a 告知书 or 决定书 the case at the criminal threshold cannot serve -------------------------------------

def test_the_notice_and_decision_of_a_case_at_the_criminal_threshold_are_refused_before_a_number_is_taken(
        db, data_dir, make_case, english):
    from workstation.documents.stage_rules import stage_warnings
    from workstation.errors import WorkstationError

    case = make_case(status="under_review", filed_on="2026-02-27", illegal_gains_fen=800_000, fine_fen=1_000_000)
    step_refusal = procedure.criminal_threshold_refusal(db, case, "send_pre_notice")
    assert step_refusal and "criminal threshold" in step_refusal
    pending = make_case(status="decision_pending", filed_on="2026-02-27", notice_served_on="2026-03-02",
                        illegal_gains_fen=800_000, fine_fen=1_000_000)
    for form_id, at in (("pre_penalty_notice", case), ("penalty_decision", pending)):
        try:
            issue_document(db, data_dir, at, find_form(form_id), {"facts": FACTS, "filed_on": "2026-02-27"})
        except WorkstationError as refused:
            assert "criminal threshold" in refused.message and "police" in refused.message, form_id
        else:
            raise AssertionError(f"{form_id} was issued")
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM doc_numbers").fetchone()[0] == 0
    warned = stage_warnings(db, case, "investigation_report", {})
    assert any("will be refused" in w and "criminal threshold" in w for w in warned)
    below = make_case(status="under_review", filed_on="2026-02-27", illegal_gains_fen=400_000)
    assert procedure.criminal_threshold_refusal(db, below, "send_pre_notice") is None
    assert not any("will be refused" in w for w in stage_warnings(db, below, "investigation_report", {}))


# ---- 8. who issued a document: an officer, never the computer's account ------------------------------------------

def test_a_document_issued_with_nobody_signed_in_stores_no_computer_account(db, data_dir, make_case, monkeypatch):
    case = make_case(lead_received_on="2026-02-10")
    form = find_form("case_source_register")
    monkeypatch.setenv("WORKSTATION_ACTOR", "root")  # the operating-system account: nobody signed in
    anonymous = issue_document(db, data_dir, case, form, {"source": "投诉", "received_on": "2026-02-10", "summary": FACTS})
    assert anonymous.issued_by == ""
    assert db.execute("SELECT issued_by FROM documents WHERE id = ?", [anonymous.id]).fetchone()[0] == ""
    monkeypatch.setenv("WORKSTATION_ACTOR", "陈志强")  # an officer of the register signed in
    signed = issue_document(db, data_dir, make_case(lead_received_on="2026-02-10"), form,
                            {"source": "投诉", "received_on": "2026-02-10", "summary": FACTS})
    assert signed.issued_by == "陈志强"


# ---- 6. a case opened from a lead at a station of two officers ---------------------------------------------------

def test_a_case_from_a_lead_starts_with_the_stations_two_certified_officers(db, officers, monkeypatch):
    from workstation.leads_workflow import proposed_officers
    from workstation.store import agency_id_for_code
    from workstation.store.base import set_setting

    nanhai = agency_id_for_code("440605")
    monkeypatch.setenv("WORKSTATION_ACTOR", "root")
    assert proposed_officers(db, nanhai) == []  # not the station's agency (none chosen): nobody guessed
    set_setting(db, "station_agency", nanhai)
    assert proposed_officers(db, nanhai) == [officers["陈志强"].id, officers["黄丽娟"].id]
    monkeypatch.setenv("WORKSTATION_ACTOR", "黄丽娟")
    assert proposed_officers(db, nanhai) == [officers["黄丽娟"].id, officers["陈志强"].id]
    assert proposed_officers(db, agency_id_for_code("440604")) == []  # another bureau's case: none of them
