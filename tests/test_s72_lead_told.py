"""A reporter told after T24 (5 working days from the decision to file or not, 投诉举报处理暂行办法 art. 31) is
recorded all the same, but said late (逾期告知: its last day and the working days after it) — by `leads told` (and
its --json ``warnings``), in the told dialog before saving, and on the lead's pane, as a late T1 decision is. And the
refusal of a bare number as the body a lead is referred to gives a real regulator as its example, 广东省通信管理局
(REFERENCE §4.8), not the non-existent 佛山市通信管理局."""

from __future__ import annotations

from tests.helpers import run, run_json
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    TELECOM_REGULATOR,
    decide_lead,
    get_lead_row,
    late_told_line,
    tell_reporter,
)
from workstation.store import agency_id_for_code


def a_lead(db, decided_on: str = "2026-11-10") -> str:
    """A named report received on Mon 2026-11-02, held by the Nanhai bureau, not filed on ``decided_on``."""
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-11-02 10:00", agency_id=agency_id_for_code(
        "440605"), description="来访举报某公司反复发送营销短信", party="佛山市某某信息咨询有限公司",
        complainant_phone="13912345678", reporter_name="张三")).id
    decide_lead(db, lead, "not_file", on=decided_on, reason="现有证据无法认定违法")
    return lead


# ---- the core ------------------------------------------------------------------------------------------------------

def test_told_eight_working_days_after_t24_ended_is_said_late(db, english):
    from workstation.leads_workflow import late_told_warning

    lead = a_lead(db)  # decided Tue 11-10: T24 ends Tue 11-17
    row = get_lead_row(db, lead)
    assert late_told_warning(db, row, "2026-11-17") == ""  # its last day: in time
    warning = late_told_warning(db, row, "2026-11-27")
    assert "2026-11-17" in warning and "8 working days" in warning and "T24" in warning
    assert late_told_line(db, row) == ""  # not told yet: nothing kept
    row = tell_reporter(db, lead, "2026-11-27", "phone")  # recorded all the same
    assert row["reporter_told_on"] == "2026-11-27"
    assert late_told_line(db, row) == warning


def test_told_on_a_rest_day_right_after_t24_is_late_all_the_same(db, english):
    from workstation.leads_workflow import late_told_warning

    lead = a_lead(db, "2026-11-06")  # decided Fri 11-06: T24 ends Fri 11-13
    warning = late_told_warning(db, get_lead_row(db, lead), "2026-11-14")
    assert "2026-11-13" in warning and "rest day" in warning


def test_told_late_in_chinese(db, chinese):
    from workstation.leads_workflow import late_told_warning

    lead = a_lead(db)
    warning = late_told_warning(db, get_lead_row(db, lead), "2026-11-27")
    assert warning == "逾期告知：告知举报人的期限（T24）至2026-11-17届满，2026-11-27已逾期8个工作日。", warning


# ---- the command line ----------------------------------------------------------------------------------------------

def test_leads_told_warns_of_a_late_telling(db, data_dir, capsys, english):
    lead = a_lead(db)
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "told", lead, "--date", "2026-11-27", "--how",
                         "phone")
    assert code == 0 and "2026-11-27" in out
    assert "Told late" in err and "2026-11-17" in err and "8 working days" in err
    assert get_lead_row(db, lead)["reporter_told_on"] == "2026-11-27"


def test_leads_told_json_carries_the_warning_and_a_telling_in_time_has_none(db, data_dir, capsys, english):
    late, in_time = a_lead(db), a_lead(db)
    result = run_json(capsys, "--data-dir", data_dir, "leads", "told", late, "--date", "2026-11-27")
    (warning,) = result["warnings"]
    assert "2026-11-17" in warning and "8 working days" in warning
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "told", in_time, "--date", "2026-11-17", "--json")
    assert code == 0 and "warnings" not in out and "Told late" not in err


def test_a_correction_to_a_day_in_time_says_nothing_of_lateness(db, data_dir, capsys, english):
    lead = a_lead(db)
    tell_reporter(db, lead, "2026-11-27", "phone")
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "told", lead, "--date", "2026-11-16", "--correct",
                         "--reason", "日期录错")
    assert code == 0 and "Told late" not in err
    assert late_told_line(db, get_lead_row(db, lead)) == ""


# ---- the window ----------------------------------------------------------------------------------------------------

def test_the_told_dialog_warns_before_saving_and_still_saves(db, prompts, qtbot, english):
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.lead_dialog import ReporterToldDialog

    lead = a_lead(db)
    dialog = ReporterToldDialog(db, get_lead_row(db, lead), prompts)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.told_on.setDate(QDate(2026, 11, 17))
    assert dialog.late_told.isHidden() and dialog.late_told.text() == ""
    dialog.told_on.setDate(QDate(2026, 11, 27))
    assert not dialog.late_told.isHidden() and save.isEnabled()  # a warning, not a refusal
    assert "2026-11-17" in dialog.late_told.text() and "8 working days" in dialog.late_told.text()
    dialog.declined.setChecked(True)  # asked not to be told: no telling to be late
    assert dialog.late_told.isHidden()
    dialog.declined.setChecked(False)
    save.click()
    assert get_lead_row(db, lead)["reporter_told_on"] == "2026-11-27"


def test_the_pane_keeps_that_the_reporter_was_told_late(db, make_window, english):
    late, in_time = a_lead(db), a_lead(db)
    tell_reporter(db, late, "2026-11-27", "phone")
    tell_reporter(db, in_time, "2026-11-17", "phone")
    page = make_window(db).leads_page
    page.select(late)
    shown = page.detail.toPlainText()
    assert "Reporter told of the decision on 2026-11-27 (phone) (T24)." in shown
    assert "Told late" in shown and "2026-11-17" in shown and "8 working days" in shown
    page.select(in_time)
    assert "Told late" not in page.detail.toPlainText()


# ---- the referral's example regulator ------------------------------------------------------------------------------

def test_a_bare_number_refused_as_the_receiver_names_the_real_telecom_regulator(db, data_dir, capsys, officers,
                                                                                 english, tmp_path):
    from tests.test_leads_cli_officer import assigned_lead

    lead = assigned_lead(db)
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "decide", lead, "--refer", "12345", "-o",
                         tmp_path / "r.pdf", "--officer", "陈志强")
    assert code == 1 and "12345" in err
    assert TELECOM_REGULATOR == "广东省通信管理局" and "广东省通信管理局" in err and "佛山市通信管理局" not in err
    assert not (tmp_path / "r.pdf").exists()


def test_the_example_regulator_in_chinese(db, chinese):
    from workstation.documents.jurisdiction import receiver_refusal

    refusal = receiver_refusal(db, agency_id_for_code("440605"), "12345")
    assert "广东省通信管理局" in refusal and "佛山市通信管理局" not in refusal


def test_the_correction_dialog_warns_of_a_late_day_too(db, prompts, qtbot, english):
    from PySide6.QtCore import QDate

    from ui.leads_page import ReporterToldCorrectionDialog

    lead = a_lead(db)
    tell_reporter(db, lead, "2026-11-16", "phone")
    dialog = ReporterToldCorrectionDialog(db, get_lead_row(db, lead), prompts)
    qtbot.addWidget(dialog)
    assert dialog.late_told.isHidden()
    dialog.told_on.setDate(QDate(2026, 11, 27))  # no reason typed yet: the day is said late all the same
    assert not dialog.late_told.isHidden() and "8 working days" in dialog.late_told.text()
