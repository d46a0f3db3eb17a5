"""A dialog opened on a party, an interview, its follow-up, an evidence item, a publicity activity or an officer
reads it as stored when it opens, not as the page opening it last read it: a change saved elsewhere before the
dialog opened (another process, another case tab sharing the party) is shown and saved over as the officer means,
not refused — and not refused at every retry, the page handing over the same stale copy. A change saved between
opening and saving is still refused; the page then reads the record again, so reopening it works."""

import datetime as dt
from dataclasses import replace

import pytest

from PySide6.QtWidgets import QDialog

from ui.case_evidence import CaseEvidence, EvidenceDialog
from ui.case_workspace import CaseWorkspace
from ui.interview_dialog import FollowUpDialog, InterviewDialog
from ui.interviews_page import InterviewsPage
from ui.officers_dialog import OfficersDialog
from ui.party_dialog import PartyDialog
from ui.publicity_dialog import PublicityDialog
from ui.publicity_page import PublicityTab
from workstation.records import Interview, Party, Publicity, today
from workstation.store import agency_id_for_code, get_officer, save_officer, save_party
from workstation.store.evidence import get_evidence, update_evidence
from workstation.store.interviews import get_interview, record_follow_up, save_interview
from workstation.store.parties import get_party
from workstation.store.publicity import get_publicity, save_publicity

MOVED = "佛山市顺德区新地址路1号"
SUMMARY = "当事人承认多次未经同意发送商业短信。"
CORRECTED = "CLI更正的约谈摘要：当事人承诺立即整改。"


def days_ago(n: int) -> str:
    return (dt.date.fromisoformat(today()) - dt.timedelta(days=n)).isoformat()


def scripted(monkeypatch, cls, act):
    """``cls.exec`` replaced: ``act(dialog)`` types and saves as the officer would, then the dialog is closed
    (rejected when its save was refused); the dialogs seen are kept."""
    seen = []

    def exec_(dialog) -> int:
        seen.append(dialog)
        act(dialog)
        if QDialog.result(dialog) != QDialog.DialogCode.Accepted:
            QDialog.reject(dialog)
        return QDialog.result(dialog)

    monkeypatch.setattr(cls, "exec", exec_)
    return seen


# parties ----------------------------------------------------------------------------------------------------
def test_a_stale_party_handed_to_the_dialog_is_read_again(db, other, make_case, prompts, qtbot):
    case = make_case()
    stale = get_party(db, case.party_ids[0])
    save_party(other, replace(get_party(other, stale.id), address=MOVED))  # before the dialog opens
    dialog = PartyDialog(db, prompts, stale)
    qtbot.addWidget(dialog)
    assert dialog.edits["address"].text() == MOVED  # shown as stored now
    dialog.edits["legal_rep"].setText("张三")
    dialog.save()
    assert prompts.errors == []
    stored = get_party(db, stale.id)
    assert (stored.address, stored.legal_rep) == (MOVED, "张三")


def test_a_party_changed_between_opening_and_saving_is_still_refused(db, other, make_case, prompts, qtbot):
    case = make_case()
    dialog = PartyDialog(db, prompts, get_party(db, case.party_ids[0]))
    qtbot.addWidget(dialog)
    save_party(other, replace(get_party(other, case.party_ids[0]), address=MOVED))
    dialog.edits["legal_rep"].setText("张三")
    dialog.save()
    assert len(prompts.errors) == 1 and dialog.saved_party is None
    assert get_party(db, case.party_ids[0]).legal_rep != "张三"


