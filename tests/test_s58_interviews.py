"""Faults of the interviews audit (约谈, s58): a follow-up of every party of a joint interview no longer replaces a
party's own different result silently — refused naming it, asked about in the window —; an interview not held
carries no follow-up result, nor is its deadline on the board or overdue until it is held, and `interviews absent`
names a follow-up left on it in words; an interim follow-up chosen as not verified is not refused for what its text
says; an interview is not linked to another agency's lead, and escalating never takes over such a lead; the 约谈纪要
names its recorder 罗建华（记录人）."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtWidgets import QDialogButtonBox

from tests.helpers import move_program_clock, run, run_json
from workstation.errors import ValidationError, WorkstationError
from workstation.records import SHANGHAI, Case, Interview
from workstation.store import agency_id_for_code, create_case
from workstation.store.interviews import (
    case_prefill,
    escalate_to_case,
    follow_up_errors,
    get_interview,
    overdue_follow_ups,
    party_result,
    record_follow_up,
    save_interview,
)

DEVELOPERS = "c2ff665f-c497-56ce-8d56-99e700f7bacb"  # the demo's joint interview of three developers, all rectified
MICRO_LOAN = "5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5"  # one association, held, never followed up: overdue
SANSHUI = "佛山市三水区铂翊房地产开发有限公司"
Q = "佛山市禅城区禾屿教育科技有限公司"
STUDIO_ID = "20d7f887-658a-5fd3-b5b7-e46e4c33b3f0"
CHANCHENG_LEAD = "9a75a0a5-a38b-52bc-9acb-ccef524ed1db"  # assigned to 禅城区局, open, sector microloan
OFFICERS = ("--officer", "李明:科长", "--officer", "罗建华:科员", "--attendee", "王五:法定代表人")


def _at(monkeypatch, day: str, clock: str = "10:00") -> None:
    move_program_clock(monkeypatch, dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=SHANGHAI))


def _party(db, name: str) -> str:
    return db.execute("SELECT id FROM parties WHERE name = ?", [name]).fetchone()[0]


def _sanshui_not_rectified(db) -> str:
    """铂翊's own follow-up of the joint interview: not rectified, to be escalated."""
    sanshui = _party(db, SANSHUI)
    record_follow_up(db, DEVELOPERS, "2026-06-20", "复查发现仍未整改到位", sanshui, "not_rectified")
    return sanshui


def _on_board(db, interview_id: str) -> bool:
    from workstation.clocks import board

    return interview_id in {d.interview_id for d in board(db)}


# 1. a follow-up of every party ---------------------------------------------------------------------------------------
def test_a_follow_up_of_every_party_is_refused_over_a_partys_own_other_result(demo_db, monkeypatch, english):
    _at(monkeypatch, "2026-12-22")
    sanshui = _sanshui_not_rectified(demo_db)
    before = get_interview(demo_db, DEVELOPERS)
    with pytest.raises(WorkstationError) as refused:
        record_follow_up(demo_db, DEVELOPERS, "2026-07-01", "三家均已整改", outcome="rectified")
    message = str(refused.value)
    assert SANSHUI in message and "复查发现仍未整改到位" in message and "2026-06-20" in message, message
    assert "Not rectified" in message and "--party" in message and "--replace-own" in message, message
    assert get_interview(demo_db, DEVELOPERS) == before  # nothing written
    saved = record_follow_up(demo_db, DEVELOPERS, "2026-07-01", "三家均已整改", outcome="rectified",
                             replace_own=True)
    assert {party_result(saved, p).follow_up_result for p in saved.party_ids} == {"三家均已整改"}
    assert party_result(saved, sanshui).follow_up_outcome == "rectified"


def test_the_same_result_for_every_party_is_not_refused(demo_db, monkeypatch, english):
    _at(monkeypatch, "2026-12-22")
    sanshui = _sanshui_not_rectified(demo_db)
    saved = record_follow_up(demo_db, DEVELOPERS, "2026-06-20", "复查发现仍未整改到位", outcome="not_rectified")
    assert party_result(saved, sanshui).follow_up_result == "复查发现仍未整改到位"


def test_the_command_line_refuses_it_naming_the_party_and_what_to_give(demo_db, data_dir, capsys, monkeypatch,
                                                                       english):
    _at(monkeypatch, "2026-12-22")
    _sanshui_not_rectified(demo_db)
    before = get_interview(demo_db, DEVELOPERS)
    code, out, err = run(capsys, "interviews", "follow-up", DEVELOPERS, "--on", "2026-07-01", "--result",
                         "三家均已整改", "--outcome", "rectified", "--data-dir", data_dir)
    assert code == 1 and out == "", err
    assert SANSHUI in err and "复查发现仍未整改到位" in err and "--party" in err and "--replace-own" in err, err
    assert get_interview(demo_db, DEVELOPERS) == before


