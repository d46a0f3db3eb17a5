"""The 约谈 documents say what the officer entered (a QA of interviews): no fixed charge of harassment calls or of
selling personal information stands in for topics never typed (a blank, asked for at 签发); the recorder marked 记录人
keeps the record and is not an interviewer; a notice is not issued for an interview already past; a follow-up saying
the rectification was not made is refused before the deadline; the notice's phone and the record's end time are
asked at 签发; a whole hour prints 下午3时."""

import datetime as dt
from dataclasses import replace

import pytest

from tests.helpers import pdf_text, program_day
from tests.test_interview_documents_kinds import interview_with, texts
from workstation.documents.drafts import find_form, render_document
from workstation.documents.interview_documents import (
    check_interview_issue,
    draft_interview_document,
    interview_form_refusal,
    issue_interview_document,
)
from workstation.errors import ValidationError, WorkstationError
from workstation.formkit.interview_values import interview_context
from workstation.records import today
from workstation.store.interviews import (
    early_escalation,
    follow_up_errors,
    get_interview,
    record_follow_up,
    save_interview,
)

FORMS = ("interview_notice", "interview_record", "interview_minutes")
#: words of the charges the forms used to print whatever the interview was about
CHARGES = ("骚扰电话", "短信", "外呼", "非法买卖", "同意处理其个人信息的记录", "营销电话")


def day(offset: int) -> str:
    return (dt.date.fromisoformat(today()) + dt.timedelta(days=offset)).isoformat()


def ahead(db, *kinds: str, **fields):
    """An interview of ``kinds`` scheduled five days ahead, with a contact phone unless ``fields`` say otherwise."""
    interview = interview_with(db, *kinds)
    values = {"held_on": day(5), "status": "scheduled", "rectification_due": None, "follow_up_on": None,
              "follow_up_result": "", "case_id": None, "contact_phone": "0757-83030000", **fields}
    return save_interview(db, replace(interview, **values))


# 1. no fixed charge ------------------------------------------------------------------------------------------------
def test_no_default_of_the_three_interview_forms_names_a_charge():
    for form_id in FORMS:
        for field in find_form(form_id).fields:
            for text in (field.default, *dict(field.party_defaults).values()):
                if isinstance(text, str):
                    assert not any(word in text for word in CHARGES), (form_id, field.name, text)


def test_the_notice_states_the_topics_typed_and_without_them_is_refused_naming_the_reason(demo_db, english):
    form = find_form("interview_notice")
    typed = ahead(demo_db, "company", topics="违规收集业主个人信息的问题")
    for text in texts(demo_db, typed, "interview_notice"):
        assert "一、约谈事由：违规收集业主个人信息的问题。" in text
        assert not any(word in text for word in CHARGES)
    assert check_interview_issue(demo_db, typed, form)[0]["reason"] == "违规收集业主个人信息的问题"
    blank = ahead(demo_db, "company", topics="")
    with pytest.raises(ValidationError) as refused:
        check_interview_issue(demo_db, blank, form)
    assert list(refused.value.errors) == ["约谈事由"] and "约谈事由" in refused.value.errors["约谈事由"]
    for text in texts(demo_db, blank, "interview_notice"):  # the draft prints a blank to be read
        assert "一、约谈事由：＿＿＿＿" in text and "骚扰电话" not in text


@pytest.mark.parametrize("kind", ["company", "association"])
def test_the_record_of_an_interview_with_no_topics_asks_for_its_issues_and_names_no_charge(demo_db, english, kind):
    interview = save_interview(demo_db, replace(interview_with(demo_db, kind), topics=""))
    form = find_form("interview_record")
    with pytest.raises(ValidationError) as refused:
        check_interview_issue(demo_db, interview, form, {"time_to": "18时00分"})
    assert list(refused.value.errors) == ["约谈指出的问题"]
    values, _context = check_interview_issue(demo_db, interview, form, {"time_to": "18时00分", "attendee1": "张三",
                                                                         "issues": "1.发送营销短信的问题"})
    assert "非法买卖" not in values["requirements"] and "约谈指出的问题" in values["requirements"]


def test_the_minutes_with_no_topics_ask_for_the_reason(demo_db, english, monkeypatch):
    operators = get_interview(demo_db, "0e7e310e-296a-586e-96a9-4a924496795f")
    program_day(monkeypatch, "2026-04-20")  # before the report deadline the minutes announce, 2026-05-11 (s65)
    form = find_form("interview_minutes")
    with pytest.raises(ValidationError) as refused:
        check_interview_issue(demo_db, replace(operators, topics=""), form)
    assert list(refused.value.errors) == ["约谈事由"]
    assert check_interview_issue(demo_db, operators, form)[0]["subject"] == operators.topics


