"""Two processes on one database: an interview, its follow-up, an evidence item, a publicity activity or an officer
edited in a dialog while another process saves it is refused, saying so, rather than writing back the dialog's copy
over what the other process saved (a 约谈摘要 set with ``interviews edit --summary`` reverting when the window saves
only the place). What the dialog opened with is compared with what is stored when it saves; the command line,
loading the row fresh, saves as before; a dialog saved twice in a row is not refused by its own save."""

import datetime as dt
from dataclasses import replace

import pytest

from PySide6.QtWidgets import QDialog

from ui.case_evidence import EvidenceDialog
from ui.interview_dialog import FollowUpDialog, InterviewDialog
from ui.officers_dialog import OfficersDialog
from ui.publicity_dialog import PublicityDialog
from workstation.errors import WorkstationError
from workstation.records import Interview, Party, Publicity, today
from workstation.store import agency_id_for_code, get_officer, save_officer, save_party
from workstation.store.evidence import get_evidence, update_evidence
from workstation.store.interviews import get_interview, record_follow_up, save_interview
from workstation.store.publicity import save_publicity

SUMMARY = "当事人承认多次未经同意发送商业短信。"
CORRECTED = "CLI更正的约谈摘要：当事人承诺立即整改。"


def audit_count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]


def days_ago(n: int) -> str:
    return (dt.date.fromisoformat(today()) - dt.timedelta(days=n)).isoformat()


