"""The leads page found by a QA walk: its buttons fit a 1280-pixel-wide laptop window, 立案 is greyed out with the
reason on a lead no bureau holds, the transfer letter being written is brought to the front rather than opened a
second time, and an interview document's draft says where it is continued."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QApplication

from tests.test_leadsqa import assigned_lead
from tests.test_ui_keyboard import active
from workstation.leads_register import LeadEntry, register_lead

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_window_showing_the_leads_page_fits_a_1280_pixel_wide_screen(demo_db, make_window, qtbot, request,
                                                                        language):
    if language == "en":
        request.getfixturevalue("english")
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    window.go_to_page(1)
    page = window.leads_page
    assert window.stack.currentWidget() is page
    assert window.minimumSizeHint().width() <= 1280
    window.resize(1280, 800)
    assert window.width() == 1280
    # every action is still a button of its own, shown with its Alt letter
    assert all(button.isVisible() and "&" in button.text() for button in page.buttons.values())
    assert len(page.buttons) == 15  # with 告知举报人… (T24), the lead's registers and approvals, and 修改线索…


def test_filing_a_lead_no_bureau_holds_is_greyed_out_with_the_reason(demo_db, make_window, english):
    lead = register_lead(demo_db, LeadEntry(source="report", received_at="2026-11-30 10:00",
                                            description="来访反映：13800138000频繁拨打推销电话"))
    page = make_window(demo_db).leads_page
    page.refresh(select=lead.id)
    file_button = page.buttons["file"]
    assert not file_button.isEnabled()
    assert file_button.toolTip() == ("Assign the lead to a bureau or office first: its case is filed by the agency "
                                     "it is assigned to.")
    assert page.buttons["assign"].isEnabled()  # the step it asks for can be taken
    assigned = assigned_lead(demo_db)
    page.refresh(select=assigned)
    assert file_button.isEnabled() and file_button.toolTip() == ""


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen Qt: the activation is what is seen
def test_the_transfer_letter_being_written_is_brought_to_the_front_not_opened_again(demo_db, make_window, prompts,
                                                                                    qtbot, english):
    lead = assigned_lead(demo_db)
    window = active(qtbot, make_window(demo_db))
    window.go_to_page(1)
    page = window.leads_page
    page.select(lead)
    prompts.texts = ["广东省通信管理局"]
    page.refer()
    letter = window.editors[-1]
    try:
        refer = page.buttons["refer"]
        assert refer.text() == "&Refer…"  # not referred while its letter is being written
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        asked = len(prompts.confirmations)
        prompts.confirm_answer = True
        refer.click()
        assert window.editors == [letter]  # no second editor of the same letter
        assert len(prompts.confirmations) == asked  # nor the kept draft offered: it is the one open
        qtbot.waitUntil(lambda: QApplication.activeWindow() is letter)
    finally:
        for editor in list(window.editors):
            editor.shutdown()


def test_an_interview_documents_draft_says_it_is_continued_from_the_interviews_page(demo_db, opened, english):
    from tests.test_ui_interviews import OPERATORS_INTERVIEW
    from workstation.store.interviews import get_interview

    editor = opened(demo_db, "interview_notice", interview=get_interview(demo_db, OPERATORS_INTERVIEW))
    editor.save_draft()
    said = editor.statusBar().currentMessage()
    assert said == "Draft saved; it can be continued from the interview on the Interviews page (Write a document…)."
    assert "from the case" not in said