def test_the_follow_up_dialog_lists_the_parties_own_results_and_asks(demo_db, qtbot, prompts, monkeypatch, english):
    from ui.interview_dialog import FollowUpDialog

    _at(monkeypatch, "2026-12-22")
    sanshui = _sanshui_not_rectified(demo_db)
    before = get_interview(demo_db, DEVELOPERS)
    dialog = FollowUpDialog(demo_db, prompts, before)
    qtbot.addWidget(dialog)
    assert dialog.party.currentData() is None  # every party, the default
    dialog.on.setText("2026-07-01")
    dialog.result.setPlainText("三家均已整改")
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("rectified"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()  # answered No, the default
    question = prompts.confirmations[-1]
    assert SANSHUI in question and "复查发现仍未整改到位" in question and "Not rectified" in question, question
    assert question in prompts.destructive and not prompts.errors
    assert dialog.saved_interview is None and get_interview(demo_db, DEVELOPERS) == before
    prompts.confirm_answers = [True]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    after = get_interview(demo_db, DEVELOPERS)
    assert party_result(after, sanshui).follow_up_result == "三家均已整改" and not prompts.errors


# 2. an interview not held ----------------------------------------------------------------------------------------------
def test_a_scheduled_interview_takes_no_follow_up_result(demo_db, qtbot, prompts, monkeypatch, english):
    from ui.interview_dialog import InterviewDialog

    _at(monkeypatch, "2026-12-22")
    scheduled = save_interview(demo_db, Interview(
        agency_id=agency_id_for_code("440608"), held_on="2026-12-10", held_at="09:30", subject="约谈工作室",
        party_ids=[STUDIO_ID], topics="骚扰电话", status="scheduled"))
    dialog = InterviewDialog(demo_db, prompts, scheduled)
    qtbot.addWidget(dialog)
    assert not dialog.held.isChecked()
    dialog.dates["follow_up_on"].setText("2026-12-20")
    dialog.texts["follow_up_result"].setPlainText("当事人未整改，继续拨打")
    errors = dialog.validate()
    assert "not marked held" in errors.get("follow_up_result", ""), errors
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    stored = get_interview(demo_db, scheduled.id)
    assert stored.follow_up_result == "" and stored.follow_up_outcome is None
    with pytest.raises(ValidationError) as refused:
        save_interview(demo_db, Interview(**{**scheduled.__dict__, "follow_up_on": "2026-12-20",
                                             "follow_up_result": "未整改", "follow_up_outcome": "not_rectified"}))
    assert "follow_up_result" in refused.value.errors
    # a planned follow-up date, without its result, may be set ahead
    planned = save_interview(demo_db, Interview(**{**scheduled.__dict__, "follow_up_on": "2027-01-20"}))
    assert planned.follow_up_on == "2027-01-20"


def test_unticking_held_takes_the_interview_off_the_board_and_the_overdue_count(demo_db, qtbot, prompts, monkeypatch,
                                                                                make_window, english):
    from ui.interview_dialog import InterviewDialog

    _at(monkeypatch, "2026-12-22")
    assert MICRO_LOAN in [i.id for i in overdue_follow_ups(demo_db)] and _on_board(demo_db, MICRO_LOAN)
    dialog = InterviewDialog(demo_db, prompts, get_interview(demo_db, MICRO_LOAN))
    qtbot.addWidget(dialog)
    dialog.held.setChecked(False)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert get_interview(demo_db, MICRO_LOAN).status == "scheduled" and not prompts.errors
    assert get_interview(demo_db, MICRO_LOAN).rectification_due == "2026-07-03"  # kept, not awaited
    assert MICRO_LOAN not in [i.id for i in overdue_follow_ups(demo_db)]
    assert not _on_board(demo_db, MICRO_LOAN)
    page = make_window(demo_db).interviews_page
    page.refresh()
    row = next(r for r in page.rows if r.interview.id == MICRO_LOAN)
    assert not row.overdue


def test_unticking_held_with_a_follow_up_is_refused(demo_db, qtbot, prompts, monkeypatch, english):
    from ui.interview_dialog import InterviewDialog

    _at(monkeypatch, "2026-12-22")
    record_follow_up(demo_db, MICRO_LOAN, "2026-12-20", "协会未报送整改情况", outcome="not_rectified")
    dialog = InterviewDialog(demo_db, prompts, get_interview(demo_db, MICRO_LOAN))
    qtbot.addWidget(dialog)
    dialog.held.setChecked(False)
    errors = dialog.validate()
    assert "not marked held" in errors.get("follow_up_result", "") and "clear" in errors["follow_up_result"], errors
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert get_interview(demo_db, MICRO_LOAN).status == "held"


def test_a_future_interview_with_a_deadline_is_on_the_board_once_held(demo_db, data_dir, capsys, monkeypatch,
                                                                     english):
    _at(monkeypatch, "2026-12-04")
    added = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--party", Q, "--date", "2026-12-21",
                     "--time", "10:00", "--place", "区局", "--topics", "骚扰电话", "--commitments", "停止拨打",
                     "--deadline", "2027-01-08", *OFFICERS)
    assert added["state"] == "scheduled"
    assert get_interview(demo_db, added["id"]).rectification_due == "2027-01-08"  # kept
    assert not _on_board(demo_db, added["id"])
    code, out, _err = run(capsys, "clocks", "--data-dir", data_dir)
    assert "2026-12-21" not in out
    _at(monkeypatch, "2027-01-12")  # its day and deadline passed, never marked held: not overdue
    assert not _on_board(demo_db, added["id"])
    assert added["id"] not in [i.id for i in overdue_follow_ups(demo_db)]
    assert run(capsys, "interviews", "held", "--data-dir", data_dir, added["id"])[0] == 0
    assert _on_board(demo_db, added["id"]) and added["id"] in [i.id for i in overdue_follow_ups(demo_db)]


