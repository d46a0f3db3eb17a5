"""不予立案 and 撤销不予立案 ask for their day with the reason, in one dialog (today at first, never before the lead's
receipt or assignment nor after today), and the lead's pane writes the decision's reason apart from its date and
ends the withdrawal's reason with its full stop."""

from __future__ import annotations

import pytest

from workstation.errors import ValidationError
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    assign_lead,
    decide_lead,
    full_stop,
    get_lead_row,
    withdraw_not_filing,
    withdrawal_history,
)
from workstation.records import today


def assigned(db) -> str:
    from workstation.store import agency_by_code

    lead = register_lead(db, LeadEntry(source="report", received_at="2026-11-20 10:00",
                                       description="来访反映：13800138000频繁拨打推销电话"))
    assign_lead(db, lead.id, agency_by_code(db, "440604012").id, on="2026-11-25")
    return lead.id


@pytest.mark.gui
def test_not_filing_and_its_withdrawal_are_recorded_on_the_day_asked(demo_db, make_window, prompts, english):
    lead = assigned(demo_db)
    page = make_window(demo_db).leads_page
    page.select(lead)
    prompts.texts, prompts.days, prompts.confirm_answer = ["经核查，号码已停机"], ["2026-11-26"], True
    page.not_file()
    assert prompts.earliest == ["2026-11-25"] and "not before 2026-11-25" in prompts.questions[-1]
    row = get_lead_row(demo_db, lead)
    assert (row["status"], row["decided_on"]) == ("not_filed", "2026-11-26")
    shown = page.detail.toPlainText()
    assert "on 2026-11-26, reason: 经核查，号码已停机。" in shown
    prompts.texts, prompts.days = ["举报人补充了新证据"], ["2026-11-28"]
    page.not_file()  # the button withdraws a lead not filed
    assert prompts.earliest[-1] == "2026-11-26"
    assert get_lead_row(demo_db, lead)["status"] == "assigned"
    assert withdrawal_history(demo_db, lead)[-1]["withdrawn_on"] == "2026-11-28"
    assert "Reason: 举报人补充了新证据。" in page.detail.toPlainText()


@pytest.mark.gui
def test_a_day_before_the_assignment_is_refused_and_nothing_changes(demo_db, make_window, prompts, english):
    lead = assigned(demo_db)
    page = make_window(demo_db).leads_page
    page.select(lead)
    before = get_lead_row(demo_db, lead)
    prompts.texts, prompts.days, prompts.confirm_answer = ["经核查，号码已停机"], ["2026-11-24"], True
    page.not_file()
    assert "2026-11-25" in prompts.errors[-1] and get_lead_row(demo_db, lead) == before


def test_a_day_still_to_come_is_refused_for_not_filing_and_for_its_withdrawal(demo_db, english):
    lead = assigned(demo_db)
    with pytest.raises(ValidationError, match="has not come yet"):
        decide_lead(demo_db, lead, "not_file", on="2099-01-04", reason="经核查，号码已停机")
    assert get_lead_row(demo_db, lead)["status"] == "assigned"
    decide_lead(demo_db, lead, "not_file", on="2026-11-26", reason="经核查，号码已停机")
    with pytest.raises(ValidationError, match="has not come yet"):
        withdraw_not_filing(demo_db, lead, "举报人补充了新证据", on="2099-01-04")
    assert get_lead_row(demo_db, lead)["status"] == "not_filed"


@pytest.mark.gui
def test_the_dialog_offers_today_and_no_day_before_the_earliest_or_after_today(qtbot, prompts):
    from PySide6.QtCore import QDate

    from ui.text_dialog import DatedTextDialog

    dialog = DatedTextDialog(prompts, None, "不予立案", "理由", "2026-11-25")
    qtbot.addWidget(dialog)
    assert dialog.day() == today()
    assert dialog.date.minimumDate() == QDate(2026, 11, 25)
    assert dialog.date.maximumDate() == QDate.fromString(today(), "yyyy-MM-dd")
    dialog.date.setDate(QDate(2026, 11, 1))
    assert dialog.day() == "2026-11-25"


def test_a_reason_ends_with_one_full_stop(english):  # in Chinese, "no answer。" (tests/test_s50_lead_text.py)
    assert full_stop("经核查，号码已停机") == "经核查，号码已停机。"
    assert full_stop("经核查，号码已停机。") == "经核查，号码已停机。"
    assert full_stop("no answer") == "no answer."
