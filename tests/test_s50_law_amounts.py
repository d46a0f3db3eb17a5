"""The legal maximum of the fine holds also for a decision recorded on paper (the case's typed amounts, decided or
proposed by transition: ``procedure._decide_penalty_guard``, ``_pre_notice_guard``), and the law panel shows a
maximum exceeded; a tier against a mandatory circumstance (应当从轻或者减轻, 应当从重) is refused where the choice is
saved and in the Penalty and discretion dialog (``discretion.mandatory_refusal``)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from tests.conftest import ScriptedPrompts
from tests.test_party_case10 import FACTS, SERVED, with_employee
from workstation import procedure
from workstation.errors import TransitionRefused, ValidationError
from workstation.law import discretion
from workstation.law.case_law import case_law, save_penalty_choice
from workstation.store import get_case
from workstation.store.cases import update_case

VIOLATION = ["unsolicited_commercial_messages"]
GAINS = 120_000  # ¥1,200 of illegal gains (the range of the penalty basis: ``_minimum``, ``_maximum``)
TOO_MUCH = 100_000_000  # ¥1,000,000


def _maximum(db, case) -> int:
    return case_law(db, case).penalty.range.max_fen


def _minimum(db, case) -> int:
    return case_law(db, case).penalty.range.min_fen


def _awaiting(make_case, **fields):
    return make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on=SERVED, notice_waived=True,
                     facts=FACTS, violations=VIOLATION, illegal_gains_fen=GAINS, **fields)


# ---- 1. the maximum of a decision or notice recorded by transition -----------------------------------------------

def test_a_decision_recorded_on_paper_with_a_fine_above_the_maximum_is_refused(db, make_case, english):
    case = _awaiting(make_case, fine_fen=TOO_MUCH)
    maximum = _maximum(db, case)
    assert maximum < TOO_MUCH
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-10")
    assert "above the maximum" in str(refused.value) and "¥1,000,000.00" in str(refused.value)
    assert get_case(db, case.id).status == "decision_pending"
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert offered["decide_penalty"] == str(refused.value)  # greyed out with the reason
    update_case(db, replace(get_case(db, case.id), fine_fen=maximum))
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-10").status == "penalty_decided"


def test_a_notice_served_on_paper_with_a_fine_above_the_maximum_is_refused(db, make_case, english):
    case = make_case(status="under_review", filed_on="2026-02-20", facts=FACTS, violations=VIOLATION,
                     illegal_gains_fen=GAINS, fine_fen=TOO_MUCH)
    with pytest.raises(TransitionRefused, match="above the maximum"):
        procedure.apply(db, case.id, "send_pre_notice", on_date=SERVED)
    assert get_case(db, case.id).status == "under_review"


def test_a_case_of_several_parties_is_held_to_their_maxima_together(db, make_case, english):
    case = _awaiting(make_case, fine_fen=TOO_MUCH)
    case, _company, _employee = with_employee(db, case)
    with pytest.raises(TransitionRefused, match="2 parties together is above .* 2 times the maximum"):
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-10")
    # each party up to its own maximum: together up to twice it
    maximum = _maximum(db, get_case(db, case.id))
    update_case(db, replace(get_case(db, case.id), fine_fen=2 * maximum - 100))
    assert procedure.typed_maximum_refusal(db, get_case(db, case.id)) is None


def test_the_law_panel_shows_the_maximum_exceeded(db, make_case, english, qtbot):
    from ui.case_law import CaseLawBox

    case = _awaiting(make_case, fine_fen=TOO_MUCH)
    box = CaseLawBox(db, case, ScriptedPrompts())
    qtbot.addWidget(box)
    label = box.findChild(QLabel, "fine_maximum")
    assert label is not None and "above the maximum" in label.text() and "¥1,000,000.00" in label.text()
    within = update_case(db, replace(get_case(db, case.id), fine_fen=_maximum(db, case)))
    box = CaseLawBox(db, within, ScriptedPrompts())
    qtbot.addWidget(box)
    assert box.findChild(QLabel, "fine_maximum") is None


# ---- 2. a tier against a mandatory circumstance -------------------------------------------------------------------

def _choose(db, case, tier, factors, fine, reason=""):
    return save_penalty_choice(db, get_case(db, case.id), act_on=None, prior_punished=False, penalty_norm="",
                               discretion_tier=tier, discretion_factors=factors, discretion_reason=reason,
                               fine_fen=fine)


def test_a_must_lighter_circumstance_refuses_a_heavier_or_ordinary_tier(db, make_case, english):
    case = _awaiting(make_case)
    top = _maximum(db, case)
    with pytest.raises(ValidationError) as refused:
        _choose(db, case, "heavier", ["eliminated_harm"], top, reason="情节严重")
    message = refused.value.errors["discretion_tier"]
    assert "eliminated or lessened the harm" in message and "must be lighter or reduced" in message
    assert get_case(db, case.id).discretion_tier == ""
    # 应当从轻或者减轻 (Penalty Law art. 32): not 一般 either
    with pytest.raises(ValidationError) as refused:
        _choose(db, case, "ordinary", ["eliminated_harm"], (_minimum(db, case) + top) // 2, reason="酌情")
    assert "must be lighter or reduced" in refused.value.errors["discretion_tier"]
    assert get_case(db, case.id).discretion_tier == ""
    assert _choose(db, case, "lighter", ["eliminated_harm"], _minimum(db, case)).discretion_tier == "lighter"


def test_a_must_heavier_circumstance_refuses_a_lighter_or_reduced_tier(db, make_case, english):
    case = _awaiting(make_case)
    for tier, fine in (("lighter", _minimum(db, case)), ("reduced", _minimum(db, case) - 100)):
        with pytest.raises(ValidationError) as refused:
            _choose(db, case, tier, ["repeat_within_year", "cooperated"], fine, reason="配合调查")
        message = refused.value.errors["discretion_tier"]
        assert "same kind of violation within a year" in message and "must be heavier" in message
    assert _choose(db, case, "heavier", ["repeat_within_year"], _maximum(db, case)).discretion_tier == "heavier"


def test_must_lighter_and_must_heavier_together_weigh_in_the_ordinary_tier_or_with_a_reason(db, make_case, english):
    case = _awaiting(make_case)
    both = ["eliminated_harm", "repeat_within_year"]
    assert discretion.mandatory_refusal("ordinary", both) is None
    with pytest.raises(ValidationError) as refused:
        _choose(db, case, "heavier", both, _maximum(db, case))
    assert "weighed" in refused.value.errors["discretion_tier"]
    assert _choose(db, case, "ordinary", both, 1_500_000).discretion_tier == "ordinary"
    chosen = _choose(db, case, "heavier", both, _maximum(db, case), reason="一年内再犯，危害后果仅部分消除")
    assert chosen.discretion_tier == "heavier"


def test_the_check_and_the_law_panel_name_the_contradiction(english):
    with pytest.raises(ValidationError) as refused:
        discretion.check(40_000_000, 0, 50_000_000, "heavier", "x", factors=["eliminated_harm"])
    assert "eliminated or lessened the harm" in refused.value.errors["discretion_tier"]
    with pytest.raises(ValidationError):
        discretion.check(1_000_000, 0, 50_000_000, "lighter", "x", factors=["repeat_within_year"])


def test_the_dialog_disables_save_and_names_the_circumstance(db, make_case, qtbot):
    from ui.case_law import PenaltyChoiceDialog

    case = _awaiting(make_case)
    prompts = ScriptedPrompts()
    dialog = PenaltyChoiceDialog(db, case, prompts)
    qtbot.addWidget(dialog)
    for i in range(dialog.factors.count()):
        item = dialog.factors.item(i)
        if item.data(256) == "eliminated_harm":
            item.setCheckState(Qt.CheckState.Checked)
    dialog.tier.setCurrentIndex(dialog.tier.findData("heavier"))
    dialog.fine.setText(str(_maximum(db, case) // 100))
    errors = dialog.validate()
    assert "主动消除或者减轻违法行为危害后果" in errors["discretion_tier"]
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "主动消除或者减轻违法行为危害后果" in shown