def test_absent_names_a_follow_up_left_on_an_interview_not_held_in_words(demo_db, data_dir, capsys, monkeypatch,
                                                                         english):
    _at(monkeypatch, "2026-12-22")
    scheduled = save_interview(demo_db, Interview(
        agency_id=agency_id_for_code("440608"), held_on="2026-12-10", held_at="09:30", subject="约谈工作室",
        party_ids=[STUDIO_ID], topics="骚扰电话", status="scheduled"))
    # as a version before this one stored it
    demo_db.execute("UPDATE interviews SET follow_up_on = '2026-12-20', follow_up_result = '当事人未整改' WHERE id = ?",
                    [scheduled.id])
    code, _out, err = run(capsys, "interviews", "absent", "--data-dir", data_dir, scheduled.id, "--reason",
                          "经电话通知未到场", "--without-notice")
    assert code == 1 and "follow_up_on" not in err and "follow_up_result" not in err, err
    assert "Follow-up on" in err and "Follow-up result" in err and "Edit" in err, err
    assert get_interview(demo_db, scheduled.id).status == "scheduled"


# 3. an interim follow-up not verified -----------------------------------------------------------------------------------
def test_an_interim_follow_up_chosen_not_verified_is_not_refused_for_its_words(demo_db, data_dir, capsys,
                                                                              monkeypatch, english):
    _at(monkeypatch, "2026-12-04")
    interview = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--party", Q, "--date", "2026-12-01",
                         "--time", "9:30", "--place", "区局", "--topics", "骚扰电话", "--commitments", "停止拨打",
                         "--deadline", "2026-12-30", *OFFICERS)["id"]
    text = "回访时企业仍在清理客户名单，承诺按期报送整改情况"
    stored = get_interview(demo_db, interview)
    assert follow_up_errors(demo_db, stored, "2026-12-04", text)  # no outcome chosen: its words are read
    assert follow_up_errors(demo_db, stored, "2026-12-04", text, "not_rectified")
    assert follow_up_errors(demo_db, stored, "2026-12-04", text, "unverified") == {}
    code, _out, err = run(capsys, "interviews", "follow-up", "--data-dir", data_dir, interview, "--on", "2026-12-04",
                          "--result", text, "--outcome", "unverified")
    assert code == 0, err
    assert get_interview(demo_db, interview).follow_up_outcome == "unverified"


# 4. another agency's lead ------------------------------------------------------------------------------------------------
def _nanhai_interview(db, **values) -> Interview:
    party = _party(db, SANSHUI)
    return save_interview(db, Interview(
        agency_id=agency_id_for_code("440605"), held_on="2026-11-20", held_at="09:30", subject="约谈铂翊",
        party_ids=[party], topics="骚扰电话", commitments="停止拨打", rectification_due="2026-12-11",
        status="held", **values))


