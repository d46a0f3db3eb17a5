"""A case decided on the spot (简易程序, 当场处罚) as the s59 audit found it: the reporter's 举报处理结果告知书 said the lead
was 立案调查 with the internal id as its case number, and the leads page said 已立案; “转为普通程序” left the lead
settled as filed on the day of the voided decision, so that its later 立案 or 不予立案 never reached it; the party of
an on-the-spot decision could be replaced, or a second one added; a 不予立案审批表 dated otherwise than the decline it
approves was taken silently; and the 当场收缴 grounds left out Penalty Law art. 69 (remote areas)."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from tests.helpers import run
from tests.test_lead_internal_forms import typed
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import document_pdf, issue_document, void_document
from workstation.documents.pdf_writer import render_pdf
from workstation.errors import ValidationError, WorkstationError
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    assign_lead,
    decide_lead,
    draft_lead_document,
    file_case_from_lead,
    get_lead_row,
    issue_lead_document,
)
from workstation.records import Party
from workstation.store import agency_by_code, get_case, save_party, update_case

DECIDED = "2026-09-25"  # a Friday
LEFT = "2026-09-28"
PLACE = "佛山市南海区桂城街道南海大道北281号"
FACTS = "经查，当事人于2026年9月20日在门店向消费者发送商业性短信，未经消费者同意。"
SERIAL = "No.0012345"
LETTER = {"contact_person": "陈志强", "reporter_name": "李某某"}
REMOTE = "在边远、水上、交通不便地区，当事人到指定的银行或者通过电子支付系统缴纳罚款确有困难，经当事人提出"


def _lead(db) -> str:
    """A named report received on Mon 2026-09-21, assigned to the Nanhai bureau the next day."""
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00",
                                       description="来访举报某公司反复发送营销短信", party="佛山市某某信息咨询有限公司",
                                       complainant_phone="13800138000", reporter_name="李某某")).id
    assign_lead(db, lead, agency_by_code(db, "440605").id, on="2026-09-22")
    return lead


def _spot_values(fine="100", serial=SERIAL, **more):
    return {"serial_no": serial, "fine_fen": fine, "decided_at": f"{DECIDED} 09:30", "warning": False,
            "party_address": PLACE, "place": PLACE, "facts": FACTS, **more}


def _issue_spot(db, data_dir, case, **more):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("on_the_spot_decision"), _spot_values(**more))


def _decided_from_lead(db, data_dir, officers):
    """A lead's case decided on the spot on ``DECIDED``: (lead id, case, its 当场行政处罚决定书)."""
    lead = _lead(db)
    save_party(db, Party(name="佛山市某某信息咨询有限公司", uscc="91512081MA62K0260E"))  # found by its name
    case = file_case_from_lead(db, lead, officer_ids=[officers["陈志强"].id, officers["黄丽娟"].id])
    document = _issue_spot(db, data_dir, case)
    return lead, procedure.apply(db, case.id, "decide_on_the_spot"), document


def _letter(db, lead) -> str:
    return "".join(render_pdf(draft_lead_document(db, lead, find_form("report_result_notice"), LETTER)).text_lines())


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace("\n", "")


def _back_to_be_filed(db, case, document):
    void_document(db, document.id, "当事人对事实有异议，改按普通程序办理")
    return procedure.apply(db, case.id, "leave_simple_procedure", on_date=LEFT, reason="当事人对事实有异议")


# ---- 1. the reporter told of a decision on the spot, not of a filing -----------------------------------------------

def test_the_reporter_is_told_of_the_decision_on_the_spot_by_its_number_not_of_a_filing(db, data_dir, officers):
    lead, case, _document = _decided_from_lead(db, data_dir, officers)
    text = _letter(db, lead)
    assert f"本局于2026年9月25日依照简易程序当场作出行政处罚决定（当场行政处罚决定书编号：{SERIAL}）。" in text
    assert "立案调查" not in text and "未立案" not in text and case.id not in text


def test_the_lead_list_says_decided_on_the_spot_not_filed(db, data_dir, officers, capsys, english):
    lead, _case, _document = _decided_from_lead(db, data_dir, officers)
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "list")
    assert code == 0, err
    row = next(line for line in out.splitlines() if line.startswith(lead))
    assert "Decided on the spot" in row and "Case filed" not in row


def test_a_lead_filed_after_leaving_the_simple_procedure_names_its_case_number(db, data_dir, officers):
    lead, case, document = _decided_from_lead(db, data_dir, officers)
    _back_to_be_filed(db, case, document)
    filed = procedure.apply(db, case.id, "file", on_date=LEFT)
    assert f"本局于2026年9月28日决定立案调查（案件编号：{filed.case_number}）。" in _letter(db, lead)


