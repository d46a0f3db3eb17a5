"""The 不予立案审批表's 审批日期 (``case.declined_on``): prefilled with the day the case's decline was recorded on, a
lead's the day it was decided not to file it; a 不予立案审批表 left without one (issued before the decline was
recorded) is dated in the 卷宗 by the case's decline, bound before the 结案审批表 of the day after; and the 卷宗封面,
卷内文件目录 and 卷内备考表 of a case decided on the spot (简易程序) issued or previewed name it by its decision, not
未立案."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.test_lead_internal_forms import typed
from tests.test_leads_workflow import fresh_lead
from workstation import procedure
from workstation.documents.drafts import draft_document, draft_values, find_form
from workstation.documents.issuing import document_pdf, issue_document
from workstation.documents.pdf_writer import render_pdf
from workstation.formkit.values import bound_documents, case_context, default_values, documents_context
from workstation.leads_workflow import (
    assign_lead,
    decide_lead,
    draft_lead_document,
    get_lead_row,
    lead_context,
)
from workstation.store import agency_by_code, get_case

FACTS = "接投诉，当事人涉嫌未经消费者同意向其发送商业性信息。"
REASON = "经核查，现有证据无法认定违法。"
PLACE = "佛山市南海区桂城街道南海大道北281号"
SIMPLE = "简易程序（当场行政处罚决定书No.0012345）"


def _text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def _non_filing(db, data_dir, case, **more):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("non_filing_approval"),
                          {"facts": FACTS, "reason": REASON, **more})


# ---- 1. case.declined_on ---------------------------------------------------------------------------------------

def test_the_approval_date_of_a_declined_case_is_the_day_its_decline_was_recorded_on(db, data_dir, make_case):
    case = make_case()
    assert case_context(db, case)["case.declined_on"] is None  # not declined yet: left blank
    case = procedure.apply(db, case.id, "decline_filing", on_date="2026-03-20", reason="现有证据无法认定违法")
    assert case_context(db, case)["case.declined_on"] == "2026-03-20"
    form = find_form("non_filing_approval")
    assert draft_values(db, case, form, blanks=[])[0]["approved_on"] == "2026-03-20"
    document = _non_filing(db, data_dir, case)
    assert document.values["approved_on"] == "2026-03-20"
    text = _text(document_pdf(db, data_dir, document.id))
    assert "2026年3月20日" in text[text.index("部门负责人"):]


def test_a_lead_not_filed_is_approved_on_the_day_it_was_decided(demo_db, data_dir):
    lead = fresh_lead(demo_db)
    assign_lead(demo_db, lead, agency_by_code(demo_db, "440604").id, on="2026-03-02")
    form = find_form("non_filing_approval")
    context = lead_context(demo_db, get_lead_row(demo_db, lead), form_id=form.id)
    assert context["case.declined_on"] is None  # not decided yet
    decide_lead(demo_db, lead, "not_file", on="2026-03-10", reason="该号码已停机，无法确认使用人")
    context = lead_context(demo_db, get_lead_row(demo_db, lead), form_id=form.id)
    assert context["case.declined_on"] == "2026-03-10"
    assert default_values(form, context)["approved_on"] == "2026-03-10"
    text = _text(render_pdf(draft_lead_document(demo_db, lead, form, typed(form.id))).data).replace("\n", "")
    assert "2026年3月10日" in text[text.index("部门负责人"):]


# ---- 2. a 不予立案审批表 without its date, in the 卷宗 -----------------------------------------------------------

def test_an_approval_issued_before_the_decline_is_bound_by_the_decline_date(db, data_dir, make_case):
    case = make_case()
    approval = _non_filing(db, data_dir, case)  # the decline not recorded yet: no 审批日期
    assert not approval.values.get("approved_on")
    procedure.apply(db, case.id, "decline_filing", on_date="2026-03-20", reason="现有证据无法认定违法")
    procedure.apply(db, case.id, "close", on_date="2026-03-21")
    issue_document(db, data_dir, get_case(db, case.id), find_form("closing_approval"), {})
    case = get_case(db, case.id)
    assert [d.form_id for d in bound_documents(db, case.id)] == ["non_filing_approval", "closing_approval"]
    rows = str(documents_context(db, case)["documents.rows"]).splitlines()
    assert "不予立案审批表" in rows[0] and "2026年3月20日" in rows[0], rows
    assert "结案审批表" in rows[1] and "2026年3月21日" in rows[1], rows


# ---- 3. the archive sheets of a case decided on the spot, issued and previewed --------------------------------

def _decided_on_the_spot(db, data_dir, make_case):
    """Decided on the spot on 2026-03-10, the fine collected there: performed."""
    case = make_case()
    issue_document(db, data_dir, case, find_form("on_the_spot_decision"),
                   {"serial_no": "No.0012345", "fine_fen": "100", "decided_at": "2026-03-10 09:30",
                    "party_address": PLACE, "place": PLACE, "collected_on_the_spot": True,
                    "collection_ground": "依法给予一百元以下罚款", "receipt_no": "粤财0012345",
                    "facts": "经查，当事人于2026年3月10日在门店向消费者发送商业性短信，未经消费者同意。"})
    return procedure.apply(db, case.id, "decide_on_the_spot")


def test_the_archive_sheets_of_a_case_decided_on_the_spot_name_its_decision(db, data_dir, make_case):
    case = _decided_on_the_spot(db, data_dir, make_case)
    assert not case.case_number
    for form_id in ("file_cover", "file_index", "file_remarks"):
        form = find_form(form_id)
        previewed = _text(render_pdf(draft_document(db, case, form, blanks=[])).data)
        assert "未立案" not in previewed and SIMPLE in previewed.replace("\n", ""), (form_id, previewed)
    case = procedure.apply(db, case.id, "close", on_date="2026-03-12")
    cover = issue_document(db, data_dir, case, find_form("file_cover"), {"retention": "定期10年"})
    issued = _text(document_pdf(db, data_dir, cover.id)).replace("\n", "")
    assert "未立案" not in issued and SIMPLE in issued, issued
    declined = procedure.apply(db, make_case().id, "decline_filing", on_date="2026-03-20", reason="现有证据无法认定违法")
    for form_id in ("file_cover", "file_index", "file_remarks"):  # a case declined is still 未立案
        assert "未立案" in _text(render_pdf(draft_document(db, declined, find_form(form_id), blanks=[])).data), form_id