def test_an_interview_is_not_linked_to_another_agencys_lead(demo_db, data_dir, capsys, monkeypatch, english):
    _at(monkeypatch, "2026-12-22")
    with pytest.raises(ValidationError) as refused:
        _nanhai_interview(demo_db, lead_id=CHANCHENG_LEAD)
    message = refused.value.errors["lead_id"]
    assert "佛山市禅城区市场监督管理局" in message and "2026-10-30" in message, message
    code, _out, err = run(capsys, "interviews", "add", "--data-dir", data_dir, "--party", SANSHUI, "--date",
                          "2026-12-01", "--time", "9:30", "--topics", "骚扰电话", "--agency", "440605", "--lead",
                          CHANCHENG_LEAD, *OFFICERS)
    assert code == 1 and "--lead" in err and "佛山市禅城区市场监督管理局" in err, err
    # a lead of the interviewing bureau itself is linked
    own = demo_db.execute("SELECT l.id FROM leads l JOIN agencies a ON a.id = l.agency_id WHERE a.code = '440605' "
                          "ORDER BY l.received_at LIMIT 1").fetchone()[0]
    assert _nanhai_interview(demo_db, lead_id=own).lead_id == own


def test_escalating_never_takes_over_another_agencys_lead(demo_db, monkeypatch, english):
    from workstation.leads_workflow import get_lead_row

    _at(monkeypatch, "2026-12-22")
    interview = _nanhai_interview(demo_db)
    demo_db.execute("UPDATE interviews SET lead_id = ? WHERE id = ?", [CHANCHENG_LEAD, interview.id])  # as linked
    record_follow_up(demo_db, interview.id, "2026-12-15", "仍在拨打，未整改", outcome="not_rectified")
    interview = get_interview(demo_db, interview.id)
    prefill = case_prefill(demo_db, interview)
    assert prefill["sector"] != "microloan"  # not the other agency's lead's
    case = create_case(demo_db, Case(case_number="", cause="涉嫌拨打骚扰电话案", sector="real_estate",
                                     agency_id=prefill["agency_id"], status="pending_filing",
                                     party_ids=list(interview.party_ids)))
    assert escalate_to_case(demo_db, interview.id, case.id).case_id == case.id
    lead = get_lead_row(demo_db, CHANCHENG_LEAD)
    assert lead["case_id"] is None and lead["status"] == "assigned"


# 5. the 约谈纪要's recorder ----------------------------------------------------------------------------------------------
def test_the_minutes_name_the_recorder_by_his_post_alone(demo_db):
    from workstation.formkit.interview_values import interview_context
    from workstation.formkit.spec import earlier_form, load_forms

    bureau = "佛山市南海区市场监督管理局"
    interview = _nanhai_interview(demo_db, attendees=[
        {"name": "李明", "organisation": bureau, "post": "科长"},
        {"name": "罗建华", "organisation": bureau, "post": "记录人"},
        {"name": "张三", "organisation": SANSHUI, "post": "法定代表人"}])
    line = interview_context(demo_db, interview)["interview.attendees"].splitlines()[0]
    assert line == f"本局参加人员：李明（{bureau}科长）、罗建华（记录人）", line
    minutes = load_forms()[0]["interview_minutes"]
    assert minutes.version == 11 and earlier_form("interview_minutes", 10) is not None  # s65: dated today


# 6. a party's own follow-up on an interview not held --------------------------------------------------------------------
EVERY_PARTY = "Use the follow-up above for every party"  # the editor's button, as the refusals name it


def _two_developers(db, **values) -> Interview:
    """A joint interview of 铂翊 and another developer held by the 南海区局."""
    sanshui = _party(db, SANSHUI)
    other = next(p for p in get_interview(db, DEVELOPERS).party_ids if p != sanshui)
    return save_interview(db, Interview(
        agency_id=agency_id_for_code("440605"), held_on="2026-11-20", held_at="09:30", subject="约谈两家开发企业",
        party_ids=[sanshui, other], topics="骚扰电话", commitments="停止拨打", rectification_due="2026-12-11",
        status="held", **values))


def _joint_held(db) -> tuple[Interview, str]:
    """``_two_developers``, followed up for 铂翊 alone (not rectified); with 铂翊's id."""
    sanshui = _party(db, SANSHUI)
    interview = _two_developers(db)
    return record_follow_up(db, interview.id, "2026-12-15", "仍在拨打，未整改", sanshui, "not_rectified"), sanshui


