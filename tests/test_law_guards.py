"""Documents the procedure does not allow at that stage are refused before a number is taken (a 法制审核 review of
issued documents): the investigation's documents (询问通知书, 实施行政强制措施决定书 …) once the case is decided or
closed, while what follows a decision (解除…, 送达回证, 催告书 …) stays open; a 实施行政强制措施决定书 naming nothing
seized (行政强制法 art. 24); a 询问通知书 without the day, time and place of the questioning and a 案件交办通知书
without the day its result is due; a 案件调查终结报告 after the 告知书 or the decision it leads to; a 约谈纪要 dated
after the report deadline it sets (dated the day of the meeting by default). The command line exits 1 naming the
document and what to do, and the editor says the same, with nothing stored."""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager

import pytest

from tests.helpers import beijing_today, open_db, program_day, run
from workstation.documents.drafts import find_form
from workstation.documents.interview_documents import check_interview_issue, issue_interview_document
from workstation.documents.issuing import case_documents, check_issue, issue_document, void_document
from workstation.documents.stage_rules import INVESTIGATION_DOCUMENTS, in_window, state_refusal
from workstation.errors import ValidationError, WorkstationError
from workstation.formkit.interview_values import interview_context
from workstation.formkit.values import default_values
from workstation.leads_workflow import assign_lead, check_lead_issue, issue_lead_document
from workstation.store import agency_by_code, find_case, get_case, get_party, save_party
from workstation.store.interviews import get_interview, save_interview

CLOSED = "佛南市监立〔2026〕1号"  # demo case decided, paid and closed
INVESTIGATING = "佛南市监立〔2026〕9号"  # demo case under investigation
LEAD = "bb7f2ea6-871d-54c3-a193-b529d98b09cc"  # demo lead: 0757-85836433 calling about new flats, 禅城区
WRITTEN = ("documents", "doc_numbers", "number_sequences", "audit")
FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = {"party_address": "佛山市南海区桂城街道南海大道北1号"}
ITEMS = "1 | 台式计算机（存有客户名单） | 戴尔OptiPlex 3000 | 2台 | 主机"
MEASURE = {"legal_basis": "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项", "items": ITEMS}
# the day to come to the inquiry, a month after the day the tests run (a notice is signed today: the day it summons
# to must not be before it)
APPEARANCE = {"appear_on": (beijing_today() + dt.timedelta(days=30)).isoformat(),
              "appear_time": "上午9时30分", "appear_place": "本局三楼询问室"}


@contextmanager
def under_investigation(db, case):
    """``case`` (a demo case decided since) as it stood while under investigation, for the investigation's documents
    a test issues in it (``stage_rules.INVESTIGATION_DOCUMENTS``, refused once it is decided): its status is put back
    to 立案调查 meanwhile, then restored."""
    status = db.execute("SELECT status FROM cases WHERE id = ?", [case.id]).fetchone()[0]
    db.execute("UPDATE cases SET status = 'investigating' WHERE id = ?", [case.id])
    try:
        yield get_case(db, case.id)
    finally:
        db.execute("UPDATE cases SET status = ? WHERE id = ?", [status, case.id])


def with_address(db, case):
    """``case`` with its party's address given, so that only the rule under test refuses."""
    from dataclasses import replace

    party = get_party(db, case.party_ids[0])
    if not party.address:
        save_party(db, replace(party, address=ADDRESS["party_address"]))
    return case


def refused(db, case, form_id: str, **values) -> str:
    with pytest.raises(WorkstationError) as refusal:
        check_issue(db, get_case(db, case.id), find_form(form_id), values)
    if isinstance(refusal.value, ValidationError):
        return " ".join(f"{label}: {message}" for label, message in refusal.value.errors.items())
    return refusal.value.message


# ---- 1. the investigation's documents once the case is decided or closed ------------------------------------------

