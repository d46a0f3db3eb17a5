"""The 约谈 page driven as an officer would: the register with its overdue follow-ups highlighted, a joint
interview of the three operators entered through the dialog and its 纪要 issued from the page, bad input shown
at its field, a party without a code stopping its notice, follow-up and escalation to a case."""

import datetime as dt
import errno
import os
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from tests.helpers import program_day
from ui.case_dialog import CaseDialog
from ui.interview_dialog import FollowUpDialog, InterviewDialog
from workstation.errors import ValidationError
from workstation.i18n import _ as translated
from workstation.records import Case, Interview, Party, today
from workstation.store import agency_id_for_code, create_case, find_case, save_party
from workstation.store.interviews import get_interview, list_interviews, record_follow_up, save_interview

OPERATOR_NAMES = ("中国移动通信集团广东有限公司佛山分公司", "中国联合网络通信有限公司佛山市分公司",
                  "中国电信股份有限公司佛山分公司")
MICRO_LOAN = "5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5"  # rectification due 2026-07-03, never followed up


def days_ago(n: int) -> str:
    return (dt.date.fromisoformat(today()) - dt.timedelta(days=n)).isoformat()


def row_of(page, interview_id: str) -> int:
    return [r.interview.id for r in page.model.records].index(interview_id)


def background(page, row: int):
    return page.model.data(page.model.index(row, 0), Qt.ItemDataRole.BackgroundRole)


def before_the_interview(db, monkeypatch, interview_id: str) -> Interview:
    """The demo's interview ``interview_id`` as it was when its notices were sent: scheduled, with its contact phone,
    on 13 April 2026 (a notice is not issued once the interview has passed)."""
    for module in ("workstation.documents.interview_documents", "workstation.formkit.interview_values"):
        monkeypatch.setattr(f"{module}.today", lambda: "2026-04-13")
    # not followed up yet: an interview not held holds no follow-up result (s58)
    return save_interview(db, replace(get_interview(db, interview_id), status="scheduled",
                                      contact_phone="0757-83030000", follow_up_on=None, follow_up_result="",
                                      follow_up_outcome=None))


#: the end time a record is issued with: the register does not keep it, the editor asks for it
ENDED = {"time_to": "18时00分"}


def save_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_the_register_lists_every_interview_and_highlights_overdue_follow_ups(demo_db, make_window, qtmodeltester):
    window = make_window(demo_db)
    window.navigation.setCurrentRow(2)
    page = window.interviews_page
    page.on = "2026-11-29"
    page.refresh()
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 7
    overdue = row_of(page, MICRO_LOAN)
    assert isinstance(background(page, overdue), QBrush)
    assert background(page, overdue).color().name() == "#f8d7da"
    assert [r for r in range(7) if background(page, r) is not None] == [overdue]
    assert "1" in page.overdue_label.text()
    follow_up = page.model.data(page.model.index(row_of(page, "33eac21d-2ef0-59a4-ab17-c4203b914345"), 5))
    assert "佛南市监立〔2026〕9号" in follow_up  # escalated to the case opened for it
    assert not page.buttons["interview_minutes"].isEnabled()  # nothing selected yet