def test_unticking_held_over_a_partys_own_follow_up_is_refused(demo_db, qtbot, prompts, monkeypatch, english):
    from dataclasses import replace

    from ui.interview_dialog import InterviewDialog

    _at(monkeypatch, "2026-12-22")
    interview, sanshui = _joint_held(demo_db)
    assert interview.follow_up_result == ""  # the follow-up is 铂翊's own alone
    with pytest.raises(ValidationError) as refused:
        save_interview(demo_db, replace(interview, status="scheduled"))
    assert "not marked held" in refused.value.errors["follow_up_result"], refused.value.errors
    dialog = InterviewDialog(demo_db, prompts, interview)
    qtbot.addWidget(dialog)
    dialog.held.setChecked(False)
    error = dialog.validate().get("follow_up_result", "")
    assert "not marked held" in error and EVERY_PARTY in error, error
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    stored = get_interview(demo_db, interview.id)
    assert stored.status == "held" and party_result(stored, sanshui).follow_up_outcome == "not_rectified"
    # as the refusal says: every party given the (empty) follow-up above, it is saved as not held
    dialog.every_party_button.click()
    assert dialog.validate() == {}
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    stored = get_interview(demo_db, interview.id)
    assert stored.status == "scheduled" and party_result(stored, sanshui).follow_up_result == ""


def test_a_partys_own_follow_up_kept_while_scheduled_is_not_refused_again_but_not_changed(demo_db, monkeypatch,
                                                                                         english):
    import json
    from dataclasses import replace

    _at(monkeypatch, "2026-12-22")
    interview, sanshui = _joint_held(demo_db)
    # as a version before this one stored it: scheduled, with 铂翊's own follow-up
    demo_db.execute("UPDATE interviews SET status = 'scheduled' WHERE id = ?", [interview.id])
    stored = get_interview(demo_db, interview.id)
    assert save_interview(demo_db, replace(stored, place="区局三楼")).place == "区局三楼"  # kept as it was
    results = json.loads(json.dumps(stored.party_results))
    results[sanshui]["follow_up_result"] = "已停止拨打"
    with pytest.raises(ValidationError) as refused:
        save_interview(demo_db, replace(get_interview(demo_db, interview.id), party_results=results))
    assert "not marked held" in refused.value.errors["follow_up_result"], refused.value.errors
    assert party_result(get_interview(demo_db, interview.id), sanshui).follow_up_result == "仍在拨打，未整改"


def test_absent_over_a_partys_own_follow_up_says_what_clears_it_and_that_works(demo_db, data_dir, capsys, qtbot,
                                                                              prompts, monkeypatch, english):
    from ui.interview_dialog import InterviewDialog
    from workstation.store.interviews import absent_refusal

    _at(monkeypatch, "2026-12-22")
    interview, sanshui = _joint_held(demo_db)
    demo_db.execute("UPDATE interviews SET status = 'scheduled' WHERE id = ?", [interview.id])  # as stored before
    args = ("interviews", "absent", "--data-dir", data_dir, interview.id, "--reason", "经电话通知未到场",
            "--without-notice")
    code, _out, err = run(capsys, *args)
    assert code == 1 and SANSHUI in err and EVERY_PARTY in err and "interviews void" in err, err
    assert "follow_up_result" not in err and "Follow-up result" in err, err
    window = absent_refusal(demo_db, get_interview(demo_db, interview.id))
    assert SANSHUI in window and EVERY_PARTY in window and "Edit" in window, window
    # done as it says, in the editor
    dialog = InterviewDialog(demo_db, prompts, get_interview(demo_db, interview.id))
    qtbot.addWidget(dialog)
    assert dialog.party_follow_ups_box.isVisibleTo(dialog) and dialog.every_party_button.isVisibleTo(dialog)
    dialog.every_party_button.click()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not prompts.errors and dialog.saved_interview is not None
    code, _out, err = run(capsys, *args)
    assert code == 0, err
    assert get_interview(demo_db, interview.id).status == "absent"


# 7. an interviewer who keeps the record --------------------------------------------------------------------------------
def test_the_minutes_name_an_interviewer_who_keeps_the_record_with_the_role_apart_from_the_post(demo_db):
    from workstation.documents.drafts import find_form
    from workstation.documents.interview_documents import draft_interview_document

    bureau = "佛山市南海区市场监督管理局"
    interview = _two_developers(demo_db, attendees=[
        {"name": "李明", "organisation": bureau, "post": "科长"},
        {"name": "黄少芬", "organisation": bureau, "post": "科员"},
        {"name": "黄少芬", "organisation": bureau, "post": "记录人"},
        {"name": "张三", "organisation": SANSHUI, "post": "法定代表人"}])
    document = draft_interview_document(demo_db, interview, find_form("interview_minutes"))
    line = dict(document.fields)["参加人员"].splitlines()[0]
    assert line == f"本局参加人员：李明（{bureau}科长）、黄少芬（{bureau}科员）（记录人）", line
