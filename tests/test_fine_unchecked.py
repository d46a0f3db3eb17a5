"""A document proposing or imposing a fine on a case that records no violation is issued with a warning: nothing
on the case gives the penalty basis whose maximum the fine is held to (``penalty_terms.maximum_refusal``)."""

from __future__ import annotations

import pytest

from workstation.documents.stage_rules import stage_warnings

FINED = {"fine_fen": 1_500_000_000, "confiscated_fen": 0}


@pytest.mark.parametrize("form_id", ["investigation_report", "pre_penalty_notice", "penalty_decision"])
def test_a_fine_on_a_case_without_violations_is_warned_as_unchecked(db, make_case, english, form_id):
    case = make_case(status="investigating")
    assert case.violations == []
    # the decision's own warnings (证据, 裁量理由, 收款账户) and the report's 裁量阶次 given their values: this one
    # alone is left
    given = {"evidence": "1.询问笔录。", "discretion": "无从轻、从重情节。",
             "payment_details": "收款银行：某银行；户名：某财政局；账号：1。",
             "discretion_level": "一般"}
    (warning,) = stage_warnings(db, case, form_id, {**FINED, **given})
    assert warning.startswith("The case records no violation, so the fine cannot be checked against the maximum")
    assert "Edit case…" in warning


def test_no_warning_without_a_fine_or_once_the_case_records_its_violations(db, make_case, english):
    bare = make_case(status="investigating")
    assert stage_warnings(db, bare, "pre_penalty_notice", {"fine_fen": 0, "warning": True}) == []
    ticked = make_case(status="investigating", violations=["unsolicited_commercial_messages"])
    assert stage_warnings(db, ticked, "pre_penalty_notice", FINED) == []
    assert stage_warnings(db, bare, "inquiry_record", FINED) == []  # a form that fines nobody