def test_a_joint_interview_of_three_operators_is_entered_and_its_minutes_issued(demo_db, make_window, prompts,
                                                                                 qtbot, tmp_path, monkeypatch):
    window = make_window(demo_db)
    page = window.interviews_page
    held = days_ago(20)  # its deadline 10 days ago: overdue now, even rolled past a holiday (REFERENCE §1.2 rule 3)

    def fill_and_save():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, InterviewDialog)
        dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id_for_code("440600")))
        dialog.dates["held_on"].setText(held)
        dialog.place.setText("佛山市市场监督管理局五楼会议室")
        dialog.subject.setText("就骚扰电话投诉反弹再次集体约谈三家电信运营商")
        assert not save_button(dialog).isEnabled() and dialog.errors["party_ids"].isHidden()  # not touched yet
        dialog.party_search.setText("中国")
        for i in range(dialog.party_choices.count()):
            item = dialog.party_choices.item(i)
            item.setSelected(item.text().split()[0] in OPERATOR_NAMES)
        dialog.findChild(QPushButton, "add_parties").click()
        assert dialog.parties.count() == 3
        for name, organisation, post in (("欧文辉", "佛山市市场监督管理局", "科长"),
                                         ("黎志聪", OPERATOR_NAMES[0], "副总经理"),
                                         ("梁振宇", OPERATOR_NAMES[1], "副总经理"),
                                         ("陈嘉欣", OPERATOR_NAMES[2], "副总经理")):
            dialog.add_attendee()
            row = dialog.attendees.rowCount() - 1
            for column, text in enumerate((name, organisation, post)):
                dialog.attendees.item(row, column).setText(text)
        dialog.texts["topics"].setPlainText("骚扰电话投诉反弹问题")
        dialog.texts["commitments"].setPlainText("三家运营商于十日内完成被投诉号码的再次核查。")
        dialog.dates["rectification_due"].setText(days_ago(30))  # before the interview: refused at the field
        assert dialog.errors["rectification_due"].isVisible() and not save_button(dialog).isEnabled()
        dialog.dates["rectification_due"].setText(days_ago(10))
        assert save_button(dialog).isEnabled(), dialog.validate()
        save_button(dialog).click()

    QTimer.singleShot(0, fill_and_save)
    page.buttons["new_interview"].click()
    created = next(i for i in list_interviews(demo_db) if i.subject.startswith("就骚扰电话投诉反弹"))
    assert created.kind == "joint" and len(created.attendees) == 4
    assert page.selected_id() == created.id
    assert page.buttons["interview_record"].isEnabled()  # one for each party, the officer choosing which
    assert page.buttons["interview_minutes"].isEnabled()

    target = tmp_path / "约谈纪要.pdf"
    prompts.files.append(str(target))
    # issued before the report deadline the minutes announce: not issued once it has passed (s65)
    program_day(monkeypatch, days_ago(15))
    page.buttons["interview_minutes"].click()
    monkeypatch.undo()  # back to today
    assert prompts.errors == []
    number = f"佛市监纪要〔{held[:4]}〕1号"  # the minutes bear the interview's day: numbered in its year
    assert number in prompts.infos[-1]
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(target.read_bytes())).pages)
    text = text.replace("\n", "").replace(" ", "")
    assert all(name in text for name in OPERATOR_NAMES) and number in text
    page.refresh(select=created.id)
    row = row_of(page, created.id)
    assert number in page.model.data(page.model.index(row, 6))
    assert background(page, row) is not None  # its deadline passed without a follow-up


def test_bad_input_is_shown_at_its_field_and_nothing_is_saved(demo_db, prompts, qtbot, table_counts):
    before = table_counts(demo_db, ("interviews", "interview_parties", "audit"))
    dialog = InterviewDialog(demo_db, prompts)
    qtbot.addWidget(dialog)
    dialog.dates["held_on"].setText("")
    errors = dialog.validate()
    assert {"held_on", "subject", "party_ids"} <= set(errors)
    assert not dialog.errors["held_on"].isHidden() and dialog.errors["subject"].isHidden()  # only the one edited
    qtbot.keyClick(dialog.place, Qt.Key.Key_Return)  # the officer tries to save: every error shows
    assert not any(dialog.errors[f].isHidden() for f in ("held_on", "subject", "party_ids"))
    dialog.dates["held_on"].setText("2026-05-10")
    dialog.subject.setText("约谈")
    dialog.add_party(get_interview(demo_db, MICRO_LOAN).party_ids[0])
    dialog.dates["follow_up_on"].setText("2026-05-01")
    dialog.add_attendee("", "佛山市小额贷款行业协会", "秘书长")
    errors = dialog.validate()
    assert set(errors) == {"follow_up_on", "attendees"}
    assert dialog.errors["follow_up_on"].text() == errors["follow_up_on"]
    assert not save_button(dialog).isEnabled()
    dialog.save()
    assert table_counts(demo_db, ("interviews", "interview_parties", "audit")) == before
    assert dialog.result() == 0 and dialog.saved_interview is None


def test_a_party_without_a_code_is_flagged_and_its_notice_not_issued(demo_db, make_window, prompts, qtbot):
    party = save_party(demo_db, Party(name="佛山市南海区家居装饰行业商会", kind="association"))
    interview = save_interview(demo_db, Interview(agency_id=agency_id_for_code("440605"), held_on=days_ago(3),
                                                  subject="约谈家居装饰行业商会", party_ids=[party.id]))
    taken = demo_db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0]
    window = make_window(demo_db)
    page = window.interviews_page
    page.select(interview.id)
    for form_id in ("interview_notice", "interview_record"):
        assert not page.buttons[form_id].isEnabled()
        assert party.name in page.buttons[form_id].toolTip()
    assert party.name in page.reason.text()
    prompts.files.append("/nowhere/通知书.pdf")
    page.issue(page.forms[0])  # even asked directly, nothing is issued
    assert prompts.errors and party.name in prompts.errors[-1]
    assert prompts.files == ["/nowhere/通知书.pdf"]  # refused before asking where to save
    assert demo_db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0] == taken
    dialog = InterviewDialog(demo_db, prompts, get_interview(demo_db, interview.id))
    qtbot.addWidget(dialog)
    assert party.name in dialog.party_warning.text() and not dialog.party_warning.isHidden()
    assert save_button(dialog).isEnabled()  # the register keeps it; only the documents need the code


