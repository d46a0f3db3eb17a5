"""Mends of the interviews window audit (约谈, s70): a follow-up saying 未整改 before the 整改期限 is refused whatever
form its date is typed in, by the editor and by the core (1); a new interview typed with a time in another form
(下午2时30分, 9:30) is asked about as the same interview, and the deadline hint is shown for a date typed 2026年11月20日
(2); a voided interview is not opened in the editor by Enter or a double-click (3); a party escalated to its own case,
or with a follow-up of its own, is not removed from a joint interview (4); the 送达回证 names the recorder as its second
送达人 when the interview had one interviewer, while one issued under version 2 still prints its one 送达人 (5)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import program_day
from workstation.errors import ValidationError
from workstation.store.interviews import get_interview, list_interviews, save_interview

pytestmark = pytest.mark.gui

TWIN = "2665d286-9309-541e-9d11-f29c98a11471"  # the demo's interview of 铎恒 on 2026-09-16 at 14:30
JOINT = "c2ff665f-c497-56ce-8d56-99e700f7bacb"  # the demo's joint interview of three developers
NOT_RECTIFIED = "复查发现仍在拨打，未整改"


@pytest.fixture(autouse=True)
def calendars_read_again():
    from workstation.workdays import reload_calendars

    reload_calendars()
    yield
    reload_calendars()


def _dialog(db, prompts, qtbot, interview=None):
    from ui.interview_dialog import InterviewDialog

    dialog = InterviewDialog(db, prompts, interview)
    qtbot.addWidget(dialog)
    return dialog


def _held_with_commitments(db, prompts, qtbot, held_on="2026-11-20", held_at="", officers=(("欧文辉", "科长"),
                                                                                          ("冯俊杰", "记录人"))):
    dialog = _dialog(db, prompts, qtbot)
    dialog.subject.setText("测试整改")
    dialog.party_search.setText("铎恒")
    dialog._add_found_parties()
    dialog.dates["held_on"].setText(held_on)
    dialog.held_at.setText(held_at)
    dialog.texts["commitments"].setPlainText("停止拨打推销电话")
    for name, post in officers:
        dialog.add_attendee(name, "佛山市市场监督管理局", post)
    dialog.save()
    assert dialog.saved_interview is not None, prompts.errors
    return dialog.saved_interview


# 1. 未整改 before the deadline ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("on", ["2026-12-01", "2026年12月1日", "2026/12/1"])
def test_the_editor_refuses_not_rectified_before_the_deadline_in_any_date_form(demo_db, prompts, qtbot, monkeypatch,
                                                                                english, on):
    program_day(monkeypatch, "2026-12-06")
    interview = _held_with_commitments(demo_db, prompts, qtbot)
    assert interview.rectification_due == "2026-12-11"
    dialog = _dialog(demo_db, prompts, qtbot, get_interview(demo_db, interview.id))
    dialog.dates["follow_up_on"].setText(on)
    dialog.texts["follow_up_result"].setPlainText(NOT_RECTIFIED)
    errors = dialog.validate()
    assert "2026-12-11" in errors.get("follow_up_result", ""), errors
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.save()
    assert dialog.saved_interview is None
    assert get_interview(demo_db, interview.id) == interview


@pytest.mark.parametrize("on", ["2026-12-01", "2026年12月1日", "2026/12/1"])
def test_the_core_refuses_not_rectified_before_the_deadline_whatever_the_caller_sends(demo_db, prompts, qtbot,
                                                                                       monkeypatch, english, on):
    program_day(monkeypatch, "2026-12-06")
    interview = _held_with_commitments(demo_db, prompts, qtbot)
    with pytest.raises(ValidationError) as refused:
        save_interview(demo_db, replace(interview, follow_up_on=on, follow_up_result=NOT_RECTIFIED,
                                        follow_up_outcome="not_rectified"))
    assert "2026-12-11" in refused.value.errors["follow_up_result"]
    assert get_interview(demo_db, interview.id) == interview


def test_the_core_still_records_not_rectified_after_the_deadline(demo_db, prompts, qtbot, monkeypatch):
    program_day(monkeypatch, "2026-12-16")
    interview = _held_with_commitments(demo_db, prompts, qtbot)
    saved = save_interview(demo_db, replace(interview, follow_up_on="2026年12月14日", follow_up_result=NOT_RECTIFIED,
                                            follow_up_outcome="not_rectified"))
    assert (saved.follow_up_on, saved.follow_up_outcome) == ("2026-12-14", "not_rectified")


# 2. the same interview, the deadline hint --------------------------------------------------------------------------
def _typed_twin(db, prompts, qtbot, agency_id: str, held_on: str, held_at: str):
    dialog = _dialog(db, prompts, qtbot)
    dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id))
    dialog.subject.setText("另一次约谈")
    dialog.dates["held_on"].setText(held_on)
    dialog.held_at.setText(held_at)
    dialog.party_search.setText("铎恒")
    dialog._add_found_parties()
    return dialog


@pytest.mark.parametrize("held_at", ["14:30", "下午2时30分", "14：30"])
def test_the_same_interview_typed_another_way_is_asked_about(demo_db, prompts, qtbot, monkeypatch, english, held_at):
    program_day(monkeypatch, "2026-12-06")
    twin = get_interview(demo_db, TWIN)
    assert (twin.held_on, twin.held_at) == ("2026-09-16", "14:30")
    before = len(list_interviews(demo_db))
    dialog = _typed_twin(demo_db, prompts, qtbot, twin.agency_id, "2026年9月16日", held_at)
    assert dialog.validate() == {}
    prompts.choices = [1]  # Cancel
    dialog.save()
    assert len(prompts.offered) == 1 and twin.id in prompts.offered[0][0], prompts.offered
    assert prompts.offered[0][1:] == ["Save anyway", "Cancel"] and not prompts.errors
    assert dialog.saved_interview is None and len(list_interviews(demo_db)) == before
    prompts.choices = [0]  # Save anyway
    dialog.save()
    assert dialog.saved_interview is not None and dialog.saved_interview.held_at == "14:30", prompts.errors
    assert len(list_interviews(demo_db)) == before + 1


def test_an_unpadded_time_is_the_same_as_the_padded_one_stored(demo_db, prompts, qtbot, monkeypatch, english):
    program_day(monkeypatch, "2026-12-06")
    stored = _held_with_commitments(demo_db, prompts, qtbot, held_on="2026-11-20", held_at="09:30")
    prompts.choices = [0]
    dialog = _typed_twin(demo_db, prompts, qtbot, stored.agency_id, "2026-11-20", "9:30")
    dialog.save()
    assert len(prompts.offered) == 1 and stored.id in prompts.offered[0][0], (prompts.offered, prompts.errors)
    assert dialog.saved_interview is not None and not prompts.errors


@pytest.mark.parametrize("held_on", ["2026-11-20", "2026年11月20日", "2026/11/20"])
def test_the_deadline_hint_reads_the_date_in_any_form(demo_db, prompts, qtbot, monkeypatch, english, held_on):
    program_day(monkeypatch, "2026-12-06")
    dialog = _dialog(demo_db, prompts, qtbot)
    dialog.subject.setText("测试整改")
    dialog.party_search.setText("铎恒")
    dialog._add_found_parties()
    dialog.dates["held_on"].setText(held_on)
    dialog.held_at.setText("9:30")
    dialog.texts["commitments"].setPlainText("停止拨打推销电话")
    assert dialog.validate() == {}
    assert dialog.dates["rectification_due"].placeholderText().startswith("2026-12-11 when saved"), \
        dialog.dates["rectification_due"].placeholderText()


def test_the_deadline_hint_on_the_day_at_an_unpadded_time_passed(demo_db, prompts, qtbot, monkeypatch, english):
    program_day(monkeypatch, "2026-11-20")  # ten in the morning: 9:30 has passed
    dialog = _dialog(demo_db, prompts, qtbot)
    dialog.subject.setText("测试整改")
    dialog.party_search.setText("铎恒")
    dialog._add_found_parties()
    dialog.dates["held_on"].setText("2026-11-20")
    dialog.held_at.setText("9:30")
    dialog.held.setChecked(True)
    dialog.texts["commitments"].setPlainText("停止拨打推销电话")
    assert dialog.validate() == {}
    assert dialog.dates["rectification_due"].placeholderText().startswith("2026-12-11 when saved"), \
        dialog.dates["rectification_due"].placeholderText()


# 3. a voided interview ---------------------------------------------------------------------------------------------
def test_a_voided_interview_is_not_opened_for_editing(demo_db, data_dir, prompts, qtbot, monkeypatch, english):
    import ui.interviews_page as page_module
    from ui.interviews_page import InterviewsPage
    from workstation.store.interviews import void_interview

    program_day(monkeypatch, "2026-12-06")
    interview = _held_with_commitments(demo_db, prompts, qtbot, officers=())
    void_interview(demo_db, interview.id, "重复录入")
    page = InterviewsPage(demo_db, data_dir, prompts)
    qtbot.addWidget(page)
    page.show_void.setChecked(True)
    page.select(interview.id)
    assert page.selected_id() == interview.id and not page.buttons["edit_interview"].isEnabled()
    opened = []
    monkeypatch.setattr(page_module, "exec_once", lambda dialog: opened.append(dialog) or 0)
    page.view.activated.emit(page.view.currentIndex())
    page.edit_interview()
    assert opened == []
    assert prompts.infos and all("重复录入" in m and "voided" in m for m in prompts.infos), prompts.infos
    assert get_interview(demo_db, interview.id).status == "void"


def test_an_interview_not_voided_still_opens(demo_db, data_dir, prompts, qtbot, monkeypatch):
    import ui.interviews_page as page_module
    from ui.interviews_page import InterviewsPage

    page = InterviewsPage(demo_db, data_dir, prompts)
    qtbot.addWidget(page)
    page.select(TWIN)
    opened = []
    monkeypatch.setattr(page_module, "exec_once", lambda dialog: opened.append(dialog) or 0)
    page.view.activated.emit(page.view.currentIndex())
    assert len(opened) == 1 and not prompts.infos


# 4. a party removed from a joint interview -------------------------------------------------------------------------
def _escalated_party(db, english_case: bool = True):
    from workstation.records import Case
    from workstation.store import agency_id_for_code, create_case
    from workstation.store.interviews import escalate_to_case, record_follow_up

    interview = get_interview(db, JOINT)
    party_id = interview.party_ids[1]
    record_follow_up(db, JOINT, "2026-06-20", NOT_RECTIFIED, party_id, "not_rectified")
    case = create_case(db, Case(case_number="", cause="涉嫌侵害消费者个人信息案", sector="real_estate",
                                agency_id=agency_id_for_code("440600"), status="pending_filing", party_ids=[party_id]))
    escalate_to_case(db, JOINT, case.id, not_rectified=True)
    return get_interview(db, JOINT), party_id, case


def test_the_core_refuses_removing_an_escalated_party(demo_db, monkeypatch, english):
    from workstation.store.interviews import interviews_escalated_to

    program_day(monkeypatch, "2026-12-06")
    interview, party_id, case = _escalated_party(demo_db)
    history = interviews_escalated_to(demo_db, case.id)
    assert len(history) == 1
    with pytest.raises(ValidationError) as refused:
        save_interview(demo_db, replace(interview, party_ids=[p for p in interview.party_ids if p != party_id]))
    message = refused.value.errors["party_ids"]
    assert "棠屿" in message and "涉嫌侵害消费者个人信息案" in message, message
    assert get_interview(demo_db, JOINT) == interview
    assert interviews_escalated_to(demo_db, case.id) == history


def test_the_core_refuses_removing_a_party_with_its_own_follow_up(demo_db, monkeypatch, english):
    from workstation.store.interviews import record_follow_up

    program_day(monkeypatch, "2026-12-06")
    interview = get_interview(demo_db, JOINT)
    party_id = interview.party_ids[2]
    recorded = record_follow_up(demo_db, JOINT, "2026-06-20", "已清理客户名单", party_id, "rectified")
    with pytest.raises(ValidationError) as refused:
        save_interview(demo_db, replace(recorded, party_ids=[p for p in recorded.party_ids if p != party_id]))
    assert "2026-06-20" in refused.value.errors["party_ids"], refused.value.errors
    assert get_interview(demo_db, JOINT) == recorded
    # another party, with neither, may still be removed
    other = recorded.party_ids[0]
    saved = save_interview(demo_db, replace(recorded, party_ids=[p for p in recorded.party_ids if p != other]),
                           despite_issued=True)
    assert other not in saved.party_ids


def test_the_editor_says_so_under_the_parties(demo_db, prompts, qtbot, monkeypatch, english):
    from PySide6.QtCore import Qt

    program_day(monkeypatch, "2026-12-06")
    interview, party_id, _case = _escalated_party(demo_db)
    dialog = _dialog(demo_db, prompts, qtbot, interview)
    for row in range(dialog.parties.count()):
        dialog.parties.item(row).setSelected(dialog.parties.item(row).data(Qt.ItemDataRole.UserRole) == party_id)
    dialog._remove_parties()
    errors = dialog.validate()
    assert "棠屿" in errors.get("party_ids", "") and dialog.errors["party_ids"].text() == errors["party_ids"]
    dialog.save()
    assert dialog.saved_interview is None and get_interview(demo_db, JOINT) == interview


# 5. the receipt's second 送达人 ------------------------------------------------------------------------------------
def _receipt_text(db, interview) -> str:
    from workstation.documents.drafts import find_form
    from workstation.documents.interview_documents import draft_interview_document
    from workstation.documents.pdf_writer import render_pdf

    document = draft_interview_document(db, interview, find_form("interview_delivery_receipt"), {},
                                        party_id=interview.party_ids[0], blanks=[])
    return "".join("".join(render_pdf(document).text_lines()).split())


def test_the_recorder_is_the_second_server_when_there_is_one_interviewer(demo_db, prompts, qtbot, monkeypatch):
    program_day(monkeypatch, "2026-11-10")
    interview = _held_with_commitments(demo_db, prompts, qtbot, held_on="2026-12-09", held_at="14:30")
    assert "送达人欧文辉、冯俊杰送达人签名" in _receipt_text(demo_db, interview)


def test_two_interviewers_stay_the_servers_before_the_recorder(demo_db, prompts, qtbot, monkeypatch):
    program_day(monkeypatch, "2026-11-10")
    interview = _held_with_commitments(demo_db, prompts, qtbot, held_on="2026-12-09", held_at="14:30",
                                       officers=(("冯俊杰", "记录人"), ("欧文辉", "科长"), ("李明", "科员")))
    text = _receipt_text(demo_db, interview)
    assert "送达人欧文辉、李明送达人签名" in text and "冯俊杰" not in text


def test_a_receipt_issued_under_version_2_prints_as_issued_and_a_new_one_names_the_recorder(
        demo_db, data_dir, prompts, qtbot, monkeypatch):
    """Version 2 took the interviewers alone as the 送达人: a receipt it issued for one interviewer with a recorder
    is composed again from its values on that version (forms/earlier/v2) and still prints one 送达人, as its frozen
    PDF does; the receipt issued again under version 3 prints the recorder as the second."""
    from tests.helpers import pdf_text
    from workstation.documents.drafts import find_form
    from workstation.documents.interview_documents import issue_interview_document
    from workstation.documents.issuing import composed_as_issued, document_pdf, get_document, void_document
    from workstation.documents.pdf_writer import render_pdf
    from workstation.formkit.spec import earlier_form

    def composed_again(document_id: str) -> str:
        return "".join("".join(render_pdf(composed_as_issued(get_document(demo_db, document_id), form))
                               .text_lines()).split())

    program_day(monkeypatch, "2026-11-10")
    interview = _held_with_commitments(demo_db, prompts, qtbot, held_on="2026-12-09", held_at="14:30")
    interview = save_interview(demo_db, replace(interview, place="佛山市市场监督管理局三楼会议室",
                                                topics="用户集中投诉反映的骚扰电话问题"))
    party = interview.party_ids[0]
    issue_interview_document(demo_db, data_dir, interview, find_form("interview_notice"), party_id=party)
    form = find_form("interview_delivery_receipt")
    version_2 = earlier_form(form.id, 2)
    assert form.version == 3 and version_2.field("server2").source == "interview.officer2.name"
    old = issue_interview_document(demo_db, data_dir, get_interview(demo_db, interview.id), version_2, party_id=party)
    assert (old.form_version, old.values["server1"], old.values.get("server2") or "") == (2, "欧文辉", "")
    assert "送达人欧文辉送达人签名" in pdf_text(document_pdf(demo_db, data_dir, old.id))  # as issued
    again = composed_again(old.id)
    assert "送达人欧文辉送达人签名" in again and "冯俊杰" not in again
    # issued again under version 3: both the interviewer and the recorder serve it
    void_document(demo_db, old.id, "按第3版重新制作送达回证")
    new = issue_interview_document(demo_db, data_dir, get_interview(demo_db, interview.id), form, party_id=party)
    assert new.form_version == 3
    assert "送达人欧文辉、冯俊杰送达人签名" in pdf_text(document_pdf(demo_db, data_dir, new.id))
    assert "送达人欧文辉、冯俊杰送达人签名" in composed_again(new.id)
    assert "送达人欧文辉送达人签名" in composed_again(old.id)  # the voided one still reads as issued
