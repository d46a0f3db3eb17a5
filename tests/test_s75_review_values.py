"""Results the case already records are not typed again (walkthrough75 #4): the 行政处理决定审批表 drafts its
审核（法制审核）意见 from the latest 法制审核 in force (a 案件审核 is no legal review) and its 集体讨论日期 and 结论 from
the latest 集体讨论记录 in force of the decision that records a meeting; the 集体讨论记录 drafts its 审核意见 and
办案机构处理意见 from the latest 案件审核表 in force. Documents voided or corrected give nothing (a correction gives its
own); a discussion of the extension alone gives nothing; an officer's typed value, in a draft or a kept draft, stays."""

from __future__ import annotations

import pytest

from tests.test_doc_review_and_decision_forms import pdf_text
from workstation import procedure
from workstation.documents.drafts import draft_document, draft_values, find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.formkit.values import case_context, default_values, resumed_values
from workstation.store import get_case
from workstation.store.drafts import get_draft, open_draft

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
SERVED = "2026-03-02"
BASIS = "依据《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项的规定"
REVIEW = {"review_kind": "法制审核", "facts_clear": "是", "evidence_sufficient": "是", "procedure_lawful": "是",
          "basis_correct": "是", "discretion_proper": "是", "opinion": "同意。", "reviewers": "张法审",
          "reviewed_on": "2026-03-11", "basis": BASIS, "fine_fen": "50000", "warning": True}
DISCUSSION = {"topic": "对本案作出行政处理决定", "place": "会议室", "conclusion": "同意罚款伍万元。",
              "chair": "局长甲", "members": "副局长乙、副局长丙", "held_from": "2026-03-26T09:00"}
PROPOSAL = f"{BASIS}，拟对当事人作出如下行政处罚：给予警告；罚款¥50,000.00（人民币伍万元整）。"


@pytest.fixture
def awaiting(db, data_dir, make_case):
    """A company's case told of a fine of ¥50,000 by a 行政处罚告知书 issued here, awaiting its decision."""
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
    issue(db, data_dir, case, "pre_penalty_notice",
          {"facts": FACTS, "issued_on": SERVED, "fine_fen": "50000", "hearing_required": False})
    return procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")


def issue(db, data_dir, case, form, values, **kwargs):
    return issue_document(db, data_dir, get_case(db, case.id), find_form(form), values, **kwargs)


def drafted(db, case, form, values=None) -> dict:
    return draft_values(db, get_case(db, case.id), find_form(form), values, blanks=[])[0]


def test_the_approval_drafts_the_legal_review_opinion_and_the_discussion(db, data_dir, awaiting):
    before = drafted(db, awaiting, "decision_approval")
    assert not before["review_opinion"] and not before["collective_on"] and not before["collective_conclusion"]
    issue(db, data_dir, awaiting, "legal_review", REVIEW)
    issue(db, data_dir, awaiting, "collective_discussion", DISCUSSION)
    values = drafted(db, awaiting, "decision_approval")
    assert values["review_opinion"] == "同意。"
    assert str(values["collective_on"]) == "2026-03-26" and values["collective_conclusion"] == "同意罚款伍万元。"
    text = pdf_text(draft_document(db, get_case(db, awaiting.id), find_form("decision_approval")))
    assert "本案于2026年3月26日经本局负责人集体讨论。同意罚款伍万元。" in text
    assert "审核意见同意。签名" in text


def test_the_discussion_drafts_the_review_opinion_and_the_proposal(db, data_dir, awaiting):
    assert not drafted(db, awaiting, "collective_discussion")["review_opinion"]
    issue(db, data_dir, awaiting, "legal_review", REVIEW)
    values = drafted(db, awaiting, "collective_discussion")
    assert values["review_opinion"] == "同意。"
    assert values["proposal"] == PROPOSAL


def test_a_case_review_is_no_legal_review_for_the_approval_but_the_discussion_takes_it(db, data_dir, awaiting):
    issue(db, data_dir, awaiting, "legal_review", {**REVIEW, "review_kind": "案件审核", "opinion": "同意处理意见。"})
    assert not drafted(db, awaiting, "decision_approval")["review_opinion"]
    assert drafted(db, awaiting, "collective_discussion")["review_opinion"] == "同意处理意见。"