def test_follow_up_and_escalation_from_the_page(demo_db, make_window, prompts, qtbot):
    window = make_window(demo_db)
    page = window.interviews_page
    page.on = "2026-11-29"
    page.refresh()
    page.select(MICRO_LOAN)

    def follow_up():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FollowUpDialog)
        dialog.on.setText("2026-06-01")  # before the interview
        assert dialog.errors["follow_up_on"].isVisible() and not save_button(dialog).isEnabled()
        dialog.on.setText("2026-07-10")
        dialog.result.setPlainText("逾期未报送整改情况。")
        save_button(dialog).click()

    QTimer.singleShot(0, follow_up)
    page.buttons["follow_up"].click()
    assert get_interview(demo_db, MICRO_LOAN).follow_up_result == "逾期未报送整改情况。"
    # not rectified: still flagged until escalated to a case (REFERENCE §2.4; session 49), no longer cleared by any
    # follow-up text
    assert background(page, row_of(page, MICRO_LOAN)) is not None

    case = create_case(demo_db, Case(case_number="", cause="涉嫌违法收集使用借款人个人信息案", sector="microloan",
                                     agency_id=agency_id_for_code("440600"), status="pending_filing",
                                     party_ids=get_interview(demo_db, MICRO_LOAN).party_ids))
    prompts.texts.append(case.id)  # a case 待立案 has no number yet: its id
    page.buttons["escalate"].click()
    assert prompts.confirmations == []  # the follow-up says it was not rectified: nothing to confirm
    assert get_interview(demo_db, MICRO_LOAN).case_id == case.id
    assert translated("not filed") in page.model.data(page.model.index(row_of(page, MICRO_LOAN), 5))
    assert background(page, row_of(page, MICRO_LOAN)) is None  # escalated: no longer awaited
    assert all(not r.overdue for r in page.model.records) and page.overdue_label.styleSheet() == ""


def test_escalation_can_open_a_new_case_with_the_interview_parties(demo_db, make_window, prompts, qtbot):
    window = make_window(demo_db)
    page = window.interviews_page
    page.select(MICRO_LOAN)
    cases_before = window.case_list.model.rowCount() if hasattr(window.case_list, "model") else None

    def fill_case():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CaseDialog)
        assert dialog.party_ids() == get_interview(demo_db, MICRO_LOAN).party_ids
        dialog.cause.setText("佛山市小额贷款行业协会会员单位涉嫌违法收集借款人个人信息案")
        assert dialog.sector.currentData() == ""  # nothing known of its sector: the officer chooses it
        dialog.sector.setCurrentIndex(dialog.sector.findData("microloan"))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    prompts.texts.append("")
    QTimer.singleShot(0, fill_case)
    page.buttons["escalate"].click()
    assert prompts.errors == []
    linked = get_interview(demo_db, MICRO_LOAN).case_id
    assert linked and "借款人个人信息案" in find_case(demo_db, linked).cause
    if cases_before is not None:
        assert window.case_list.model.rowCount() == cases_before + 1


OPERATORS_INTERVIEW = "0e7e310e-296a-586e-96a9-4a924496795f"  # the demo's joint interview of the three operators


def test_the_minutes_are_written_in_the_editor_previewed_and_issued(demo_db, data_dir, make_window, prompts,
                                                                   monkeypatch):
    from workstation.documents.drafts import find_form
    from workstation.documents.interview_documents import interview_documents
    from workstation.documents.issuing import document_pdf

    window = make_window(demo_db)
    window.navigation.setCurrentRow(2)
    page = window.interviews_page
    page.select(OPERATORS_INTERVIEW)
    # written (dated today) and issued before the report deadline the minutes announce, 2026-05-11 (s65)
    program_day(monkeypatch, "2026-04-20")
    editor = page.write(find_form("interview_minutes"))
    assert editor in window.editors and editor.interview.id == OPERATORS_INTERVIEW
    editor.set_field("agreed", "三家运营商承诺于5月11日前完成外呼号码实名核验并书面报送。")
    editor.wait_for_preview()
    preview = "".join(p.extract_text() for p in PdfReader(BytesIO(editor.pdf_bytes)).pages)
    assert all(name in preview.replace("\n", "") for name in OPERATOR_NAMES)
    prompts.confirm_answer = True
    editor.issue()
    issued = interview_documents(demo_db, OPERATORS_INTERVIEW)
    assert len(issued) == 1 and issued[0].number.startswith("佛市监纪要〔2026〕")
    stored = "".join(p.extract_text() for p in PdfReader(BytesIO(document_pdf(demo_db, data_dir, issued[0].id))).pages)
    assert "外呼号码实名核验" in stored.replace("\n", "")
    editor.shutdown()


