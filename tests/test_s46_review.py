"""The review before the decision, as an audit found it wanting: a 法制审核 that did not pass (any 否) or is dated
before the file went to review does not count (Penalty Law art. 58 para. 1: 审核未通过的，不得作出决定), and the
refusal tells the two apart; one that passed before the notice counts after the hearing; the 案件审核表 refuses reviewers who investigated the case, dates before 提交审核 or the 调查终结报告, and 否 with
no problems written; T3 says what is wrong with a review dated before the file went to review; the grounds of art. 57
para. 2 (情节复杂, 重大违法行为) are marked and refuse the decision until a 集体讨论记录 with its date, chair and members
is issued (one without them is warned of at issue and named by the refusal); 不予行政处罚 without a required review is warned of; T3 counts from the 送审日期."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import run_json
from tests.test_lawleft_review_grounds import REVIEW as PASSED_REVIEW
from workstation import procedure
from workstation.concluding import no_penalty_warnings
from workstation.decision_review import legal_review_recorded, mark_review_grounds, review_refusal
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import TransitionRefused, WorkstationError
from workstation.store import get_case
from workstation.store.cases import update_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
SERVED = "2026-03-02"
REVIEW = {**PASSED_REVIEW, "reviewers": "罗建华、杨伟明"}  # the legal review of the earlier tests, its reviewers named
FAILED = {**REVIEW, "facts_clear": "否", "evidence_sufficient": "否",
          "problems": "事实不清，证据不足，建议补充调查。", "opinion": "建议补充调查后再行审核。"}
DISCUSSION = {"topic": "对本案作出行政处理决定", "place": "会议室", "conclusion": "同意罚款",
              "held_from": "2026-03-12T09:00", "chair": "局长 李明", "members": "副局长 王强、副局长 张伟"}


@pytest.fixture
def noticed(request, db, data_dir, kept_state):
    """A company's case told of a fine of ¥50,000 by a 行政处罚告知书 issued here, its statement period over."""
    def make():
        make_case = request.getfixturevalue("make_case")
        case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
        issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                       {"facts": FACTS, "issued_on": SERVED, "fine_fen": "50000", "hearing_required": False})
        return procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")

    return kept_state("noticed", db, data_dir, make, ("make_case", "officers"))


def issue(db, data_dir, case, form, values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form(form), values)


def test_a_failed_legal_review_does_not_let_the_penalty_be_decided(db, data_dir, noticed, english):
    case = mark_review_grounds(db, noticed, ["complex"])
    issue(db, data_dir, case, "legal_review", FAILED)
    assert not legal_review_recorded(db, get_case(db, case.id))
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-13")
    assert "the review found the facts unclear, the evidence insufficient" in str(refused.value)
    assert "2026-03-12" in str(refused.value)
    issue(db, data_dir, case, "legal_review", {**REVIEW, "reviewed_on": "2026-03-13"})
    assert review_refusal(db, get_case(db, case.id)) is None


def test_a_failed_legal_review_refuses_even_without_a_ground_marked(db, data_dir, noticed, english):
    issue(db, data_dir, noticed, "legal_review", FAILED)
    assert "the review found the facts unclear" in (review_refusal(db, get_case(db, noticed.id)) or "")


def test_a_legal_review_before_the_notice_counts_for_the_decision_after_the_hearing(db, data_dir, make_case,
                                                                                   english):
    # the procedure's order (REFERENCE §1.1): 提交审核, 法制审核, 告知书, hearing, decision — a review that passed is
    # always dated before the hearing, and counts
    from tests.helpers import hearing_notice
    from tests.test_s45_hearing_path import hearing_documents

    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-24", facts=FACTS)
    issue(db, data_dir, case, "legal_review", {**REVIEW, "received_on": "2026-02-24", "reviewed_on": "2026-02-26",
                                               "reviewers": "罗建华", "fine_fen": "150000"})
    case = update_case(db, replace(get_case(db, case.id), status="pre_notice", notice_served_on=SERVED),
                       allow_status_change=True)
    issue(db, data_dir, case, "pre_penalty_notice", {"facts": FACTS, "issued_on": SERVED, "fine_fen": "150000",
                                                     "hearing_required": True})
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03")
    hearing_notice(db, data_dir, case, issued_on="2026-03-03", hearing_date="2026-03-12")
    procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-12")
    hearing_documents(db, data_dir, case, "2026-03-12")
    case = get_case(db, case.id)
    assert legal_review_recorded(db, case)
    assert review_refusal(db, case) is None
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-13").status == "penalty_decided"


