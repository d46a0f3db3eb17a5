# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""A named report (实名举报; 投诉举报处理暂行办法 arts. 31, 33) is one whose reporter gave a real name and a way to be
reached — a phone or an address: a letter (来信) with a name and an address and no phone is named, so its reporter is
told the decision within 5 working days (T24) and the 举报处理结果告知书, printing the name and address, may be written.
A lead holding only the reporter's number is not named: the name is what makes it 实名 (tests/
test_s52_named_report.py). A reporter who asked not to be told of the
outcome is recorded so (`leads told --declined`): T24 is not overdue and no letter is written. Bundles carry the
reporter's name, address and wish (m056)."""

from __future__ import annotations

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import dirs, export, import_, template  # noqa: F401
from tests.test_t24_reporter import a_bureaus_station
from workstation import clocks
from workstation.documents.drafts import find_form
from workstation.documents.pdf_writer import render_pdf
from workstation.errors import TransitionRefused, ValidationError
from workstation.leads_register import LeadEntry, edit_lead, lead_entry, register_lead
from workstation.leads_workflow import (
    decide_lead,
    draft_lead_document,
    get_lead_row,
    record_reporter_declined,
    report_notice_refusal,
    reporter_refusal,
    tell_reporter,
)

NAME = "李四"
ADDRESS = "佛山市南海区桂城街道南海大道北88号"
FORM = "report_result_notice"


def a_letter(db, name: str = NAME, address: str = ADDRESS, phone: str = "") -> str:
    """A report by letter (来信) received on Mon 2026-09-21, not filed on 2026-09-30 (at a station of 禅城区局 unless the
    station has an agency: a bureau to issue its 不予立案审批表)."""
    a_bureaus_station(db)
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00",
                                       description="来信举报某公司反复发送营销短信", party="佛山市某某信息咨询有限公司",
                                       complainant_phone=phone, reporter_name=name, reporter_address=address)).id
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
    return lead


def t24_of(db, lead_id: str, on: str) -> list[clocks.Deadline]:
    return [d for d in clocks.board(db, on=on) if d.lead_id == lead_id and d.clock == "T24"]


def letter_text(db, lead: str) -> str:
    return "".join(render_pdf(draft_lead_document(db, lead, find_form(FORM), {"contact_person": "陈志强"})
                              ).text_lines())


def test_a_letter_with_a_name_and_an_address_and_no_phone_is_a_named_report(db, english):
    lead = a_letter(db)
    row = get_lead_row(db, lead)
    assert (row["reporter_name"], row["reporter_address"], row["complainant_phone"]) == (NAME, ADDRESS, "")
    assert [d.due for d in t24_of(db, lead, "2026-10-09")] == ["2026-10-13"]
    assert [d.state for d in t24_of(db, lead, "2026-10-14")] == ["overdue"]
    assert reporter_refusal(row) is None and report_notice_refusal(row) is None
    text = letter_text(db, lead)
    assert NAME in text and ADDRESS in text
    tell_reporter(db, lead, "2026-10-09", "letter")
    assert t24_of(db, lead, "2026-10-14") == []


def test_a_name_without_a_way_to_reach_the_reporter_or_an_address_without_a_name_is_not_named(db, english):
    for name, address in ((NAME, ""), ("", ADDRESS)):
        lead = a_letter(db, name, address)
        assert t24_of(db, lead, "2026-10-14") == []
        assert "named report" in report_notice_refusal(get_lead_row(db, lead))


def test_a_number_alone_is_no_named_report_and_a_name_with_it_is(db, english):
    lead = a_letter(db, "", "", "13800138000")
    assert t24_of(db, lead, "2026-10-09") == []
    assert "not their name" in report_notice_refusal(get_lead_row(db, lead))
    lead = a_letter(db, NAME, "", "13800138000")
    assert [d.due for d in t24_of(db, lead, "2026-10-09")] == ["2026-10-13"]
    assert report_notice_refusal(get_lead_row(db, lead)) is None


def test_an_inspection_lead_takes_no_reporter_name(db, english):
    with pytest.raises(ValidationError) as refused:
        register_lead(db, LeadEntry(source="inspection", received_at="2026-09-21 10:00", description="检查发现",
                                    reporter_name=NAME, reporter_address=ADDRESS))
    assert set(refused.value.errors) == {"reporter_name", "reporter_address"}


def test_a_reporter_who_asked_not_to_be_told_is_recorded_so_and_t24_is_not_overdue(db, english):
    lead = a_letter(db)
    with pytest.raises(ValidationError) as refused:
        record_reporter_declined(db, lead, "2026-10-08", " ")
    assert list(refused.value.errors) == ["reporter_declined_reason"]
    row = record_reporter_declined(db, lead, "2026-10-08", "举报人来电表示不需要告知处理结果")
    assert (row["reporter_declined_on"], row["reporter_declined_reason"]) == (
        "2026-10-08", "举报人来电表示不需要告知处理结果")
    assert t24_of(db, lead, "2026-10-14") == []
    assert "asked" in reporter_refusal(row) and "asked" in report_notice_refusal(row)
    with pytest.raises(TransitionRefused):
        tell_reporter(db, lead, "2026-10-09", "letter")
    with pytest.raises(TransitionRefused):  # recorded once
        record_reporter_declined(db, lead, "2026-10-09", "又说了一次")


