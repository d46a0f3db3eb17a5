"""What a walk of one case through the window found (session 55): the 行政处理决定审批表 proposing a penalty was issued
while the case was still under review, before the 告知书 was served, printing 告知书送达日期 blank and 当事人在法定期限
内未提出陈述、申辩意见 — a waiver of the party's rights that never happened; it is refused until the decision can be
made, as the 行政处罚决定书 is. A 结案审批表 tried before the case ended was refused for its 其他 ground left
unexplained, a ground the officer never ticked (drawn in as the default); it is told the case has not ended."""

from __future__ import annotations

import pytest

from workstation.errors import WorkstationError
from workstation.store import get_case


def _refusal(db, case, form_id, values):
    from workstation.documents.stage_rules import _REFUSALS

    return _REFUSALS[form_id](db, get_case(db, case.id), values)


def test_the_approval_of_a_penalty_waits_for_the_notice_and_the_party_s_period(db, make_case, english):
    case = make_case(status="under_review", filed_on="2026-10-09", fine_fen=500_000)
    said = _refusal(db, case, "decision_approval", {"decision_kind": "给予行政处罚", "fine_fen": 500_000})
    assert said and said.startswith("The 行政处理决定审批表 proposing 给予行政处罚 is signed once that decision can be "
                                    "made: A 行政处罚决定书 cannot be issued while the case is “Under case review”"), said
    # 移送司法机关 is not held back; 不予行政处罚 may be proposed under review
    assert _refusal(db, case, "decision_approval", {"decision_kind": "移送司法机关"}) is None
    assert _refusal(db, case, "decision_approval", {"decision_kind": "不予行政处罚"}) is None


def test_the_approval_of_a_penalty_is_issued_once_the_case_awaits_its_decision(db, make_case, english):
    case = make_case(status="decision_pending", filed_on="2026-10-09", notice_served_on="2026-10-20",
                     fine_fen=500_000)
    assert _refusal(db, case, "decision_approval", {"decision_kind": "给予行政处罚", "fine_fen": 500_000}) is None


def test_a_closing_approval_before_the_case_ended_is_told_the_case_has_not_ended(db, make_case, english):
    case = make_case(status="under_review", filed_on="2026-10-09")
    said = _refusal(db, case, "closing_approval", {"ground": "其他", "ground_other": ""})
    assert said.startswith("The case is “Under case review”: it has not ended"), said
    assert "Bring the case to its end first" in said
    decided = make_case(status="penalty_decided", filed_on="2026-10-09")  # decided, not served: not ended yet
    assert _refusal(db, decided, "closing_approval", {"ground": "其他", "ground_other": ""}).startswith(
        "The case is “")
    ended = make_case(status="terminated", filed_on="2026-10-09")
    said = _refusal(db, ended, "closing_approval", {"ground": "其他", "ground_other": ""})
    assert said.startswith("The 结案理由 is 其他, but nothing is written after it"), said


def test_issuing_the_early_approval_is_refused_and_takes_no_number(db, data_dir, make_case, english):
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document

    case = make_case(status="under_review", filed_on="2026-10-09", fine_fen=500_000)
    before = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, get_case(db, case.id), find_form("decision_approval"),
                       {"decision_kind": "给予行政处罚", "facts": "经查，当事人发送商业性短信。", "evidence": "询问笔录"})
    assert "行政处理决定审批表 proposing 给予行政处罚" in refused.value.message
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == before