def test_a_review_dated_before_the_file_went_to_review_is_not_said_to_have_failed(db, data_dir, noticed, english,
                                                                                 monkeypatch):
    from workstation.documents import stage_rules

    case = mark_review_grounds(db, update_case(db, replace(get_case(db, noticed.id), review_on="2026-03-01")),
                               ["complex"])
    monkeypatch.delitem(stage_rules._REFUSALS, "legal_review", raising=False)  # as an old sheet was issued
    issue(db, data_dir, case, "legal_review", {**REVIEW, "received_on": "2026-02-27", "reviewed_on": "2026-02-28"})
    refusal = review_refusal(db, get_case(db, case.id))
    assert "before the file went to review on 2026-03-01" in refusal
    assert "did not pass" not in refusal and "art. 58 para. 1" not in refusal
    assert "correction" in refusal and "审核日期" in refusal


def test_a_discussion_record_without_its_chair_or_members_is_warned_of_and_named(db, data_dir, noticed, english):
    from workstation.documents.stage_rules import stage_warnings

    case = mark_review_grounds(db, noticed, ["major_violation"])
    bare = {k: v for k, v in DISCUSSION.items() if k not in ("chair", "members")}
    warned = [w for w in stage_warnings(db, case, "collective_discussion", bare) if "主持人" in w]
    assert len(warned) == 1 and "出席人员" in warned[0] and "讨论开始时间" not in warned[0]
    assert not [w for w in stage_warnings(db, case, "collective_discussion", DISCUSSION) if "主持人" in w]
    issue(db, data_dir, case, "collective_discussion", bare)
    refusal = review_refusal(db, get_case(db, case.id))
    assert "none is recorded" not in refusal
    assert "行政处罚案件集体讨论记录" in refusal and "主持人、出席人员" in refusal
    issue(db, data_dir, case, "collective_discussion", DISCUSSION)
    assert review_refusal(db, get_case(db, case.id)) is None


def test_the_review_sheet_refuses_wrong_paperwork(db, data_dir, noticed, english, table_counts):
    case = update_case(db, replace(get_case(db, noticed.id), review_on="2026-03-01"))
    before = table_counts(db)
    with pytest.raises(WorkstationError, match="陈志强 investigated this case"):
        issue(db, data_dir, case, "legal_review", {**REVIEW, "reviewers": "陈志强、罗建华"})
    with pytest.raises(WorkstationError, match=r"送审日期 \(2026-02-27\) is before the file went to review "
                                               r"\(2026-03-01\)"):
        issue(db, data_dir, case, "legal_review", {**REVIEW, "received_on": "2026-02-27", "reviewed_on": "2026-02-28"})
    with pytest.raises(WorkstationError, match="存在的问题及建议"):
        issue(db, data_dir, case, "legal_review", {**FAILED, "problems": "无"})
    with pytest.raises(WorkstationError, match="存在的问题及建议"):
        issue(db, data_dir, case, "legal_review", {**FAILED, "problems": ""})
    assert table_counts(db) == before


def test_the_review_sheet_refuses_a_date_before_the_investigation_report(db, data_dir, make_case, english):
    case = make_case(status="investigation_concluded", filed_on="2026-02-27", facts=FACTS)
    issue(db, data_dir, case, "investigation_report",
          {"fine_fen": "50000", "reported_on": "2026-03-10", "facts": FACTS, "course": "调取短信记录",
           "party_address": "佛山市南海区桂城街道南海大道1号"})
    with pytest.raises(WorkstationError, match=r"before the 调查终结报告 .*2026-03-10"):
        issue(db, data_dir, case, "legal_review", {**REVIEW, "reviewed_on": "2026-03-09", "fine_fen": "50000"})