def test_the_reporters_wish_is_recorded_before_the_decision_too(db, english):
    a_bureaus_station(db)
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00", description="来信举报",
                                       reporter_name=NAME, reporter_address=ADDRESS)).id
    record_reporter_declined(db, lead, "2026-09-21", "来信注明不需回复")
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
    assert t24_of(db, lead, "2026-10-14") == []


def test_the_command_line_registers_the_reporter_and_records_the_wish(db, data_dir, capsys, english):
    a_bureaus_station(db)
    added = run_json(capsys, "--data-dir", data_dir, "leads", "add", "--source", "report", "--received",
                     "2026-09-21 10:00", "--description", "来信举报营销短信", "--reporter-name", NAME,
                     "--reporter-address", ADDRESS)
    lead = added["id"]
    assert added["reporter_name"] == "李*" and added["reporter_address"] != ADDRESS  # masked as the phone is
    row = get_lead_row(db, lead)
    assert (row["reporter_name"], row["reporter_address"]) == (NAME, ADDRESS)
    edited = run_json(capsys, "--data-dir", data_dir, "leads", "edit", lead, "--reporter-name", "王五")
    assert edited["changed"] == ["reporter_name"]
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "told", lead, "--declined", "--date", "2026-10-08")
    assert code == 1 and "--reason" in err
    result = run_json(capsys, "--data-dir", data_dir, "leads", "told", lead, "--declined", "--date", "2026-10-08",
                      "--reason", "举报人表示不需要告知")
    assert (result["reporter_declined_on"], result["reporter_declined_reason"]) == ("2026-10-08", "举报人表示不需要告知")
    assert t24_of(db, lead, "2026-10-14") == []


def test_a_correction_keeps_the_reporter(db, english):
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00", description="来信举报",
                                       reporter_name=NAME, reporter_address=ADDRESS)).id
    entry = lead_entry(get_lead_row(db, lead))
    assert (entry.reporter_name, entry.reporter_address) == (NAME, ADDRESS)
    from dataclasses import replace

    row, changed = edit_lead(db, lead, replace(entry, reporter_address="佛山市禅城区某路1号"))
    assert changed == ["reporter_address"] and row["reporter_name"] == NAME


def test_bundles_carry_the_reporter_and_the_wish_not_to_be_told(capsys, dirs):
    db = open_db(dirs / "shunde")
    try:
        lead = a_letter(db)
        record_reporter_declined(db, lead, "2026-10-08", "举报人表示不需要告知")
    finally:
        db.conn.close()
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    db = open_db(dirs / "hq")
    try:
        row = get_lead_row(db, lead)
        assert (row["reporter_name"], row["reporter_address"], row["reporter_declined_on"],
                row["reporter_declined_reason"]) == (NAME, ADDRESS, "2026-10-08", "举报人表示不需要告知")
        assert t24_of(db, lead, "2026-10-14") == []
    finally:
        db.conn.close()


def test_the_lead_dialog_takes_the_reporters_name_and_address(db, prompts, qtbot, english):
    from PySide6.QtCore import QDate, QDateTime, QTime
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.lead_dialog import LeadDialog

    dialog = LeadDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.received_at.setDateTime(QDateTime(QDate(2026, 9, 21), QTime(10, 0)))
    dialog.description.setPlainText("来信举报某公司反复发送营销短信")
    dialog.source.setCurrentIndex(dialog.source.findData("report"))
    dialog.reporter_name.setText(NAME)  # typed as an input method gives Chinese: the whole text at once
    dialog.reporter_address.setText(ADDRESS)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    row = get_lead_row(db, dialog.saved.id)
    assert (row["reporter_name"], row["reporter_address"], row["complainant_phone"]) == (NAME, ADDRESS, "")


def test_the_advise_dialog_records_the_reporters_wish_not_to_be_told(db, prompts, qtbot, english):
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.lead_dialog import ReporterToldDialog

    lead = a_letter(db)
    dialog = ReporterToldDialog(db, get_lead_row(db, lead), prompts)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.told_on.setDate(QDate(2026, 10, 8))
    dialog.declined.setChecked(True)
    assert not save.isEnabled() and not dialog.how.isEnabled()  # how the reporter said so is asked for
    dialog.declined_reason.setText("举报人来电表示不需要告知")
    assert save.isEnabled()
    save.click()
    row = get_lead_row(db, lead)
    assert (row["reporter_declined_on"], row["reporter_told_on"]) == ("2026-10-08", None)
    assert t24_of(db, lead, "2026-10-14") == []
