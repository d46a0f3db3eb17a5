"""The review and decision paperwork as printed (audit review_print, session 76): a 调查终结报告 stating no illegal
gains proven is refused a confiscation of illegal gains (Penalty Law art. 28); the 案件审核表, the 审批表 and the
告知书 drafted before any notice state the facts of the 调查终结报告 in force (the party's own, with several parties),
not the case's stored facts; a 案件审核表 answering 否 is named when the 告知书 and the 审批表 are issued after it, and
refuses the decision of a case whose notices were written on paper too (art. 58 para. 1); the 法制审核 of a fine
above the legal maximum is warned of as the 告知书 refuses it; the 集体讨论记录 of a case with several parties takes
each party's proposal and review opinion, or is warned of leaving them blank; the 审批表 is warned of a 集体讨论结论
naming another fine than its own; `docs fields legal_review` says 存在的问题及建议 is needed for any 否.

Mended after the final read (fr_review_papers): the report's facts only while the party records no notice served (a
notice served on paper leaves its decision the case's facts, as before); the warning of a failed review looks at the
latest 法制审核 as the refusal does, a failed 案件审核 told without art. 58; one Chinese-numeral reader
(``validators.chinese_numeral``) reads 二〇〇〇 and no fine from 罚款万元."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import REVIEW_FAILED, REVIEW_PASSED, failed_warnings, issue
from tests.test_party_case10 import COMPANY, EMPLOYEE, with_employee
from workstation import procedure
from workstation.decision_review import review_refusal
from workstation.documents.drafts import draft_values, find_form
from workstation.documents.stage_rules import stage_refusal, stage_warnings
from workstation.errors import TransitionRefused, WorkstationError
from workstation.store import get_case, get_party, save_party

CASE_FACTS = "经查，当事人于2026年1月发送商业性短信共计441条。"
REPORT_FACTS = "经补充调查查明，当事人于2026年6月至11月通过外呼平台发送商业性短信共计3210条。"
TOLD_FACTS = "经查，当事人发送商业性短信共计1000条。"
VIOLATIONS = ["unsolicited_commercial_messages"]
# with the fine reviewed: issue_document takes yuan, stage_refusal and stage_warnings the fen of checked values
PASSED = {**REVIEW_PASSED, "fine_fen": "50000"}
FAILED = {**REVIEW_FAILED, "fine_fen": "50000"}


def with_address(db, case):
    """The case's party (made without an address) with the address its notices and reports print."""
    party = get_party(db, get_case(db, case.id).party_ids[0])
    save_party(db, replace(party, address="佛山市南海区桂城街道南海大道1号", legal_rep="梁嘉豪"))


def drafted(db, case, form, party=None) -> dict:
    return draft_values(db, get_case(db, case.id), find_form(form), party_id=party, blanks=[])[0]


@pytest.fixture
def concluded(db, make_case):
    """A case with one party whose investigation concluded on 03-10, its stored facts CASE_FACTS."""
    case = make_case(status="investigating", filed_on="2026-03-02", evidence=True, facts=CASE_FACTS,
                     violations=VIOLATIONS)
    with_address(db, case)
    return procedure.apply(db, case.id, "conclude_investigation", on_date="2026-03-10")


# ---- 1. no illegal gains proven, yet illegal gains confiscated --------------------------------------------------

def test_a_report_finding_no_illegal_gains_is_refused_their_confiscation(db, data_dir, concluded, english,
                                                                         table_counts):
    values = {"fine_fen": 5_000_000, "illegal_gains_fen": 0, "confiscated_fen": 1_234_550, "facts": CASE_FACTS}
    refusal = stage_refusal(db, get_case(db, concluded.id), "investigation_report", values)
    assert refusal and "违法所得（元）" in refusal and "没收违法所得（元）" in refusal
    assert "¥12,345.50" in refusal and "art. 28" in refusal
    before = table_counts(db)
    with pytest.raises(WorkstationError, match="没收违法所得"):
        issue(db, data_dir, concluded, "investigation_report", {**values, "fine_fen": "50000",
                                                                "confiscated_fen": "12345.50"})
    assert table_counts(db) == before
    # the gains stated, the confiscation is what they are: issued
    assert stage_refusal(db, get_case(db, concluded.id), "investigation_report",
                         {**values, "illegal_gains_fen": 1_234_550}) is None
    # more confiscated than the gains it states is refused too
    assert "¥1,000.00" in (stage_refusal(db, get_case(db, concluded.id), "investigation_report",
                                         {**values, "illegal_gains_fen": 100_000}) or "")


# ---- 2. the facts of the report reviewed ------------------------------------------------------------------------