@pytest.mark.parametrize("form_id", INVESTIGATION_DOCUMENTS)
def test_the_investigations_documents_are_refused_in_a_closed_case(demo_db, english, form_id):
    case = find_case(demo_db, CLOSED)
    message = refused(demo_db, case, form_id)
    assert find_form(form_id).title in message and "step of the investigation" in message
    assert "void it first" in message
    assert state_refusal(demo_db, find_case(demo_db, INVESTIGATING), form_id) is None


@pytest.mark.parametrize("form_id", ["compulsory_measure_release", "preservation_release", "delivery_receipt",
                                     "performance_demand", "enforcement_application", "items_disposal_record",
                                     "closing_approval", "seized_items_transfer_notice"])
def test_what_follows_a_decision_is_not_refused_as_investigation(demo_db, form_id):
    assert state_refusal(demo_db, find_case(demo_db, CLOSED), form_id) is None


def test_a_terminated_case_takes_no_further_inquiry_notice(db, make_case, english):
    case = make_case(status="terminated", filed_on="2026-03-02", facts=FACTS)
    message = refused(db, case, "inquiry_notice", **APPEARANCE)
    assert "has ended" in message and "询问通知书" in message


def test_docs_issue_refuses_an_inquiry_notice_of_a_closed_case_taking_nothing(demo_db, data_dir, capsys, english,
                                                                             table_counts, tmp_path):
    before = table_counts(demo_db, WRITTEN)
    demo_db.conn.close()
    values = tmp_path / "v.json"
    values.write_text(json.dumps(APPEARANCE, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CLOSED, "--form", "inquiry_notice",
                         "--values", values, "-o", tmp_path / "通知.pdf")
    assert (code, out) == (1, "")
    assert "询问通知书" in err and "void it first" in err
    assert not (tmp_path / "通知.pdf").exists()
    db = open_db(data_dir)
    try:
        assert table_counts(db, WRITTEN) == before
    finally:
        db.conn.close()


def test_the_editor_lists_and_refuses_a_seizure_in_a_closed_case(demo_db, data_dir, opened, prompts, qtbot,
                                                                 table_counts, english):
    from ui.case_documents import CaseDocuments

    case = find_case(demo_db, CLOSED)
    section = CaseDocuments(demo_db, data_dir, case, prompts)
    qtbot.addWidget(section)
    chooser = section.form_choice
    assert not chooser.offered(chooser.findData("compulsory_measure_decision"))
    assert chooser.refusal("compulsory_measure_decision") == "Not for this case: " + in_window(state_refusal(
        demo_db, case, "compulsory_measure_decision"))
    assert chooser.offered(chooser.findData("compulsory_measure_release"))
    editor = opened(demo_db, "compulsory_measure_decision", case)
    for name, value in MEASURE.items():
        editor.set_field(name, value)
    before = table_counts(demo_db, WRITTEN)
    prompts.confirm_answer = True
    editor.issue()
    assert prompts.confirmations == [] and len(prompts.errors) == 1
    assert "实施行政强制措施决定书 is a step of the investigation" in prompts.errors[0]
    assert editor.document is None and table_counts(demo_db, WRITTEN) == before


# ---- 2. a seizure names what it seizes ----------------------------------------------------------------------------

def test_a_seizure_decision_without_items_is_refused(db, data_dir, make_case, english, table_counts):
    case = with_address(db, make_case(status="investigating", filed_on="2026-03-02", facts=FACTS))
    message = refused(db, case, "compulsory_measure_decision", **{**MEASURE, "items": " \n "},
                      decided_on="2026-03-03")
    assert "查封、扣押的场所、设施、财物" in message and "行政强制法 art. 24" in message
    assert "Enter one line per item" in message
    before = table_counts(db, WRITTEN)
    with pytest.raises(WorkstationError):
        issue_document(db, data_dir, get_case(db, case.id), find_form("compulsory_measure_decision"),
                       {"legal_basis": MEASURE["legal_basis"], "decided_on": "2026-03-03"})
    assert table_counts(db, WRITTEN) == before
    decision = issue_document(db, data_dir, get_case(db, case.id), find_form("compulsory_measure_decision"),
                              {**MEASURE, "decided_on": "2026-03-03"})
    # the list handed over with it takes the decision's items
    assert default_values(find_form("seized_items_list"), _case_context(db, case))["items"].startswith(
        "1 | 台式计算机（存有客户名单）")
    assert decision.number


def _case_context(db, case):
    from workstation.formkit.values import case_context

    return case_context(db, get_case(db, case.id))


# ---- 3. a summons names when and where; an assignment says by when -----------------------------------------------

def test_an_inquiry_notice_without_day_time_and_place_is_refused(db, make_case, english):
    case = with_address(db, make_case(status="investigating", filed_on="2026-03-02", facts=FACTS))
    message = refused(db, case, "inquiry_notice", signed_on="2026-03-05")
    assert "接受询问日期、接受询问时间、接受询问地点" in message and "before issuing" in message
    message = refused(db, case, "inquiry_notice", signed_on="2026-03-05", **{**APPEARANCE, "appear_place": ""})
    assert "接受询问地点" in message and "接受询问日期" not in message
    values, _context = check_issue(db, get_case(db, case.id), find_form("inquiry_notice"),
                                   {**APPEARANCE, "appear_on": "2026-03-10", "signed_on": "2026-03-05"})
    assert values["appear_place"] == "本局三楼询问室"


def test_an_assignment_notice_without_its_report_by_date_is_refused(demo_db, data_dir, english, table_counts):
    from tests.helpers import undecided_lead

    lead = undecided_lead(demo_db, LEAD)
    assign_lead(demo_db, lead, agency_by_code(demo_db, "440604012").id, on="2026-03-02")
    form = find_form("assignment_notice")
    before = table_counts(demo_db, WRITTEN)
    with pytest.raises(ValidationError) as refusal:
        issue_lead_document(demo_db, data_dir, lead, form, {"contact_person": "陈志强", "report_by": "",
                                                            "issued_on": "2026-03-02"})
    assert "报送办理结果的期限 must be filled in before issuing" in " ".join(refusal.value.errors.values())
    assert table_counts(demo_db, WRITTEN) == before
    values, _context, _agency = check_lead_issue(demo_db, lead, form, {"contact_person": "陈志强",
                                                                       "report_by": "2026-03-23",
                                                                       "issued_on": "2026-03-02"})
    assert values["report_by"] == "2026-03-23"


# ---- 4. the investigation report comes before the notice and the decision ----------------------------------------

@pytest.fixture
def reviewed(db, make_case):
    return with_address(db, make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, fine_fen=500000))


