"""The 约谈 register as an officer finds it after the QA of interviews: the interviewing agency in its own column and
the overdue warning counting this station's agency (with its offices) by name; escalating to a new case starts from
the interview (案由, sector and 线索接收日期 it gives, no sector guessed) and Cancel with nothing typed closes at
once; escalating before the rectification deadline asks first, naming the deadline."""

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from ui.case_dialog import CaseDialog
from ui.interview_dialog import FollowUpDialog
from workstation.errors import join_sentences
from workstation.i18n import _ as translated
from workstation.i18n import ngettext
from workstation.records import Interview, Lead, today
from workstation.store import agency_id_for_code, get_agency
from workstation.store.base import set_setting
from workstation.store.interviews import get_interview, save_interview
from workstation.store.leads import save_lead

MICRO_LOAN = "5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5"  # the city bureau's; rectification due 2026-07-03, not followed up
SHUNDE = "440606"
AGENCY_COLUMN = 9


def day(offset: int) -> str:
    return (dt.date.fromisoformat(today()) + dt.timedelta(days=offset)).isoformat()


def row_of(page, interview_id: str) -> int:
    return [r.interview.id for r in page.model.records].index(interview_id)


def overdue_interview(db, agency_id: str) -> Interview:
    """A copy of the micro-loan interview held by ``agency_id`` whose follow-up is overdue."""
    micro = get_interview(db, MICRO_LOAN)
    return save_interview(db, replace(micro, id=Interview(agency_id="", held_on="", subject="").id,
                                      agency_id=agency_id, case_id=None), allow_duplicate=True)


def test_the_register_shows_the_agency_and_counts_this_station_s_overdue_follow_ups(demo_db, make_window):
    shunde = agency_id_for_code(SHUNDE)
    set_setting(demo_db, "station_agency", shunde)
    office = demo_db.execute("SELECT id FROM agencies WHERE parent_id = ? LIMIT 1", [shunde]).fetchone()
    window = make_window(demo_db)
    page = window.interviews_page
    page.refresh()
    assert page.model.headerData(AGENCY_COLUMN, Qt.Orientation.Horizontal) == translated("Interviewing agency")
    city = get_agency(demo_db, get_interview(demo_db, MICRO_LOAN).agency_id)
    assert page.model.data(page.model.index(row_of(page, MICRO_LOAN), AGENCY_COLUMN)) == city.short_name
    assert page.view.horizontalHeader().visualIndex(AGENCY_COLUMN) == 1  # beside the date
    name = get_agency(demo_db, shunde).name
    # the city bureau's overdue follow-up is not the station's: it is counted apart
    assert page.overdue_label.text() == join_sentences([  # no space after a Chinese full stop (session 74)
        translated("{agency}: no follow-up is overdue.").format(agency=name),
        translated("Other agencies' interviews in the register: {n} overdue.").format(n=1)])
    own = overdue_interview(demo_db, shunde)
    mine = [own] + ([overdue_interview(demo_db, office[0])] if office else [])
    page.refresh()
    assert page.overdue_label.text().startswith(ngettext(
        "{agency}: {n} overdue follow-up, its row is highlighted.",
        "{agency}: {n} overdue follow-ups, their rows are highlighted.", len(mine)).format(agency=name, n=len(mine)))
    assert page.model.data(page.model.index(row_of(page, own.id), AGENCY_COLUMN)) == get_agency(
        demo_db, shunde).short_name


def test_a_new_case_starts_from_the_interview_and_cancel_closes_at_once(demo_db, make_window, prompts):
    lead = save_lead(demo_db, Lead(source="12345", received_at="2026-05-02T10:00:00+08:00", sector="microloan",
                                   description="借款人投诉个人信息被泄露"))
    interview = save_interview(demo_db, replace(get_interview(demo_db, MICRO_LOAN), lead_id=lead.id,
                                                topics="1.会员单位违法收集、使用借款人个人信息的问题\n2.其他"))
    window = make_window(demo_db)
    page = window.interviews_page
    page.select(interview.id)
    seen = {}

    def look_and_cancel():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CaseDialog)
        seen.update(cause=dialog.cause.text(), sector=dialog.sector.currentData(),
                    received=dialog.dates["lead_received_on"].text(), parties=dialog.party_ids())
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
        seen["open"] = dialog.isVisible()

    prompts.texts.append("")  # no case number: a new case
    QTimer.singleShot(0, look_and_cancel)
    page.buttons["escalate"].click()
    association = window.db.execute("SELECT name FROM parties WHERE id = ?", [interview.party_ids[0]]).fetchone()[0]
    assert seen["cause"] == f"{association}涉嫌会员单位违法收集、使用借款人个人信息案"
    # received the day the case is opened from it (no follow-up found it not rectified): its lead's T1 is not its own
    assert (seen["sector"], seen["received"]) == ("microloan", today())
    assert seen["parties"] == interview.party_ids and seen["open"] is False
    assert prompts.confirmations == []  # nothing typed: no "discard the changes?"
    assert get_interview(demo_db, interview.id).case_id is None


def test_without_a_known_sector_none_is_chosen_for_the_officer(demo_db, make_window, prompts):
    window = make_window(demo_db)
    page = window.interviews_page
    page.select(MICRO_LOAN)
    seen = {}

    def look_and_cancel():
        dialog = QApplication.activeModalWidget()
        seen.update(sector=dialog.sector.currentData(), text=dialog.sector.currentText(),
                    save=dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled())
        dialog.reject()

    prompts.texts.append("")
    QTimer.singleShot(0, look_and_cancel)
    page.buttons["escalate"].click()
    assert (seen["sector"], seen["save"]) == ("", False)  # not 房地产租售 for a micro-loan association
    assert "房地产" not in seen["text"]
    assert prompts.confirmations == []


def test_escalating_before_the_deadline_asks_naming_it(demo_db, make_window, prompts):
    interview = save_interview(demo_db, replace(get_interview(demo_db, MICRO_LOAN), held_on=day(-3),
                                                rectification_due=day(10), follow_up_on=None, follow_up_result=""))
    window = make_window(demo_db)
    page = window.interviews_page
    page.select(interview.id)
    prompts.confirm_answer = False
    page.buttons["escalate"].click()
    assert len(prompts.confirmations) == 1 and day(10) in prompts.confirmations[0]
    assert prompts.texts == [] and get_interview(demo_db, interview.id).case_id is None  # nothing asked further

    def follow_up():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FollowUpDialog)
        dialog.on.setText(today())
        dialog.result.setPlainText("逾期未整改")
        seen["error"] = dialog.errors["follow_up_result"].text()
        seen["save"] = dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
        dialog.result.setPlainText("已报送整改情况，正在核查")
        seen["after"] = dialog.errors["follow_up_result"].text()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    seen = {}
    QTimer.singleShot(0, follow_up)
    page.buttons["follow_up"].click()
    assert day(10) in seen["error"] and seen["save"] is False and seen["after"] == ""
    assert get_interview(demo_db, interview.id).follow_up_result == "已报送整改情况，正在核查"
