"""The review and the collective discussion come before the penalty decision (walkthrough75 #2, #3): a 法制审核 or a
集体讨论记录 — or a 集体讨论日期 typed on the 行政处理决定审批表 — dated after the decision's day does not count for it
(Penalty Law art. 58: the legal review before the decision; art. 57 para. 2: the decision made by the discussion),
whether the step 作出行政处罚决定 is recorded or the 行政处罚决定书 issued, and the refusal names both days; a
“collective discussion” of one person (its 主持人 the only 出席人员) is no discussion of the heads: warned of at
issue, and not counted."""

from __future__ import annotations

import pytest

from workstation import procedure
from workstation.decision_review import discussion_recorded, review_refusal
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import TransitionRefused, WorkstationError
from workstation.store import get_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
SERVED = "2026-03-02"
ADDRESS = "佛山市南海区桂城街道南海大道1号"
REVIEW = {"review_kind": "法制审核", "facts_clear": "是", "evidence_sufficient": "是", "procedure_lawful": "是",
          "basis_correct": "是", "discretion_proper": "是", "opinion": "同意。", "reviewers": "张法审"}
DISCUSSION = {"topic": "对本案作出行政处理决定", "place": "会议室", "conclusion": "同意罚款。",
              "chair": "局长甲", "members": "副局长乙、副局长丙"}


@pytest.fixture
def marked(db, data_dir, make_case):
    """A company's case told of a fine by a 行政处罚告知书 issued here, its statement period over (awaiting its
    decision), marked 疑难复杂 and 重大违法: it needs a 法制审核 and the heads' 集体讨论 before its decision."""
    from workstation.decision_review import mark_review_grounds

    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
    issue(db, data_dir, case, "pre_penalty_notice",
          {"facts": FACTS, "issued_on": SERVED, "fine_fen": "50000", "hearing_required": False})
    case = procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")
    return mark_review_grounds(db, case, ["complex", "major_violation"])


def issue(db, data_dir, case, form, values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form(form), values)


def reviewed_and_discussed(db, data_dir, case, reviewed_on, held_on):
    issue(db, data_dir, case, "legal_review", {**REVIEW, "reviewed_on": reviewed_on})
    issue(db, data_dir, case, "collective_discussion", {**DISCUSSION, "held_from": f"{held_on}T09:00"})
    return get_case(db, case.id)


def test_a_review_and_discussion_after_the_decision_day_refuse_the_decision(db, data_dir, marked, english,
                                                                            table_counts):
    case = reviewed_and_discussed(db, data_dir, marked, "2026-03-25", "2026-03-26")
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-13")
    message = str(refused.value)
    assert "2026-03-25" in message and "2026-03-26" in message and "2026-03-13" in message
    assert "法制审核" in message and "集体讨论" in message
    assert "on or after" in message  # what to do: date the decision after them, or correct the record
    assert table_counts(db) == before
    assert get_case(db, case.id).status == "decision_pending"
    # the 行政处罚决定书 dated that day is refused as well, nothing issued
    with pytest.raises(WorkstationError, match="2026-03-25"):
        issue(db, data_dir, case, "penalty_decision",
              {"decided_on": "2026-03-13", "party_address": ADDRESS, "fine_fen": "50000"})
    assert table_counts(db) == before
    # decided on the discussion's day or after, it counts
    assert review_refusal(db, case, "2026-03-26") is None
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-26").status == "penalty_decided"


def test_the_same_records_dated_on_or_before_the_decision_day_are_accepted(db, data_dir, marked, english):
    case = reviewed_and_discussed(db, data_dir, marked, "2026-03-12", "2026-03-12")
    assert review_refusal(db, case, "2026-03-13") is None
    decided = procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-13")
    assert decided.status == "penalty_decided" and decided.decided_on == "2026-03-13"