def test_a_record_is_issued_from_the_page_for_the_party_the_officer_chooses(demo_db, data_dir, make_window, prompts,
                                                                          tmp_path):
    from workstation.documents.interview_documents import interview_documents
    from workstation.documents.issuing import document_pdf

    window = make_window(demo_db)
    page = window.interviews_page
    page.select(OPERATORS_INTERVIEW)
    button = page.buttons["interview_record"]
    assert button.isEnabled() and "约谈记录" not in page.reason.text()
    page.issue(page.forms[1])  # the choice cancelled: nothing asked further, nothing issued
    assert prompts.offered[-1][1:] == list(OPERATOR_NAMES) and interview_documents(demo_db, OPERATORS_INTERVIEW) == []
    prompts.choices.append(1)
    prompts.confirm_answer = True  # its party sent no legal representative or principal person: told, written (s65)
    button.click()  # the register keeps no end time: the record is written in the editor, for the party chosen
    assert not prompts.errors and prompts.offered[-1][1:] == list(OPERATOR_NAMES)
    assert prompts.confirmations == [principal_asked(demo_db, OPERATORS_INTERVIEW, 1)]
    editor = window.editors[-1]
    assert editor.form.id == "interview_record" and editor.interview.id == OPERATORS_INTERVIEW
    editor.shutdown()
    from workstation.documents.interview_documents import issue_interview_document

    issue_interview_document(demo_db, data_dir, get_interview(demo_db, OPERATORS_INTERVIEW), page.forms[1],
                             ENDED, party_id=get_interview(demo_db, OPERATORS_INTERVIEW).party_ids[1])
    page.refresh(select=OPERATORS_INTERVIEW)
    issued = interview_documents(demo_db, OPERATORS_INTERVIEW)
    assert [d.values["party_name"] for d in issued] == [OPERATOR_NAMES[1]]
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(document_pdf(demo_db, data_dir, issued[0].id))).pages)
    assert "梁振宇" in text.replace("\n", "") and "黎志聪" not in text
    shown = page.model.data(page.model.index(row_of(page, OPERATORS_INTERVIEW), 6))
    assert shown == f"约谈记录（{OPERATOR_NAMES[1]}）"


def principal_asked(db, interview_id: str, party: int) -> str:
    """What the page asks before writing the 约谈记录 of the interview's ``party``-th party, none of whose attendees
    is its legal representative or principal person (s65)."""
    from workstation.interview_register import principal_warning

    interview = get_interview(db, interview_id)
    warning = principal_warning(db, interview, interview.party_ids[party])
    assert warning
    return translated("{warning} Write it all the same?").format(warning=warning)


def test_a_kept_record_is_offered_back_only_for_its_party(demo_db, make_window, prompts):
    from workstation.documents.drafts import find_form
    from workstation.store import drafts

    interview = get_interview(demo_db, OPERATORS_INTERVIEW)
    kept = drafts.open_draft(demo_db, "interview_record", {"party_name": OPERATOR_NAMES[0], "statement": "移动陈述"},
                             interview_id=OPERATORS_INTERVIEW, title="约谈记录")
    drafts.set_status(demo_db, kept.id, "saved")
    window = make_window(demo_db)
    page = window.interviews_page
    page.select(OPERATORS_INTERVIEW)
    prompts.confirm_answer = True
    other = page.write(find_form("interview_record"), interview.party_ids[2])
    # only its party's missing principal is asked of (s65): no kept draft offered
    assert prompts.confirmations == [principal_asked(demo_db, OPERATORS_INTERVIEW, 2)]
    assert other.current_values()["party_name"] == OPERATOR_NAMES[2]
    assert other.current_values()["attendee1"] == "陈嘉欣"
    other.shutdown()
    same = page.write(find_form("interview_record"), interview.party_ids[0])
    assert prompts.confirmations[1] == principal_asked(demo_db, OPERATORS_INTERVIEW, 0)
    assert len(prompts.confirmations) == 3 and same.current_values()["statement"] == "移动陈述"
    same.shutdown()


def test_an_interview_draft_left_by_a_crash_is_offered_back(demo_db, make_window, prompts):
    from workstation.store import drafts

    values = {"subject": "联合约谈三大电信运营商", "agreed": "整改承诺（未写完"}
    drafts.open_draft(demo_db, "interview_minutes", values, interview_id=OPERATORS_INTERVIEW, title="约谈纪要")
    window = make_window(demo_db)
    prompts.confirm_answer = True
    assert window.recover_drafts() == 1
    editor = window.editors[0]
    assert editor.interview.id == OPERATORS_INTERVIEW
    assert "整改承诺（未写完" in editor.current_values().values()
    editor.shutdown()


# --- walking through the register as an officer: Esc, Enter, escalation, the statistics -------------------------

