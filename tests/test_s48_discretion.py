"""Discretion (round 48): a circumstance in which no penalty is given (Penalty Law art. 33 para. 1 …) refuses any tier
but 不予处罚 as the penalty choice is saved, and the 告知书 and 决定书 proposing or imposing a penalty while the case
records it; a penalty norm chosen by hand is explained as such, with a warning when Penalty Law art. 29 picks a norm
allowing a higher fine; the illegal gains recorded are proposed for confiscation and a notice confiscating less is
warned of; a confiscation without recorded gains counts as the gains for the maximum fine (10× them under 消法 art. 56)
instead of switching the maximum off."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workstation.documents.stage_rules import stage_refusal, stage_warnings
from workstation.errors import ValidationError
from workstation.law.case_law import case_law, save_penalty_choice
from workstation.penalty_terms import maximum_refusal
from workstation.store import find_case, get_case
from workstation.store.cases import update_case

CASE = "佛三市监立〔2026〕6号"  # demo: unsolicited commercial messages, one party, notice not yet issued
MINOR = "minor_corrected_no_harm"  # 轻微不罚: Penalty Law art. 33 para. 1, no penalty given
CONSUMER_56 = "consumer_law_56_9"


def choose(db, case, **kw):
    base = dict(act_on=None, prior_punished=False, penalty_norm="", discretion_tier="", discretion_factors=[],
                discretion_reason="", fine_fen=0)
    base.update(kw)
    return save_penalty_choice(db, get_case(db, case.id), **base)


def amended(db, **fields):
    case = find_case(db, CASE)
    return update_case(db, replace(get_case(db, case.id), **fields))


def test_a_penalty_tier_is_refused_beside_a_circumstance_in_which_no_penalty_is_given(demo_db, english):
    case = find_case(demo_db, CASE)
    with pytest.raises(ValidationError) as refused:
        choose(demo_db, case, discretion_tier="heavier", discretion_factors=[MINOR], fine_fen=40_000_000)
    message = refused.value.errors["discretion_tier"]
    assert "minor violation corrected in time" in message and "不予处罚" in message
    assert get_case(demo_db, case.id).discretion_tier == ""  # nothing saved
    # the tier the circumstance calls for is saved
    assert choose(demo_db, case, discretion_tier="no_penalty", discretion_factors=[MINOR]).discretion_tier == \
        "no_penalty"


@pytest.mark.parametrize("form_id", ["pre_penalty_notice", "penalty_decision"])
def test_no_notice_or_decision_while_the_case_records_a_circumstance_not_to_penalise(demo_db, english, form_id):
    # recorded before the penalty choice refused it (an older case, an import)
    case = amended(demo_db, discretion_tier="heavier", discretion_factors=[MINOR], fine_fen=40_000_000)
    values = {"fine_fen": "40000000", "decided_on": "2026-12-04", "evidence": "1.询问笔录"}
    message = stage_refusal(demo_db, case, form_id, values)
    assert message and "minor violation corrected in time" in message
    case = amended(demo_db, discretion_tier="heavier", discretion_factors=[], fine_fen=2_000_000)
    assert "minor violation" not in (stage_refusal(demo_db, case, form_id, {**values, "fine_fen": "2000000"}) or "")


def test_a_norm_chosen_by_hand_is_explained_and_a_lower_one_warned_of(demo_db, english):
    amended(demo_db, illegal_gains_fen=100_000)
    law = case_law(demo_db, find_case(demo_db, CASE))
    assert law.penalty.norm.id == "advertising_law_62_1" and not law.norm_warning
    case = choose(demo_db, find_case(demo_db, CASE), penalty_norm=CONSUMER_56, discretion_tier="ordinary",
                  fine_fen=500_000)
    law = case_law(demo_db, case)
    assert law.penalty.norm.id == CONSUMER_56
    explanation = law.penalty.explanation
    assert "消费者权益保护法》第五十六条" in explanation
    assert "higher fine applies: 《中华人民共和国广告法》" not in explanation and "按照罚款数额高的规定处罚" not in explanation
    assert "by hand" in explanation
    assert "广告法》第六十二条" in law.norm_warning and "art. 29" in law.norm_warning
    (violation,) = law.violations
    assert "广告法" not in violation.law.explanation and "消费者权益保护法》第五十六条" in violation.law.explanation
    warnings = stage_warnings(demo_db, case, "pre_penalty_notice", {"fine_fen": "500000", "confiscated_fen": "100000"})
    assert any("art. 29" in w for w in warnings)


def test_recorded_gains_are_proposed_for_confiscation_and_less_is_warned_of(demo_db, english):
    from workstation.formkit.values import case_context

    case = amended(demo_db, illegal_gains_fen=100_000, confiscated_fen=0, fine_fen=1_000_000)
    context = case_context(demo_db, case)
    assert context["notice.confiscated_fen"] == 100_000
    assert context["proposal.confiscated_fen"] == 100_000
    for form_id in ("pre_penalty_notice", "penalty_decision"):
        for confiscated in ("", "0", "50000"):
            warnings = stage_warnings(demo_db, case, form_id, {"fine_fen": "1000000", "confiscated_fen": confiscated,
                                                               "evidence": "1.询问笔录"})
            assert any("art. 28" in w and "¥1,000.00" in w for w in warnings), (form_id, confiscated)
        warnings = stage_warnings(demo_db, case, form_id, {"fine_fen": "1000000", "confiscated_fen": "100000",
                                                           "evidence": "1.询问笔录"})
        assert not any("art. 28" in w for w in warnings)
    # what the case records confiscated stays the proposal
    case = amended(demo_db, confiscated_fen=60_000)
    assert case_context(demo_db, case)["notice.confiscated_fen"] == 60_000


@pytest.mark.parametrize("form_id", ["pre_penalty_notice", "penalty_decision"])
def test_a_confiscation_without_recorded_gains_is_refused_above_ten_times_it(demo_db, english, form_id):
    case = amended(demo_db, illegal_gains_fen=0, confiscated_fen=0, penalty_norm=CONSUMER_56)
    assert case_law(demo_db, case).penalty.norm.id == CONSUMER_56
    values = {"fine_fen": "900000000", "confiscated_fen": "0", "evidence": "1.询问笔录"}
    # nothing confiscated: the maximum for an act without illegal gains (¥500,000) refuses it
    assert maximum_refusal(demo_db, case, values)

    def told(**changed):
        return [w for w in stage_warnings(demo_db, get_case(demo_db, case.id), form_id, {**values, **changed})
                if "times the illegal gains" in w]

    # ¥1 confiscated on the document: the gains are at least that, taken as the gains while the case records none
    # (session 54: refused, as with gains recorded; a draft is still told)
    refusal = maximum_refusal(demo_db, case, {**values, "confiscated_fen": "100"})
    assert "¥10.00" in refusal and "¥1.00 confiscated" in refusal and "record them on the case" in refusal
    (warning,) = told(confiscated_fen="100")
    assert "¥10.00" in warning and "¥1.00" in warning and "Record the party's illegal gains" in warning
    assert not told(confiscated_fen="100", fine_fen="1000")  # within ten times ¥1
    assert maximum_refusal(demo_db, case, {**values, "confiscated_fen": "100", "fine_fen": "1000"}) is None
    # ¥1 confiscated recorded on the case, none on the document
    amended(demo_db, confiscated_fen=100)
    assert told(confiscated_fen="0")
    assert maximum_refusal(demo_db, get_case(demo_db, case.id), values)
    # gains recorded: ten times them, refused as before, nothing told of the confiscation
    case = amended(demo_db, illegal_gains_fen=100_000, confiscated_fen=100)
    assert maximum_refusal(demo_db, case, {**values, "fine_fen": "1000000", "confiscated_fen": "100000"}) is None
    assert maximum_refusal(demo_db, case, {**values, "fine_fen": "1000001", "confiscated_fen": "100000"})
    assert not told(confiscated_fen="100000", fine_fen="1000000")


def test_the_law_panel_and_the_penalty_dialog_show_the_lower_norm_and_the_tier_refused(demo_db, english, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from ui.case_law import CaseLawBox, PenaltyChoiceDialog

    amended(demo_db, illegal_gains_fen=100_000)
    case = choose(demo_db, find_case(demo_db, CASE), penalty_norm=CONSUMER_56, discretion_tier="ordinary",
                  fine_fen=500_000)
    box = CaseLawBox(demo_db, case, None)
    qtbot.addWidget(box)
    shown = box.findChild(QLabel, "norm_warning")
    assert shown is not None and "art. 29" in shown.text()
    assert "by hand" in box.findChild(QLabel, "penalty_norm").text()
    dialog = PenaltyChoiceDialog(demo_db, case, None)
    qtbot.addWidget(dialog)
    dialog.validate()
    assert "art. 29" in dialog.lower_norm.text() and not dialog.lower_norm.isHidden()
    item = next(dialog.factors.item(i) for i in range(dialog.factors.count()) if dialog.factors.item(i).data(256)
                == MINOR)
    item.setCheckState(Qt.CheckState.Checked)
    errors = dialog.validate()
    assert "minor violation corrected in time" in errors.get("discretion_tier", "")
