"""Follow-ups of the law audit: an UNCONFIRMED penalty basis (``Norm.unconfirmed``: 广告法 art. 62, 个保法 art. 66) and
the illustrative discretion bands (discretion.toml ``unconfirmed``) are said beside them — the law panel, the Penalty
and discretion dialog, ``cases facts``; a circumstance in which the penalty must be lighter or reduced (Penalty Law
art. 32) refuses 一般 as it does 从重; the case dialog warns of a typed fine above the legal maximum."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtWidgets import QDialogButtonBox, QLabel

from tests.conftest import ScriptedPrompts
from tests.helpers import run, run_json
from tests.test_party_case10 import FACTS, SERVED
from workstation.errors import ValidationError
from workstation.law import catalogue, discretion
from workstation.law.case_law import case_law, save_penalty_choice
from workstation.law.data import load
from workstation.store import get_case
from workstation.store.cases import update_case

ADVERTISING_NOTE = catalogue.norm("advertising_law_62_1").unconfirmed
PIPL_NOTE = catalogue.norm("pipl_66_1").unconfirmed
BANDS_NOTE = load("discretion")["unconfirmed"]
BANDS_NOTE_EN = load("discretion")["unconfirmed_en"]
TOO_MUCH = 100_000_000  # ¥1,000,000


def _messages(make_case, gains=120_000, **fields):
    """A case of unsolicited messages with small gains: 广告法 art. 62 allows the higher fine (its enforcing body
    unconfirmed)."""
    return make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on=SERVED, notice_waived=True,
                     facts=FACTS, violations=["unsolicited_commercial_messages"], illegal_gains_fen=gains, **fields)


def _leak_refused(db, make_case):
    """A case of personal information provided to others whose party refused to correct: 个保法 art. 66 para. 1."""
    case = make_case(violations=["illegal_provision_or_leak"], facts="经查，当事人向他人提供消费者个人信息。")
    return update_case(db, replace(get_case(db, case.id), law_conditions=["refused_correction"]))


def _shown(widget, name):
    label = widget.findChild(QLabel, name)
    return label.text() if label is not None and not label.isHidden() else None


# ---- 1. an unconfirmed basis and the illustrative bands are said -----------------------------------------------------

def test_the_notes_exist_in_the_data(chinese):
    assert "有关部门" in ADVERTISING_NOTE and "佛山" in PIPL_NOTE and "江苏" in BANDS_NOTE
    assert discretion.bands_unconfirmed() == BANDS_NOTE and "Jiangsu" in BANDS_NOTE_EN


def test_the_law_panel_says_an_unconfirmed_basis_and_the_bands(db, make_case, english, qtbot):
    from ui.case_law import CaseLawBox

    case = _messages(make_case)
    assert case_law(db, case).penalty.norm.id == "advertising_law_62_1"
    box = CaseLawBox(db, case, ScriptedPrompts())
    qtbot.addWidget(box)
    said = _shown(box, "penalty_norm_unconfirmed")
    assert said is not None and said.startswith("To be verified: ") and ADVERTISING_NOTE in said
    # no tier chosen: the suggestion names no band, so nothing is said of them
    assert _shown(box, "bands_unconfirmed") is None
    chosen = update_case(db, replace(get_case(db, case.id), discretion_tier="ordinary", fine_fen=1_500_000))
    box = CaseLawBox(db, chosen, ScriptedPrompts())
    qtbot.addWidget(box)
    assert BANDS_NOTE_EN in (_shown(box, "bands_unconfirmed") or "")


def test_the_law_panel_says_nothing_for_a_confirmed_basis(db, make_case, english, qtbot):
    from ui.case_law import CaseLawBox

    case = _messages(make_case, gains=10_000_000)  # ¥100,000 of gains: 消法 art. 56, ten times them
    assert case_law(db, case).penalty.norm.id == "consumer_law_56_9"
    box = CaseLawBox(db, case, ScriptedPrompts())
    qtbot.addWidget(box)
    assert _shown(box, "penalty_norm_unconfirmed") is None


def test_the_dialog_says_an_unconfirmed_basis_beside_it_and_the_bands_beside_them(db, make_case, english, qtbot):
    from ui.case_law import PenaltyChoiceDialog

    case = _leak_refused(db, make_case)
    assert case_law(db, case).penalty.norm.id == "pipl_66_1"
    dialog = PenaltyChoiceDialog(db, case, ScriptedPrompts())
    qtbot.addWidget(dialog)
    assert PIPL_NOTE in (_shown(dialog, "penalty_norm_unconfirmed") or "")
    assert BANDS_NOTE_EN in (_shown(dialog, "bands_unconfirmed") or "")
    # the refusal unticked: 消法 art. 56 is the basis, which nothing marks as unconfirmed
    from workstation.rectification_checks import REFUSED

    dialog.conditions[REFUSED].setChecked(False)
    assert _shown(dialog, "penalty_norm_unconfirmed") is None
    assert BANDS_NOTE_EN in (_shown(dialog, "bands_unconfirmed") or "")


def test_cases_facts_includes_the_note(db, data_dir, make_case, capsys, english):
    case = _leak_refused(db, make_case)
    result = run_json(capsys, "cases", "facts", case.id, "--data-dir", data_dir)
    assert result["penalty_norm"] == "pipl_66_1" and result["unconfirmed"] == PIPL_NOTE
    code, out, _err = run(capsys, "cases", "facts", case.id, "--data-dir", data_dir)
    assert code == 0 and f"To be verified: {PIPL_NOTE}" in out
    result = run_json(capsys, "cases", "facts", case.id, "--data-dir", data_dir, "--clear")
    assert result["penalty_norm"] != "pipl_66_1" and result["unconfirmed"] is None


# ---- 2. a must-lighter circumstance refuses 一般 -----------------------------------------------------------------

def test_a_must_lighter_circumstance_refuses_the_ordinary_tier(db, make_case, english):
    assert "must be lighter or reduced" in discretion.mandatory_refusal("ordinary", ["eliminated_harm"])
    assert discretion.mandatory_refusal("lighter", ["eliminated_harm"]) is None
    assert discretion.mandatory_refusal("reduced", ["eliminated_harm"]) is None
    assert discretion.mandatory_refusal("ordinary", ["cooperated"]) is None  # only may be lighter
    case = _messages(make_case)
    with pytest.raises(ValidationError) as refused:
        save_penalty_choice(db, case, act_on=None, prior_punished=False, penalty_norm="", discretion_tier="ordinary",
                            discretion_factors=["eliminated_harm"], discretion_reason="酌情", fine_fen=1_500_000)
    assert "eliminated or lessened the harm" in refused.value.errors["discretion_tier"]
    assert get_case(db, case.id).discretion_tier == ""


# ---- 3. the case dialog warns of a typed fine above the maximum ----------------------------------------------------

@pytest.mark.gui
def test_the_case_dialog_warns_of_a_fine_above_the_maximum_and_still_saves(db, make_case, english, qtbot):
    from ui.case_dialog import CaseDialog

    case = _messages(make_case)
    maximum = case_law(db, case).penalty.range.max_fen
    dialog = CaseDialog(db, ScriptedPrompts(), case)
    qtbot.addWidget(dialog)
    assert _shown(dialog, "fine_maximum_warning") is None
    dialog.money["fine_fen"].setText("1000000")
    said = _shown(dialog, "fine_maximum_warning")
    assert said is not None and "above the maximum" in said and "¥1,000,000.00" in said
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    dialog.money["fine_fen"].setText(str(maximum // 100))
    assert _shown(dialog, "fine_maximum_warning") is None
    dialog.money["fine_fen"].setText("1000000")
    dialog.save()
    assert dialog.saved_case is not None and get_case(db, case.id).fine_fen == TOO_MUCH
