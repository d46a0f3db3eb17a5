"""The 卷宗 as the audit found it: the 不予立案审批表 (v10) carries the day the department head approved not filing
(审批日期), printed in its 审批意见 row and dating it in the 卷宗 — a decline recorded after the fact (back-dated) is
listed and bound before the 结案审批表 of the next day, not at the day it was typed in; and a case decided on the spot
(简易程序), which has no 立案 number by law, is named by its 当场行政处罚决定书 on its cover, 目录 and file name, not
未立案 as a case declined is."""

from __future__ import annotations

import io

from pypdf import PdfReader

from workstation import procedure
from workstation.documents.casefile import case_file_name, print_case_file
from workstation.documents.drafts import find_form
from workstation.documents.issuing import document_pdf, issue_document
from workstation.formkit.values import bound_documents, case_context, documents_context
from workstation.store import get_case

FACTS = "接投诉，当事人涉嫌未经消费者同意向其发送商业性信息。"
REASON = "经核查，现有证据无法认定违法。"
PLACE = "佛山市南海区桂城街道南海大道北281号"


def _text(data: bytes, page: int | None = None) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return "\n".join(p.extract_text() for p in (pages if page is None else [pages[page]]))


def _non_filing(db, data_dir, case, **more):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("non_filing_approval"),
                          {"facts": FACTS, "reason": REASON, **more})


def _declined_and_closed(db, data_dir, case):
    """Declined on 2026-03-20 and closed on 03-21, both recorded after the fact, its 结案审批表 issued."""
    procedure.apply(db, case.id, "decline_filing", on_date="2026-03-20", reason="现有证据无法认定违法")
    procedure.apply(db, case.id, "close", on_date="2026-03-21")
    issue_document(db, data_dir, get_case(db, case.id), find_form("closing_approval"), {})
    return get_case(db, case.id)


# ---- 1. the 不予立案审批表's own date ------------------------------------------------------------------------------

def test_the_non_filing_approval_prints_its_approval_date_in_the_heads_opinion(db, data_dir, make_case):
    case = make_case()
    document = _non_filing(db, data_dir, case, approved_on="2026-03-20")
    assert find_form("non_filing_approval").version == 10 and document.form_version == 10
    text = _text(document_pdf(db, data_dir, document.id))
    opinion = text[text.index("部门负责人"):]
    assert "2026年3月20日" in opinion, opinion


def test_a_decline_approved_before_the_close_is_listed_and_bound_before_the_closing_approval(db, data_dir,
                                                                                              make_case):
    case = make_case()
    approval = _non_filing(db, data_dir, case, approved_on="2026-03-20")
    case = _declined_and_closed(db, data_dir, case)
    bound = bound_documents(db, case.id)
    assert [d.form_id for d in bound] == ["non_filing_approval", "closing_approval"]
    rows = str(documents_context(db, case)["documents.rows"]).splitlines()
    assert "不予立案审批表" in rows[0] and "2026年3月20日" in rows[0], rows
    assert "结案审批表" in rows[1] and "2026年3月21日" in rows[1], rows
    printed = print_case_file(db, data_dir, case)
    assert printed.numbered[approval.id] == (1, 1)


def test_the_approval_date_is_not_required(db, data_dir, make_case):
    """Approved on paper before the decline is recorded: left blank, written in by hand (as the 立案审批表's)."""
    case = make_case()
    document = _non_filing(db, data_dir, case)
    assert not document.values.get("approved_on")
    assert "部门负责人" in _text(document_pdf(db, data_dir, document.id))


# ---- 2. a case decided on the spot --------------------------------------------------------------------------------

def _decided_on_the_spot(db, data_dir, make_case):
    case = make_case()
    issue_document(db, data_dir, case, find_form("on_the_spot_decision"),
                   {"serial_no": "No.0012345", "fine_fen": "100", "decided_at": "2026-03-10 09:30",
                    "party_address": PLACE, "place": PLACE,
                    "facts": "经查，当事人于2026年3月10日在门店向消费者发送商业性短信，未经消费者同意。"})
    return procedure.apply(db, case.id, "decide_on_the_spot")


def test_the_case_file_of_a_case_decided_on_the_spot_is_named_by_its_decision(db, data_dir, make_case):
    case = _decided_on_the_spot(db, data_dir, make_case)
    assert case.procedure_kind == "simple" and not case.case_number
    assert case_file_name(db, case) == "简易程序_No.0012345_卷宗"
    printed = print_case_file(db, data_dir, case)
    cover, index = _text(printed.data, 0), _text(printed.data, 1)
    for sheet in (cover, index):
        assert "未立案" not in sheet and "简易程序（当场行政处罚决定书No.0012345）" in sheet, sheet
    assert "未立案" not in _text(printed.data, -1)  # the 卷内备考表


def test_a_case_declined_is_still_named_not_filed(db, data_dir, make_case):
    case = make_case()
    _non_filing(db, data_dir, case)
    case = _declined_and_closed(db, data_dir, case)
    assert case_file_name(db, case).startswith("未立案_")
    assert "未立案" in _text(print_case_file(db, data_dir, case).data, 0)
    assert case_context(db, case)["case.case_number"] == ""