def test_only_the_discussion_late_names_the_discussion(db, data_dir, marked, english):
    case = reviewed_and_discussed(db, data_dir, marked, "2026-03-12", "2026-03-26")
    refusal = review_refusal(db, case, "2026-03-13")
    assert "2026-03-26" in refusal and "2026-03-13" in refusal
    assert "legal review (法制审核" not in refusal
    assert "collective discussion" in refusal and "correct" in refusal


def test_a_discussion_date_on_the_approval_sheet_counts_under_the_same_rule(db, data_dir, marked, english):
    issue(db, data_dir, marked, "legal_review", {**REVIEW, "reviewed_on": "2026-03-12"})
    issue(db, data_dir, marked, "decision_approval", {"collective_on": "2026-03-26", "collective_conclusion": "同意。"})
    case = get_case(db, marked.id)
    assert not discussion_recorded(db, case, "2026-03-13")
    refusal = review_refusal(db, case, "2026-03-13")
    assert "行政处理决定审批表" in refusal and "2026-03-26" in refusal and "2026-03-13" in refusal
    assert discussion_recorded(db, case, "2026-03-26")
    assert review_refusal(db, case, "2026-03-26") is None


def test_a_one_person_discussion_is_warned_of_and_does_not_count(db, data_dir, marked, english):
    from workstation.documents.stage_rules import stage_warnings

    alone = {**DISCUSSION, "held_from": "2026-03-12T09:00", "chair": "局长甲", "members": "局长甲"}
    warned = [w for w in stage_warnings(db, marked, "collective_discussion", alone) if "at least two" in w]
    assert len(warned) == 1 and "出席人员" in warned[0] and "局长甲" in warned[0]
    # the chair written again among the members, spaced or with a post in brackets, is still one person
    for members in ("局长 甲", "局长甲（主持）", "局长甲、\n局长甲"):
        assert [w for w in stage_warnings(db, marked, "collective_discussion", {**alone, "members": members})
                if "at least two" in w], members
    assert not [w for w in stage_warnings(db, marked, "collective_discussion", {**alone, "members": "副局长乙"})
                if "at least two" in w]
    issue(db, data_dir, marked, "legal_review", {**REVIEW, "reviewed_on": "2026-03-12"})
    issue(db, data_dir, marked, "collective_discussion", alone)
    case = get_case(db, marked.id)
    assert not discussion_recorded(db, case)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-13")
    assert "局长甲" in str(refused.value) and "at least two" in str(refused.value)
    issue(db, data_dir, case, "collective_discussion", {**alone, "members": "局长甲\n副局长乙"})
    assert discussion_recorded(db, get_case(db, case.id), "2026-03-13")
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-13").status == "penalty_decided"


# ---- final read: the late record said as late, where to correct it, the window's date, the command line's ---------


@pytest.fixture
def on_paper(db, make_case):
    """A company's case awaiting its decision, its notices written on paper (none issued here), with a fine of
    ¥400,000 recorded on it: the local amounts call for a 法制审核 and a 集体讨论, said as warnings, not refused."""
    return make_case(status="decision_pending", filed_on="2026-02-27", notice_served_on=SERVED, notice_waived=True,
                     facts=FACTS, fine_fen=40_000_000)


def test_a_late_record_of_a_case_warned_only_is_said_as_late_not_as_missing(db, data_dir, on_paper, english):
    from workstation.decision_review import review_warnings

    case = reviewed_and_discussed(db, data_dir, on_paper, "2026-03-12", "2026-03-12")
    assert review_refusal(db, case, "2026-03-11") is None
    legal, discussion = review_warnings(db, case, "2026-03-11")
    for warning in (legal, discussion):
        assert "none is recorded" not in warning, warning
        assert "the one recorded is dated after the day of the decision, 2026-03-11" in warning, warning
        assert "2026-03-12" in warning
    assert review_warnings(db, case, "2026-03-12") == []


