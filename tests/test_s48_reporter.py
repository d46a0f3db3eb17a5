"""The record that a lead's named reporter was told of its decision (T24; 投诉举报处理暂行办法 art. 31) can be
corrected, with a reason kept in the lead's history (`leads told --correct --reason`, the told action of the leads
page), and voiding the 举报处理结果告知书 that told the reporter clears a record made by letter on or after its date
(kept in the history, said in the void's consequences), so that T24 runs again until the corrected letter is
recorded. A hotline or consumer-council work order (12345, 12315, 消委会) is answered through that channel: it has no
T24 and no 举报处理结果告知书 however it was entered, and `leads add` warns when a caller's number is typed with one."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from workstation import clocks
from workstation.documents.drafts import find_form
from workstation.documents.issuing import void_consequences, void_document
from workstation.errors import TransitionRefused, ValidationError
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    decide_lead,
    get_lead_row,
    issue_lead_document,
    lead_history,
    report_notice_refusal,
    reporter_refusal,
    tell_reporter,
)
from workstation.records import Lead
from workstation.store import agency_id_for_code
from workstation.store.leads import save_lead

PHONE = "13912345678"
FORM = "report_result_notice"
TYPED = {"contact_person": "陈志强", "reporter_name": "张三"}


def a_lead(db, source: str = "report") -> str:
    """A named report received on Mon 2026-09-21 and held by the Nanhai bureau, not filed on 2026-09-30."""
    lead = register_lead(db, LeadEntry(source=source, received_at="2026-09-21 10:00", agency_id=agency_id_for_code(
        "440605"), description="来访举报某公司反复发送营销短信", party="佛山市某某信息咨询有限公司",
        complainant_phone=PHONE, reporter_name="张三")).id
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
    return lead


def t24_of(db, lead_id: str, on: str) -> list[clocks.Deadline]:
    return [d for d in clocks.board(db, on=on) if d.lead_id == lead_id and d.clock == "T24"]


def audit_actions(db, lead_id: str) -> list[str]:
    return [r[0] for r in db.execute("SELECT action FROM audit WHERE entity = 'lead' AND entity_id = ? ORDER BY seq",
                                     [lead_id])]


# ---- correcting the record ------------------------------------------------------------------------------------------

def test_a_mistyped_told_day_is_corrected_with_its_reason_kept_in_the_leads_history(db, english):
    lead = a_lead(db)
    tell_reporter(db, lead, "2026-10-09", "letter")
    before = get_lead_row(db, lead)
    with pytest.raises(ValidationError) as refused:  # a correction says why
        tell_reporter(db, lead, "2026-10-12", "phone", correct=True, reason=" ")
    assert list(refused.value.errors) == ["reason"]
    with pytest.raises(ValidationError) as refused:  # checked as a new record is
        tell_reporter(db, lead, "2026-09-29", "phone", correct=True, reason="日期录错")
    assert list(refused.value.errors) == ["reporter_told_on"]
    assert get_lead_row(db, lead) == before
    row = tell_reporter(db, lead, "2026-10-12", "phone", correct=True, reason="日期录错")
    assert (row["reporter_told_on"], row["reporter_told_how"]) == ("2026-10-12", "phone")
    (entry,) = lead_history(db, lead, "reporter_told_corrected")
    assert (entry["reason"], entry["decided_on"], entry["decision_reason"]) == ("日期录错", "2026-10-09", "letter")
    assert audit_actions(db, lead)[-1] == "correct_reporter_told"
    # without correct, a second record is still refused: the reporter is told once
    with pytest.raises(TransitionRefused):
        tell_reporter(db, lead, "2026-10-13", "phone")


def test_the_command_line_corrects_the_record_with_correct_and_a_reason(db, data_dir, capsys, english):
    lead = a_lead(db)
    run_json(capsys, "--data-dir", data_dir, "leads", "told", lead, "--date", "2026-10-09", "--how", "letter")
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "told", lead, "--date", "2026-10-12")
    assert code == 1 and out == "" and "already told on 2026-10-09" in err and "--correct" in err
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "told", lead, "--date", "2026-10-12", "--correct")
    assert code == 1 and "--reason" in err
    assert get_lead_row(db, lead)["reporter_told_on"] == "2026-10-09"
    result = run_json(capsys, "--data-dir", data_dir, "leads", "told", lead, "--date", "2026-10-12", "--correct",
                      "--reason", "日期录错")
    assert (result["reporter_told_on"], result["reporter_told_how"], result["corrected"]) == (
        "2026-10-12", "letter", True)  # the way recorded is kept when --how is not given
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "told", lead, "--date", "2026-10-13", "--how",
                         "phone", "--correct", "--reason", "实为电话告知")
    assert code == 0 and "2026-10-13" in out and "2026-10-12" in out
    row = get_lead_row(db, lead)
    assert (row["reporter_told_on"], row["reporter_told_how"]) == ("2026-10-13", "phone")
    assert [e["reason"] for e in lead_history(db, lead, "reporter_told_corrected")] == ["日期录错", "实为电话告知"]


def test_the_leads_page_offers_to_correct_the_record(db, make_window, prompts, qtbot, english):
    from PySide6.QtCore import QDate

    lead = a_lead(db)
    tell_reporter(db, lead, "2026-10-09", "letter")
    page = make_window(db).leads_page
    page.select(lead)
    button = page.buttons["tell_reporter"]
    assert button.isEnabled() and "Correct" in button.text().replace("&", "")
    from ui.leads_page import ReporterToldCorrectionDialog

    dialog = ReporterToldCorrectionDialog(db, page.selected(), prompts, page)
    qtbot.addWidget(dialog)
    assert dialog.told_on.date() == QDate(2026, 10, 9) and dialog.how.currentData() == "letter"
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    dialog.told_on.setDate(QDate(2026, 10, 12))
    assert not save.isEnabled()  # no reason yet
    dialog.reason.setText("日期录错")
    assert save.isEnabled()
    dialog.exec = lambda: (dialog.save(), dialog.result())[1]
    page.tell_reporter(dialog)
    row = get_lead_row(db, lead)
    assert (row["reporter_told_on"], row["reporter_told_how"]) == ("2026-10-12", "letter")
    assert [e["reason"] for e in lead_history(db, lead, "reporter_told_corrected")] == ["日期录错"]
    assert "Reporter told of the decision on 2026-10-12 (letter) (T24)." in page.detail.toPlainText()


# ---- voiding the letter ---------------------------------------------------------------------------------------------

def test_voiding_the_letter_clears_the_told_record_and_t24_runs_again(db, data_dir, capsys, english):
    lead = a_lead(db)
    letter = issue_lead_document(db, data_dir, lead, find_form(FORM), {**TYPED, "issued_on": "2026-10-09"})
    tell_reporter(db, lead, "2026-10-09", "letter")
    assert t24_of(db, lead, "2026-10-20") == []
    said = " ".join(void_consequences(db, letter))
    assert "2026-10-09" in said and "T24" in said and "history" in said
    void_document(db, letter.id, "处理结果写错")
    row = get_lead_row(db, lead)
    assert (row["reporter_told_on"], row["reporter_told_how"]) == (None, "")
    (entry,) = lead_history(db, lead, "reporter_told_cleared")
    assert (entry["reason"], entry["decided_on"], entry["decision_reason"]) == ("处理结果写错", "2026-10-09", "letter")
    assert [d.state for d in t24_of(db, lead, "2026-10-20")] == ["overdue"]
    assert reporter_refusal(row) is None
    # the corrected letter is issued and recorded
    corrected = issue_lead_document(db, data_dir, lead, find_form(FORM), {**TYPED, "issued_on": "2026-10-21"})
    assert corrected.number
    result = run_json(capsys, "--data-dir", data_dir, "leads", "told", lead, "--date", "2026-10-21", "--how", "letter")
    assert result["reporter_told_on"] == "2026-10-21"


def test_voiding_the_letter_keeps_a_record_made_otherwise_or_before_it(db, data_dir, english):
    by_phone, earlier = a_lead(db), a_lead(db)
    for lead, told, how in ((by_phone, "2026-10-09", "phone"), (earlier, "2026-10-08", "letter")):
        letter = issue_lead_document(db, data_dir, lead, find_form(FORM), {**TYPED, "issued_on": "2026-10-09"})
        tell_reporter(db, lead, told, how)
        assert not any("T24" in s for s in void_consequences(db, letter))
        void_document(db, letter.id, "处理结果写错")
        assert get_lead_row(db, lead)["reporter_told_on"] == told
        assert lead_history(db, lead, "reporter_told_cleared") == []


# ---- hotline and council work orders --------------------------------------------------------------------------------

@pytest.mark.parametrize("source", ["12345", "12315", "consumer_council"])
def test_a_hotline_work_order_has_no_t24_nor_report_letter_however_entered(db, english, source):
    lead = save_lead(db, Lead(source=source, received_at="2026-09-21T10:00:00+08:00", description="来电反映推销电话",
                              agency_id=agency_id_for_code("440605"), complainant_phone=PHONE))
    decide_lead(db, lead.id, "not_file", on="2026-09-30", reason="未发现违法行为")
    row = get_lead_row(db, lead.id)
    assert t24_of(db, lead.id, "2026-10-09") == []
    assert reporter_refusal(row) and report_notice_refusal(row)
    with pytest.raises(TransitionRefused):
        tell_reporter(db, lead.id, "2026-10-09", "phone")
    report = a_lead(db)  # a report made to the bureau keeps both
    assert [d.clock for d in t24_of(db, report, "2026-10-09")] == ["T24"]
    assert reporter_refusal(get_lead_row(db, report)) is None


@pytest.fixture
def nanhai(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605", "--station-name", "南海区局"])


def test_leads_add_warns_that_the_hotline_answers_its_caller(nanhai, capsys, english):
    code, out, err = run(capsys, "--data-dir", nanhai, "leads", "add", "--source", "12345", "--received",
                         "2026-09-21T10:00", "--description", "来电反映推销电话", "--complainant-phone", PHONE)
    assert code == 0 and "Warning: " in err and "T24" in err
    code, out, err = run(capsys, "--data-dir", nanhai, "leads", "add", "--source", "report", "--received",
                         "2026-09-21T10:00", "--description", "来访举报推销电话", "--complainant-phone", PHONE)
    assert code == 0 and "Warning" not in err