def test_t3_says_what_is_wrong_with_a_review_dated_before_the_file_went_to_review(
        db, data_dir, make_case, english, monkeypatch):
    from workstation.clocks import case_clocks
    from workstation.documents import stage_rules

    case = make_case(status="investigation_concluded", filed_on="2026-02-27", facts=FACTS)
    monkeypatch.delitem(stage_rules._REFUSALS, "legal_review", raising=False)  # as an old sheet was issued
    issue(db, data_dir, case, "legal_review", {**REVIEW, "reviewed_on": "2026-03-04", "fine_fen": "50000"})
    case = procedure.apply(db, case.id, "submit_review", on_date="2026-03-05")
    t3 = next(d for d in case_clocks(db, case) if d.clock == "T3")
    text = t3.calculation()
    assert "No 案件审核表 was issued here" not in text
    assert "dated 2026-03-04, before the file went to review on 2026-03-05" in text


def test_t3_counts_from_the_date_sent_for_review_of_either_kind(english):
    from workstation.clocks import rule, start_label

    # 送审日期, as the 案件审核表 calls it, for a 案件审核 as for a 法制审核 (not 送法制审核日期 for every case)
    assert start_label(rule("T3")) == "date the file went to review"


def test_the_grounds_of_collective_discussion_are_marked_and_refuse_until_discussed(
        db, data_dir, noticed, capsys, english):
    marked = run_json(capsys, "--data-dir", data_dir, "cases", "review-grounds", noticed.case_number,
                      "--ground", "major_violation")
    assert marked["review_grounds"] == ["major_violation"]
    case = get_case(db, noticed.id)
    with pytest.raises(TransitionRefused, match=r"collective discussion .*A major illegal act \(marked on the case\)"):
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-13")
    issue(db, data_dir, case, "collective_discussion",
          {k: v for k, v in DISCUSSION.items() if k not in ("chair", "members", "held_from")})
    assert "collective discussion" in (review_refusal(db, get_case(db, case.id)) or "")
    issue(db, data_dir, case, "collective_discussion", DISCUSSION)
    assert review_refusal(db, get_case(db, case.id)) is None


def test_deciding_not_to_penalise_a_complex_case_without_review_is_warned(db, data_dir, noticed, english):
    case = mark_review_grounds(db, noticed, ["complex"])
    messages = [w.message for w in no_penalty_warnings(db, case)]
    assert any("legal review (法制审核, Penalty Law art. 58)" in m for m in messages)
    issue(db, data_dir, case, "legal_review", REVIEW)
    messages = [w.message for w in no_penalty_warnings(db, get_case(db, case.id))]
    assert not any("法制审核, Penalty Law art. 58" in m for m in messages)


def test_the_penalty_dialog_marks_the_grounds_of_collective_discussion(db, noticed, make_window, qtbot):
    from PySide6.QtWidgets import QCheckBox

    from ui.case_law import PenaltyChoiceDialog

    window = make_window(db)
    workspace = window.open_case(noticed.id)
    dialog = PenaltyChoiceDialog(db, workspace.case, window.prompts)
    qtbot.addWidget(dialog)
    box = dialog.findChild(QCheckBox, "discussion_major_violation")
    assert box is not None and box.text() == "重大违法行为"
    dialog.findChild(QCheckBox, "review_complex").setChecked(True)
    box.setChecked(True)
    dialog.save()
    assert get_case(db, noticed.id).review_grounds == ["complex", "major_violation"]
    again = PenaltyChoiceDialog(db, get_case(db, noticed.id), window.prompts)
    qtbot.addWidget(again)
    assert again.findChild(QCheckBox, "discussion_major_violation").isChecked()
    assert not again.findChild(QCheckBox, "discussion_complex_circumstances").isChecked()


def test_the_command_line_says_the_grounds_of_collective_discussion(db, data_dir, noticed, capsys, english):
    from tests.helpers import run

    code, out, _err = run(capsys, "--data-dir", data_dir, "cases", "review-grounds", noticed.case_number,
                          "--ground", "complex_circumstances")
    assert code == 0
    assert out.rstrip().endswith("The heads' collective discussion is required before the decision: The "
                                 "circumstances are complex.")


def test_the_law_panel_counts_a_marked_ground_for_collective_discussion(db, noticed, english):
    from workstation.law.case_law import case_law

    law = dict(case_law(db, mark_review_grounds(db, noticed, ["major_violation"])).thresholds)
    assert law["collective_discussion"].applies
    assert "A major illegal act" in law["collective_discussion"].reasons