# 2. the recorder ---------------------------------------------------------------------------------------------------
def test_the_attendee_marked_recorder_keeps_the_record_and_is_not_an_interviewer(demo_db):
    bureau = "佛山市市场监督管理局"
    staff = [{"name": "欧文辉", "organisation": bureau, "post": "科长"},
             {"name": "冯俊杰", "organisation": bureau, "post": "科员"},
             {"name": "陈小敏", "organisation": bureau, "post": "记录人"}]
    interview = save_interview(demo_db, replace(ahead(demo_db, "company", topics="营销电话问题"), attendees=staff))
    context = interview_context(demo_db, interview)
    assert context["interview.recorder"] == "陈小敏"
    assert context["interview.officers"] == "欧文辉（科长）、冯俊杰（科员）"
    assert "interview.officer3.name" not in context
    for text in texts(demo_db, interview, "interview_notice"):
        assert "四、约谈人：欧文辉（科长）、冯俊杰（科员）。" in text
    # none marked: the second interviewer is proposed (the editor's 记录人 field, which the officer may change)
    unmarked = save_interview(demo_db, replace(interview, attendees=staff[:2]))
    assert interview_context(demo_db, unmarked)["interview.recorder"] == "冯俊杰"
    record, _context = check_interview_issue(demo_db, unmarked, find_form("interview_record"),
                                             {"recorder": "陈小敏"}, issuing=False)
    assert record["recorder"] == "陈小敏"


# 3. no notice for an interview already past -----------------------------------------------------------------------
def test_a_notice_is_not_issued_for_an_interview_whose_day_has_passed(demo_db, data_dir, english):
    form = find_form("interview_notice")
    past = ahead(demo_db, "company", topics="营销电话问题", held_on=day(-2), status="held")
    with pytest.raises(WorkstationError, match="has passed") as refused:
        issue_interview_document(demo_db, data_dir, past, form)
    assert day(-2) in refused.value.message
    assert interview_form_refusal(demo_db, past, form, issuing=True) == refused.value.message
    assert interview_form_refusal(demo_db, past, form) is None  # its draft may still be read
    draft_interview_document(demo_db, past, form)
    coming = ahead(demo_db, "company", topics="营销电话问题")
    issued = issue_interview_document(demo_db, data_dir, coming, form)
    assert issued.values["issued_on"] == today()  # dated the day it is issued, never backdated


# 4. not rectified before the deadline -------------------------------------------------------------------------------
def test_a_follow_up_saying_not_rectified_is_refused_before_the_deadline(demo_db, english):
    interview = save_interview(demo_db, replace(interview_with(demo_db, "company"), held_on=day(-20),
                                                status="held", rectification_due=day(5), follow_up_on=None,
                                                follow_up_result="", case_id=None))
    errors = follow_up_errors(demo_db, interview, today(), "逾期未整改，仍在拨打营销电话")
    assert list(errors) == ["follow_up_result"] and day(5) in errors["follow_up_result"]
    with pytest.raises(ValidationError):
        record_follow_up(demo_db, interview.id, today(), "逾期未整改")
    assert get_interview(demo_db, interview.id).follow_up_result == ""
    assert follow_up_errors(demo_db, interview, today(), "已报送整改情况，正在核查") == {}
    assert day(5) in early_escalation(interview)
    # passed even when it ran past a holiday to the next working day (REFERENCE §1.2 rule 3, s65)
    late = save_interview(demo_db, replace(interview, rectification_due=day(-10)))
    assert follow_up_errors(demo_db, late, today(), "逾期未整改") == {} and early_escalation(late) is None


# 6. required at 签发 -------------------------------------------------------------------------------------------------
def test_the_notice_without_a_phone_and_the_record_without_an_end_time_are_not_issued(demo_db, english):
    silent = ahead(demo_db, "company", topics="营销电话问题", contact_phone="")
    from workstation.agency_details import set_agency_details

    # none typed for the interview nor set for the bureau (whose it would print: ``interview_context``)
    set_agency_details(demo_db, silent.agency_id, {"contact_phone": ""})
    with pytest.raises(ValidationError) as refused:
        check_interview_issue(demo_db, silent, find_form("interview_notice"))
    assert list(refused.value.errors) == ["联系电话"]
    held = save_interview(demo_db, replace(interview_with(demo_db, "company"), topics="营销电话问题"))
    record = find_form("interview_record")
    with pytest.raises(ValidationError) as refused:
        check_interview_issue(demo_db, held, record)
    assert list(refused.value.errors) == ["结束时间"]
    draft = pdf_text(render_document(draft_interview_document(demo_db, held, record), "pdf").data)
    assert "至　　时　　分" in draft  # a draft leaves it for the hand
    assert check_interview_issue(demo_db, held, record, {"time_to": "11时00分", "attendee1": "张三"}
                                 )[0]["time_to"] == "11时00分"


# 8. whole hours -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("held_at", "printed"), [("15:00", "下午3时。"), ("09:30", "上午9时30分。"),
                                                  ("12:00", "中午12时。"), ("12:30", "中午12时30分。")])
def test_the_notice_prints_a_whole_hour_without_its_minutes(demo_db, held_at, printed):
    interview = ahead(demo_db, "company", topics="营销电话问题", held_at=held_at)
    for text in texts(demo_db, interview, "interview_notice"):
        assert printed in text and "时00分" not in text
