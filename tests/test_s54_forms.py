"""What the s54 audit of the forms against REFERENCE §2 found, mended:

1. the 有关事项审批表's 延长办案期限 cites 《市场监督管理行政处罚程序规定》 beside 行政处罚法 art. 60, which sets the
   ninety days alone (REFERENCE §1.2 T2 [S1 art. 60][S16][S17]; REFERENCE confirms no article number of the rules);
2. a lead's papers tell the complaints received by the day they are dated: a case's 立案审批表 those received by its
   filing, its 案件来源登记表 those received by its 登记时间, its 案件移送函 those its filing knew; a lead's own
   register and 不予立案审批表 those received by their own dates;
3. the 案件审核表 of a case needing 法制审核 (Penalty Law art. 58) starts as 法制审核;
4. a blank 送达回证 ticks no 送达方式; the 听证笔录 and 听证报告 name both case officers as 案件调查人员."""

from __future__ import annotations

import json

import pytest

from tests.helpers import pdf_text, run
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.formkit.spec import earlier_form
from workstation.formkit.values import case_context, default_values, resumed_values
from workstation.money import chinese_date
from workstation.store import get_case

# ---- 1. the extension of the 办案期限 rests on the SAMR procedure rules too ------------------------------------------

CITED = "依照《中华人民共和国行政处罚法》第六十条和《市场监督管理行政处罚程序规定》的规定，申请延长办案期限三十日。"
V2_REASON = ("本案案情复杂，相关证据尚待进一步调取核实，不能在立案之日起九十日内作出处理决定。依照《中华人民共和国行政处罚法》"
             "第六十条的规定，申请延长办案期限三十日。")


def _text(document) -> str:
    return pdf_text(render_document(document, "pdf").data)


def test_the_extension_of_the_case_period_cites_the_samr_rules_beside_article_60(db, make_case):
    case = make_case(status="investigating", lead_received_on="2026-02-20", filed_on="2026-03-02")
    form = find_form("matter_approval")
    assert CITED in default_values(form, case_context(db, get_case(db, case.id)))["reason"]
    printed = _text(draft_document(db, get_case(db, case.id), form, {"period": "延长三十日", "proposed_on": "2026-05-20"}))
    assert "第六十条和《市场监督管理行政处罚程序规定》的规定" in printed


def test_a_kept_draft_holding_the_reason_version_2_wrote_takes_the_new_one(db, make_case):
    case = make_case(status="investigating", lead_received_on="2026-02-20", filed_on="2026-03-02")
    form = find_form("matter_approval")
    context = case_context(db, get_case(db, case.id))
    assert CITED in resumed_values(form, {"reason": V2_REASON}, context)["reason"]
    written = V2_REASON + "另附说明。"  # a reason the officer wrote stays
    assert resumed_values(form, {"reason": written}, context)["reason"] == written


# ---- 2. a lead's papers tell the complaints received by their day ------------------------------------------------

@pytest.fixture(scope="module")
def _complaints_station(cli_station, tmp_path_factory):
    return cli_station(tmp_path_factory.mktemp("s54") / "station", ["demo"])


@pytest.fixture
def station(_complaints_station):
    """The demo with its complaints (read only by these tests: the documents are rendered, not issued)."""
    from workstation.db import open_database
    from workstation.paths import database_path

    db = open_database(database_path(_complaints_station))
    yield _complaints_station, db
    db.close()


def _by(db, lead_id: str, day: str) -> tuple[int, str, str]:
    """(how many, first day, last day) of the lead's complaints received by ``day``, counted as screening does (a
    complaint also received through another channel once)."""
    count, distinct, first, last = db.execute(
        "SELECT COUNT(*), ifnull(SUM(same_as IS NULL), 0), MIN(received_at), MAX(received_at) FROM complaints "
        "WHERE lead_id = ? AND substr(received_at, 1, 10) <= ?", [lead_id, day]).fetchone()
    return distinct or count, str(first)[:10], str(last)[:10]


def _filed_case(db) -> dict:
    """A case filed from a lead of complaints some of which came in after it was filed."""
    row = db.execute(
        "SELECT c.case_number, c.filed_on, c.lead_received_on, l.id, l.complaint_count, l.last_at FROM cases c "
        "JOIN leads l ON l.case_id = c.id WHERE c.filed_on IS NOT NULL AND l.group_key != '' AND (SELECT COUNT(*) "
        "FROM complaints k WHERE k.lead_id = l.id AND substr(k.received_at, 1, 10) > c.filed_on) > 0 AND (SELECT "
        "COUNT(*) FROM complaints k WHERE k.lead_id = l.id AND substr(k.received_at, 1, 10) <= c.lead_received_on) "
        "> 1 ORDER BY c.filed_on LIMIT 1").fetchone()
    assert row is not None
    return dict(zip(("number", "filed_on", "received_on", "lead", "count", "last_at"), row, strict=True))


