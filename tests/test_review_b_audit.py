# ruff: noqa: F811 - the fixture heard imported from test_guards_review is used by name
"""A second read of the day's law, procedure, clock and payment changes: what the law panel says of legal review
(法制审核) agrees with what the decision is refused or warned of (``decision_review``): a hearing held (Penalty Law
art. 58 para. 1 (2)) and a reduced penalty count there as they do before the decision; and a 案件审核表 of 法制审核
corrected to 案件审核 no longer records the legal review."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QLabel

from tests.test_guards_review import FACTS, REVIEW, SERVED, heard, review  # noqa: F401
from workstation import procedure
from workstation.decision_review import legal_review_recorded, review_refusal, review_warnings
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import TransitionRefused
from workstation.law.case_law import case_law
from workstation.store import get_case

HEARING_GROUND = (
    "It directly concerns major rights and interests of the party or a third person, and a hearing was held"
)


def test_the_law_panel_counts_the_hearing_held_for_legal_review_as_the_decision_does(
    db, heard, english, qtbot
):
    from ui.case_law import CaseLawBox

    case = get_case(db, heard.id)
    assert "must go through legal review" in review_refusal(db, case)
    legal = dict(case_law(db, case).thresholds)["legal_review"]
    assert legal.applies and legal.reasons == (HEARING_GROUND,)
    # the panel said "✘ … no other statutory ground applies" while the decision was refused for want of the review
    box = CaseLawBox(db, case, None)
    qtbot.addWidget(box)
    assert box.findChild(QLabel, "threshold_legal_review").text() == f"✔ {HEARING_GROUND}"


def test_the_law_panel_counts_a_reduced_penalty_for_legal_review_as_the_decision_warns(
    db, make_case, english
):
    case = make_case(
        status="decision_pending",
        filed_on="2026-02-27",
        notice_served_on=SERVED,
        notice_waived=True,
        facts=FACTS,
        fine_fen=100_000,
        discretion_tier="reduced",
        discretion_factors=["eliminated_harm"],
    )
    (warning,) = review_warnings(db, case)
    assert "A reduced penalty is proposed (a rule of some localities, not verified for Foshan)" in warning
    legal = dict(case_law(db, case).thresholds)["legal_review"]
    assert legal.applies and legal.reasons == (
        "A reduced penalty is proposed (a rule of some localities, not verified for Foshan)",
    )


def test_a_legal_review_corrected_to_a_case_review_is_no_longer_recorded(db, data_dir, heard, english):
    first = review(db, data_dir, heard, "法制审核")
    assert legal_review_recorded(db, get_case(db, heard.id))
    # the 审核类别 was wrong: the correction that replaces the table says 案件审核
    issue_document(
        db,
        data_dir,
        get_case(db, heard.id),
        find_form("legal_review"),
        {**REVIEW, "review_kind": "案件审核"},
        supersedes=first.id,
    )
    case = get_case(db, heard.id)
    assert not legal_review_recorded(db, case)
    with pytest.raises(
        TransitionRefused, match=r"must go through legal review \(法制审核, Penalty Law art. 58\)"
    ):
        procedure.apply(db, heard.id, "decide_penalty", on_date="2026-03-13")
    assert get_case(db, heard.id).status == "decision_pending"