def test_the_latest_in_force_is_taken_a_voided_one_gives_nothing_a_correction_its_own(db, data_dir, awaiting):
    first = issue(db, data_dir, awaiting, "legal_review", REVIEW)
    later = issue(db, data_dir, awaiting, "legal_review", {**REVIEW, "opinion": "同意，建议从轻。"})
    assert drafted(db, awaiting, "decision_approval")["review_opinion"] == "同意，建议从轻。"
    void_document(db, later.id, "误填")
    assert drafted(db, awaiting, "decision_approval")["review_opinion"] == "同意。"
    issue(db, data_dir, awaiting, "legal_review", {**REVIEW, "opinion": "更正后的意见。"}, supersedes=first.id)
    assert drafted(db, awaiting, "decision_approval")["review_opinion"] == "更正后的意见。"
    discussion = issue(db, data_dir, awaiting, "collective_discussion", DISCUSSION)
    void_document(db, discussion.id, "误填")
    values = drafted(db, awaiting, "decision_approval")
    assert not values["collective_on"] and not values["collective_conclusion"]


def test_a_discussion_of_the_extension_alone_or_with_no_meeting_recorded_gives_nothing(db, data_dir, awaiting):
    issue(db, data_dir, awaiting, "collective_discussion",
          {**DISCUSSION, "topic": "本案办案期限是否再次延长", "conclusion": "同意延长。"})
    issue(db, data_dir, awaiting, "collective_discussion", {**DISCUSSION, "chair": "", "conclusion": "无主持人。"})
    values = drafted(db, awaiting, "decision_approval")
    assert not values["collective_on"] and not values["collective_conclusion"]
    issue(db, data_dir, awaiting, "collective_discussion", DISCUSSION)
    assert drafted(db, awaiting, "decision_approval")["collective_conclusion"] == "同意罚款伍万元。"


def test_an_officers_typed_value_stays(db, data_dir, awaiting):
    issue(db, data_dir, awaiting, "legal_review", REVIEW)
    issue(db, data_dir, awaiting, "collective_discussion", DISCUSSION)
    typed = {"review_opinion": "审核人员手写。", "collective_on": "2026-03-27", "collective_conclusion": "另行记录。"}
    values = drafted(db, awaiting, "decision_approval", typed)
    assert values["review_opinion"] == "审核人员手写。" and values["collective_conclusion"] == "另行记录。"
    assert str(values["collective_on"]) == "2026-03-27"


def test_a_kept_draft_takes_the_results_where_untouched_and_keeps_what_was_typed(db, data_dir, awaiting):
    case, form = get_case(db, awaiting.id), find_form("decision_approval")
    opened = default_values(form, case_context(db, case))
    assert not opened["review_opinion"] and not opened["collective_on"]
    kept = open_draft(db, form.id, opened, case_id=case.id, defaults=True)
    kept = get_draft(db, kept.id)
    issue(db, data_dir, awaiting, "legal_review", REVIEW)
    issue(db, data_dir, awaiting, "collective_discussion", DISCUSSION)
    context = case_context(db, get_case(db, case.id))
    resumed = resumed_values(form, kept.values, context, kept.defaults)
    assert resumed["review_opinion"] == "同意。" and resumed["collective_conclusion"] == "同意罚款伍万元。"
    typed = resumed_values(form, {**kept.values, "collective_conclusion": "办案人员先写的结论。"}, context,
                           kept.defaults)
    assert typed["collective_conclusion"] == "办案人员先写的结论。" and typed["review_opinion"] == "同意。"


def test_the_two_forms_are_new_versions_with_the_earlier_kept():
    from workstation.formkit.spec import earlier_form

    assert find_form("decision_approval").version == 8 and find_form("collective_discussion").version == 3
    assert earlier_form("decision_approval", 7) is not None and earlier_form("collective_discussion", 2) is not None
    assert not earlier_form("decision_approval", 7).field("review_opinion").source
    assert find_form("decision_approval").field("review_opinion").source


