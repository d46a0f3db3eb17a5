"""Once a 行政处罚决定书 is in force, the law applied to the case is that of the amounts it imposes, not the stale ones
typed on the case: the hearing and other procedural thresholds, publication, the discretion tier and the surcharge
(``law.case_law.as_decided``); the penalty dialog shows the decided fine read only, saying which decision and how to
change it, and still records the tier, circumstances and reason; after the decision is voided the typed fine counts
and can be typed again. The case editor's side: tests/test_typed_fine.py."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_party_case10 import COMPANY
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.errors import ValidationError, WorkstationError
from workstation.law.case_law import as_decided, case_law, save_penalty_choice
from workstation.records import Party
from workstation.store import get_case, save_party
from workstation.store.cases import update_case

TYPED, DECIDED = 1_000_000, 20_000_000  # ¥10,000 typed (从轻, below the hearing amount), ¥200,000 decided (一般)
CHOICE = {"act_on": None, "prior_punished": False, "penalty_norm": "", "discretion_factors": []}


def decided_case(db, data_dir, make_case):
    """A company's case about unsolicited messages (消法 56: ¥0 – ¥500,000 without illegal gains) recording a fine of
    ¥10,000, issued a decision fining ¥200,000 and confiscating nothing (gains confiscated would cap the fine at ten
    times them, tests/test_law_audit.py): (case, decision)."""
    case = make_case(status="decision_pending", lead_received_on="2026-02-10", filed_on="2026-02-27",
                     notice_served_on="2026-03-02", violations=["unsolicited_commercial_messages"],
                     facts="经查，当事人未经消费者同意向其发送商业性短信。", fine_fen=TYPED)
    save_party(db, Party(name=COMPANY, uscc="91512081MA62K0260E", address="佛山市南海区桂城街道南海大道1号",
                         legal_rep="梁嘉豪", id=case.party_ids[0]))
    decision = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                              {"decided_on": "2026-03-20", "fine_fen": "200000", "confiscated_fen": "0",
                               "hearing_required": True})  # ¥200,000: told of its right to a hearing
    return get_case(db, case.id), decision


def test_the_law_box_counts_the_decided_amounts_not_the_typed_ones(db, data_dir, make_case, english):
    case, decision = decided_case(db, data_dir, make_case)
    assert case.fine_fen == TYPED  # the case keeps what it recorded
    assert (as_decided(db, case).fine_fen, as_decided(db, case).confiscated_fen) == (DECIDED, 0)
    law = case_law(db, case)
    hearing = dict(law.thresholds)["hearing"]
    assert hearing.applies and any("200,000" in reason for reason in hearing.reasons)
    assert law.publication.period_months == 36  # above the lower fine: three years, not three months
    # voided, the typed amounts count again
    void_document(db, decision.id, "罚款金额有误")
    law = case_law(db, get_case(db, case.id))
    assert not dict(law.thresholds)["hearing"].applies and law.publication.period_months == 3


def test_the_tier_is_checked_against_the_decided_fine_and_recorded(db, data_dir, make_case):
    case, _decision = decided_case(db, data_dir, make_case)
    # ¥200,000 is 一般: no reason needed (the typed ¥10,000 would be 从轻 and need one)
    saved = save_penalty_choice(db, case, **CHOICE, discretion_tier="ordinary", discretion_reason="",
                                fine_fen=TYPED)
    assert (saved.discretion_tier, saved.fine_fen) == ("ordinary", TYPED)
    assert case_law(db, saved).discretion is not None and not case_law(db, saved).discretion_problem
    with pytest.raises(ValidationError) as refused:  # 从轻 for ¥200,000 needs the written reason
        save_penalty_choice(db, saved, **CHOICE, discretion_tier="lighter", discretion_reason="", fine_fen=TYPED)
    assert set(refused.value.errors) == {"discretion_reason"}
    with pytest.raises(WorkstationError):  # another fine is the decision's to change
        save_penalty_choice(db, saved, **CHOICE, discretion_tier="ordinary", discretion_reason="",
                            fine_fen=DECIDED)
    assert get_case(db, case.id).version == saved.version


@pytest.mark.gui
def test_the_penalty_dialog_shows_the_decided_fine_read_only_and_records_the_tier(qtbot, db, data_dir, make_case,
                                                                                prompts, english):
    from PySide6.QtWidgets import QDialogButtonBox, QLabel

    from ui.case_law import PenaltyChoiceDialog

    case, decision = decided_case(db, data_dir, make_case)
    dialog = PenaltyChoiceDialog(db, case, prompts)
    qtbot.addWidget(dialog)
    assert dialog.fine.isReadOnly() and dialog.fine.text() == "200000.00"  # the decision's, not the typed ¥10,000
    note = dialog.findChild(QLabel, "decided_amounts_note")
    assert not note.isHidden() and decision.number in note.text() and "¥200,000.00" in note.text()
    assert "issue a corrected 行政处罚决定书" in note.text() and "void it" in note.text()
    dialog.tier.setCurrentIndex(dialog.tier.findData("ordinary"))
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()  # ¥200,000 is 一般
    dialog.tier.setCurrentIndex(dialog.tier.findData("lighter"))
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()  # a reason is needed
    dialog.reason.setPlainText("当事人主动删除全部信息")
    dialog.save()
    assert prompts.errors == [] and dialog.saved is not None
    stored = get_case(db, case.id)
    assert (stored.discretion_tier, stored.discretion_reason, stored.fine_fen) == (
        "lighter", "当事人主动删除全部信息", TYPED)


@pytest.mark.gui
def test_the_penalty_dialog_of_a_voided_decision_takes_a_fine_again(qtbot, db, data_dir, make_case, prompts):
    from PySide6.QtWidgets import QLabel

    from ui.case_law import PenaltyChoiceDialog

    case, decision = decided_case(db, data_dir, make_case)
    void_document(db, decision.id, "罚款金额有误")
    dialog = PenaltyChoiceDialog(db, get_case(db, case.id), prompts)
    qtbot.addWidget(dialog)
    assert not dialog.fine.isReadOnly() and dialog.fine.text() == "10000.00"
    assert dialog.findChild(QLabel, "decided_amounts_note").isHidden()
    dialog.tier.setCurrentIndex(dialog.tier.findData("ordinary"))
    dialog.fine.setText("180000")
    dialog.save()
    assert prompts.errors == [] and get_case(db, case.id).fine_fen == 18_000_000


def test_other_edits_leave_the_assessment_on_the_decided_amounts(db, data_dir, make_case):
    case, _decision = decided_case(db, data_dir, make_case)
    edited = update_case(db, replace(case, facts=case.facts + "另查明：当事人已删除名单。"))
    assert dict(case_law(db, edited).thresholds)["hearing"].applies