# ---- 2. “转为普通程序” takes the lead back with the case ----------------------------------------------------------

def test_leaving_the_simple_procedure_reopens_the_lead_and_a_later_decline_reaches_it(db, data_dir, officers,
                                                                                      capsys, english):
    lead, case, document = _decided_from_lead(db, data_dir, officers)
    assert (get_lead_row(db, lead)["status"], get_lead_row(db, lead)["decided_on"]) == ("filed", DECIDED)
    _back_to_be_filed(db, case, document)
    row = get_lead_row(db, lead)
    assert (row["status"], row["decision"], row["decided_on"], row["case_id"]) == ("assigned", "", None, case.id)
    code, out, _err = run(capsys, "--data-dir", data_dir, "--json", "leads", "list")
    assert code == 0
    assert '"state": "filing"' in out.split(lead, 1)[1].split("}", 1)[0]  # 立案中: its case awaits filing again
    procedure.apply(db, case.id, "decline_filing", on_date=LEFT, reason="违法事实不成立")
    row = get_lead_row(db, lead)
    assert (row["status"], row["decision"], row["decided_on"]) == ("not_filed", "not_file", LEFT)
    assert "本局于2026年9月28日决定不予立案。理由：违法事实不成立。" in _letter(db, lead)


# ---- 3. the one party of an on-the-spot decision ------------------------------------------------------------------

def test_the_party_of_an_on_the_spot_decision_is_neither_replaced_nor_joined(db, data_dir, make_case, english):
    case = make_case()
    _issue_spot(db, data_dir, case)
    case = procedure.apply(db, case.id, "decide_on_the_spot")
    other = save_party(db, Party(name="朱子轩", id_number="11010519491231002X", kind="person"))
    with pytest.raises(WorkstationError) as refused:
        update_case(db, replace(get_case(db, case.id), party_ids=[other.id]))
    assert SERIAL in str(refused.value) and "void it first" in str(refused.value)
    with pytest.raises(WorkstationError) as refused:
        update_case(db, replace(get_case(db, case.id), party_ids=[*case.party_ids, other.id]))
    assert "one party" in str(refused.value) and "Change to the ordinary procedure" in str(refused.value)
    assert get_case(db, case.id).party_ids == case.party_ids


def test_back_under_the_ordinary_procedure_a_party_may_be_added(db, data_dir, make_case):
    case = make_case()
    document = _issue_spot(db, data_dir, case)
    case = procedure.apply(db, case.id, "decide_on_the_spot")
    _back_to_be_filed(db, case, document)
    other = save_party(db, Party(name="朱子轩", id_number="11010519491231002X", kind="person"))
    joined = update_case(db, replace(get_case(db, case.id), party_ids=[*case.party_ids, other.id]))
    assert joined.party_ids == [*case.party_ids, other.id]


# ---- 4. the 不予立案审批表 approves the decline on its day -----------------------------------------------------------

def test_a_case_non_filing_approval_dated_otherwise_than_the_decline_is_refused(db, data_dir, make_case, english):
    case = make_case()
    case = procedure.apply(db, case.id, "decline_filing", on_date="2026-03-20", reason="现有证据无法认定违法")
    form = find_form("non_filing_approval")
    values = {"facts": FACTS, "reason": "现有证据无法认定违法。"}
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, case, form, {**values, "approved_on": "2026-03-18"})
    assert "(2026-03-18) is not the day the case's filing was declined (2026-03-20)" in str(refused.value)
    assert issue_document(db, data_dir, case, form, {**values, "approved_on": "2026-03-20"}).values[
        "approved_on"] == "2026-03-20"


def test_a_lead_non_filing_approval_dated_otherwise_than_its_decision_is_refused(db, data_dir, english):
    lead = _lead(db)
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="经核查，未发现违法行为")
    form = find_form("non_filing_approval")
    with pytest.raises(ValidationError) as refused:
        issue_lead_document(db, data_dir, lead, form, typed(form.id, approved_on="2026-09-28"))
    assert "(2026-09-28) is not the day the lead was decided not to be filed (2026-09-30)" in str(
        refused.value.errors.get("审批日期")), refused.value.errors
    issued = issue_lead_document(db, data_dir, lead, form, typed(form.id, approved_on="2026-09-30"))
    assert issued.values["approved_on"] == "2026-09-30"