def test_the_investigation_report_is_refused_once_the_notice_is_issued(db, data_dir, reviewed, english):
    notice = issue_document(db, data_dir, get_case(db, reviewed.id), find_form("pre_penalty_notice"),
                            {"facts": FACTS, "hearing_required": False})
    message = refused(db, reviewed, "investigation_report", **ADDRESS)
    assert "案件调查终结报告 comes before the notice and the decision" in message
    assert f"行政处罚告知书{notice.number}" in message and "void it first" in message
    void_document(db, notice.id, "告知书事实认定有误，需补充调查")
    check_issue(db, get_case(db, reviewed.id), find_form("investigation_report"), ADDRESS)


def test_the_investigation_report_of_a_decided_case_names_its_decision(demo_db, english):
    case = find_case(demo_db, CLOSED)  # decided on paper: named by its date
    message = refused(demo_db, case, "investigation_report")
    assert "案件调查终结报告 concludes the investigation before the notice and the decision" in message
    assert case.decided_on in message and "void it first" in message
    assert state_refusal(demo_db, find_case(demo_db, INVESTIGATING), "investigation_report") is None


def test_docs_issue_refuses_a_report_after_the_decision(demo_db, data_dir, capsys, english, tmp_path):
    demo_db.conn.close()
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CLOSED, "--form", "investigation_report",
                         "-o", tmp_path / "报告.pdf")
    assert (code, out) == (1, "")
    assert "案件调查终结报告 concludes the investigation before the notice and the decision" in err
    assert not (tmp_path / "报告.pdf").exists()


