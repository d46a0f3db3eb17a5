"""Faults of the interviews audit (约谈, s65): `interviews edit --recorder` alone replaces the recorder only, keeping
the interviewers (1); the 约谈纪要 is dated today by default and never issued — backdated or not — after the report
deadline it announces (2); a full-width colon in a time (9：30) is read (3); a same-day rectification deadline is
worded 当日 in the 约谈记录 (4); an end time equal to the start is refused (5); a deadline on a rest day is warned of
and moves, as REFERENCE §1.2 rule 3 moves a party's deadline, to the next working day for the follow-up and the board
(6); an escalation to a case whose filing was declined may be moved to another case, audited, and the interview
counts as overdue alike in the statistics and the register (7); an interview with no party attendee who is its legal
representative or principal person, or authorised by it, is warned of (8)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import program_day, run
from tests.test_s60_interviews import calendars_read_again  # noqa: F401  (autouse: each test reads the calendars again)
from workstation.errors import WorkstationError
from workstation.store.interviews import get_interview

SINGLE = "33eac21d-2ef0-59a4-ab17-c4203b914345"  # 罗建华 (股长), 杨伟明 (一级科员) and the party's 法定代表人
TELECOMS = "0e7e310e-296a-586e-96a9-4a924496795f"  # the joint interview of the operators, held 2026-04-16
MICRO_LOAN = "5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5"  # 佛山市小额贷款行业协会, held 2026-06-11, due 2026-07-03
PARTY = "佛山市高明区杨和翎峪装饰设计工作室"
RECORD = {"time_to": "11:00", "issues": "骚扰电话问题", "requirements": "立即整改"}




def _add(capsys, data_dir, day: str, *options) -> tuple[int, str, str]:
    return run(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", PARTY,
               "--date", day, "--time", "9:30", "--place", "本局会议室", "--topics", "骚扰电话", *options)


def _added(capsys, data_dir, day: str, *options) -> str:
    code, out, err = _add(capsys, data_dir, day, *options, "--json")
    assert code == 0, err
    return json.loads(out)["id"]


def _issue_record(capsys, data_dir, tmp_path, interview_id: str, values: dict | None = None):
    path = tmp_path / "values.json"
    path.write_text(json.dumps(values or RECORD, ensure_ascii=False), encoding="utf-8")
    return run(capsys, "interviews", "issue", interview_id, "--data-dir", data_dir, "--form", "interview_record",
               "--values", path, "-o", tmp_path / "record.pdf")


def _staff(interview) -> list[tuple[str, str]]:
    parties = {a["organisation"] for a in interview.attendees if a.get("post") == "法定代表人"}
    return [(a["name"], a["post"]) for a in interview.attendees if a["organisation"] not in parties]


# 1. --recorder alone ---------------------------------------------------------------------------------------------
def test_the_recorder_alone_keeps_the_interviewers(demo_db, data_dir, capsys, english):
    before = get_interview(demo_db, SINGLE)
    code, out, err = run(capsys, "interviews", "edit", SINGLE, "--data-dir", data_dir, "--recorder", "黄晓",
                         "--despite-issued")
    assert code == 0, err
    after = get_interview(demo_db, SINGLE)
    assert _staff(after) == [*_staff(before), ("黄晓", "记录人")]
    assert [a for a in after.attendees if a["post"] == "法定代表人"] == \
        [a for a in before.attendees if a["post"] == "法定代表人"]
    # another recorder replaces that one, the interviewers still kept
    code, out, err = run(capsys, "interviews", "edit", SINGLE, "--data-dir", data_dir, "--recorder", "杨伟明",
                         "--despite-issued")
    assert code == 0, err
    assert _staff(get_interview(demo_db, SINGLE)) == [*_staff(before), ("杨伟明", "记录人")]
    assert "no interviewer" not in err


def test_a_recorder_with_no_interviewer_left_is_warned(demo_db, data_dir, capsys, monkeypatch, english):
    program_day(monkeypatch, "2026-12-06")
    interview_id = _added(capsys, data_dir, "2026-12-03", "--attendee", "王五:经营者")
    code, out, err = run(capsys, "interviews", "edit", interview_id, "--data-dir", data_dir, "--recorder", "黄晓")
    assert code == 0, err
    assert "no interviewer" in err and "--officer" in err, err


# 2. the minutes' 印发日期 ------------------------------------------------------------------------------------------
def test_backdated_minutes_announcing_a_passed_deadline_are_refused(demo_db, data_dir, capsys, tmp_path,
                                                                    monkeypatch, english):
    program_day(monkeypatch, "2026-12-06")
    code, out, err = run(capsys, "interviews", "issue", TELECOMS, "--data-dir", data_dir, "--form",
                         "interview_minutes", "-o", tmp_path / "m.pdf")
    assert code == 1 and "2026-05-11" in err and "2026-12-06" in err, err
    path = tmp_path / "values.json"
    path.write_text(json.dumps({"issued_on": "2026-04-16"}), encoding="utf-8")  # dated the meeting day, issued now
    code, out, err = run(capsys, "interviews", "issue", TELECOMS, "--data-dir", data_dir, "--form",
                         "interview_minutes", "--values", path, "-o", tmp_path / "m.pdf")
    assert code == 1 and "2026-05-11" in err and "2026-12-06" in err, err
    assert demo_db.execute("SELECT COUNT(*) FROM documents WHERE interview_id = ?", [TELECOMS]).fetchone()[0] == 0


def test_the_minutes_are_dated_today_by_default(demo_db, monkeypatch):
    from workstation.documents.drafts import find_form
    from workstation.documents.interview_documents import check_interview_issue

    program_day(monkeypatch, "2026-04-20")
    form = find_form("interview_minutes")
    assert form.version == 11
    values, _context = check_interview_issue(demo_db, get_interview(demo_db, TELECOMS), form, issuing=False)
    assert str(values["issued_on"])[:10] == "2026-04-20"


def test_the_earlier_minutes_form_is_kept():
    from pathlib import Path

    assert Path("forms/earlier/v10/interview_minutes.toml").exists()
    assert 'source = "interview.held_on"\nnot_before = "held_on"\nrequired = true\nsection = "落款"' in \
        Path("forms/earlier/v10/interview_minutes.toml").read_text(encoding="utf-8")


# 3. full-width colon -----------------------------------------------------------------------------------------------
def test_a_full_width_colon_is_read_in_a_time():
    from workstation.validators import (
        compact_code,
        parse_date,
        parse_datetime,
        parse_money_fen,
        parse_time_of_day,
    )

    assert parse_time_of_day("9：30") == (None, "09:30")
    assert parse_datetime("2026-03-10 9：30") == "2026-03-10 09:30"
    # the table's other users unharmed
    assert parse_date("２０２６－０３－１０") == "2026-03-10"
    assert parse_money_fen("１，２００．５") == 120050
    assert compact_code("９１４４０６０６ＭＡ４ＵＭＭＱＡ５Ｘ") == "914406 06MA4UMMQA5X".replace(" ", "")
    with pytest.raises(ValueError):
        parse_money_fen("1：200")


def test_the_command_line_takes_a_full_width_colon(demo_db, data_dir, capsys, monkeypatch):
    program_day(monkeypatch, "2026-12-06")
    interview_id = _added(capsys, data_dir, "2026-12-08", "--time", "9：30")
    assert get_interview(demo_db, interview_id).held_at == "09:30"


# 4. a same-day deadline ----------------------------------------------------------------------------------------------
def test_a_same_day_deadline_is_worded_as_the_day_itself(demo_db, data_dir, capsys, tmp_path, monkeypatch):
    from workstation.formkit.interview_values import rectification_terms

    program_day(monkeypatch, "2026-12-04")
    interview_id = _added(capsys, data_dir, "2026-12-03", "--officer", "李明:科长", "--officer", "黄晓:科员",
                          "--attendee", "王五:经营者", "--commitments", "停止外呼", "--deadline", "2026-12-03")
    interview = get_interview(demo_db, interview_id)
    assert interview.rectification_due == "2026-12-03"
    assert rectification_terms(demo_db, interview) == "当日书面报送整改情况"
    code, out, err = _issue_record(capsys, data_dir, tmp_path, interview_id)
    assert code == 0, err


# 5. end time equal to the start --------------------------------------------------------------------------------------
def test_an_end_time_equal_to_the_start_is_refused(demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    program_day(monkeypatch, "2026-12-04")
    interview_id = _added(capsys, data_dir, "2026-12-03", "--officer", "李明:科长", "--officer", "黄晓:科员",
                          "--attendee", "王五:经营者", "--commitments", "停止外呼")
    code, out, err = _issue_record(capsys, data_dir, tmp_path, interview_id, {**RECORD, "time_to": "9:30"})
    assert code == 1 and "later" in err, err
    code, out, err = _issue_record(capsys, data_dir, tmp_path, interview_id, {**RECORD, "time_to": "9:31"})
    assert code == 0, err


# 6. a deadline on a rest day -----------------------------------------------------------------------------------------
def test_a_deadline_on_a_rest_day_is_warned_of(demo_db, data_dir, capsys, monkeypatch, english):
    from workstation.store.interviews import deadline_rest_day_warning

    program_day(monkeypatch, "2026-09-29")
    code, out, err = _add(capsys, data_dir, "2026-09-28", "--officer", "李明:科长", "--officer", "黄晓:科员",
                          "--attendee", "王五:经营者", "--commitments", "停止外呼", "--deadline", "2026-10-04")
    assert code == 0, err
    assert "2026-10-04" in err and "2026-10-08" in err, err
    interview_id = demo_db.execute("SELECT id FROM interviews WHERE held_on = '2026-09-28'").fetchone()[0]
    assert "2026-10-08" in deadline_rest_day_warning(demo_db, get_interview(demo_db, interview_id))
    assert deadline_rest_day_warning(demo_db, get_interview(demo_db, SINGLE)) == ""
    code, out, err = run(capsys, "interviews", "edit", interview_id, "--data-dir", data_dir, "--deadline",
                         "2026-10-03")
    assert code == 0 and "2026-10-03" in err and "2026-10-08" in err, err


def test_not_rectified_waits_for_the_next_working_day(demo_db, data_dir, capsys, monkeypatch):
    from workstation.store.interviews import early_not_rectified, follow_up_overdue

    program_day(monkeypatch, "2026-09-29")
    interview_id = _added(capsys, data_dir, "2026-09-28", "--officer", "李明:科长", "--officer", "黄晓:科员",
                          "--attendee", "王五:经营者", "--commitments", "停止外呼", "--deadline", "2026-10-04")
    interview = get_interview(demo_db, interview_id)
    assert early_not_rectified(interview, "2026-10-06", "未整改", db=demo_db)
    assert early_not_rectified(interview, "2026-10-08", "未整改", db=demo_db)
    assert early_not_rectified(interview, "2026-10-09", "未整改", db=demo_db) is None
    assert not follow_up_overdue(interview, "2026-10-08", demo_db)
    assert follow_up_overdue(interview, "2026-10-09", demo_db)
    program_day(monkeypatch, "2026-10-06")
    code, out, err = run(capsys, "interviews", "follow-up", interview_id, "--data-dir", data_dir, "--on",
                         "2026-10-06", "--result", "未整改")
    assert code == 1, err


def test_the_board_counts_a_rest_day_deadline_to_the_next_working_day(demo_db, data_dir, capsys, monkeypatch):

    from workstation.clocks import engine_for
    from workstation.interview_deadlines import interview_deadlines

    program_day(monkeypatch, "2026-09-29")
    interview_id = _added(capsys, data_dir, "2026-09-28", "--officer", "李明:科长", "--officer", "黄晓:科员",
                          "--attendee", "王五:经营者", "--commitments", "停止外呼", "--deadline", "2026-10-04")
    for day, state in (("2026-10-06", "due_soon"), ("2026-10-08", "due_soon"), ("2026-10-09", "overdue")):
        engine = engine_for(demo_db, day)
        (found,) = [d for d in interview_deadlines(demo_db, engine) if d.interview_id == interview_id]
        assert found.due == "2026-10-08"
        assert found.state == state, day


def test_the_statistics_count_a_rest_day_deadline_overdue_as_the_board_does(demo_db, data_dir, capsys, monkeypatch):
    """A deadline on the National Day holiday (2026-10-04) runs to 2026-10-08: until then ``stats`` counts the
    interview not yet due, as the board and the register do, and overdue from 2026-10-09 on."""
    from workstation.clocks import engine_for
    from workstation.interview_deadlines import interview_deadlines
    from workstation.stats import _party_outcomes, campaign_stats
    from workstation.store.interviews import overdue_follow_ups

    program_day(monkeypatch, "2026-09-29")
    interview_id = _added(capsys, data_dir, "2026-09-28", "--officer", "李明:科长", "--officer", "黄晓:科员",
                          "--attendee", "王五:经营者", "--commitments", "停止外呼", "--deadline", "2026-10-04")
    for day, overdue in (("2026-10-05", False), ("2026-10-08", False), ("2026-10-09", True)):
        program_day(monkeypatch, day)
        outcomes = {i: o for i, _p, _k, o in _party_outcomes(demo_db, " WHERE 1 = 1", [], day)}
        assert outcomes[interview_id] == ("overdue" if overdue else "not_due"), day
        (board,) = [d for d in interview_deadlines(demo_db, engine_for(demo_db, day)) if d.interview_id == interview_id]
        assert (board.state == "overdue") is overdue, day
        assert (interview_id in [i.id for i in overdue_follow_ups(demo_db, day)]) is overdue, day
        listed = {r["id"]: r for r in json.loads(run(capsys, "interviews", "list", "--data-dir", data_dir,
                                                     "--as-of", day, "--json")[1])}
        assert listed[interview_id]["overdue"] is overdue, day
    # the figures of the holiday's last day: the demo's one interview overdue (5246de4e…, due 2026-07-03), not this
    program_day(monkeypatch, "2026-10-08")
    before = campaign_stats(demo_db)["interviews_follow_up"]
    program_day(monkeypatch, "2026-10-09")
    after = campaign_stats(demo_db)["interviews_follow_up"]
    assert (after["overdue"], after["not_due"]) == (before["overdue"] + 1, before["not_due"] - 1)


def test_the_deadline_board_docstring_follows_the_law():
    import workstation.interview_deadlines as module

    assert "never moved" not in module.__doc__


# 7. an escalation to a declined case ------------------------------------------------------------------------------------
def _declined_and_other(db):
    from workstation import procedure
    from workstation.records import Case
    from workstation.store import agency_id_for_code, create_case

    party = get_interview(db, MICRO_LOAN).party_ids

    def case():
        return create_case(db, Case(case_number="", cause="涉嫌违法收集使用借款人个人信息案", sector="microloan",
                                    agency_id=agency_id_for_code("440600"), status="pending_filing",
                                    party_ids=list(party)))

    first, second = case(), case()
    return first, second, procedure


def test_an_escalation_to_a_declined_case_moves_to_another(demo_db, data_dir, capsys, monkeypatch, english):
    from workstation.store.interviews import escalate_to_case

    program_day(monkeypatch, "2026-12-06")
    first, second, procedure = _declined_and_other(demo_db)
    escalate_to_case(demo_db, MICRO_LOAN, first.id, not_rectified=True)
    with pytest.raises(WorkstationError) as refused:  # the first case stands: told what to do
        escalate_to_case(demo_db, MICRO_LOAN, second.id, not_rectified=True)
    assert "declin" in str(refused.value) or "不予立案" in str(refused.value), refused.value
    procedure.apply(demo_db, first.id, "decline_filing", reason="误立")
    audits = demo_db.execute("SELECT COUNT(*) FROM audit WHERE action = 're_escalate'").fetchone()[0]
    code, out, err = run(capsys, "interviews", "escalate", MICRO_LOAN, second.id, "--data-dir", data_dir,
                         "--not-rectified")
    assert code == 0, err
    assert get_interview(demo_db, MICRO_LOAN).case_id == second.id
    assert demo_db.execute("SELECT COUNT(*) FROM audit WHERE action = 're_escalate'").fetchone()[0] == audits + 1
    from workstation.audit import ACTION_LABELS

    assert "re_escalate" in ACTION_LABELS


def test_an_interview_escalated_to_a_declined_case_is_overdue_alike(demo_db, monkeypatch):
    from workstation.stats import _party_outcomes
    from workstation.store.interviews import escalate_to_case, overdue_follow_ups

    program_day(monkeypatch, "2026-12-06")
    first, _second, procedure = _declined_and_other(demo_db)
    escalate_to_case(demo_db, MICRO_LOAN, first.id, not_rectified=True)
    procedure.apply(demo_db, first.id, "decline_filing", reason="误立")
    outcomes = {i: o for i, _p, _k, o in _party_outcomes(demo_db, " WHERE 1 = 1", [], "2026-12-06")}
    assert outcomes[MICRO_LOAN] == "overdue"
    assert MICRO_LOAN in [i.id for i in overdue_follow_ups(demo_db, "2026-12-06")]


# 8. who attended -----------------------------------------------------------------------------------------------------
def test_the_principal_titles_are_data():
    from workstation.interview_register import principal_titles

    titles = principal_titles()
    assert {"法定代表人", "负责人", "经营者", "总经理", "会长"} <= set(titles.posts)
    assert "授权委托" in titles.authorised


@pytest.mark.parametrize(("post", "principal"), [
    ("法定代表人", True), ("总经理", True), ("董事长兼总经理", True), ("分公司负责人", True), ("经营者", True),
    ("会长", True), ("授权委托人", True), ("受法定代表人委托", True), ("副总经理", False), ("客服专员", False),
    ("政企客户部总经理", False), ("副会长", False), ("秘书长", False)])
def test_a_post_is_read_as_the_principal_or_not(post, principal):
    from workstation.interview_register import principal_post

    assert principal_post(post) is principal


def test_an_attendee_who_is_no_principal_is_warned_of(demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    from workstation.interview_register import parties_without_principal, principal_warning

    program_day(monkeypatch, "2026-12-04")
    code, out, err = _add(capsys, data_dir, "2026-12-03", "--officer", "李明:科长", "--officer", "黄晓:科员",
                          "--attendee", "张三:客服专员", "--commitments", "停止外呼", "--json")
    assert code == 0, err
    assert f"No attendee of {PARTY} is" in err, err
    interview_id = json.loads(out)["id"]
    assert parties_without_principal(demo_db, get_interview(demo_db, interview_id)) == [PARTY]
    assert PARTY in principal_warning(demo_db, get_interview(demo_db, interview_id))
    code, out, err = _issue_record(capsys, data_dir, tmp_path, interview_id)
    assert code == 0 and "legal representative" in err, err  # issued, warned
    assert principal_warning(demo_db, get_interview(demo_db, SINGLE)) == ""
    code, out, err = run(capsys, "interviews", "edit", interview_id, "--data-dir", data_dir, "--attendee",
                         "王五:法定代表人", "--despite-issued")
    assert code == 0 and "legal representative" not in err, err


def test_a_joint_interview_names_the_parties_without_a_principal(demo_db, english):
    from workstation.interview_register import principal_warning

    warning = principal_warning(demo_db, get_interview(demo_db, TELECOMS))
    # 副总经理 and 政企客户部总经理 attended for them: no principal person of any of the three
    assert "中国联合网络通信有限公司佛山市分公司" in warning and "中国电信股份有限公司佛山分公司" in warning
    assert "中国移动通信集团广东有限公司佛山分公司" in warning


@pytest.mark.gui
def test_the_editor_warns_of_a_rest_day_deadline_and_of_no_principal(demo_db, qtbot, prompts, english):
    from ui.interview_dialog import InterviewDialog

    dialog = InterviewDialog(demo_db, prompts, get_interview(demo_db, SINGLE))
    qtbot.addWidget(dialog)
    assert dialog.due_rest_day_warning.isHidden() and dialog.principal_warning.isHidden()
    dialog.dates["rectification_due"].setText("2026-10-04")
    dialog.validate()
    assert "2026-10-08" in dialog.due_rest_day_warning.text() and not dialog.due_rest_day_warning.isHidden()
    telecoms = InterviewDialog(demo_db, prompts, get_interview(demo_db, TELECOMS))
    qtbot.addWidget(telecoms)
    telecoms.validate()
    assert "legal representative" in telecoms.principal_warning.text()
    assert not telecoms.principal_warning.isHidden()
