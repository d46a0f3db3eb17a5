"""Printing the case file (卷宗): a case with no officers prints it, its sheets drawn with ruled blanks for what is
still to be written by hand; a long party name keeps the 卷宗封面 on one page; the cover of a case transferred to
the police or whose investigation was terminated says so in its 处理结果; and the reasons a print is refused are
joined as the language joins clauses."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from workstation import procedure
from workstation.documents.casefile import _stale_refusal, case_file_refusal, print_case_file
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.documents.issuing import issue_document
from workstation.formkit.values import documents_context
from workstation.records import ClockEvent
from workstation.store import find_case, get_case
from workstation.store.clock_events import record_clock_event

CASE = "佛南市监立〔2026〕1号"  # demo case, one party
FACTS = "经查，当事人出售业主信息。"
LONG_PARTY = "佛山市南海区宏图伟业鸿运昌盛宏图伟业鸿运昌盛宏图伟业鸿运昌盛宏图伟业鸿运昌盛宏图伟业鸿运昌盛房地产经纪服务有限有限公司"


def texts_of(data: bytes) -> list[str]:
    return [page.extract_text().replace(" ", "") for page in PdfReader(io.BytesIO(data)).pages]


# ---- 1. a case with no officers ------------------------------------------------------------------------------------

def test_a_case_without_officers_prints_its_case_file_with_the_filer_left_blank(db, data_dir, make_case):
    case = make_case(status="investigating", filed_on="2026-11-02", officer_names=())
    assert case.officer_ids == []
    approval = issue_document(db, data_dir, case, find_form("filing_approval"), {
        "source": "举报", "facts": "接群众举报，当事人涉嫌未经消费者同意向其发送商业性信息。", "reason": "符合立案条件",
        "officer1_name": "张三", "officer1_cert": "44060100001", "officer2_name": "李四",
        "officer2_cert": "44060100002"})
    case = get_case(db, case.id)
    assert case_file_refusal(db, case) is None
    case_file = print_case_file(db, data_dir, case)
    texts = texts_of(case_file.data)
    assert "行政处罚案卷" in texts[0] and "立卷人" in texts[0]
    assert "卷内备考表" in texts[-1]
    assert set(case_file.numbered) == {approval.id}


# ---- 2. a long party name keeps the cover on one page --------------------------------------------------------------

def test_the_cover_of_a_case_with_a_long_party_name_is_one_page(demo_db, data_dir):
    case = find_case(demo_db, CASE)
    assert len(LONG_PARTY) == 59
    party_id = case.party_ids[0]
    demo_db.execute("UPDATE parties SET name = ? WHERE id = ?", [LONG_PARTY, party_id])
    cause = f"{LONG_PARTY}涉嫌未经消费者同意向其发送商业性信息并非法提供消费者个人信息案"
    demo_db.execute("UPDATE cases SET cause = ?, party_names = ? WHERE id = ?", [cause, LONG_PARTY, case.id])
    case = get_case(demo_db, case.id)
    cover = draft_document(demo_db, case, find_form("file_cover"), {"archive_no": "2026-永久-001"}, blanks=[])
    texts = texts_of(render_document(cover, "pdf").data)
    assert len(texts) == 1, texts
    assert "归档号" in texts[0] and "2026-永久-001" in texts[0]
    assert LONG_PARTY[-10:] in texts[0]


# ---- 3. 处理结果 of a case transferred to the police or terminated ----------------------------------------------

@pytest.fixture
def investigating(make_case):
    return make_case(status="investigating", filed_on="2026-03-02", facts=FACTS, records_other=6_000)


def test_a_case_transferred_to_the_police_gives_the_transfer_as_its_result(db, data_dir, investigating):
    letter = issue_document(db, data_dir, investigating, find_form("police_transfer"),
                            {"party_address": "佛山市南海区桂城街道南海大道1号", "issued_on": "2026-04-20"})
    case = procedure.apply(db, investigating.id, "transfer_to_police", on_date="2026-04-21",
                           reason="涉嫌侵犯公民个人信息罪")
    assert letter.number
    context = documents_context(db, case)
    assert context["documents.decisions_text"] == f"移送公安机关（{letter.number}）"
    cover = draft_document(db, case, find_form("file_cover"), blanks=[])
    assert f"移送公安机关（{letter.number}）" in texts_of(render_document(cover, "pdf").data)[0]


def test_a_case_transferred_without_a_letter_issued_gives_the_transfer_alone(db, investigating):
    case = procedure.apply(db, investigating.id, "transfer_to_police", on_date="2026-04-21",
                           reason="涉嫌侵犯公民个人信息罪")
    assert documents_context(db, case)["documents.decisions_text"] == "移送公安机关"
    # the police opened a criminal case: the case is closed as transferred (移送司法)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_filed", starts_on="2026-05-05"))
    closed = procedure.apply(db, case.id, "close", on_date="2026-05-06")
    assert closed.status == "closed"
    assert documents_context(db, closed)["documents.decisions_text"] == "移送公安机关"


def test_a_terminated_case_gives_the_termination_as_its_result(db, make_case):
    case = make_case(status="investigating", filed_on="2026-11-03")
    procedure.apply(db, case.id, "terminate", on_date="2026-11-15", reason="当事人注销")
    closed = procedure.apply(db, case.id, "close", on_date="2026-11-16")
    assert documents_context(db, closed)["documents.decisions_text"] == "终止调查"


# ---- 4. the reasons of a refused print, joined as the language joins them -----------------------------------------

def test_the_reasons_a_print_is_refused_are_joined_with_the_languages_separator():
    refusal = _stale_refusal(["甲", "乙"])
    assert "; " not in refusal and "甲；乙" in refusal
