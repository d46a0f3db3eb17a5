"""Chinese text ends its sentences with 。 and no space, whatever the last character of what the officer typed (a
date, a number, a Latin letter): a hand lead's description before its 被举报号码, a reason in the lead's pane, its
history and the 举报处理结果告知书; an ASCII full stop is written only in English. The pane's line of a document
issued without a 文号 has no space before its date. A complaint found by the business it is about shows that
business, the words searched for highlighted, with its text."""

from __future__ import annotations

import re

import pytest

from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    REPORT_NOTICE,
    assign_lead,
    decide_lead,
    full_stop,
    get_lead_row,
    lead_context,
    lead_description,
    referral_line,
    reporter_told_line,
    withdrawal_line,
)

PARTY = "佛山市禅城区宏达置业有限公司"


def assigned(db, **more) -> str:
    from workstation.store import agency_by_code

    lead = register_lead(db, LeadEntry(source="report", received_at="2026-11-20 10:00",
                                       description="来访反映：13800138000频繁拨打推销电话", **more))
    assign_lead(db, lead.id, agency_by_code(db, "440604012").id, on="2026-11-25")
    return lead.id


# ---- full_stop ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "ended"), [
    ("理由Y", "理由Y。"),
    ("推销楼盘 2026-09-18", "推销楼盘 2026-09-18。"),
    ("工单号20260312000045", "工单号20260312000045。"),
    ("20260312000045", "20260312000045。"),  # the sentence around it is Chinese
    ("no answer", "no answer。"),
    ("经核查，号码已停机", "经核查，号码已停机。"),
    ("经核查，号码已停机。", "经核查，号码已停机。"),  # its own end kept, never doubled
    ("又打来了！", "又打来了！"),
    ("是否属实？", "是否属实？"),
    ("其一；", "其一；"),
    ("等等……", "等等……"),
    ("推销楼盘 2026-09-18.", "推销楼盘 2026-09-18。"),  # an ASCII full stop typed in Chinese becomes 。
    ("号码已停机.  ", "号码已停机。"),
    ("佛山ABC Co., Ltd.", "佛山ABC Co., Ltd."),  # an abbreviation's dot ends it: not doubled
    ("他说“别再打了！”", "他说“别再打了！”"),  # closed inside the quotation
    ("", ""),
])
def test_a_chinese_sentence_ends_with_one_chinese_full_stop_whatever_its_last_character(chinese, typed, ended):
    assert full_stop(typed) == ended


def test_in_english_a_full_stop_after_latin_text_and_a_chinese_one_after_chinese(english):
    assert full_stop("no answer") == "no answer."
    assert full_stop("no answer!") == "no answer!"
    assert full_stop("called 2026-09-18") == "called 2026-09-18."
    assert full_stop("理由Y") == "理由Y。"  # Chinese text
    assert full_stop("推销楼盘 2026-09-18") == "推销楼盘 2026-09-18。"


# ---- the documents and the lead's history ----------------------------------------------------------------------------

def test_a_hand_leads_description_ending_with_a_date_is_followed_by_its_numbers_without_a_full_stop_and_space(
        db, chinese):
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-18 09:30", party=PARTY,
                                       description="来访反映：13800138181 频繁拨打推销电话推销楼盘 2026-09-18",
                                       target_phone="13800131811"))
    row = get_lead_row(db, lead.id)
    assert lead_description(db, row) == ("来访反映：13800138181 频繁拨打推销电话推销楼盘 2026-09-18。"
                                         "被举报号码：13800131811。")
    facts = lead_context(db, row, form_id="case_transfer_letter")["case.facts"]
    assert ". " not in facts and "2026-09-18。被举报号码" in facts


def test_a_description_ending_with_an_abbreviation_has_no_space_before_its_numbers_in_chinese(db, chinese):
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-18 09:30", party=PARTY,
                                       description="来访反映：对方自称ABC Co., Ltd.",
                                       target_phone="13800131811"))
    assert lead_description(db, get_lead_row(db, lead.id)) == "来访反映：对方自称ABC Co., Ltd.被举报号码：13800131811。"


def test_the_reporters_letter_ends_a_reason_ending_with_a_letter_with_a_chinese_full_stop(db, english):
    lead = assigned(db, complainant_phone="13900139000")
    decide_lead(db, lead, "not_file", on="2026-12-05", reason="理由Y")
    result = lead_context(db, get_lead_row(db, lead), form_id=REPORT_NOTICE)["lead.result_text"]
    assert result.endswith("决定不予立案。理由：理由Y。")
    decide_again = assigned(db, complainant_phone="13900139001")
    decide_lead(db, decide_again, "not_file", on="2026-12-05", reason="no answer")  # printed in Chinese all the same
    result = lead_context(db, get_lead_row(db, decide_again), form_id=REPORT_NOTICE)["lead.result_text"]
    assert result.endswith("理由：no answer。")