def test_two_case_tabs_sharing_a_party_each_edit_it(db, data_dir, make_case, prompts, qtbot, monkeypatch):
    first, second = make_case(), make_case()
    party_id = first.party_ids[0]
    assert second.party_ids == [party_id]
    tab_a = CaseWorkspace(db, first.id, prompts, ask_transition=lambda *_a, **_k: None, data_dir=data_dir)
    tab_b = CaseWorkspace(db, second.id, prompts, ask_transition=lambda *_a, **_k: None, data_dir=data_dir)
    qtbot.addWidget(tab_a)
    qtbot.addWidget(tab_b)
    typed = {"address": MOVED}

    def act(dialog):
        for field, value in typed.items():
            dialog.edits[field].setText(value)
        dialog.save()

    scripted(monkeypatch, PartyDialog, act)
    from PySide6.QtWidgets import QPushButton

    tab_a.findChild(QPushButton, f"edit_party_{party_id}").click()
    assert prompts.errors == [] and get_party(db, party_id).address == MOVED
    typed.clear()
    typed["legal_rep"] = "王五"
    tab_b.findChild(QPushButton, f"edit_party_{party_id}").click()  # tab B still shows the party as it was
    assert prompts.errors == []
    stored = get_party(db, party_id)
    assert (stored.address, stored.legal_rep) == (MOVED, "王五")


def test_after_a_refused_party_save_the_workspace_reads_it_again_and_reopening_works(
        db, other, data_dir, make_case, prompts, qtbot, monkeypatch):
    from PySide6.QtWidgets import QLabel, QPushButton

    case = make_case()
    party_id = case.party_ids[0]
    workspace = CaseWorkspace(db, case.id, prompts, ask_transition=lambda *_a, **_k: None, data_dir=data_dir)
    qtbot.addWidget(workspace)
    meddle = [True]

    def act(dialog):
        if meddle.pop() if meddle else False:  # the first time, another process saves while it is open
            save_party(other, replace(get_party(other, party_id), address=MOVED))
        dialog.edits["legal_rep"].setText("张三")
        dialog.save()

    scripted(monkeypatch, PartyDialog, act)
    workspace.findChild(QPushButton, f"edit_party_{party_id}").click()
    assert len(prompts.errors) == 1 and get_party(db, party_id).legal_rep != "张三"
    assert MOVED in workspace.findChild(QLabel, f"party_{party_id}").text()  # the other change is shown
    workspace.findChild(QPushButton, f"edit_party_{party_id}").click()  # reopened
    assert len(prompts.errors) == 1
    stored = get_party(db, party_id)
    assert (stored.address, stored.legal_rep) == (MOVED, "张三")