@pytest.fixture
def interview(db):
    party = save_party(db, Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91512081MA62K0260E"))
    return save_interview(db, Interview(agency_id=agency_id_for_code("440605"), held_on=days_ago(10),
                                        subject="约谈骚扰电话问题", status="held", place="区局二楼会议室",
                                        summary=SUMMARY, party_ids=[party.id]))


# interviews -------------------------------------------------------------------------------------------------
def test_an_interview_summary_set_elsewhere_is_not_undone_by_the_dialog(db, other, interview, prompts, qtbot,
                                                                       english):
    dialog = InterviewDialog(db, prompts, get_interview(db, interview.id))
    qtbot.addWidget(dialog)
    # ``interviews edit ID --summary …`` in another process
    save_interview(other, replace(get_interview(other, interview.id), summary=CORRECTED))
    entries = audit_count(db)
    dialog.place.setText("区局三楼会议室")
    prompts.confirm_answer = True
    dialog.save()
    assert dialog.saved_interview is None and dialog.result() != dialog.DialogCode.Accepted
    assert prompts.errors == [f"The interview “约谈骚扰电话问题” of {days_ago(10)} was changed elsewhere since you "
                              "opened it: reopen it and apply your changes again."]
    stored = get_interview(db, interview.id)
    assert (stored.summary, stored.place) == (CORRECTED, "区局二楼会议室")
    assert audit_count(db) == entries  # nothing written


def test_save_interview_refuses_an_interview_changed_since_it_was_loaded(db, other, interview):
    loaded = get_interview(db, interview.id)
    save_interview(other, replace(loaded, summary=CORRECTED))
    with pytest.raises(WorkstationError):
        save_interview(db, replace(loaded, place="区局三楼会议室"), loaded=loaded)
    assert get_interview(db, interview.id).place == "区局二楼会议室"
    fresh = get_interview(db, interview.id)  # loaded fresh, as ``interviews edit`` does: saved as before
    save_interview(db, replace(fresh, place="区局三楼会议室"), loaded=fresh)
    save_interview(db, replace(get_interview(db, interview.id), topics="骚扰电话"))
    stored = get_interview(db, interview.id)
    assert (stored.summary, stored.place, stored.topics) == (CORRECTED, "区局三楼会议室", "骚扰电话")


def test_an_interview_dialog_unchanged_elsewhere_saves_and_saves_again(db, interview, prompts, qtbot):
    dialog = InterviewDialog(db, prompts, get_interview(db, interview.id))
    qtbot.addWidget(dialog)
    dialog.place.setText("区局三楼会议室")
    dialog.save()
    assert prompts.errors == [] and get_interview(db, interview.id).place == "区局三楼会议室"
    dialog.texts["topics"].setPlainText("骚扰电话")  # saved twice in a row: its own save is not another's
    dialog.save()
    assert prompts.errors == []
    stored = get_interview(db, interview.id)
    assert (stored.place, stored.topics, stored.summary) == ("区局三楼会议室", "骚扰电话", SUMMARY)


def test_a_follow_up_recorded_elsewhere_is_not_undone_by_the_follow_up_dialog(db, other, interview, prompts, qtbot,
                                                                             english):
    dialog = FollowUpDialog(db, prompts, get_interview(db, interview.id))
    qtbot.addWidget(dialog)
    record_follow_up(other, interview.id, days_ago(1), "复查发现已整改完毕", outcome="rectified")
    entries = audit_count(db)
    dialog.on.setText(today())
    dialog.result.setPlainText("电话联系未能核实")
    dialog.save()
    # its ``result`` is the follow-up's text box: the dialog's own result read through QDialog
    assert dialog.saved_interview is None and QDialog.result(dialog) != QDialog.DialogCode.Accepted
    assert prompts.errors == [f"The interview “约谈骚扰电话问题” of {days_ago(10)} was changed elsewhere since you "
                              "opened it: reopen it and apply your changes again."]
    stored = get_interview(db, interview.id)
    assert (stored.follow_up_on, stored.follow_up_result) == (days_ago(1), "复查发现已整改完毕")
    assert audit_count(db) == entries


def test_the_follow_up_dialog_unchanged_elsewhere_saves_and_saves_again(db, interview, prompts, qtbot):
    dialog = FollowUpDialog(db, prompts, get_interview(db, interview.id))
    qtbot.addWidget(dialog)
    dialog.on.setText(days_ago(1))
    dialog.result.setPlainText("电话联系未能核实")
    dialog.save()
    assert prompts.errors == [] and get_interview(db, interview.id).follow_up_result == "电话联系未能核实"
    dialog.result.setPlainText("复查发现已整改完毕")
    dialog.save()
    assert prompts.errors == [] and get_interview(db, interview.id).follow_up_result == "复查发现已整改完毕"
    # the command line's follow-up, loading the interview itself, records as before
    record_follow_up(db, interview.id, today(), "再次复查已整改", outcome="rectified")
    assert get_interview(db, interview.id).follow_up_result == "再次复查已整改"


# evidence ---------------------------------------------------------------------------------------------------
def test_an_evidence_item_described_elsewhere_is_not_undone_by_the_dialog(db, other, data_dir, make_case, prompts,
                                                                         qtbot, english):
    from tests.helpers import register_evidence

    case = make_case(status="investigating", filed_on=days_ago(30))
    item = register_evidence(db, data_dir, case)
    dialog = EvidenceDialog(db, data_dir, case, prompts, item=get_evidence(db, item.id))
    qtbot.addWidget(dialog)
    update_evidence(other, item.id, source="当事人办公电脑（另一窗口更正）")  # ``evidence edit --source``
    entries = audit_count(db)
    dialog.description.setText("客户名单（窗口更正）")
    dialog.save()
    assert dialog.saved is None and dialog.result() != dialog.DialogCode.Accepted
    assert len(prompts.errors) == 1 and prompts.errors[0].endswith(
        "was changed elsewhere since you opened it: reopen it and apply your changes again.")
    assert prompts.errors[0].startswith("Evidence item 1 (")
    stored = get_evidence(db, item.id)
    assert (stored.source, stored.description) == ("当事人办公电脑（另一窗口更正）", item.description)
    assert audit_count(db) == entries


def test_update_evidence_refuses_an_item_changed_since_it_was_loaded(db, other, data_dir, make_case):
    from tests.helpers import register_evidence

    case = make_case(status="investigating", filed_on=days_ago(30))
    item = register_evidence(db, data_dir, case)
    loaded = get_evidence(db, item.id)
    update_evidence(other, item.id, source="另一窗口")
    with pytest.raises(WorkstationError):
        update_evidence(db, item.id, description="窗口更正", source=loaded.source, loaded=loaded)
    assert get_evidence(db, item.id).source == "另一窗口"
    update_evidence(db, item.id, description="窗口更正", loaded=get_evidence(db, item.id))
    update_evidence(db, item.id, collector="陈志强")
    stored = get_evidence(db, item.id)
    assert (stored.source, stored.description, stored.collector) == ("另一窗口", "窗口更正", "陈志强")


def test_an_evidence_dialog_unchanged_elsewhere_saves(db, data_dir, make_case, prompts, qtbot):
    from tests.helpers import register_evidence

    case = make_case(status="investigating", filed_on=days_ago(30))
    item = register_evidence(db, data_dir, case)
    dialog = EvidenceDialog(db, data_dir, case, prompts, item=get_evidence(db, item.id))
    qtbot.addWidget(dialog)
    dialog.description.setText("客户名单（一）")
    dialog.save()
    assert prompts.errors == [] and get_evidence(db, item.id).description == "客户名单（一）"
    dialog.source.setText("当事人办公电脑")
    dialog.save()
    assert prompts.errors == []
    stored = get_evidence(db, item.id)
    assert (stored.description, stored.source) == ("客户名单（一）", "当事人办公电脑")


# publicity --------------------------------------------------------------------------------------------------
@pytest.fixture
def activity(db):
    return save_publicity(db, Publicity(agency_id=agency_id_for_code("440605"), held_on=days_ago(3),
                                        title="个人信息保护进社区宣传活动", flyers=300, sms=0, participants=50))


def test_a_publicity_activity_corrected_elsewhere_is_not_undone_by_the_dialog(db, other, activity, prompts, qtbot,
                                                                             english):
    from workstation.store.publicity import get_publicity

    dialog = PublicityDialog(db, prompts, get_publicity(db, activity.id))
    qtbot.addWidget(dialog)
    save_publicity(other, replace(get_publicity(other, activity.id), flyers=1200))  # ``publicity edit --flyers``
    entries = audit_count(db)
    dialog.texts["participants"].setText("80")
    dialog.save()
    assert dialog.saved_publicity is None and dialog.result() != dialog.DialogCode.Accepted
    assert prompts.errors == [f"The publicity activity “个人信息保护进社区宣传活动” of {days_ago(3)} was changed "
                              "elsewhere since you opened it: reopen it and apply your changes again."]
    stored = get_publicity(db, activity.id)
    assert (stored.flyers, stored.participants) == (1200, 50)
    assert audit_count(db) == entries


def test_save_publicity_refuses_an_activity_changed_since_it_was_loaded(db, other, activity):
    from workstation.store.publicity import get_publicity

    loaded = get_publicity(db, activity.id)
    save_publicity(other, replace(loaded, flyers=1200))
    with pytest.raises(WorkstationError):
        save_publicity(db, replace(loaded, participants=80), loaded=loaded)
    fresh = get_publicity(db, activity.id)
    save_publicity(db, replace(fresh, participants=80), loaded=fresh)
    save_publicity(db, replace(get_publicity(db, activity.id), sms=10))
    stored = get_publicity(db, activity.id)
    assert (stored.flyers, stored.participants, stored.sms) == (1200, 80, 10)


def test_a_publicity_dialog_unchanged_elsewhere_saves_and_saves_again(db, activity, prompts, qtbot):
    from workstation.store.publicity import get_publicity

    dialog = PublicityDialog(db, prompts, get_publicity(db, activity.id))
    qtbot.addWidget(dialog)
    dialog.texts["participants"].setText("80")
    dialog.save()
    assert prompts.errors == [] and get_publicity(db, activity.id).participants == 80
    dialog.texts["flyers"].setText("1,200")
    dialog.save()
    assert prompts.errors == []
    stored = get_publicity(db, activity.id)
    assert (stored.participants, stored.flyers) == (80, 1200)


# officers ---------------------------------------------------------------------------------------------------
def _edit(dialog, officer) -> None:
    ids = [o.id for o in dialog.model.records]
    dialog.table.selectRow(ids.index(officer.id))
    assert dialog.editing.id == officer.id


def test_an_officer_deactivated_elsewhere_is_not_taken_back_by_the_register(db, other, officers, prompts, qtbot,
                                                                           english):
    from workstation.store import set_officer_active

    officer = officers["新同事"]
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    _edit(dialog, officer)
    set_officer_active(other, officer.id, False)  # ``officers deactivate`` in another process
    entries = audit_count(db)
    dialog.cert_no.setText("44060512003")
    dialog.save()
    assert prompts.errors == ["Officer “新同事” was changed elsewhere since you opened them: reopen them and apply "
                              "your changes again."]
    stored = get_officer(db, officer.id)
    assert (stored.active, stored.cert_no) == (False, "")
    assert audit_count(db) == entries


def test_save_officer_refuses_an_officer_changed_since_loaded(db, other, officers):
    loaded = get_officer(db, officers["新同事"].id)
    save_officer(other, replace(loaded, cert_no="44060512009"))
    with pytest.raises(WorkstationError):
        save_officer(db, replace(loaded, name="新同事甲"), loaded=loaded)
    assert get_officer(db, loaded.id).name == "新同事"
    fresh = get_officer(db, loaded.id)
    save_officer(db, replace(fresh, name="新同事甲"), loaded=fresh)
    save_officer(db, replace(get_officer(db, loaded.id), agency_id=agency_id_for_code("440605")))
    stored = get_officer(db, loaded.id)
    assert (stored.name, stored.cert_no) == ("新同事甲", "44060512009")


def test_the_officers_register_unchanged_elsewhere_saves_and_saves_again(db, officers, prompts, qtbot):
    officer = officers["新同事"]
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    _edit(dialog, officer)
    dialog.cert_no.setText("44060512003")
    dialog.save()
    assert prompts.errors == [] and get_officer(db, officer.id).cert_no == "44060512003"
    _edit(dialog, get_officer(db, officer.id))  # chosen again after the save: as stored now
    dialog.name.setText("新同事乙")
    dialog.save()
    assert prompts.errors == []
    stored = get_officer(db, officer.id)
    assert (stored.name, stored.cert_no) == ("新同事乙", "44060512003")