def test_the_review_and_approval_state_the_facts_of_the_report_until_a_notice_tells_others(db, data_dir,
                                                                                             concluded):
    issue(db, data_dir, concluded, "investigation_report", {"fine_fen": "50000", "facts": REPORT_FACTS})
    for form in ("legal_review", "decision_approval", "pre_penalty_notice"):
        assert drafted(db, concluded, form)["facts"] == REPORT_FACTS, form
    procedure.apply(db, concluded.id, "submit_review", on_date="2026-03-11")
    issue(db, data_dir, concluded, "legal_review", {**PASSED, "reviewed_on": "2026-03-12"})
    issue(db, data_dir, concluded, "pre_penalty_notice", {"facts": TOLD_FACTS, "issued_on": "2026-03-13",
                                                          "fine_fen": "50000"})
    for form in ("legal_review", "decision_approval", "penalty_decision"):
        assert drafted(db, concluded, form)["facts"] == TOLD_FACTS, form


def test_without_a_report_the_drafts_state_the_cases_facts(db, data_dir, concluded):
    for form in ("legal_review", "decision_approval", "pre_penalty_notice", "penalty_decision"):
        assert drafted(db, concluded, form)["facts"] == CASE_FACTS, form


def test_a_notice_served_on_paper_leaves_the_decision_the_cases_facts(db, data_dir, concluded):
    issue(db, data_dir, concluded, "investigation_report", {"fine_fen": "50000", "facts": REPORT_FACTS})
    procedure.apply(db, concluded.id, "submit_review", on_date="2026-03-11")
    issue(db, data_dir, concluded, "legal_review", {**PASSED, "reviewed_on": "2026-03-12"})
    assert drafted(db, concluded, "pre_penalty_notice")["facts"] == REPORT_FACTS  # the notice is still to come
    procedure.apply(db, concluded.id, "send_pre_notice", on_date="2026-03-13")  # served on paper: none issued here
    for form in ("decision_approval", "penalty_decision"):
        assert drafted(db, concluded, form)["facts"] == CASE_FACTS, form


def test_a_party_served_on_paper_has_the_cases_facts_in_its_decision(db, data_dir, make_case):
    case, company, employee = with_employee(db, make_case(status="investigating", filed_on="2026-03-02",
                                                          evidence=True, facts=CASE_FACTS))
    procedure.apply(db, case.id, "conclude_investigation", on_date="2026-03-10")
    issue(db, data_dir, case, "investigation_report", {"fine_fen": "5000", "facts": REPORT_FACTS},
          party_id=employee)
    procedure.apply(db, case.id, "submit_review", on_date="2026-03-11")
    assert drafted(db, case, "pre_penalty_notice", employee)["facts"] == REPORT_FACTS
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-13")
    assert drafted(db, case, "penalty_decision", employee)["facts"] == CASE_FACTS


def test_each_party_has_the_facts_of_its_own_report(db, data_dir, make_case):
    case, company, employee = with_employee(db, make_case(status="investigating", filed_on="2026-03-02",
                                                          evidence=True, facts=CASE_FACTS))
    procedure.apply(db, case.id, "conclude_investigation", on_date="2026-03-10")
    issue(db, data_dir, case, "investigation_report", {"fine_fen": "5000", "facts": REPORT_FACTS},
          party_id=employee)
    assert drafted(db, case, "legal_review", employee)["facts"] == REPORT_FACTS
    assert drafted(db, case, "legal_review", company)["facts"] == CASE_FACTS


# ---- 3. a review that did not pass ------------------------------------------------------------------------------

@pytest.fixture
def failed(db, data_dir, concluded):
    """The case submitted for review on 03-11 and its 法制审核 of 03-16 answering 否 to the facts and evidence."""
    issue(db, data_dir, concluded, "investigation_report", {"fine_fen": "50000", "facts": CASE_FACTS})
    procedure.apply(db, concluded.id, "submit_review", on_date="2026-03-11")
    issue(db, data_dir, concluded, "legal_review", {**FAILED, "reviewed_on": "2026-03-16"})
    return get_case(db, concluded.id)


def test_the_notice_and_the_approval_after_a_failed_review_are_warned_of_it(db, data_dir, failed, english):
    notice = {"facts": CASE_FACTS, "issued_on": "2026-03-17", "fine_fen": 5_000_000}
    [warning] = failed_warnings(db, failed, "pre_penalty_notice", notice)
    assert "2026-03-16" in warning and "the facts unclear" in warning and "art. 58" in warning
    assert "退回补充调查" in warning and "案件审核表" in warning
    [sheet] = failed_warnings(db, failed, "decision_approval", {"decision_kind": "给予行政处罚",
                                                                "fine_fen": 5_000_000})
    assert "2026-03-16" in sheet and "行政处理决定审批表" in sheet
    assert not failed_warnings(db, failed, "decision_approval", {"decision_kind": "不予行政处罚"})
    # reviewed again and passed: nothing said
    issue(db, data_dir, failed, "legal_review", {**PASSED, "reviewed_on": "2026-03-18"})
    assert not failed_warnings(db, failed, "pre_penalty_notice", notice)