def test_with_several_parties_each_approval_takes_its_own_partys_review_and_the_discussion_none(db, data_dir,
                                                                                              awaiting):
    from tests.test_party_case10 import with_employee

    case, company, employee = with_employee(db, awaiting)
    own_amounts = {"fine_fen": "50000", "confiscated_fen": "0", "total_fen": "50000"}  # each party's own amounts typed
    issue(db, data_dir, case, "legal_review", {**REVIEW, "opinion": "对员工的意见。"}, party_id=employee)
    own = draft_values(db, get_case(db, case.id), find_form("decision_approval"), own_amounts, party_id=employee,
                       blanks=[])[0]
    assert own["review_opinion"] == "对员工的意见。"
    other = draft_values(db, get_case(db, case.id), find_form("decision_approval"), own_amounts, party_id=company,
                         blanks=[])[0]
    assert not other["review_opinion"]
    values = drafted(db, case, "collective_discussion")
    assert not values["review_opinion"] and not values["proposal"]  # one party's sheet is not the whole case's


def test_the_help_texts_say_where_the_values_come_from():
    """The help names the form the values come from (the 案件审核表, by its 审核类别: no form is named 法制审核表) and
    its example is what the field is filled with."""
    from workstation.formkit.values import reviewed_proposal

    approval = find_form("decision_approval").field("review_opinion").help
    assert "审核类别为法制审核的最近一份案件审核表" in approval and "法制审核表" not in approval
    discussion = find_form("collective_discussion")
    for name in ("proposal", "review_opinion"):
        assert "取自最近的案件审核表" in discussion.field(name).help and "按当事人逐行列明" in discussion.field(name).help
    example = reviewed_proposal({"basis": "依据……的规定", "warning": True, "fine_fen": 300000})
    assert example == "依据……的规定，拟对当事人作出如下行政处罚：给予警告；罚款¥3,000.00（人民币叁仟元整）。"
    assert example in discussion.field("proposal").help
    assert "并处罚款人民币叁仟元整" not in discussion.field("proposal").help


def test_other_forms_do_not_read_the_review_or_the_discussion(db, data_dir, awaiting, monkeypatch):
    """Only a form drawing on the results reads the 案件审核表 and 集体讨论记录 in force (``LAZY_PREFIX``)."""
    from workstation.decision_review import DISCUSSION_FORM, LEGAL_REVIEW_FORM
    from workstation.documents import issuing

    real = issuing.in_force_of_form

    def refused(db, case_id, form_id):
        if form_id in (LEGAL_REVIEW_FORM, DISCUSSION_FORM):
            raise AssertionError(f"read {form_id}")
        return real(db, case_id, form_id)

    monkeypatch.setattr(issuing, "in_force_of_form", refused)
    assert drafted(db, awaiting, "pre_penalty_notice")["facts"] == FACTS
    with pytest.raises(AssertionError, match=f"read ({LEGAL_REVIEW_FORM}|{DISCUSSION_FORM})"):
        drafted(db, awaiting, "decision_approval")


def test_one_penalty_list_each_in_its_own_order_and_words():
    """The 案件审核表's proposal and the 移送书's decision list their penalties by one helper, each as it did."""
    from workstation.decided_transfer import _decision_sentence
    from workstation.formkit.values import penalty_items, reviewed_proposal
    from workstation.penalty_terms import Terms

    fine, gains = "罚款¥3,000.00（人民币叁仟元整）", "没收违法所得¥100.00（人民币壹佰元整）"
    assert penalty_items(True, 10000, "假冒商品10件", 300000, "责令停产停业") == [
        "给予警告", gains, "没收假冒商品10件", fine, "责令停产停业"]
    assert penalty_items(True, 10000, "假冒商品10件", 300000, "责令停产停业", warning_word="警告", fine_first=True) == [
        "警告", fine, gains, "没收假冒商品10件", "责令停产停业"]
    assert penalty_items(False, 0, "", 0, "") == []
    sentence = _decision_sentence("佛南市监罚〔2026〕3号", "2026-05-06", Terms(300000, 10000, True, "假冒商品10件", "责令停产停业"))
    assert sentence == ("本局已于2026年5月6日作出佛南市监罚〔2026〕3号《行政处罚决定书》，对当事人处以：警告；"
                        f"{fine}；{gains}；没收假冒商品10件；责令停产停业。")
    proposal = reviewed_proposal({"basis": "依据某法的规定。", "warning": True, "fine_fen": 300000, "confiscated_fen": 10000,
                                  "confiscated_property": " 假冒商品10件 ", "other_penalty": "责令停产停业。"})
    assert proposal == f"依据某法的规定，拟对当事人作出如下行政处罚：给予警告；{gains}；没收假冒商品10件；{fine}；责令停产停业。"
