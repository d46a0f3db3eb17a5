"""The leads workflow as an officer walks it: the page's summary wrapped rather than widening the window, a decided
lead's outcome set apart from its complaints, and a lead opened from the deadline board ready for the keyboard."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import decide_lead


def test_the_leads_summary_wraps_rather_than_widening_the_window(demo_db, make_window):
    page = make_window(demo_db).leads_page
    page.screen()  # the figures, and the screening's outcome after them: more than one line holds
    summary = page.summary
    assert "<a " not in summary.text()  # plain text: its width is that of the line it would take unwrapped
    whole_line = summary.fontMetrics().horizontalAdvance(summary.text())
    assert summary.minimumSizeHint().width() < whole_line // 2


def test_a_lead_decided_without_being_assigned_shows_its_decision_apart_from_the_complaints(
        demo_db, make_window, english):
    from workstation.store import agency_id_for_code
    from workstation.store.base import set_setting

    # a station of 禅城区局: the lead registered is held there, its bureau to issue the 不予立案审批表
    set_setting(demo_db, "station_agency", agency_id_for_code("440604"))
    lead = register_lead(demo_db, LeadEntry(source="report", received_at="2026-11-30 10:00",
                                            description="来访反映：13800138000频繁拨打推销电话"))
    decide_lead(demo_db, lead.id, "not_file", reason="经核查，号码已停机")
    page = make_window(demo_db).leads_page
    page.select(lead.id)
    lines = page.detail.toPlainText().split("\n")
    decision = next(n for n, line in enumerate(lines) if line.startswith("Decision:"))
    assert "经核查，号码已停机" in lines[decision]
    assert lines[decision + 1:] == ["", "No complaints are linked to this lead."]


def test_a_lead_opened_from_the_deadline_board_has_the_keyboard_on_the_lead_list(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.board.refresh()
    deadline = next(d for d in window.board.deadlines if d.lead_id)
    window.board.table.setFocus()
    window.board.lead_opened.emit(deadline.lead_id)  # a double-click or Enter on the lead's T1
    page = window.leads_page
    assert page.selected_id() == deadline.lead_id
    qtbot.waitUntil(page.view.hasFocus)  # Enter goes on to the lead's next step, not to a tab bar


# a lead's document left unissued: its kept draft is written on from the leads page ---------------------------------
def assigned_lead(db) -> str:
    """A demo lead put back to registered, then assigned to a town office of 禅城区."""
    from workstation.leads_workflow import assign_lead
    from workstation.store import agency_by_code

    lead = db.execute("SELECT id FROM leads ORDER BY id LIMIT 1").fetchone()[0]
    db.execute("UPDATE leads SET status = 'registered', agency_id = NULL, assigned_on = NULL, decision = '', "
               "case_id = NULL WHERE id = ?", [lead])
    assign_lead(db, lead, agency_by_code(db, "440604012").id)
    return lead


def test_a_kept_assignment_notice_draft_is_offered_again_from_the_leads_page(demo_db, make_window, prompts,
                                                                             english):
    lead = assigned_lead(demo_db)
    window = make_window(demo_db)
    page = window.leads_page
    page.select(lead)
    editor = page.write("assignment_notice")
    editor.set_field("contact_person", "李明")
    prompts.choices = [0]  # Save draft
    editor.close()
    prompts.confirm_answer = True
    again = page.write("assignment_notice")
    try:
        assert prompts.confirmations[-1].startswith("A draft of 案件交办通知书 was kept on ")
        assert prompts.confirmations[-1].endswith("(No starts a new one from the lead.)")
        assert again.draft.id == editor.draft.id and again.fields["contact_person"].value() == "李明"
    finally:
        again.shutdown()


def test_a_transfer_letter_closed_unissued_leaves_the_lead_open_and_is_continued_from_the_page(
        demo_db, make_window, prompts, english):
    from workstation.leads_workflow import get_lead_row

    lead = assigned_lead(demo_db)
    window = make_window(demo_db)
    page = window.leads_page
    page.select(lead)
    prompts.texts = ["广东省通信管理局"]
    page.refer()
    letter = window.editors[-1]
    letter.set_field("contact_person", "陈志强")
    prompts.choices = [0]  # closed to finish later: the draft kept, the lead not referred without its letter
    letter.close()
    assert get_lead_row(demo_db, lead)["status"] == "assigned"
    assert ("A transfer letter (案件移送函) is drafted but not issued: the lead is not referred until it is "
            "(Refer… continues the draft).") in page.detail.toPlainText()
    refer = page.buttons["refer"]
    assert refer.isEnabled() and refer.text() == "&Refer…"
    prompts.confirm_answer = True
    asked = []  # the agency asked again, the draft's offered: accepted as it is
    prompts.ask_text = lambda _parent, _title, question, default="": asked.append((question, default)) or default
    page.refer()  # the kept letter continued
    continued = window.editors[-1]
    try:
        assert asked == [("Agency the lead is referred to (the lead is recorded as referred when its transfer "
                          "letter is issued):", "广东省通信管理局")]
        assert continued.draft.id == letter.draft.id
        assert continued.fields["receiver"].value() == "广东省通信管理局"
        continued.issue()
        assert continued.document is not None and continued.document.number
        assert get_lead_row(demo_db, lead)["status"] == "referred"
        assert not refer.isEnabled() and refer.text() == "&Refer…"
    finally:
        continued.shutdown()


def test_a_lead_referred_by_an_earlier_version_without_its_letter_has_the_letter_written_from_the_page(
        demo_db, make_window, prompts, english):
    from workstation.leads_workflow import decide_lead, get_lead_row

    lead = assigned_lead(demo_db)
    decide_lead(demo_db, lead, "refer", referred_to="广东省通信管理局")  # as the page did before it waited
    window = make_window(demo_db)
    page = window.leads_page
    page.select(lead)
    refer = page.buttons["refer"]
    assert refer.isEnabled() and refer.text() == "T&ransfer letter…"
    page.refer()
    letter = window.editors[-1]
    try:
        assert prompts.questions == [] and letter.form.id == "case_transfer_letter"
        letter.set_field("receiver", "广东省通信管理局")
        letter.set_field("contact_person", "陈志强")
        prompts.confirm_answer = True
        letter.issue()
        assert prompts.errors == []
        assert letter.document is not None and get_lead_row(demo_db, lead)["status"] == "referred"
        assert refer.text() == "&Refer…"
    finally:
        letter.shutdown()


def test_a_leads_draft_saved_says_it_is_continued_from_the_lead(demo_db, opened, english):
    editor = opened(demo_db, "assignment_notice", lead_id=assigned_lead(demo_db))
    editor.set_field("contact_person", "李明")
    editor.save_draft()
    assert editor.statusBar().currentMessage() == "Draft saved; it can be continued from the lead."