def _rendered(capsys, target, subject: str, form: str, tmp_path, **values) -> str:
    out = tmp_path / f"{form}.pdf"
    extra = []
    if values:
        path = tmp_path / "values.json"
        path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
        extra = ["--values", path]
    code, _out, err = run(capsys, "--data-dir", target, "docs", "render", subject, "--form", form, *extra, "-o", out,
                          "--force")
    assert code == 0, err
    return pdf_text(out.read_bytes())


def _tells_only(printed: str, db, lead: str, day: str, total: int, last_at: str) -> None:
    count, first, last = _by(db, lead, day)
    assert count < total
    assert f"{count}件投诉（{chinese_date(first)}至{chinese_date(last)}）" in printed  # as screening words it
    assert f"{total}件投诉" not in printed and f"共{total}件相关投诉举报" not in printed
    assert f"至{chinese_date(last_at[:10])}）" not in printed


def test_the_filing_approval_tells_the_complaints_received_by_the_filing(station, capsys, tmp_path):
    target, db = station
    case = _filed_case(db)
    printed = _rendered(capsys, target, case["number"], "filing_approval", tmp_path)
    _tells_only(printed, db, case["lead"], case["filed_on"], case["count"], case["last_at"])


def test_the_cases_register_tells_the_complaints_received_by_its_registration(station, capsys, tmp_path):
    """The case's register is dated as its lead's own (来源时间 and 登记时间: the day the lead was received, not the day it
    was assigned, which starts the case's T1: s58) and tells what the lead's register tells: the complaints received
    by that day."""
    target, db = station
    case = _filed_case(db)
    received = db.execute("SELECT substr(received_at, 1, 10) FROM leads WHERE id = ?", [case["lead"]]).fetchone()[0]
    assert received < case["received_on"]  # assigned after it was received
    by_case = _rendered(capsys, target, case["number"], "case_source_register", tmp_path)
    by_lead = _rendered(capsys, target, case["lead"], "case_source_register", tmp_path)
    day = chinese_date(received)
    assert f"来源时间{day}登记时间{day}" in by_case and f"来源时间{day}登记时间{day}" in by_lead
    summary = by_lead[by_lead.index("线索及案情简述"):by_lead.index("核查意见")]
    assert summary in by_case
    assert f"{case['count']}件投诉" not in by_case and f"共{case['count']}件相关投诉举报" not in by_case
    assert f"至{chinese_date(case['last_at'][:10])}）" not in by_case


def test_the_cases_transfer_letter_tells_what_its_filing_knew(station, capsys, tmp_path):
    target, db = station
    case = _filed_case(db)
    printed = _rendered(capsys, target, case["number"], "case_transfer_letter", tmp_path, issued_on=case["filed_on"],
                        receiver="广东省通信管理局")
    _tells_only(printed, db, case["lead"], case["filed_on"], case["count"], case["last_at"])


def _declined_lead(db) -> dict:
    """A lead of complaints decided not to be filed, some of whose complaints came in after that decision and after
    the day it was received."""
    row = db.execute(
        "SELECT l.id, l.decided_on, substr(l.received_at, 1, 10), l.complaint_count, l.last_at FROM leads l WHERE "
        "l.status = 'not_filed' AND l.case_id IS NULL AND l.group_key != '' AND (SELECT COUNT(*) FROM complaints k "
        "WHERE k.lead_id = l.id AND substr(k.received_at, 1, 10) > l.decided_on) > 0 ORDER BY l.decided_on LIMIT 1"
    ).fetchone()
    assert row is not None
    return dict(zip(("id", "decided_on", "received_on", "count", "last_at"), row, strict=True))


def test_the_leads_non_filing_approval_tells_the_complaints_received_by_its_approval(station, capsys, tmp_path):
    target, db = station
    lead = _declined_lead(db)
    printed = _rendered(capsys, target, lead["id"], "non_filing_approval", tmp_path)
    assert chinese_date(lead["decided_on"]) in printed
    _tells_only(printed, db, lead["id"], lead["decided_on"], lead["count"], lead["last_at"])


