"""Mends of the interviews final read (约谈, s65): `interviews edit --officer` alone keeps the recorder (2); a 2027
rectification deadline on a day that may be a rest day is said as unconfirmed and 日历待核实 on the board (3); the
window may escalate again once the linked case's filing was declined (4); the principal-attendee warning accepts
the party's recorded legal representative, an individual business's 本人/业主/店主, and never warns of a natural
person (5); only the 约谈记录 refuses an end time equal to its start (6); a same-day deadline reads 于约谈当日 (7);
a 约谈纪要 draft kept under version 10, still dated the meeting day, is dated today when resumed (8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import program_day, run
from workstation.store.interviews import get_interview

SINGLE = "33eac21d-2ef0-59a4-ab17-c4203b914345"  # 罗建华 (股长), 杨伟明 (一级科员) and the party's 法定代表人
TELECOMS = "0e7e310e-296a-586e-96a9-4a924496795f"  # the joint interview of the operators, held 2026-04-16
MICRO_LOAN = "5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5"  # 佛山市小额贷款行业协会
PARTY = "佛山市高明区杨和翎峪装饰设计工作室"


@pytest.fixture(autouse=True)
def calendars_read_again():
    from workstation.workdays import reload_calendars

    reload_calendars()
    yield
    reload_calendars()


def _added(capsys, data_dir, day: str, *options, party: str = PARTY) -> tuple[str, str]:
    code, out, err = run(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", party,
                         "--date", day, "--time", "9:30", "--place", "本局会议室", "--topics", "骚扰电话", *options,
                         "--json", "--allow-duplicate")
    assert code == 0, err
    return json.loads(out)["id"], err


def _staff(interview) -> list[tuple[str, str]]:
    parties = {a["organisation"] for a in interview.attendees if a.get("post") == "法定代表人"}
    return [(a["name"], a["post"]) for a in interview.attendees if a["organisation"] not in parties]


# 2. --officer alone ------------------------------------------------------------------------------------------------
def test_the_officers_alone_keep_the_recorder(demo_db, data_dir, capsys, english):
    code, out, err = run(capsys, "interviews", "edit", SINGLE, "--data-dir", data_dir, "--recorder", "黄晓",
                         "--despite-issued")
    assert code == 0, err
    party_rows = [a for a in get_interview(demo_db, SINGLE).attendees if a["post"] == "法定代表人"]
    code, out, err = run(capsys, "interviews", "edit", SINGLE, "--data-dir", data_dir, "--officer", "罗建华:副局长",
                         "--despite-issued")
    assert code == 0, err
    after = get_interview(demo_db, SINGLE)
    assert _staff(after) == [("罗建华", "副局长"), ("黄晓", "记录人")]
    assert [a for a in after.attendees if a["post"] == "法定代表人"] == party_rows


# 3. 2027 deadlines -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("due", ["2027-02-06", "2027-02-10"])
def test_a_2027_deadline_that_may_be_a_rest_day_is_unconfirmed(demo_db, data_dir, capsys, monkeypatch, english, due):
    from workstation.clocks import engine_for
    from workstation.interview_deadlines import interview_deadlines
    from workstation.store.interviews import deadline_rest_day_warning

    program_day(monkeypatch, "2026-12-07")
    interview_id, _err = _added(capsys, data_dir, "2026-12-07", "--officer", "李明:科长", "--officer", "黄晓:科员",
                                "--attendee", "王五:经营者", "--commitments", "停止外呼", "--deadline", due)
    warning = deadline_rest_day_warning(demo_db, get_interview(demo_db, interview_id))
    # 2027-02-06 is 春节 itself, a holiday the law fixes; the working day after it, like 2027-02-10, is not known
    assert due in warning and "may" in warning and "the 2027 calendar is" in warning, warning
    assert "and the follow-up and the deadline board count it so" not in warning, warning
    found = [d for d in interview_deadlines(demo_db, engine_for(demo_db, "2026-12-07")) if d.interview_id ==
             interview_id]
    assert [d.confirmed for d in found] == [False]


def test_a_2027_deadline_on_a_plain_weekday_stays_confirmed(demo_db, data_dir, capsys, monkeypatch, english):
    from workstation.clocks import engine_for
    from workstation.interview_deadlines import interview_deadlines
    from workstation.store.interviews import deadline_rest_day_warning

    program_day(monkeypatch, "2026-12-07")
    interview_id, _err = _added(capsys, data_dir, "2026-12-07", "--officer", "李明:科长", "--officer", "黄晓:科员",
                                "--attendee", "王五:经营者", "--commitments", "停止外呼", "--deadline", "2027-01-13")
    assert deadline_rest_day_warning(demo_db, get_interview(demo_db, interview_id)) == ""
    found = [d for d in interview_deadlines(demo_db, engine_for(demo_db, "2026-12-07")) if d.interview_id ==
             interview_id]
    assert [d.confirmed for d in found] == [True]


# 4. escalating again in the window -----------------------------------------------------------------------------------
def test_the_window_escalates_again_after_the_filing_was_declined(demo_db, make_window, monkeypatch):
    from workstation import procedure
    from workstation.records import Case
    from workstation.store import agency_id_for_code, create_case
    from workstation.store.interviews import escalate_to_case

    program_day(monkeypatch, "2026-12-06")
    case = create_case(demo_db, Case(case_number="", cause="涉嫌违法收集使用借款人个人信息案", sector="microloan",
                                     agency_id=agency_id_for_code("440600"), status="pending_filing",
                                     party_ids=list(get_interview(demo_db, MICRO_LOAN).party_ids)))
    escalate_to_case(demo_db, MICRO_LOAN, case.id, not_rectified=True)
    page = make_window(demo_db).interviews_page
    page.refresh(select=MICRO_LOAN)
    page.select(MICRO_LOAN)
    assert not page.buttons["escalate"].isEnabled()
    procedure.apply(demo_db, case.id, "decline_filing", reason="误立")
    page.refresh(select=MICRO_LOAN)
    page.select(MICRO_LOAN)
    assert page.buttons["escalate"].isEnabled(), page.buttons["escalate"].toolTip()


# 5. who answers for the party ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("post", ["本人", "业主", "店主", "个体户业主"])
def test_an_individual_business_operator_attending_as_owner_is_no_stranger(demo_db, data_dir, capsys, monkeypatch,
                                                                          english, post):
    from workstation.records import Party
    from workstation.store import save_party

    program_day(monkeypatch, "2026-12-07")
    party = save_party(demo_db, Party(name="佛山市禅城区张记士多店", kind="individual_business"))
    _id, err = _added(capsys, data_dir, "2026-12-07", "--officer", "李明:科长", "--officer", "黄晓:科员",
                      "--attendee", f"张三:{post}", "--commitments", "y", party=party.id)
    assert "legal representative" not in err, err


def test_the_recorded_legal_representative_under_another_post_is_no_stranger(demo_db, data_dir, capsys, monkeypatch,
                                                                            english):
    from workstation.records import Party
    from workstation.store import save_party

    program_day(monkeypatch, "2026-12-07")
    party = save_party(demo_db, Party(name="佛山市某某科技有限公司", kind="company", legal_rep="曾巧玲"))
    _id, err = _added(capsys, data_dir, "2026-12-07", "--officer", "李明:科长", "--officer", "黄晓:科员",
                      "--attendee", "曾巧玲:总监", "--commitments", "y", party=party.id)
    assert "legal representative" not in err, err
    _id, err = _added(capsys, data_dir, "2026-12-07", "--officer", "李明:科长", "--officer", "黄晓:科员",
                      "--attendee", "张三:客服专员", "--commitments", "y", party=party.id)
    assert f"No attendee of {party.name} is" in err, err  # another attendee under another post: still warned


def test_a_natural_person_is_never_warned_of(demo_db, data_dir, capsys, monkeypatch, english):
    from workstation.records import Party
    from workstation.store import save_party

    program_day(monkeypatch, "2026-12-07")
    person = save_party(demo_db, Party(name="陈大文", kind="person", id_number="11010519491231002X"))
    _id, err = _added(capsys, data_dir, "2026-12-07", "--officer", "李明:科长", "--officer", "黄晓:科员",
                      "--commitments", "y", party=person.id)
    assert "legal representative" not in err, err


# 6. end time equal to the start ----------------------------------------------------------------------------------
def _time_error(form_id: str, start: str, end: str) -> str | None:
    from workstation.documents.drafts import find_form
    from workstation.formkit.values import field_errors

    form = find_form(form_id)
    _out, errors = field_errors(form, {"time_from": start, "time_to": end}, {})
    return errors.get("time_to")


def test_an_extraction_may_end_in_the_minute_it_starts(english):
    assert _time_error("electronic_evidence_record", "2026年3月10日9时30分", "9时30分") is None
    assert "before" in (_time_error("electronic_evidence_record", "2026年3月10日9时30分", "9时29分") or "")


def test_an_interview_ending_when_it_starts_is_told_so(english):
    message = _time_error("interview_record", "9:30", "9:30")
    assert message and "before" not in message and "same" in message, message
    assert "before" in (_time_error("interview_record", "9:30", "9:29") or "")
    assert _time_error("interview_record", "9:30", "9:31") is None


def test_the_help_texts_say_what_is_refused():
    from workstation.documents.drafts import find_form

    assert "晚于开始时间" in find_form("interview_record").field("time_to").help
    assert "不得早于开始时间" in find_form("electronic_evidence_record").field("time_to").help


# 7. 当日 --------------------------------------------------------------------------------------------------------------
def test_a_same_day_deadline_reads_on_the_day_of_the_interview(demo_db, data_dir, capsys, monkeypatch):
    from workstation.documents.compose import compose
    from workstation.documents.drafts import find_form
    from workstation.documents.interview_documents import check_interview_issue

    program_day(monkeypatch, "2026-12-04")
    interview_id, _err = _added(capsys, data_dir, "2026-12-03", "--officer", "李明:科长", "--officer", "黄晓:科员",
                                "--attendee", "王五:经营者", "--commitments", "停止外呼", "--deadline", "2026-12-03")
    form = find_form("interview_record")
    values, _context = check_interview_issue(demo_db, get_interview(demo_db, interview_id), form, issuing=False)
    text = compose(form, values, agency="佛山市高明区市场监督管理局").text
    assert "应当于约谈当日书面报送整改情况" in text and "自约谈之日起当日" not in text, text
    # another deadline keeps its wording
    other, _err = _added(capsys, data_dir, "2026-12-03", "--officer", "李明:科长", "--officer", "黄晓:科员",
                         "--attendee", "王五:经营者", "--commitments", "停止外呼", "--deadline", "2026-12-10")
    values, _context = check_interview_issue(demo_db, get_interview(demo_db, other), form, issuing=False)
    assert "应当自约谈之日起" in compose(form, values, agency="佛山市高明区市场监督管理局").text


def test_the_earlier_record_form_is_kept():
    from workstation.documents.drafts import find_form

    version = find_form("interview_record").version
    earlier = Path(f"forms/earlier/v{version - 1}/interview_record.toml").read_text(encoding="utf-8")
    assert f"version = {version - 1}\n" in earlier and "{you}应当自约谈之日起{deadline_text}" in earlier
    assert "于约谈当日" not in earlier


# 8. a kept minutes draft dated the meeting day -----------------------------------------------------------------------
def test_a_kept_minutes_draft_still_dated_the_meeting_day_is_dated_today(demo_db, monkeypatch):
    from workstation.documents.drafts import find_form
    from workstation.documents.interview_documents import check_interview_issue
    from workstation.formkit.interview_values import interview_context
    from workstation.formkit.values import resumed_values

    program_day(monkeypatch, "2026-12-06")
    form = find_form("interview_minutes")
    interview = get_interview(demo_db, TELECOMS)
    values, _context = check_interview_issue(demo_db, interview, form, issuing=False)
    kept = {**{k: v for k, v in values.items() if v is not None}, "issued_on": "2026-04-16"}  # version 10's default
    context = interview_context(demo_db, interview)
    assert resumed_values(form, kept, context, dict(kept))["issued_on"] == "2026-12-06"
    assert resumed_values(form, kept, context, None)["issued_on"] == "2026-12-06"
    typed = {**kept, "issued_on": "2026-04-20"}  # a day the officer wrote stays
    assert resumed_values(form, typed, context, kept)["issued_on"] == "2026-04-20"
    opened = {**kept, "issued_on": "2026-05-02"}  # opened under version 11 on another day: the day it was opened
    assert resumed_values(form, opened, context, opened)["issued_on"] == "2026-05-02"