def test_the_history_lines_end_a_reason_with_a_chinese_full_stop(chinese):
    for line in (referral_line({"referred_to": "广东省通信管理局", "decided_on": "2026-12-01",
                                "withdrawn_on": "2026-12-03", "reason": "函号粤通2026-15"}),
                 withdrawal_line({"decided_on": "2026-12-01", "decision_reason": "理由Y",
                                  "withdrawn_on": "2026-12-03", "reason": "工单20260312000045"}),
                 reporter_told_line({"told_on": "2026-12-01", "how": "phone", "on": "2026-12-03",
                                     "reason": "记错日期 2026-12-02"})):
        assert line.endswith("。") and not line.endswith(".。") and "." not in line[-3:], line


# ---- the lead's pane ---------------------------------------------------------------------------------------------------

@pytest.mark.gui
def test_the_pane_ends_a_reason_ending_with_a_letter_with_a_chinese_full_stop(db, make_window, chinese):
    lead = assigned(db)
    decide_lead(db, lead, "not_file", on="2026-12-05", reason="理由Y")
    page = make_window(db).leads_page
    page.select(lead)
    shown = page.detail.toPlainText()
    assert "处理结果：不予立案（2026-12-05），理由：理由Y。" in shown
    assert "理由Y." not in shown


@pytest.mark.gui
def test_a_document_without_a_number_is_listed_without_a_space_before_its_date(demo_db, data_dir, make_window,
                                                                               chinese):
    from tests.test_lead_internal_forms import typed
    from workstation.documents.drafts import find_form
    from workstation.leads_workflow import issue_lead_document

    lead = assigned(demo_db)
    decide_lead(demo_db, lead, "not_file", on="2026-12-05", reason="该号码已停机")
    form = find_form("non_filing_approval")
    document = issue_lead_document(demo_db, data_dir, lead, form, typed(form.id))
    assert document.number is None
    page = make_window(demo_db).leads_page
    page.select(lead)
    shown = page.detail.toPlainText()
    issued = next(line for line in shown.splitlines() if line.startswith("已出具："))
    assert re.fullmatch(r"已出具：\S+（\d{4}-\d\d-\d\d）", issued), issued


# ---- a complaint found by its business ----------------------------------------------------------------------------------

def insert_about(db, rows) -> None:
    """Complaints (work order, text, business complained of) as an import stores them."""
    from workstation.store.complaints import insert_complaints

    insert_complaints(db, [(f"id-{n}", "12345", n, f"2026-04-0{i + 1} 09:00:00", text, "{}", "f.csv", i + 2,
                            "2026-04-09T00:00:00+08:00", "12345", "13900139001", target, "", "", "", "", "", "",
                            None) for i, (n, text, target) in enumerate(rows)])


@pytest.mark.gui
def test_a_complaint_found_by_its_business_shows_it_highlighted(db, make_window, chinese):
    insert_about(db, [("W1", "天天打电话推销装修，问他哪来的号码不说", "佛山市鑫源装饰工程有限公司")])
    page = make_window(db).leads_page
    page.search.setText("鑫源")
    page.run_search()
    assert page.complaint_model.rowCount() == 1
    page.complaint_view.selectRow(0)
    shown = page.snippet.toPlainText()
    assert "佛山市鑫源装饰工程有限公司" in shown and "天天打电话推销装修" in shown
    marked = re.findall(r"background-color:#fff3cd;\">([^<]*)<", page.snippet.toHtml())
    assert marked == ["鑫源"]


@pytest.mark.gui
def test_a_complaint_without_a_business_shows_its_text_alone(db, make_window, chinese):
    insert_about(db, [("W1", "天天打电话推销装修，问他哪来的号码不说", "")])
    page = make_window(db).leads_page
    page.search.setText("推销")
    page.run_search()
    page.complaint_view.selectRow(0)
    assert page.snippet.toPlainText() == "天天打电话推销装修，问他哪来的号码不说"


def test_a_quoted_complaint_beginning_with_a_number_is_not_read_as_a_decimal():
    from workstation.leads_workflow import numbered

    assert numbered(1, "15048254090多次来电推销") == "1. 15048254090多次来电推销"
    assert numbered(2, "１５０４８２５４０９０来电") == "2. １５０４８２５４０９０来电"
    assert numbered(3, "多次来电推销") == "3.多次来电推销"