# ---- 5. the 约谈纪要 is dated the meeting day, never after the deadline it sets --------------------------------------

def joint_interview(db):
    """A demo interview with several parties, made held on 2026-03-10 with its report due on 2026-03-25."""
    from dataclasses import replace

    interview = next(i for i in (get_interview(db, row[0]) for row in db.execute("SELECT id FROM interviews"))
                     if len(i.party_ids) > 1)
    save_interview(db, replace(interview, held_on="2026-03-10", rectification_due="2026-03-25", status="held",
                               topics=interview.topics or "骚扰电话问题"))
    return get_interview(db, interview.id)


def test_the_minutes_default_to_today_and_are_refused_after_the_report_deadline(demo_db, data_dir, english,
                                                                               table_counts, monkeypatch):
    interview = joint_interview(demo_db)
    form = find_form("interview_minutes")
    program_day(monkeypatch, "2026-03-12")  # written two days after the meeting (dated today since s65)
    defaults = default_values(form, interview_context(demo_db, interview))
    assert (defaults["issued_on"], defaults["report_by"]) == ("2026-03-12", "2026-03-25")
    before = table_counts(demo_db, WRITTEN)
    program_day(monkeypatch, "2026-06-15")  # a document is not dated after the day it is issued
    with pytest.raises(ValidationError) as refusal:
        issue_interview_document(demo_db, data_dir, interview, form, {"issued_on": "2026-06-15"})
    message = refusal.value.errors["印发日期"]
    assert "2026-06-15" in message and "2026-03-25" in message and "书面报送整改情况截止日期" in message
    assert table_counts(demo_db, WRITTEN) == before
    program_day(monkeypatch, "2026-03-25")
    check_interview_issue(demo_db, interview, form, {"issued_on": "2026-03-25"})


def test_minutes_without_a_deadline_are_held_to_fifteen_working_days(demo_db, english, monkeypatch):
    from dataclasses import replace

    interview = joint_interview(demo_db)
    save_interview(demo_db, replace(interview, rectification_due=None))
    interview = get_interview(demo_db, interview.id)
    form = find_form("interview_minutes")
    # 2026-03-10 is a Tuesday: the fifteenth working day after it is Tuesday 2026-03-31
    program_day(monkeypatch, "2026-04-01")  # issued that day (a document is not dated after it, s65)
    with pytest.raises(ValidationError) as refusal:
        check_interview_issue(demo_db, interview, form, {"issued_on": "2026-04-01", "report_by": ""})
    assert "15 working days after the interview (2026-03-31)" in refusal.value.errors["印发日期"]
    program_day(monkeypatch, "2026-03-31")
    check_interview_issue(demo_db, interview, form, {"issued_on": "2026-03-31", "report_by": ""})


def test_with_a_party_still_undecided_the_investigation_goes_on_and_each_partys_report_is_held_to_its_own(
        db, data_dir, make_case, english):
    from tests.test_multiparty_closeguard import company_decided

    case, company, employee = company_decided(db, data_dir, make_case)  # decided for the company only
    case = get_case(db, case.id)
    assert case.status in ("penalty_decided", "served")
    assert state_refusal(db, case, "inquiry_notice") is None  # the employee's part is still investigated
    assert state_refusal(db, case, "investigation_report") is None
    decision = next(d for d in case_documents(db, case.id) if d.form_id == "penalty_decision")
    with pytest.raises(WorkstationError) as refusal:
        check_issue(db, case, find_form("investigation_report"), ADDRESS, party_id=company)
    assert f"行政处罚决定书{decision.number}" in refusal.value.message
    notice = next(d for d in case_documents(db, case.id) if d.form_id == "pre_penalty_notice"
                  and d.values.get("party_id") == employee)
    with pytest.raises(WorkstationError) as refusal:
        check_issue(db, case, find_form("investigation_report"), ADDRESS, party_id=employee)
    assert f"行政处罚告知书{notice.number}" in refusal.value.message