def test_deciding_a_lead_on_another_day_than_its_approval_in_force_is_told(db, data_dir, capsys, english):
    lead = _lead(db)
    form = find_form("non_filing_approval")
    issue_lead_document(db, data_dir, lead, form, typed(form.id, approved_on="2026-09-28"))
    code, _out, err = run(capsys, "--data-dir", data_dir, "leads", "decide", lead, "--not-file", "--reason",
                          "现有证据不足以认定违法", "--date", "2026-09-30")
    assert code == 0, err
    assert "2026-09-28" in err and "不予立案审批表" in err
    assert get_lead_row(db, lead)["decided_on"] == "2026-09-30"  # told, not refused


# ---- 6. 当场收缴 in remote areas (Penalty Law art. 69) ----------------------------------------------------------------

def test_a_fine_collected_in_a_remote_area_cites_article_69_and_is_not_capped_at_100(db, data_dir, make_case):
    form = find_form("on_the_spot_decision")
    assert form.version == 9 and REMOTE in form.field("collection_ground").choices
    case = make_case()
    collected = {"collected_on_the_spot": True, "collection_ground": REMOTE, "receipt_no": "粤财罚0001"}
    document = _issue_spot(db, data_dir, case, fine="200", **collected)  # above ¥100: allowed on this ground
    text = _pdf_text(document_pdf(db, data_dir, document.id))
    assert (f"当事人当场缴纳罚款。{REMOTE}，执法人员依照《中华人民共和国行政处罚法》第六十九条的规定当场收缴罚款¥200.00"
            in text), text
    assert "第六十八条" not in text


def test_the_100_cap_still_holds_for_the_small_fine_ground(db, data_dir, make_case):
    case = make_case()
    with pytest.raises(ValidationError) as refused:
        _issue_spot(db, data_dir, case, fine="200", collected_on_the_spot=True,
                    collection_ground="依法给予一百元以下罚款", receipt_no="粤财罚0001")
    assert "当场收缴的情形" in refused.value.errors



# ---- final read: wherever a lead's state is said, one decided on the spot is 已当场处罚, not 已立案 ----------------------

def _said_of_the_spot_lead(text: str) -> None:
    assert "Decided on the spot" in text and "Case filed" not in text, text


def test_every_refusal_naming_the_lead_says_decided_on_the_spot(db, data_dir, officers, english):
    from workstation.leads_register import edit_refusal
    from workstation.leads_workflow import lead_extension_errors, withdrawal_refusal
    from workstation.screening.verdict import lead_correction_refusal

    lead, _case, _document = _decided_from_lead(db, data_dir, officers)
    row = get_lead_row(db, lead)
    with pytest.raises(WorkstationError) as assigning:
        assign_lead(db, lead, agency_by_code(db, "440605").id, on=LEFT)
    _said_of_the_spot_lead(assigning.value.message)
    with pytest.raises(WorkstationError) as deciding:
        decide_lead(db, lead, "not_file", on=LEFT, reason="经核查，未发现违法行为")
    _said_of_the_spot_lead(deciding.value.message)
    _said_of_the_spot_lead(lead_extension_errors(db, row, 15, LEFT, "黄丽娟")["status"])
    _said_of_the_spot_lead(withdrawal_refusal(db, row))
    _said_of_the_spot_lead(lead_correction_refusal(db, row))
    refusal = edit_refusal(db, row)
    assert "decided on the spot" in refusal and "A case was filed" not in refusal


def test_the_command_line_refuses_to_assign_a_lead_decided_on_the_spot_saying_so(db, data_dir, officers, capsys,
                                                                                   english):
    lead, _case, _document = _decided_from_lead(db, data_dir, officers)
    code, _out, err = run(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", "440605")
    assert code != 0
    _said_of_the_spot_lead(err)


def test_the_leads_page_names_an_earlier_lead_decided_on_the_spot_so(db, data_dir, officers, make_window, english):
    lead, _case, _document = _decided_from_lead(db, data_dir, officers)
    page = make_window(db).leads_page
    _said_of_the_spot_lead(page._earlier_lead_line(get_lead_row(db, lead)))


def test_the_leads_page_tells_of_a_decline_on_another_day_than_its_approval(db, data_dir, make_window, prompts,
                                                                             english):
    lead = _lead(db)
    form = find_form("non_filing_approval")
    issue_lead_document(db, data_dir, lead, form, typed(form.id, approved_on="2026-09-28"))
    page = make_window(db).leads_page
    page.refresh(select=lead)
    prompts.texts.append("现有证据不足以认定违法")
    prompts.days.append("2026-09-30")
    prompts.confirm_answer = True
    page.not_file()
    assert prompts.errors == []
    asked = prompts.confirmations[0]
    assert "不予立案审批表 in force approves not filing the lead on 2026-09-28, not on 2026-09-30" in asked
    assert get_lead_row(db, lead)["decided_on"] == "2026-09-30"  # told, not refused