def test_the_late_approval_sheet_is_named_as_the_record_to_correct(db, data_dir, marked, english):
    issue(db, data_dir, marked, "legal_review", {**REVIEW, "reviewed_on": "2026-03-12"})
    issue(db, data_dir, marked, "decision_approval", {"collective_on": "2026-03-26", "collective_conclusion": "同意。"})
    refusal = review_refusal(db, get_case(db, marked.id), "2026-03-13")
    assert "on or after" in refusal
    assert "correction of its 集体讨论记录 or 行政处理决定审批表" in refusal
    assert "决定日期" in refusal  # issuing the 决定书, its 决定日期 is what to date later


def test_a_late_review_says_to_date_the_decision_or_its_decision_sheet_later(db, data_dir, marked, english):
    case = reviewed_and_discussed(db, data_dir, marked, "2026-03-25", "2026-03-12")
    refusal = review_refusal(db, case, "2026-03-13")
    assert "2026-03-25" in refusal and "2026-03-13" in refusal
    assert "决定日期" in refusal and "on or after" in refusal and "案件审核表" in refusal


def test_the_window_judges_the_review_on_the_date_picked(db, data_dir, on_paper, english):
    from ui.transition_dialog import no_decision_warning

    case = reviewed_and_discussed(db, data_dir, on_paper, "2026-03-12", "2026-03-12")
    warning = no_decision_warning(db, case, "decide_penalty")
    early, _note = warning("2026-03-11")
    assert "No 行政处罚决定书 is issued in the workstation" in early
    assert "Legal review (法制审核" in early and "dated after the day of the decision, 2026-03-11" in early
    later, note = warning("2026-03-13")
    assert "No 行政处罚决定书 is issued in the workstation" in later
    assert "法制审核" not in later and "集体讨论" not in later
    assert "Decided without the legal review" not in note


@pytest.mark.gui
def test_the_dialog_shows_the_review_warning_of_the_date_picked(qtbot, db, data_dir, on_paper, english):
    from PySide6.QtCore import QDate

    from ui.transition_dialog import TransitionDialog, no_decision_warning

    case = reviewed_and_discussed(db, data_dir, on_paper, "2026-03-12", "2026-03-12")
    dialog = TransitionDialog(procedure.BY_NAME["decide_penalty"],
                              warning=no_decision_warning(db, case, "decide_penalty"))
    qtbot.addWidget(dialog)
    dialog.date.setDate(QDate.fromString("2026-03-11", "yyyy-MM-dd"))
    dialog.validate()
    assert "dated after the day of the decision, 2026-03-11" in dialog.warning_label.text()
    dialog.date.setDate(QDate.fromString("2026-03-13", "yyyy-MM-dd"))
    dialog.validate()
    assert "法制审核" not in dialog.warning_label.text()


def test_the_command_line_judges_the_review_on_its_date(db, data_dir, on_paper, capsys, english):
    from tests.helpers import run

    case = reviewed_and_discussed(db, data_dir, on_paper, "2026-03-12", "2026-03-12")
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.case_number, "decide_penalty",
                         "--date", "2026-03-11")
    assert code == 0, err
    warned = [line for line in out.splitlines() if line.startswith("Warning: Legal review (法制审核")]
    assert len(warned) == 1 and "dated after the day of the decision, 2026-03-11" in warned[0]


def test_the_command_line_says_no_review_warning_once_they_come_before(db, data_dir, on_paper, capsys, english):
    from tests.helpers import run

    case = reviewed_and_discussed(db, data_dir, on_paper, "2026-03-12", "2026-03-12")
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.case_number, "decide_penalty",
                         "--date", "2026-03-13")
    assert code == 0, err
    assert "法制审核" not in out and "集体讨论" not in out


def test_about_decision_is_public(english):
    from workstation.decision_review import about_decision

    assert about_decision({"topic": "对本案作出行政处理决定"})
    assert not about_decision({"topic": "本案办案期限是否再次延长"})