# interviews -------------------------------------------------------------------------------------------------
@pytest.fixture
def interview(db):
    party = save_party(db, Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91512081MA62K0260E"))
    return save_interview(db, Interview(agency_id=agency_id_for_code("440605"), held_on=days_ago(10),
                                        subject="约谈骚扰电话问题", status="held", place="区局二楼会议室",
                                        summary=SUMMARY, party_ids=[party.id]))


def test_an_interview_changed_before_the_dialog_opens_is_shown_and_saved(db, other, interview, prompts, qtbot):
    stale = get_interview(db, interview.id)
    save_interview(other, replace(get_interview(other, interview.id), summary=CORRECTED))
    dialog = InterviewDialog(db, prompts, stale)
    qtbot.addWidget(dialog)
    dialog.place.setText("区局三楼会议室")
    prompts.confirm_answer = True
    dialog.save()
    assert prompts.errors == [] and dialog.saved_interview is not None
    stored = get_interview(db, interview.id)
    assert (stored.summary, stored.place) == (CORRECTED, "区局三楼会议室")


def test_a_follow_up_dialog_opened_on_a_stale_interview_records(db, other, interview, prompts, qtbot):
    stale = get_interview(db, interview.id)
    record_follow_up(other, interview.id, days_ago(2), "电话联系未能核实")
    dialog = FollowUpDialog(db, prompts, stale)
    qtbot.addWidget(dialog)
    assert dialog.result.toPlainText() == "电话联系未能核实"  # shown as stored now
    dialog.on.setText(days_ago(1))
    dialog.result.setPlainText("复查发现已整改完毕")
    dialog.save()
    assert prompts.errors == [] and get_interview(db, interview.id).follow_up_result == "复查发现已整改完毕"


def test_interviews_page_after_a_change_elsewhere_edits_and_after_a_refusal_reopens(
        db, other, data_dir, interview, prompts, qtbot, monkeypatch):
    page = InterviewsPage(db, data_dir, prompts)
    qtbot.addWidget(page)
    page.select(interview.id)
    # another process saves while the page shows the interview as it read it
    save_interview(other, replace(get_interview(other, interview.id), summary=CORRECTED))
    place = ["区局三楼会议室"]
    meddle = []

    def act(dialog):
        if meddle:
            save_interview(other, replace(get_interview(other, interview.id), topics=meddle.pop()))
        dialog.place.setText(place[0])
        dialog.save()

    prompts.confirm_answer = True
    scripted(monkeypatch, InterviewDialog, act)
    page.edit_interview()
    assert prompts.errors == []
    assert (get_interview(db, interview.id).summary, get_interview(db, interview.id).place) == (
        CORRECTED, "区局三楼会议室")
    meddle.append("骚扰电话")  # changed between opening and saving: refused
    place[0] = "区局四楼会议室"
    page.edit_interview()
    assert len(prompts.errors) == 1 and get_interview(db, interview.id).place == "区局三楼会议室"
    assert page.selected_row().interview.topics == "骚扰电话"  # the register read it again
    page.edit_interview()  # reopened from the page: saved
    assert len(prompts.errors) == 1
    stored = get_interview(db, interview.id)
    assert (stored.place, stored.topics, stored.summary) == ("区局四楼会议室", "骚扰电话", CORRECTED)
    assert page.selected_row().interview.place == "区局四楼会议室"


def test_interviews_page_follow_up_after_a_change_elsewhere(db, other, data_dir, interview, prompts, qtbot,
                                                           monkeypatch):
    page = InterviewsPage(db, data_dir, prompts)
    qtbot.addWidget(page)
    page.select(interview.id)
    record_follow_up(other, interview.id, days_ago(2), "电话联系未能核实")

    def act(dialog):
        dialog.on.setText(days_ago(1))
        dialog.result.setPlainText("复查发现已整改完毕")
        dialog.save()

    scripted(monkeypatch, FollowUpDialog, act)
    page.follow_up()
    assert prompts.errors == [] and get_interview(db, interview.id).follow_up_result == "复查发现已整改完毕"


# evidence ---------------------------------------------------------------------------------------------------
def test_an_evidence_item_changed_before_the_dialog_opens_is_shown_and_saved(db, other, data_dir, make_case,
                                                                            prompts, qtbot):
    from tests.helpers import register_evidence

    case = make_case(status="investigating", filed_on=days_ago(30))
    item = register_evidence(db, data_dir, case)
    stale = get_evidence(db, item.id)
    update_evidence(other, item.id, source="另一窗口更正的来源")
    dialog = EvidenceDialog(db, data_dir, case, prompts, item=stale)
    qtbot.addWidget(dialog)
    assert dialog.source.text() == "另一窗口更正的来源"
    dialog.description.setText("客户名单（窗口更正）")
    dialog.save()
    assert prompts.errors == []
    stored = get_evidence(db, item.id)
    assert (stored.source, stored.description) == ("另一窗口更正的来源", "客户名单（窗口更正）")


def test_evidence_register_after_a_refusal_reads_again_and_reopening_works(db, other, data_dir, make_case,
                                                                          prompts, qtbot, monkeypatch):
    from tests.helpers import register_evidence

    case = make_case(status="investigating", filed_on=days_ago(30))
    item = register_evidence(db, data_dir, case)
    register = CaseEvidence(db, data_dir, case, prompts)
    qtbot.addWidget(register)
    register.view.selectRow(0)
    update_evidence(other, item.id, collector="陈志强、黄丽娟")  # before it is opened: no refusal
    meddle = []

    def act(dialog):
        if meddle:
            update_evidence(other, item.id, source=meddle.pop())
        dialog.description.setText("客户名单（窗口更正）")
        dialog.save()

    scripted(monkeypatch, EvidenceDialog, act)
    register.edit_selected()
    assert prompts.errors == [] and get_evidence(db, item.id).description == "客户名单（窗口更正）"
    assert get_evidence(db, item.id).collector == "陈志强、黄丽娟"
    meddle.append("另一窗口更正的来源")
    register.view.selectRow(0)
    register.edit_selected()  # changed between opening and saving
    assert len(prompts.errors) == 1
    assert register.model.records[0].source == "另一窗口更正的来源"  # the register read it again
    update_evidence(db, item.id, description="客户名单")
    register.view.selectRow(0)
    register.edit_selected()  # reopened: saved
    assert len(prompts.errors) == 1
    stored = get_evidence(db, item.id)
    assert (stored.source, stored.description) == ("另一窗口更正的来源", "客户名单（窗口更正）")


# publicity and officers -------------------------------------------------------------------------------------
def test_a_publicity_activity_changed_before_the_dialog_opens_is_saved(db, other, prompts, qtbot):
    activity = save_publicity(db, Publicity(agency_id=agency_id_for_code("440605"), held_on=days_ago(3),
                                            title="个人信息保护进社区宣传活动", flyers=300, sms=0, participants=50))
    stale = get_publicity(db, activity.id)
    save_publicity(other, replace(get_publicity(other, activity.id), flyers=1200))
    dialog = PublicityDialog(db, prompts, stale)
    qtbot.addWidget(dialog)
    dialog.texts["participants"].setText("80")
    dialog.save()
    assert prompts.errors == []
    stored = get_publicity(db, activity.id)
    assert (stored.flyers, stored.participants) == (1200, 80)


def test_publicity_page_after_a_refusal_reopens(db, other, data_dir, prompts, qtbot, monkeypatch):
    activity = save_publicity(db, Publicity(agency_id=agency_id_for_code("440605"), held_on=days_ago(3),
                                            title="个人信息保护进社区宣传活动", flyers=300, sms=0, participants=50))
    page = PublicityTab(db, prompts)
    qtbot.addWidget(page)
    ids = [p.id for p in page.model.records]
    page.view.selectRow(ids.index(activity.id))
    meddle = [1200]

    def act(dialog):
        if meddle:
            save_publicity(other, replace(get_publicity(other, activity.id), flyers=meddle.pop()))
        dialog.texts["participants"].setText("80")
        dialog.save()

    scripted(monkeypatch, PublicityDialog, act)
    page.edit_activity()
    assert len(prompts.errors) == 1
    assert page.selected().flyers == 1200  # the log read it again
    page.edit_activity()
    assert len(prompts.errors) == 1
    stored = get_publicity(db, activity.id)
    assert (stored.flyers, stored.participants) == (1200, 80)


def test_an_officer_changed_after_the_register_listed_them_is_saved(db, other, officers, prompts, qtbot):
    officer = officers["新同事"]
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    save_officer(other, replace(get_officer(other, officer.id), cert_no="44060512009"))  # after the list was read
    ids = [o.id for o in dialog.model.records]
    dialog.table.selectRow(ids.index(officer.id))
    assert dialog.cert_no.text() == "44060512009"
    dialog.name.setText("新同事甲")
    dialog.save()
    assert prompts.errors == []
    stored = get_officer(db, officer.id)
    assert (stored.name, stored.cert_no) == ("新同事甲", "44060512009")


def test_after_a_refused_officer_save_choosing_them_again_reopens_them(db, other, officers, prompts, qtbot):
    officer = officers["新同事"]
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    ids = [o.id for o in dialog.model.records]
    dialog.table.selectRow(ids.index(officer.id))
    save_officer(other, replace(get_officer(other, officer.id), cert_no="44060512009"))  # while it is open
    dialog.name.setText("新同事甲")
    dialog.save()
    assert len(prompts.errors) == 1 and get_officer(db, officer.id).name == "新同事"
    listed = {o.id: o for o in dialog.model.records}
    assert listed[officer.id].cert_no == "44060512009"  # the list read them again
    prompts.confirm_answer = True  # the name typed is dropped: reopened as stored
    dialog.table.selectRow([o.id for o in dialog.model.records].index(officer.id))
    assert dialog.cert_no.text() == "44060512009"
    dialog.name.setText("新同事甲")
    dialog.save()
    assert len(prompts.errors) == 1
    stored = get_officer(db, officer.id)
    assert (stored.name, stored.cert_no) == ("新同事甲", "44060512009")