def test_a_failed_case_review_is_told_without_art_58(db, data_dir, concluded, english):
    issue(db, data_dir, concluded, "investigation_report", {"fine_fen": "50000", "facts": CASE_FACTS})
    procedure.apply(db, concluded.id, "submit_review", on_date="2026-03-11")
    issue(db, data_dir, concluded, "legal_review", {**FAILED, "review_kind": "案件审核", "reviewed_on": "2026-03-16"})
    notice = {"facts": CASE_FACTS, "issued_on": "2026-03-17", "fine_fen": 5_000_000}
    [warning] = failed_warnings(db, concluded, "pre_penalty_notice", notice)
    assert "案件审核" in warning and "the facts unclear" in warning and "2026-03-16" in warning
    assert "art. 58" not in warning  # a 案件审核 is no legal review: the decision is not refused for it
    assert review_refusal(db, get_case(db, concluded.id)) is None


def test_a_failed_legal_review_is_told_after_a_case_review_passed(db, data_dir, failed, english):
    issue(db, data_dir, failed, "legal_review", {**PASSED, "review_kind": "案件审核", "reviewed_on": "2026-03-18"})
    notice = {"facts": CASE_FACTS, "issued_on": "2026-03-19", "fine_fen": 5_000_000}
    [warning] = failed_warnings(db, failed, "pre_penalty_notice", notice)
    assert "2026-03-16" in warning and "art. 58" in warning  # the 法制审核 that did not pass, as the refusal says
    assert "did not pass" in (review_refusal(db, get_case(db, failed.id)) or "")


def test_a_failed_review_refuses_the_decision_with_the_notice_on_paper(db, data_dir, make_case, english):
    case = make_case(status="decision_pending", filed_on="2026-03-02", review_on="2026-03-04", fine_fen=5_000_000,
                     notice_served_on="2026-03-06", facts=CASE_FACTS)
    issue(db, data_dir, case, "legal_review", {**FAILED, "reviewed_on": "2026-03-05"})
    refusal = review_refusal(db, get_case(db, case.id))
    assert refusal and "the review found the facts unclear" in refusal
    with pytest.raises(TransitionRefused, match="did not pass"):
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-20")


# ---- 4. the legal maximum at review ---------------------------------------------------------------------------

def test_a_review_of_a_fine_above_the_legal_maximum_is_warned_of(db, make_case, english):
    case = make_case(status="under_review", filed_on="2026-03-02", review_on="2026-03-11", facts=CASE_FACTS,
                     violations=VIOLATIONS, illegal_gains_fen=1_000_000)
    values = {**PASSED, "fine_fen": 12_000_000, "confiscated_fen": 1_000_000}
    [warning] = [w for w in stage_warnings(db, case, "legal_review", values) if "maximum" in w]
    assert "¥120,000.00" in warning and "¥100,000.00" in warning and "第五十六条" in warning
    assert not [w for w in stage_warnings(db, case, "legal_review", {**values, "fine_fen": 9_000_000})
                if "maximum" in w]
    # the sheet already answers 否: not told to answer it
    [answered] = [w for w in stage_warnings(db, case, "legal_review", {**values, "basis_correct": "否",
                                                                        "problems": "罚款超过法定上限。"})
                  if "maximum" in w]
    assert "¥120,000.00" in answered and "“否”" not in answered


# ---- 5. the collective discussion of several parties -------------------------------------------------------------

@pytest.fixture
def two_parties(db, make_case):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-03-02",
                                                          review_on="2026-03-11", facts=CASE_FACTS))
    return case, company, employee