ESCALATED = "33eac21d-2ef0-59a4-ab17-c4203b914345"  # the demo's interview escalated to 佛南市监立〔2026〕9号


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_escape_on_an_edited_interview_asks_before_dropping_the_changes(demo_db, prompts, qtbot):
    interview = get_interview(demo_db, MICRO_LOAN)
    dialog = shown(qtbot, InterviewDialog(demo_db, prompts, interview))
    dialog.texts["commitments"].setPlainText("协会于十日内组织会员单位自查。")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(prompts.offered) == 1 and dialog.isVisible()  # the officer said Cancel: the text stays
    assert dialog.texts["commitments"].toPlainText() == "协会于十日内组织会员单位自查。"
    prompts.choices.append(1)  # 放弃修改
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not dialog.isVisible() and get_interview(demo_db, MICRO_LOAN) == interview


def test_escape_on_an_untouched_interview_closes_without_asking(demo_db, prompts, qtbot):
    for interview in (get_interview(demo_db, MICRO_LOAN), None):  # an existing one, and a new blank one
        dialog = shown(qtbot, InterviewDialog(demo_db, prompts, interview))
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible() and prompts.confirmations == []


def test_escape_on_a_typed_follow_up_asks_before_dropping_it(demo_db, prompts, qtbot):
    dialog = shown(qtbot, FollowUpDialog(demo_db, prompts, get_interview(demo_db, MICRO_LOAN)))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and prompts.confirmations == []  # nothing typed: it just closes
    dialog = shown(qtbot, FollowUpDialog(demo_db, prompts, get_interview(demo_db, MICRO_LOAN)))
    dialog.result.setPlainText("复查时协会已报送整改报告。")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(prompts.offered) == 1 and dialog.isVisible()  # save, discard or cancel: cancelled
    assert dialog.result.toPlainText() == "复查时协会已报送整改报告。"