def test_the_leads_register_tells_the_complaints_received_by_its_registration(station, capsys, tmp_path):
    target, db = station
    lead = _declined_lead(db)
    printed = _rendered(capsys, target, lead["id"], "case_source_register", tmp_path)
    assert f"登记时间{chinese_date(lead['received_on'])}" in printed
    _tells_only(printed, db, lead["id"], lead["received_on"], lead["count"], lead["last_at"])
    # registered later (the date typed), it tells the complaints received by then
    later = lead["decided_on"]
    printed = _rendered(capsys, target, lead["id"], "case_source_register", tmp_path, registered_on=later)
    _tells_only(printed, db, lead["id"], later, lead["count"], lead["last_at"])


# ---- 3. the 案件审核表 of a case needing 法制审核 -----------------------------------------------------------------

def test_a_case_marked_for_legal_review_drafts_its_review_sheet_as_legal_review(db, make_case):
    from workstation.decision_review import legal_review_needed, mark_review_grounds

    case = make_case(status="under_review", filed_on="2026-02-27", fine_fen=5000000,
                     facts="经查，当事人未经消费者同意向其发送商业性短信。")
    form = find_form("legal_review")
    assert not legal_review_needed(db, get_case(db, case.id))
    assert default_values(form, case_context(db, get_case(db, case.id)))["review_kind"] == "案件审核"
    marked = mark_review_grounds(db, get_case(db, case.id), ["complex"])
    assert legal_review_needed(db, marked)
    assert default_values(form, case_context(db, marked))["review_kind"] == "法制审核"
    printed = _text(draft_document(db, marked, form, {"fine_fen": "50000"}, blanks=[]))
    assert "法制审核表" in printed and "案件审核表" not in printed
    # the officer may still choose otherwise
    assert "案件审核表" in _text(draft_document(db, marked, form, {"fine_fen": "50000", "review_kind": "案件审核"},
                                                blanks=[]))


def test_a_case_marked_from_the_command_line_drafts_its_review_sheet_as_legal_review(db, data_dir, make_case, capsys,
                                                                                       tmp_path):
    case = make_case(status="under_review", filed_on="2026-02-27", fine_fen=5000000,
                     facts="经查，当事人未经消费者同意向其发送商业性短信。")
    assert "案件审核表" in _rendered(capsys, data_dir, case.id, "legal_review", tmp_path)
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "review-grounds", case.id, "--ground", "complex")
    assert code == 0, err
    printed = _rendered(capsys, data_dir, case.id, "legal_review", tmp_path)
    assert "法制审核表" in printed and "案件审核表" not in printed


# ---- 4. the blank 送达回证 and the hearing's investigators ---------------------------------------------------------

def test_a_blank_delivery_receipt_ticks_no_method(db, make_case):
    case = make_case(status="investigating", lead_received_on="2026-02-20", filed_on="2026-03-02")
    form = find_form("delivery_receipt")
    printed = _text(draft_document(db, get_case(db, case.id), form, {"served_document": "询问通知书"}, blanks=[]))
    assert "☑" not in printed and "□直接送达" in printed and "□邮寄送达" in printed
    printed = _text(draft_document(db, get_case(db, case.id), form, {"served_document": "询问通知书",
                                                                      "method": "邮寄送达"}, blanks=[]))
    assert "☑邮寄送达" in printed and "□直接送达" in printed


@pytest.mark.parametrize("form_id", ["hearing_record", "hearing_report"])
def test_the_hearing_names_both_case_officers_as_its_investigators(db, make_case, form_id):
    case = make_case(status="hearing", lead_received_on="2026-02-20", filed_on="2026-03-02")
    form = find_form(form_id)
    values = default_values(form, case_context(db, get_case(db, case.id)))
    assert values["investigators"] == "陈志强、黄丽娟"
    printed = _text(draft_document(db, get_case(db, case.id), form, {}, blanks=[]))
    assert "陈志强、黄丽娟" in printed


# ---- the forms changed are of a new version, the earlier one kept --------------------------------------------------

@pytest.mark.parametrize("form_id, version", [
    ("matter_approval", 3), ("legal_review", 5), ("case_source_register", 10), ("delivery_receipt", 9),
    ("hearing_record", 7), ("hearing_report", 6)])
def test_each_form_changed_is_of_a_new_version_whose_earlier_one_is_kept(form_id, version):
    assert find_form(form_id).version >= version
    assert earlier_form(form_id, version - 1).version == version - 1
