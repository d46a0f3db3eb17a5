"""What an officer's legal reviewer checks in the documents of a whole case: the 结案审批表 and the 卷宗封面 say
what the decision decided, the 卷内文件目录 dates each document with the date it bears, the 案件来源登记表 has its
登记时间, signature lines keep a date to fill in, and a lead's 案件交办通知书 writes its dates in full Chinese."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.test_law_guards import APPEARANCE, under_investigation
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.documents.issuing import issue_document
from workstation.formkit.values import case_context
from workstation.money import chinese_date
from workstation.records import today
from workstation.store import get_case


def _pdf_text(db, case, form_id, overrides=None) -> str:
    document = draft_document(db, get_case(db, case.id), find_form(form_id), overrides)
    reader = PdfReader(io.BytesIO(render_document(document, "pdf").data))
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")


@pytest.fixture
def decided_case(make_case):
    """A Nanhai case whose penalty was decided on 2026-04-01 (a warning and a fine of ¥5,000), now performed."""
    return make_case(status="performed", filed_on="2026-03-02", notice_served_on="2026-03-16",
                     decided_on="2026-04-01", served_on="2026-04-02", fine_fen=500_000, facts=FACTS)


FACTS = "当事人未经消费者同意，向其发送商业性短信。"
DECISION = {"party_address": "佛山市南海区桂城街道南海大道北1号"}


def test_closing_approval_and_file_cover_print_what_the_decision_decided(db, data_dir, decided_case):
    issue_document(db, data_dir, decided_case, find_form("penalty_decision"), {**DECISION, "warning": True})

    for form_id in ("closing_approval", "file_cover"):
        assert "警告；罚款¥5,000.00（人民币伍仟元整）" in _pdf_text(db, decided_case, form_id), form_id


def test_closing_approval_of_a_decision_not_to_penalise_says_so(db, data_dir, make_case):
    case = make_case(status="no_penalty", filed_on="2026-03-02", decided_on="2026-04-01", facts=FACTS)
    issue_document(db, data_dir, case, find_form("no_penalty_decision"), {**DECISION, "ground": "轻微不罚"})

    assert "处理决定不予行政处罚" in _pdf_text(db, case, "closing_approval")


def test_closing_approval_takes_the_cases_penalty_without_an_issued_decision(db, decided_case):
    # decided outside the workstation: the fine the case records, as the 行政处理决定审批表 takes it — not a blank
    # 处理决定 beside the amounts decided
    assert case_context(db, decided_case)["documents.decision_text"] == "罚款¥5,000.00（人民币伍仟元整）"


def test_file_index_dates_each_document_with_the_date_it_bears(db, data_dir, decided_case):
    # the 结案审批表 shows the decision's 决定日期 in its table, but is itself dated the day it is made
    issue_document(db, data_dir, decided_case, find_form("closing_approval"))
    # a notice is dated with the 签发日期 printed under its signature, even when that is not the issue day
    with under_investigation(db, decided_case) as investigated:  # issued while the case was investigated
        issue_document(db, data_dir, investigated, find_form("inquiry_notice"), {**APPEARANCE, "signed_on": "2026-03-05"})

    # listed by the date each bears: the notice of March before the approval made today
    notice, closing = case_context(db, get_case(db, decided_case.id))["documents.rows"].split("\n")

    assert "结案审批表" in closing and chinese_date(today()) in closing and "2026年4月1日" not in closing
    assert "询问通知书" in notice and "2026年3月5日" in notice


def test_closing_approval_keeps_a_date_line_for_the_officers_signature(db, decided_case):
    text = _pdf_text(db, decided_case, "closing_approval")

    # the officers are named, and the signature beside the date is left for their hand
    assert "办案人员：陈志强、黄丽娟" in text
    assert "签名：" + "　" * 16 + "年　　月　　日" in text and "签名：陈志强" not in text


def test_case_source_register_prints_when_the_lead_was_registered(db, make_case):
    case = make_case(lead_received_on="2026-03-02", facts=FACTS)

    text = _pdf_text(db, case, "case_source_register", {"source": "投诉", "registered_on": "2026-03-03"})

    assert "来源时间2026年3月2日登记时间2026年3月3日" in text


def test_case_source_register_refuses_a_registration_before_the_lead_came_in(db, make_case):
    from workstation.errors import ValidationError

    case = make_case(lead_received_on="2026-03-02", facts=FACTS)

    with pytest.raises(ValidationError, match="登记时间"):
        draft_document(db, case, find_form("case_source_register"), {"registered_on": "2026-03-01"})


def test_assignment_notice_of_a_lead_writes_its_dates_in_chinese(demo_db):
    from workstation.leads_workflow import draft_lead_document

    lead_id = demo_db.execute("SELECT id FROM leads ORDER BY received_at LIMIT 1").fetchone()[0]
    # as screening leaves a lead merged from complaints: their count and the first and last of them
    demo_db.execute("UPDATE leads SET complaint_count = 3, first_at = '2026-02-19T09:37:15+08:00', "
                    "last_at = '2026-03-11T10:00:00+08:00' WHERE id = ?", [lead_id])
    document = draft_lead_document(demo_db, lead_id, find_form("assignment_notice"), {"contact_person": "陈志强"})
    text = "\n".join(str(getattr(block, "text", "")) for block in document.blocks)

    # the year said once for a period within it ("至" once the catalogue holds the message)
    assert "2026年2月19日至3月11日" in text or "2026年2月19日 to 3月11日" in text
    assert "2026-02-19" not in text