def test_enter_in_the_party_search_adds_the_party_instead_of_saving_the_interview(demo_db, prompts, qtbot):
    interview = get_interview(demo_db, MICRO_LOAN)
    dialog = shown(qtbot, InterviewDialog(demo_db, prompts, interview))
    assert save_button(dialog).isEnabled()  # Enter could save it
    dialog.party_search.setFocus()
    dialog.party_search.setText(OPERATOR_NAMES[0])
    qtbot.keyClick(dialog.party_search, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.saved_interview is None
    assert dialog.parties.count() == 2 and OPERATOR_NAMES[0] in dialog.parties.item(1).text()
    assert get_interview(demo_db, MICRO_LOAN).party_ids == interview.party_ids


def test_an_escalated_interview_cannot_be_escalated_again_into_a_stray_case(demo_db, make_window, prompts):
    window = make_window(demo_db)
    page = window.interviews_page
    cases = demo_db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    page.select(ESCALATED)
    button = page.buttons["escalate"]
    assert not button.isEnabled()
    assert "佛南市监立〔2026〕9号" in button.toolTip() and "佛南市监立〔2026〕9号" in page.reason.text()
    prompts.texts.append("")  # were the case dialog opened, the case saved in it could not be linked
    page.escalate()
    assert prompts.questions == [] and len(prompts.errors) == 1
    assert demo_db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == cases
    page.select(MICRO_LOAN)
    assert button.isEnabled() and "佛南市监立" not in page.reason.text()


def test_the_statistics_count_an_interview_added_on_the_register(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    window.show()
    window.navigation.setCurrentRow(4)
    interviews = window.stats_page.overview.figures["interviews"]
    assert interviews.text() == "7"
    window.navigation.setCurrentRow(2)
    page = window.interviews_page

    def fill_and_save():
        dialog = QApplication.activeModalWidget()
        dialog.subject.setText("约谈佛山市小额贷款行业协会复查整改")
        dialog.add_party(get_interview(demo_db, MICRO_LOAN).party_ids[0])
        save_button(dialog).click()

    QTimer.singleShot(0, fill_and_save)
    page.buttons["new_interview"].click()
    assert len(list_interviews(demo_db)) == 8
    window.navigation.setCurrentRow(4)
    assert interviews.text() == "8"


def click_header(qtbot, view, column: int) -> None:
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_the_register_sorts_by_a_clicked_header_dates_as_dates(demo_db, make_window, qtbot, qtmodeltester):
    from ui.record_model import SORT_ROLE

    party = get_interview(demo_db, MICRO_LOAN).party_ids[0]
    undated = save_interview(demo_db, Interview(agency_id=agency_id_for_code("440600"), held_on="2026-05-01",
                                                subject="无整改期限的约谈", party_ids=[party]))
    window = make_window(demo_db)
    window.show()
    window.navigation.setCurrentRow(2)
    page = window.interviews_page
    view, model, header = page.view, page.model, page.view.horizontalHeader()
    assert header.sortIndicatorSection() == 0 and header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    page.select(MICRO_LOAN)
    due = 4
    click_header(qtbot, view, due)
    if header.sortIndicatorOrder() != Qt.SortOrder.AscendingOrder:
        click_header(qtbot, view, due)
    assert header.sortIndicatorSection() == due and header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    dues = [model.index(r, due).data(SORT_ROLE) for r in range(model.rowCount())]
    assert dues[0] is None and model.index(0, due).data() == "—"  # no deadline first
    assert row_of(page, undated.id) == 0 and dues[1:] == sorted(dues[1:]) and len(set(dues[1:])) > 1
    assert page.selected_id() == MICRO_LOAN  # the selection follows its interview

    click_header(qtbot, view, 0)  # the date held, in the order that header shows
    held = [model.index(r, 0).data() for r in range(model.rowCount())]
    ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert header.sortIndicatorSection() == 0 and held == sorted(held, reverse=not ascending)
    page.refresh()  # a reload keeps the order chosen
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == held
    qtmodeltester.check(model)


def test_a_follow_up_still_to_come_is_refused_as_it_is_typed(demo_db, prompts, qtbot):
    tomorrow = days_ago(-1)
    dialog = shown(qtbot, FollowUpDialog(demo_db, prompts, get_interview(demo_db, MICRO_LOAN)))
    dialog.on.clear()
    qtbot.keyClicks(dialog.on, tomorrow)
    assert not dialog.errors["follow_up_on"].isHidden()  # before the result is typed
    assert tomorrow in dialog.errors["follow_up_on"].text() and today() in dialog.errors["follow_up_on"].text()
    dialog.result.setPlainText("已整改。")
    assert not dialog.errors["follow_up_on"].isHidden() and not save_button(dialog).isEnabled()
    dialog.save()
    assert get_interview(demo_db, MICRO_LOAN).follow_up_result == "" and dialog.saved_interview is None
    with pytest.raises(ValidationError) as refused:
        record_follow_up(demo_db, MICRO_LOAN, tomorrow, "已整改。")
    assert set(refused.value.errors) == {"follow_up_on"}

    dialog.on.setText(today())
    assert dialog.errors["follow_up_on"].isHidden() and save_button(dialog).isEnabled()
    save_button(dialog).click()
    assert get_interview(demo_db, MICRO_LOAN).follow_up_on == today()


def test_a_planned_follow_up_may_lie_ahead_but_not_one_with_its_result(demo_db, prompts, qtbot):
    tomorrow = days_ago(-1)
    dialog = shown(qtbot, InterviewDialog(demo_db, prompts, get_interview(demo_db, MICRO_LOAN)))
    dialog.dates["follow_up_on"].setText(tomorrow)  # planned
    assert "follow_up_on" not in dialog.validate() and save_button(dialog).isEnabled()
    dialog.texts["follow_up_result"].setPlainText("已整改。")  # done: not tomorrow
    assert tomorrow in dialog.validate()["follow_up_on"] and not dialog.errors["follow_up_on"].isHidden()
    assert not save_button(dialog).isEnabled()

    planned = save_interview(demo_db, replace(get_interview(demo_db, MICRO_LOAN), follow_up_on=tomorrow))
    follow_up = shown(qtbot, FollowUpDialog(demo_db, prompts, planned))
    assert follow_up.on.text() == today() and follow_up.errors["follow_up_on"].isHidden()  # opens on a real day


def test_notices_to_a_folder_that_is_missing_take_no_number_and_issue_nothing(demo_db, make_window, prompts,
                                                                              tmp_path, english, monkeypatch):
    operators = [i for i in list_interviews(demo_db) if len(i.party_ids) == 3]
    interview = before_the_interview(demo_db, monkeypatch, operators[0].id)
    taken = demo_db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0]
    issued = demo_db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    window = make_window(demo_db)
    page = window.interviews_page
    page.select(interview.id)
    assert page.buttons["interview_notice"].isEnabled(), page.reason.text()
    missing = tmp_path / "no such folder"
    prompts.files = [str(tmp_path / "1.pdf"), str(missing / "2.pdf"), str(tmp_path / "3.pdf")]
    page.buttons["interview_notice"].click()
    assert "no such folder" in prompts.errors[-1] and not prompts.infos
    assert prompts.files == [str(tmp_path / "3.pdf")]  # refused as soon as the second file was chosen
    assert demo_db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0] == taken
    assert demo_db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == issued
    assert not (tmp_path / "1.pdf").exists()


def test_the_write_menu_offers_the_record_for_each_party_of_a_joint_interview(demo_db, make_window):
    window = make_window(demo_db)
    page = window.interviews_page
    page.select(OPERATORS_INTERVIEW)
    menu = page.build_write_menu(page.selected_row())
    seen = {action.text(): [a.text() for a in action.menu().actions() if a.isEnabled()] if action.menu()
            else action.isEnabled() for action in menu.actions()}
    assert seen == {"约谈通知书": list(OPERATOR_NAMES), "约谈记录": list(OPERATOR_NAMES), "约谈纪要": True,
                    "送达回证": list(OPERATOR_NAMES)}  # (a draft of the notice's receipt: issued once the notice is)