def test_the_discussion_of_several_parties_takes_each_partys_review(db, data_dir, two_parties, english):
    case, company, employee = two_parties
    discussion = {"topic": "对本案作出行政处理决定", "place": "会议室", "conclusion": "同意。",
                  "held_from": "2026-03-20T09:00", "chair": "局长甲", "members": "副局长乙、副局长丙"}
    issue(db, data_dir, case, "legal_review", {**PASSED, "fine_fen": "5000", "opinion": "同意对公司的处理意见。",
                                               "reviewed_on": "2026-03-12"}, party_id=company)
    values = drafted(db, case, "collective_discussion")
    assert not values["proposal"] and not values["review_opinion"]  # the employee's review is still to come
    [blank] = [w for w in stage_warnings(db, get_case(db, case.id), "collective_discussion",
                                         {**discussion, **values}) if "办案机构处理意见" in w]
    assert "审核意见" in blank
    issue(db, data_dir, case, "legal_review", {**PASSED, "fine_fen": "1000", "opinion": "同意对员工的处理意见。",
                                               "reviewed_on": "2026-03-12"}, party_id=employee)
    values = drafted(db, case, "collective_discussion")
    assert values["review_opinion"] == f"{COMPANY}：同意对公司的处理意见。\n{EMPLOYEE}：同意对员工的处理意见。"
    first, second = values["proposal"].split("\n")
    assert first.startswith(f"{COMPANY}：") and "罚款¥5,000.00" in first
    assert second.startswith(f"{EMPLOYEE}：") and "罚款¥1,000.00" in second
    assert not [w for w in stage_warnings(db, get_case(db, case.id), "collective_discussion",
                                          {**discussion, **values}) if "办案机构处理意见" in w]


@pytest.mark.parametrize(("conclusion", "stated"), [
    ("经集体讨论，同意对当事人罚款柒万柒仟元。", "¥77,000.00"),
    ("经集体讨论，同意罚款人民币77,000元。", "¥77,000.00"),
    ("经集体讨论，同意罚款7.7万元。", "¥77,000.00"),
    ("经集体讨论，同意罚款二〇〇〇元。", "¥2,000.00"),
    ("经集体讨论，同意罚款八万九千九百九十九元九角九分。", "¥89,999.99"),
    ("经集体讨论，同意罚款壹拾万零伍佰元。", "¥100,500.00"),
    ("经集体讨论，同意对甲罚款5万元，对乙罚款8万元。", "¥50,000.00、¥80,000.00"),
    ("经集体讨论，同意罚款玖万元。", None),
    ("经集体讨论，同意罚款¥90,000.00。", None),
    ("经集体讨论，同意办案机构的处理意见。", None),
    ("经集体讨论，给予警告。", None),
    ("经集体讨论，不予罚款。", None),
    ("经集体讨论，同意罚款万元。", None),  # no amount read: nothing said (not ¥0.00)
    ("经集体讨论，同意对甲罚款5万元，对乙罚款9万元。", None),  # its own among others
    ("经集体讨论，没收违法所得¥77,000.00，罚款¥90,000.00。", None),
    ("经集体讨论，罚款¥90,000.00，没收违法所得¥77,000.00。", None),
    ("经集体讨论，同意罚款人民币玖万元整（¥90,000.00）。", None),
    ("经集体讨论，依法应处一万元以上十万元以下罚款，同意罚款玖万元。", None),
    ("经集体讨论，同意在5000元至10万元之间罚款，即罚款9万元。", None),
    ("经集体讨论，同意罚款5万元至10万元，具体为罚款9万元。", None),
])
def test_the_approval_is_warned_of_a_discussion_naming_another_fine(db, make_case, english, conclusion, stated):
    case = make_case(status="decision_pending", filed_on="2026-03-02", facts=CASE_FACTS)
    values = {"decision_kind": "给予行政处罚", "fine_fen": 9_000_000, "collective_on": "2026-03-20",
              "collective_conclusion": conclusion}
    warned = [w for w in stage_warnings(db, case, "decision_approval", values) if "集体讨论结论" in w]
    assert bool(warned) is (stated is not None)
    if stated:
        assert f"a fine of {stated}," in warned[0] and "¥90,000.00" in warned[0]


@pytest.mark.parametrize(("text", "number"), [("柒万柒仟", 77_000), ("二〇〇〇", 2000), ("二零二六", 2026),
                                              ("十五", 15), ("一百零五", 105), ("壹拾万零伍佰", 100_500),
                                              ("一亿二千万", 120_000_000), ("两千", 2000), ("３０", 30), ("45", 45),
                                              ("万", None), ("", None), ("约三千", None), ("一千零一十", 1010),
                                              ("一万零五百", 10_500), ("三千三百万", 33_000_000), ("一百一十", 110),
                                              ("二〇二六", 2026)])
def test_one_reader_reads_chinese_numerals(text, number):
    from workstation.documents.stage_rules import extension_days
    from workstation.validators import chinese_numeral

    assert chinese_numeral(text) == number
    if number is not None and number < 1000:
        assert extension_days(f"延长{text}日") == (number, "日")


# ---- 6. the help of 存在的问题及建议 ------------------------------------------------------------------------------

def test_the_fields_say_the_problems_are_written_for_any_no():
    from workstation.formkit.field_list import field_help

    form = find_form("legal_review")
    assert "任一审核事项" in field_help(form, form.field("problems"))
