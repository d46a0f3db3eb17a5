"""What a walk through the leads page found: not filing a lead is confirmed naming the lead and its reason, and can
be withdrawn (back to where the lead was, its T1 as before, the withdrawal in its history and the audit); a lead is
referred when its transfer letter is issued, not when the letter is opened; at 1920 pixels the spare width goes to
the description and long business names, not to the reporter column; the import's result and the summary write
their numbers as Chinese text does."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.test_leadsqa import assigned_lead
from workstation import i18n
from workstation.documents.drafts import find_form
from workstation.errors import TransitionRefused, ValidationError
from workstation.leads_workflow import (
    decide_lead,
    get_lead_row,
    issue_lead_document,
    lead_form_refusal,
    t1_due,
    withdraw_not_filing,
    withdrawal_history,
)

LETTER = {"receiver": "广东省通信管理局", "contact_person": "陈志强"}


def _t1(db, lead_id: str) -> list:
    from workstation import clocks

    return [(d.due, d.state) for d in clocks.lead_deadlines(db, clocks.engine_for(db))
            if d.lead_id == lead_id and d.clock == "T1"]


# withdrawing a decision not to file ------------------------------------------------------------------------------
def test_withdrawing_not_filing_puts_the_lead_back_as_assigned_with_its_t1_as_before(demo_db):
    lead = assigned_lead(demo_db)
    before = get_lead_row(demo_db, lead)
    due, counted = t1_due(demo_db, before), _t1(demo_db, lead)
    assert counted
    decide_lead(demo_db, lead, "not_file", reason="经核查，号码已停机")
    assert _t1(demo_db, lead) == []  # decided: no clock
    after = withdraw_not_filing(demo_db, lead, "当事人又被举报，需重新核查")
    assert after["status"] == "assigned" and after["decision"] == "" and after["decided_on"] is None
    assert after["decision_reason"] == "" and after["agency_id"] == before["agency_id"]
    assert after["assigned_on"] == before["assigned_on"]
    assert t1_due(demo_db, after) == due and _t1(demo_db, lead) == counted
    [entry] = withdrawal_history(demo_db, lead)
    assert entry["decision_reason"] == "经核查，号码已停机" and entry["reason"] == "当事人又被举报，需重新核查"
    [step] = demo_db.execute("SELECT id FROM lead_history WHERE lead_id = ? AND kind = 'not_filing_withdrawn'",
                             [lead]).fetchall()
    actions = [r[0] for r in demo_db.execute("SELECT action || ':' || entity FROM audit WHERE entity_id IN (?, ?) "
                                             "ORDER BY seq", [lead, step[0]])]
    # the lead's row, and its history's new record
    assert actions[-2:] == ["withdraw_not_filing:lead", "withdraw_not_filing:lead_history"]
    decide_lead(demo_db, lead, "not_file", reason="仍无违法事实")  # decided again, as any open lead
    assert get_lead_row(demo_db, lead)["status"] == "not_filed"


def test_a_registered_lead_not_filed_goes_back_to_registered(demo_db):
    from workstation.leads_register import LeadEntry, register_lead
    from workstation.store import agency_id_for_code
    from workstation.store.base import set_setting

    # a station of 禅城区局: the lead registered is held there, its bureau to issue the 不予立案审批表
    set_setting(demo_db, "station_agency", agency_id_for_code("440604"))
    lead = register_lead(demo_db, LeadEntry(source="report", received_at="2026-11-30 10:00",
                                            description="来访反映：13800138000频繁拨打推销电话")).id
    decide_lead(demo_db, lead, "not_file", reason="重复举报")
    assert withdraw_not_filing(demo_db, lead, "并非重复")["status"] == "registered"


def test_a_withdrawal_without_reason_or_of_a_lead_not_not_filed_is_refused_and_changes_nothing(demo_db, english):
    lead = assigned_lead(demo_db)
    with pytest.raises(TransitionRefused, match="only a decision not to file a lead can be withdrawn"):
        withdraw_not_filing(demo_db, lead, "理由")
    decide_lead(demo_db, lead, "not_file", reason="无违法事实")
    decided = get_lead_row(demo_db, lead)
    with pytest.raises(ValidationError) as refused:
        withdraw_not_filing(demo_db, lead, "  ")
    assert "Say why the decision not to file the lead is withdrawn" in refused.value.errors["reason"]
    assert get_lead_row(demo_db, lead) == decided and withdrawal_history(demo_db, lead) == []


def test_a_lead_not_filed_with_its_case_is_not_withdrawn_from_the_lead(demo_db, english):
    lead = assigned_lead(demo_db)
    case = demo_db.execute("SELECT id FROM cases LIMIT 1").fetchone()[0]
    demo_db.execute("UPDATE leads SET status = 'not_filed', decision = 'not_file', decision_reason = '不予立案', "
                    "case_id = ? WHERE id = ?", [case, lead])
    decided = get_lead_row(demo_db, lead)
    with pytest.raises(TransitionRefused, match="that decision is the case's"):
        withdraw_not_filing(demo_db, lead, "理由")
    assert get_lead_row(demo_db, lead) == decided


# referral with the transfer letter --------------------------------------------------------------------------------
def test_issuing_the_transfer_letter_records_the_referral_on_its_day_to_its_addressee(demo_db, data_dir):
    lead = assigned_lead(demo_db)
    assigned_on = get_lead_row(demo_db, lead)["assigned_on"]
    document = issue_lead_document(demo_db, data_dir, lead, find_form("case_transfer_letter"),
                                   {**LETTER, "issued_on": assigned_on})
    row = get_lead_row(demo_db, lead)
    assert document.number and row["status"] == "referred" and row["decision"] == "refer"
    assert row["referred_to"] == "广东省通信管理局" and row["decided_on"] == assigned_on


def test_a_transfer_letter_dated_before_the_assignment_is_refused_and_nothing_is_taken(demo_db, data_dir, english):
    lead = assigned_lead(demo_db)
    before = get_lead_row(demo_db, lead)
    numbers = demo_db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0]
    with pytest.raises(ValidationError) as refused:
        issue_lead_document(demo_db, data_dir, lead, find_form("case_transfer_letter"),
                            {**LETTER, "issued_on": "2020-01-02"})
    assert "cannot be dated before the lead was received or assigned" in refused.value.errors["移送日期"]
    assert get_lead_row(demo_db, lead) == before
    assert demo_db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0] == numbers
    assert demo_db.execute("SELECT COUNT(*) FROM documents WHERE lead_id = ?", [lead]).fetchone()[0] == 0


def test_a_lead_not_filed_has_no_transfer_letter(demo_db, english):
    lead = assigned_lead(demo_db)
    decide_lead(demo_db, lead, "not_file", reason="无违法事实")
    assert "the 案件移送函 refers a lead not yet decided" in lead_form_refusal(
        demo_db, get_lead_row(demo_db, lead), "case_transfer_letter")


# the page -------------------------------------------------------------------------------------------------------
@pytest.mark.gui
def test_not_filing_is_confirmed_naming_the_lead_and_reason_and_is_withdrawn_from_the_page(
        demo_db, make_window, prompts, english):
    lead = assigned_lead(demo_db)
    page = make_window(demo_db).leads_page
    page.select(lead)
    button = page.buttons["not_file"]
    prompts.texts, prompts.confirm_answer = ["经核查，号码已停机"], False
    page.not_file()
    [asked] = prompts.confirmations
    assert page.lead_name(get_lead_row(demo_db, lead)) in asked and "“经核查，号码已停机”" in asked
    assert get_lead_row(demo_db, lead)["status"] == "assigned"  # No: nothing decided
    prompts.texts, prompts.confirm_answer = ["经核查，号码已停机"], True
    page.not_file()
    assert get_lead_row(demo_db, lead)["status"] == "not_filed"
    assert button.isEnabled() and button.text() == "Withdraw n&ot filing…"
    prompts.texts, prompts.confirm_answer = ["举报人补充了新证据"], True
    button.click()
    assert "“举报人补充了新证据”" in prompts.confirmations[-1] and "“经核查，号码已停机”" in prompts.confirmations[-1]
    row = get_lead_row(demo_db, lead)
    assert row["status"] == "assigned" and button.text() == "N&ot file…" and button.isEnabled()
    assert ("that decision was withdrawn on" in page.detail.toPlainText()
            and "Reason: 举报人补充了新证据" in page.detail.toPlainText())


@pytest.mark.gui
def test_closing_the_transfer_letter_unissued_leaves_the_lead_as_it_was(demo_db, make_window, prompts, english):
    lead = assigned_lead(demo_db)
    window = make_window(demo_db)
    page = window.leads_page
    page.select(lead)
    before = get_lead_row(demo_db, lead)
    prompts.texts = ["广东省通信管理局"]
    page.refer()
    letter = window.editors[-1]
    assert "recorded as referred when its transfer letter is issued" in prompts.questions[-1]
    letter.set_field("contact_person", "陈志强")
    prompts.choices = [1]  # Discard changes
    letter.close()
    assert get_lead_row(demo_db, lead) == before and page.buttons["refer"].text() == "&Refer…"


# widths and wording ---------------------------------------------------------------------------------------------
@pytest.mark.gui
def test_at_1920_pixels_the_description_takes_the_spare_width_not_the_reporter(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    window.resize(1920, 1080)
    window.show()
    window.go_to_page(1)
    page = window.leads_page
    qtbot.waitExposed(page)
    header, names = page.view.horizontalHeader(), [name for name, _value in page.model.columns]
    description, reporter, business = (names.index(n) for n in ("Description", "Reporter", "Business"))
    assert header.sectionSize(description) > 2 * header.sectionSize(reporter)
    assert header.sectionSize(reporter) <= max(header.sectionSizeFromContents(reporter).width(), 160)
    last = header.logicalIndex(header.count() - 1)
    assert header.sectionViewportPosition(last) + header.sectionSize(last) == page.view.viewport().width()
    if page.fitter.business_wants > 320:  # a long business name the list cut at 320 is shown whole, room permitting
        assert header.sectionSize(business) > 320
    page.refresh()  # read again: the fit stays
    assert header.sectionSize(description) > 2 * header.sectionSize(reporter)


@pytest.mark.gui
def test_a_dragged_description_keeps_its_width_through_a_refresh(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    window.resize(1920, 1080)
    window.show()
    window.go_to_page(1)
    page = window.leads_page
    qtbot.waitExposed(page)
    header = page.view.horizontalHeader()
    description = [name for name, _value in page.model.columns].index("Description")
    header.resizeSection(description, 250)  # the officer drags it
    page.refresh()
    window.resize(1800, 1000)
    assert header.sectionSize(description) == 250


ZH = {"{state} {n}": "{state}{n}",
      "{file} ({profile}): {rows} rows, {imported} imported, {duplicates} duplicates.":
          "{file}（{profile}）：{rows}行，导入{imported}件，重复{duplicates}件。",
      "{file} ({profile}): {rows} rows, {imported} imported (of which {same} the same complaint as one sent through "
      "another channel), {duplicates} duplicates.":
          "{file}（{profile}）：{rows}行，导入{imported}件（其中{same}件与其他渠道的投诉为同一投诉），重复{duplicates}件。"}


def _import_result(same: int):
    one = SimpleNamespace(file="12345.xlsx", profile="12345", rows=40, imported=34, duplicates=6, same_as=same,
                          refused="", repeated=0, same_numbers=0, updated=0, cleaned=0, sheets_left_out=[],
                          already_imported_note=lambda: "", remembered_note=lambda: "")
    return SimpleNamespace(refused=[], files=[one], as_dict=lambda: {"imported": 34, "duplicates": 6})


@pytest.mark.gui
@pytest.mark.parametrize("same", [0, 2])
def test_the_import_result_leaves_out_no_same_complaints_and_writes_numbers_as_chinese(
        demo_db, make_window, prompts, monkeypatch, same):
    for key, value in ZH.items():
        monkeypatch.setitem(i18n._catalogue, key, value)
    page = make_window(demo_db).leads_page
    monkeypatch.setattr(page, "screen", lambda: None)
    page._imported(_import_result(same))
    [said] = prompts.infos
    line = said.split("\n")[1]
    if same:
        # the 2 are among the 34 imported, not more complaints
        assert line == "12345.xlsx（12345热线工单）：40行，导入34件（其中2件与其他渠道的投诉为同一投诉），重复6件。"
    else:
        assert line == "12345.xlsx（12345热线工单）：40行，导入34件，重复6件。"


@pytest.mark.gui
def test_the_summary_counts_states_without_spaces_in_chinese(demo_db, make_window, monkeypatch):
    monkeypatch.setitem(i18n._catalogue, "{state} {n}", "{state}{n}")
    page = make_window(demo_db).leads_page
    text = page.summary.text()
    states = text[text.index("（") + 1:text.index("）")]
    assert states and " " not in states, states