def test_a_record_of_a_joint_interview_left_by_a_crash_is_issued_for_its_party(demo_db, make_window, prompts):
    from workstation.documents.drafts import find_form
    from workstation.documents.interview_documents import interview_documents
    from workstation.formkit.interview_values import interview_context
    from workstation.formkit.values import default_values
    from workstation.store import drafts

    interview = get_interview(demo_db, OPERATORS_INTERVIEW)
    typed = default_values(find_form("interview_record"), interview_context(demo_db, interview, interview.party_ids[2]))
    drafts.open_draft(demo_db, "interview_record", {**typed, **ENDED, "statement": "电信陈述（未写完"},
                      interview_id=OPERATORS_INTERVIEW, title="约谈记录")
    window = make_window(demo_db)
    prompts.confirm_answer = True
    assert window.recover_drafts() == 1
    editor = window.editors[0]
    editor.issue()  # the recovered editor knows no party: the draft names it
    assert prompts.errors == []
    issued = interview_documents(demo_db, OPERATORS_INTERVIEW)
    assert [(d.values["party_name"], d.values["attendee1"]) for d in issued] == [(OPERATOR_NAMES[2], "陈嘉欣")]
    assert issued[0].values["statement"] == "电信陈述（未写完"
    editor.shutdown()


def type_committed(widget, text: str) -> None:
    """Chinese as an input method commits it into the widget that has the keyboard."""
    from PySide6.QtGui import QInputMethodEvent

    # (sending an event to None, when no widget has the keyboard, would crash the whole test run)
    assert widget is not None, f"no widget has the keyboard to type {text} into"
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_attendees_are_typed_in_at_the_keyboard_from_add_attendee(demo_db, prompts, qtbot):
    dialog = shown(qtbot, InterviewDialog(demo_db, prompts))
    dialog.activateWindow()
    add = dialog.findChild(QPushButton, "add_attendee")
    add.setFocus()
    qtbot.waitUntil(add.hasFocus)
    qtbot.keyClick(add, Qt.Key.Key_Space)  # the name cell of the new row is open for typing
    for text in ("李明", "祖庙所", "所长"):
        type_committed(QApplication.focusWidget(), text)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is add  # Tab from the post: back to the button, for the next attendee
    qtbot.keyClick(add, Qt.Key.Key_Space)
    type_committed(QApplication.focusWidget(), "黎志聪")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.attendee_rows() == [{"name": "李明", "organisation": "祖庙所", "post": "所长"},
                                      {"name": "黎志聪", "organisation": "", "post": ""}]


def form_labels(dialog) -> list[str]:
    from PySide6.QtWidgets import QFormLayout

    items = (dialog.form.itemAt(row, QFormLayout.ItemRole.LabelRole) for row in range(dialog.form.rowCount()))
    return [item.widget().text().rstrip(" *") for item in items if item and item.widget() and item.widget().text()]


def test_the_interview_and_publicity_editors_speak_of_interviews_and_activities_not_cases(demo_db, make_window,
                                                                                         prompts, qtbot):
    from ui.publicity_dialog import PublicityDialog

    interview = shown(qtbot, InterviewDialog(demo_db, prompts))
    labels = form_labels(interview)
    assert len(labels) == len(set(labels)), labels  # the subject is not a second 约谈事由 beside the topics
    publicity = shown(qtbot, PublicityDialog(demo_db, prompts))
    window = make_window(demo_db)
    register, log = window.interviews_page.model, window.stats_page.publicity.model
    headers = [m.headerData(c, Qt.Orientation.Horizontal) for m in (register, log) for c in range(m.columnCount())]
    shown_words = " ".join([*labels, *form_labels(publicity), *headers])
    for case_word in ("办案机关", "当事人", "标题"):  # an interview has its 约谈机关 and 被约谈单位; an activity its name
        assert case_word not in shown_words


def test_enter_in_the_attendee_table_types_in_the_cell_instead_of_saving_the_interview(demo_db, prompts, qtbot):
    interview = get_interview(demo_db, MICRO_LOAN)
    dialog = shown(qtbot, InterviewDialog(demo_db, prompts, interview))
    assert save_button(dialog).isEnabled()  # Enter reaching the dialog would save it
    dialog.activateWindow()
    grid = dialog.attendees
    grid.setFocus()
    qtbot.waitUntil(grid.hasFocus)
    grid.setCurrentCell(2, 2)
    qtbot.keyClick(grid, Qt.Key.Key_Return)  # opens the post of the association's attendee
    assert dialog.isVisible() and dialog.saved_interview is None
    editor = QApplication.focusWidget()
    editor.selectAll()
    type_committed(editor, "常务副秘书长")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the cell takes what was typed (once the event loop runs)
    qtbot.waitUntil(lambda: grid.state() != grid.State.EditingState)
    assert grid.hasFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Return)  # and again: the cell opens again, nothing is saved
    assert dialog.isVisible() and dialog.saved_interview is None and grid.state() == grid.State.EditingState
    assert dialog.attendee_rows()[2]["post"] == "常务副秘书长"
    assert get_interview(demo_db, MICRO_LOAN) == interview


