# ruff: noqa: F811 - the make_case fixture imported from test_doc_stage_rules is used by name
"""Documents the law does not allow at that point of the case are refused (or warned about) before a number is
taken: the 听证笔录 and 听证报告 of no hearing requested or dated before the hearing; a case officer chairing or sitting
at the hearing (行政处罚法 art. 64(4)); a 催告书 or 强制执行申请书 demanding money no decision imposed; a 听证通知书
served by public notice too late for its hearing; items destroyed, auctioned or handed over with nothing confiscated
(a seizure alone only holds them); terminating a case whose 涉嫌犯罪案件移送书 was issued and not sent, and the 结案审批表 of a terminated case."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json

# make_case: a party with an address and the facts written, so that only the rule under test refuses
from tests.test_doc_stage_rules import FACTS, allowed, make_case, refusal  # noqa: F401
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.documents.stage_rules import stage_warnings, state_refusal
from workstation.errors import ValidationError
from workstation.formkit.values import case_context, default_values
from workstation.store import get_case


@pytest.fixture
def hearing_case(db, make_case):
    """A case whose party asked for a hearing (status 听证) after the notice was served on 2026-03-20."""
    return make_case(status="hearing", filed_on="2026-03-02", notice_served_on="2026-03-20", fine_fen=500000)


RECORD = {"recusal_answer": "不申请回避", "proceedings": "主持人：宣布听证开始。\n当事人：对调查人员提出的事实无异议。"}


#: the hour and place of the hearing, required to issue its notice
HEARING_AT = {"hearing_time": "上午9时30分", "hearing_place": "本局三楼听证室"}
REPORT = {"analysis": "当事人提出的理由不成立。", "proposal": "维持", "party_statement": "当事人称不知情。"}


def issue_hearing_notice(db, data_dir, case, hearing_date="2026-04-10", **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("hearing_notice"),
                          {"issued_on": "2026-03-23", "hearing_date": hearing_date, **HEARING_AT,
                           "chair": "李主持", "clerk": "王记录", **values})


# ---- 1. 听证笔录 and 听证报告 ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("form_id", ["hearing_record", "hearing_report"])
def test_hearing_record_and_report_need_a_hearing_request(db, make_case, english, form_id):
    case = make_case(status="pre_notice", filed_on="2026-03-02", notice_served_on="2026-03-20")
    message = refusal(db, case, form_id)
    assert "No hearing request" in message and find_form(form_id).title in message
    decided = make_case(status="served", filed_on="2026-03-02", notice_served_on="2026-03-20",
                        decided_on="2026-04-20", served_on="2026-04-21")
    assert "before the decision" in state_refusal(db, decided, form_id)


def test_hearing_record_and_report_are_not_dated_before_the_hearing(db, data_dir, hearing_case, english):
    issue_hearing_notice(db, data_dir, hearing_case, hearing_date="2026-04-10")
    message = refusal(db, hearing_case, "hearing_record", time_from="2026-04-09 09:30", chair="李主持",
                      **RECORD)
    assert "2026-04-10" in message and "听证开始时间" in message and "2026-04-09" in message
    allowed(db, hearing_case, "hearing_record", time_from="2026-04-10 09:30", chair="李主持",
            **RECORD)
    message = refusal(db, hearing_case, "hearing_report", hearing_from="2026-04-10 09:30",
                      reported_on="2026-04-08", chair="李主持", **REPORT)
    assert "报告日期" in message and "2026-04-10" in message
    allowed(db, hearing_case, "hearing_report", hearing_from="2026-04-10 09:30", reported_on="2026-04-11",
            chair="李主持", **REPORT)


@pytest.mark.gui
def test_the_editor_lists_hearing_documents_greyed_without_a_request(db, make_case, data_dir, prompts, qtbot,
                                                                      english):
    from ui.case_documents import CaseDocuments

    case = make_case(status="pre_notice", filed_on="2026-03-02", notice_served_on="2026-03-20")
    section = CaseDocuments(db, data_dir, case, prompts)
    qtbot.addWidget(section)
    chooser = section.form_choice
    for form_id in ("hearing_record", "hearing_report"):
        assert not chooser.offered(chooser.findData(form_id))
        assert chooser.refusal(form_id) == "Not for this case: " + state_refusal(db, case, form_id)


# ---- 2. an investigator as 听证主持人 / 听证员 ------------------------------------------------------------------------

@pytest.mark.parametrize("form_id, dates", [
    ("hearing_notice", {"issued_on": "2026-03-23", "hearing_date": "2026-04-10", **HEARING_AT, "clerk": "王记录"}),
    ("hearing_record", {"time_from": "2026-04-10 09:30", **RECORD}),
    ("hearing_report", {"hearing_from": "2026-04-10 09:30", "reported_on": "2026-04-11", **REPORT}),
])
def test_a_case_officer_cannot_chair_or_sit_at_the_hearing(db, hearing_case, english, form_id, dates):
    with pytest.raises(ValidationError) as refused:
        check_issue(db, get_case(db, hearing_case.id), find_form(form_id), {**dates, "chair": "陈志强"})
    assert "陈志强" in refused.value.errors["听证主持人"]
    with pytest.raises(ValidationError) as refused:
        check_issue(db, get_case(db, hearing_case.id), find_form(form_id),
                    {**dates, "chair": "李主持", "members": "王明、黄丽娟"})
    assert list(refused.value.errors) == ["听证员"] and "黄丽娟" in refused.value.errors["听证员"]
    assert "王明" not in refused.value.errors["听证员"]
    allowed(db, hearing_case, form_id, **dates, chair="李主持", members="王明、新同事")


# ---- 3. 催告书 and 强制执行申请书 of money no decision imposed ---------------------------------------------------

DEMAND = {"decision_no": "佛南市监处〔2026〕1号", "decided_on": "2026-01-05", "decision_served_on": "2026-01-06",
          "signed_on": "2026-03-01"}
APPLICATION = {"court": "佛山市南海区人民法院", "decision_no": "佛南市监处〔2026〕1号", "decided_on": "2026-01-05",
               "decision": "罚款", "attachments": "行政处罚决定书", "decision_served_on": "2026-01-06",
               "demand_served_on": "2026-07-20", "signed_on": "2026-08-04"}


def test_a_demand_on_a_warning_only_decision_is_refused(db, make_case, english):
    case = make_case(status="served", filed_on="2025-12-01", decided_on="2026-01-05", served_on="2026-01-06")
    message = refusal(db, case, "performance_demand", **DEMAND, unpaid_fen="3000")
    assert "imposes no fine" in message and "decision" in message
    message = refusal(db, case, "enforcement_application", **APPLICATION, unpaid_fen="3000")
    assert "imposes no fine" in message


def test_a_demand_cannot_exceed_what_the_decision_left_unpaid(db, make_case, english):
    case = make_case(status="served", filed_on="2025-12-01", decided_on="2026-01-05", served_on="2026-01-06",
                     fine_fen=500000)
    message = refusal(db, case, "performance_demand", **DEMAND, unpaid_fen="8000")
    assert "¥8,000.00" in message and "¥5,000.00" in message
    assert "¥5,000.00" in refusal(db, case, "enforcement_application", **APPLICATION, unpaid_fen="8000")
    assert refusal(db, case, "performance_demand", **DEMAND, unpaid_fen="0").startswith("Nothing is unpaid")
    allowed(db, case, "performance_demand", **DEMAND, unpaid_fen="5000")
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    # the 催告书's service the application rests on, recorded
    record_clock_event(db, ClockEvent(case_id=case.id, kind="demand", starts_on=APPLICATION["demand_served_on"]))
    allowed(db, case, "enforcement_application", **APPLICATION, unpaid_fen="5000")


# ---- 4. 公告送达 of a 听证通知书 ----------------------------------------------------------------------------------

def test_a_hearing_notice_served_by_public_notice_too_late_is_warned_about(db, data_dir, hearing_case, english):
    notice = issue_hearing_notice(db, data_dir, hearing_case, hearing_date="2026-04-10")
    served = f"行政处罚听证通知书（{notice.number}）"
    # published on 2026-03-25: deemed served on 2026-04-24, after the hearing of 2026-04-10
    warnings = stage_warnings(db, get_case(db, hearing_case.id), "service_public_notice",
                              {"published_on": "2026-03-25", "served_document": served})
    assert len(warnings) == 1 and "2026-04-24" in warnings[0] and "2026-04-10" in warnings[0]
    assert stage_warnings(db, get_case(db, hearing_case.id), "service_public_notice",
                          {"published_on": "2026-02-20", "served_document": served}) == []
    assert stage_warnings(db, get_case(db, hearing_case.id), "service_public_notice",
                          {"published_on": "2026-03-25", "served_document": "行政处罚决定书"}) == []


# ---- 5. 涉案物品处理记录 --------------------------------------------------------------------------------------------

DISPOSAL = {"basis": "佛南市监处〔2026〕1号", "items": "1 | 电脑主机 | 台式 | 1台 | ", "time_from": "2026-04-10 09:30"}


@pytest.mark.parametrize("method", ["销毁", "拍卖", "上缴国库"])
def test_items_are_not_destroyed_with_nothing_confiscated_or_held(db, make_case, english, method):
    case = make_case(status="investigating", filed_on="2026-03-02")
    message = refusal(db, case, "items_disposal_record", **DISPOSAL, method=method)
    assert method in message and "先行登记保存" in message and "没收" in message
    allowed(db, case, "items_disposal_record", **DISPOSAL, method="退还当事人")


def test_items_held_by_a_seizure_alone_are_not_destroyed(db, make_case, english):
    # a seizure only holds the goods: they end confiscated by a decision or released (行政强制法 art. 28); an early
    # disposal has its own documents (tests/test_s47_seizure_docs.py)
    from workstation.case_records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    case = make_case(status="investigating", filed_on="2026-03-02")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="seizure", starts_on="2026-03-05"))
    message = refusal(db, case, "items_disposal_record", **DISPOSAL, method="销毁")
    assert "2026-03-05" in message and "art. 28" in message and "先行处置物品确认书" in message


# ---- 6. 终止调查 with a 涉嫌犯罪案件移送书 not sent -------------------------------------------------------------------

@pytest.fixture
def letter_issued(db, data_dir, make_case):
    # below the thresholds (the letter resting on other serious circumstances): a case reaching them is not
    # terminated at all (tests/test_guards_review.py)
    case = make_case(status="investigating", filed_on="2026-03-02", records_other=3000)
    issue_document(db, data_dir, get_case(db, case.id), find_form("police_transfer"))
    return get_case(db, case.id)


def test_terminating_with_an_unsent_transfer_letter_is_refused_without_the_flag(db, data_dir, letter_issued, capsys,
                                                                               english):
    code, _out, err = run(capsys, "--data-dir", str(data_dir), "cases", "transition", letter_issued.case_number,
                          "terminate", "--reason", "违法事实不能成立", "--date", "2026-04-01")
    assert code != 0 and "--not-transferred" in err and "涉嫌犯罪案件移送书" in err
    assert get_case(db, letter_issued.id).status == "investigating"
    result = run_json(capsys, "--data-dir", str(data_dir), "cases", "transition", letter_issued.case_number,
                      "terminate", "--reason", "违法事实不能成立", "--date", "2026-04-01", "--not-transferred")
    assert result["status"] == "terminated"
    # the window's acknowledged warning follows the reason on the timeline; the 结案审批表 prints the reason alone
    from workstation.concluding import termination_warnings

    note = termination_warnings(db, get_case(db, letter_issued.id))[0].note
    db.execute("UPDATE case_events SET note = ? WHERE case_id = ? AND to_status = 'terminated'",
               [f"违法事实不能成立 {note}", letter_issued.id])
    values = default_values(find_form("closing_approval"), case_context(db, get_case(db, letter_issued.id)))
    assert values["decision"] == "终止调查。理由：违法事实不能成立。"


@pytest.mark.gui
def test_the_window_asks_before_terminating_with_an_unsent_letter(db, letter_issued):
    from ui.transition_dialog import conclusion_warning

    warning = conclusion_warning(db, letter_issued, "terminate")
    assert warning is not None and "涉嫌犯罪案件移送书" in warning("2026-04-01")[0]


def test_the_closing_form_of_a_terminated_case_prints_the_reason(db, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02")
    procedure.apply(db, case.id, "terminate", on_date="2026-04-01", reason="违法事实不能成立")
    values = default_values(find_form("closing_approval"), case_context(db, get_case(db, case.id)))
    assert values["ground"] == "终止调查"
    assert "违法事实不能成立" in values["decision"] and "终止调查" in values["decision"]


@pytest.mark.gui
def test_the_editor_refuses_a_case_officer_as_chair_naming_them(db, hearing_case, opened, prompts, english):
    editor = opened(db, "hearing_notice", get_case(db, hearing_case.id))
    editor.set_field("issued_on", "2026-03-23")
    editor.set_field("hearing_date", "2026-04-10")
    for name, value in HEARING_AT.items():
        editor.set_field(name, value)
    editor.set_field("clerk", "王记录")
    editor.set_field("chair", "陈志强")

    editor.issue()

    assert len(prompts.errors) == 1 and "陈志强" in prompts.errors[0] and "听证主持人" in prompts.errors[0]
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
