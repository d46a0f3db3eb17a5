"""The documents GUI says what issuing would refuse before anything is typed: the 当场行政处罚决定书 of a filed case is
listed greyed out with the reason (the stage rule issuing refuses it by), and 签发 greyed out names the field of each
error by its label (期限（延长或者中止的期间）：此项必填。), not "此项必填。" alone."""

from __future__ import annotations

import pytest

from workstation.documents.stage_rules import state_refusal
from workstation.i18n import _
from workstation.store import find_case

pytestmark = pytest.mark.gui

FILED = "佛南市监立〔2026〕9号"  # demo case under investigation


def documents_section(db, data_dir, case, prompts, qtbot):
    from ui.case_documents import CaseDocuments

    section = CaseDocuments(db, data_dir, case, prompts)
    qtbot.addWidget(section)
    return section


def test_a_filed_case_lists_the_on_the_spot_decision_greyed_out_with_the_reason(demo_db, data_dir, prompts, qtbot,
                                                                                  english):
    case = find_case(demo_db, FILED)
    chooser = documents_section(demo_db, data_dir, case, prompts, qtbot).form_choice
    row = chooser.findData("on_the_spot_decision")
    assert not chooser.offered(row)
    reason = chooser.refusal("on_the_spot_decision")
    assert reason == "Not for this case: " + state_refusal(demo_db, case, "on_the_spot_decision")
    assert "A filed case is decided with a 行政处罚决定书" in reason
    assert row not in chooser.matches("当场行政处罚决定书")
    assert chooser.offered(chooser.findData("penalty_decision"))


def test_a_case_awaiting_filing_offers_the_on_the_spot_decision(db, make_case, data_dir, prompts, qtbot):
    case = make_case(status="pending_filing", lead_received_on="2026-02-20")
    chooser = documents_section(db, data_dir, case, prompts, qtbot).form_choice
    assert chooser.offered(chooser.findData("on_the_spot_decision"))
    assert chooser.refusal("on_the_spot_decision") is None
    assert not chooser.offered(chooser.findData("hearing_notice"))  # the other stage-bound forms likewise


def test_issue_greyed_out_names_each_field_by_its_label(demo_db, opened, english):
    ed = opened(demo_db, "matter_approval", find_case(demo_db, FILED))
    ed.fields["matter"].set_value("延长办案期限")
    ed.fields["period"].set_value("")
    ed.validate()
    assert "period" in ed.errors and not ed.issue_action.isEnabled()
    tooltip = ed.issue_action.toolTip()
    assert f"期限（延长或者中止的期间）: {_('This field is required.')}" in tooltip.splitlines()