def test_a_document_in_force_is_not_issued_twice_and_one_voided_is_issued_again(demo_db, make_window, prompts, tmp_path,
                                                                 monkeypatch):
    before_the_interview(demo_db, monkeypatch, OPERATORS_INTERVIEW)
    window = make_window(demo_db)
    page = window.interviews_page
    page.select(OPERATORS_INTERVIEW)
    prompts.files = [str(tmp_path / f"{i}.pdf") for i in range(3)]
    page.buttons["interview_notice"].click()
    assert prompts.confirmations == [] and prompts.errors == []  # the first time nothing to ask
    year = "2026"  # the notices bear the day they were sent, 13 April 2026 (before_the_interview)
    taken = demo_db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0]
    prompts.files = [str(tmp_path / f"again{i}.pdf") for i in range(3)]
    page.buttons["interview_notice"].click()  # a second click by mistake: not offered, the first notice named
    assert not page.buttons["interview_notice"].isEnabled()
    assert f"佛市监约〔{year}〕1号" in page.reason.text()
    assert demo_db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0] == taken
    assert len(prompts.files) == 3 and page.selected_id() == OPERATORS_INTERVIEW  # no file asked for
    # one voided (wrong): the next click issues that party's alone
    from workstation.documents.interview_documents import interview_documents
    from workstation.documents.issuing import void_document

    first = next(d for d in interview_documents(demo_db, OPERATORS_INTERVIEW) if d.number == f"佛市监约〔{year}〕1号")
    void_document(demo_db, first.id, "地址写错")
    page.refresh(select=OPERATORS_INTERVIEW)
    page.buttons["interview_notice"].click()
    assert len(prompts.files) == 2
    assert [d.values["party_name"] for d in interview_documents(demo_db, OPERATORS_INTERVIEW)
            if d.status == "issued"] == [*OPERATOR_NAMES[1:], OPERATOR_NAMES[0]]
    monkeypatch.undo()  # the interview held: its minutes, once
    program_day(monkeypatch, "2026-04-20")  # before the report deadline they announce, 2026-05-11 (s65)
    save_interview(demo_db, replace(get_interview(demo_db, OPERATORS_INTERVIEW), status="held"))
    page.refresh(select=OPERATORS_INTERVIEW)
    prompts.files = [str(tmp_path / "m1.pdf"), str(tmp_path / "m2.pdf")]
    page.buttons["interview_minutes"].click()
    held = get_interview(demo_db, OPERATORS_INTERVIEW).held_on[:4]  # the minutes bear the interview's day
    assert f"佛市监纪要〔{held}〕1号" in prompts.infos[-1]
    page.refresh(select=OPERATORS_INTERVIEW)  # a second minutes is not offered: the first in force is named
    assert not page.buttons["interview_minutes"].isEnabled()
    assert f"佛市监纪要〔{held}〕1号" in page.reason.text()
    assert demo_db.execute("SELECT COUNT(*) FROM documents WHERE form_id = 'interview_minutes'").fetchone()[0] == 1


def test_a_notice_the_stick_cannot_take_gives_its_number_back(demo_db, make_window, prompts, tmp_path, monkeypatch,
                                                              english):
    """The page issued the notice (taking its 文号) and only then wrote the PDF: a full stick left a notice issued
    that was never printed, and the next try took the next number."""
    interview = next(i for i in list_interviews(demo_db) if len(i.party_ids) == 1)
    interview = before_the_interview(demo_db, monkeypatch, interview.id)
    interview = save_interview(demo_db, replace(interview, held_on="2026-04-20"))  # after the 13 April of the notice
    taken = demo_db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0]
    stick = tmp_path / "stick"
    stick.mkdir()
    real = Path.write_bytes

    def stick_full(self, payload):
        if self.parent == stick:
            real(self, payload[:100])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, payload)

    window = make_window(demo_db)
    page = window.interviews_page
    page.select(interview.id)
    monkeypatch.setattr(Path, "write_bytes", stick_full)
    prompts.files = [str(stick / "通知书.pdf")]
    page.buttons["interview_notice"].click()
    assert "通知书.pdf" in prompts.errors[-1] and not prompts.infos
    assert demo_db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0] == taken
    assert list(stick.iterdir()) == []
    monkeypatch.setattr(Path, "write_bytes", real)  # the stick emptied; still the 13th of April
    prompts.files = [str(stick / "通知书.pdf")]
    page.buttons["interview_notice"].click()
    assert demo_db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0] == taken + 1
    assert (stick / "通知书.pdf").read_bytes().startswith(b"%PDF")
