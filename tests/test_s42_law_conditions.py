"""The facts established on a case that change the law applied (``Case.law_conditions``, m052): a party refusing to
correct is fined under 个人信息保护法 art. 66 para. 1 (without the fact that norm imposes no fine); information bought
only for lawful business is assessed under art. 6 of the 2017 interpretation (by the profit), in the case's law, the
statistics' threshold list, the command line and the penalty dialog."""

from dataclasses import replace

import pytest

from PySide6.QtWidgets import QCheckBox, QDialogButtonBox

from tests.helpers import run, run_json
from workstation.errors import ValidationError
from workstation.law.case_law import case_law, save_penalty_choice
from workstation.store import get_case
from workstation.store.cases import update_case

CHOICE = {"act_on": None, "prior_punished": False, "discretion_tier": "ordinary", "discretion_factors": [],
          "discretion_reason": ""}


@pytest.fixture
def leak(db, make_case):
    """A Nanhai case about personal information provided to others, filed, no illegal gains."""
    case = make_case(lead_received_on="2026-02-10", violations=["illegal_provision_or_leak"],
                     facts="经查，当事人向他人提供消费者个人信息。")
    return update_case(db, replace(get_case(db, case.id), status="investigating", filed_on="2026-02-13"),
                       allow_status_change=True)


def test_a_fine_under_pipl_66_1_needs_the_partys_refusal_to_correct(db, leak, english):
    with pytest.raises(ValidationError) as refused:
        save_penalty_choice(db, leak, **CHOICE, penalty_norm="pipl_66_1", fine_fen=10_000_000)
    # the refusal names the basis (session 61, lawbasis 4): 个保法 art. 66 para. 1 fines only on 拒不改正
    assert "is above the fine range of 《中华人民共和国个人信息保护法》第六十六条第一款, which provides no fine in this " \
           "case" in refused.value.errors["amount"]
    assert get_case(db, leak.id).penalty_norm == ""
    case = save_penalty_choice(db, leak, **{**CHOICE, "discretion_reason": "当事人拒不改正"}, penalty_norm="pipl_66_1",
                               fine_fen=10_000_000, law_conditions=["refused_correction"])
    assert case.law_conditions == ["refused_correction"]
    law = case_law(db, get_case(db, leak.id))
    assert (law.penalty.norm.id, law.penalty.range.max_fen) == ("pipl_66_1", 100_000_000)


def test_records_bought_for_lawful_business_are_judged_by_the_profit(db, leak, english):
    # bought (collected), not provided: art. 6 speaks of buying and receiving only (providing is art. 5's)
    case = update_case(db, replace(get_case(db, leak.id), records_other=6000, illegal_gains_fen=1_000_000,
                                   violations=["illegal_collection_or_use"]))
    assert case_law(db, case).criminal.transfer_suggested
    assert run_stats_threshold(db) == [case.case_number or "佛山市南海区誉嘉房地产代理有限公司（涉嫌未经消费者同意发送商业性信息案）"]
    case = save_penalty_choice(db, case, **{**CHOICE, "discretion_tier": ""}, penalty_norm="", fine_fen=0,
                               law_conditions=["lawful_business"])
    law = case_law(db, case)
    assert not law.criminal.transfer_suggested and law.criminal.article == 6
    assert run_stats_threshold(db) == []
    case = update_case(db, replace(get_case(db, leak.id), illegal_gains_fen=5_000_000))  # ¥50,000 profit
    assert case_law(db, case).criminal.transfer_suggested


def run_stats_threshold(db):
    from workstation.stats import threshold_not_transferred

    return threshold_not_transferred(db, " WHERE 1", [])


def test_the_command_line_records_the_facts_and_refuses_an_unknown_one(db, leak, data_dir, capsys, english):
    reference = leak.id
    result = run_json(capsys, "cases", "facts", reference, "--data-dir", data_dir, "--fact", "refused_correction")
    assert result["facts"] == ["refused_correction"] and result["fine_range_fen"] == [0, 100_000_000]
    code, out, err = run(capsys, "cases", "facts", reference, "--data-dir", data_dir, "--fact", "refused")
    assert (code, out) == (1, "") and err.startswith("Error: --fact: Unknown fact refused; known: intermediary")
    assert get_case(db, leak.id).law_conditions == ["refused_correction"]
    result = run_json(capsys, "cases", "facts", reference, "--data-dir", data_dir, "--clear")
    assert result["facts"] == [] and result["fine_range_fen"] == [0, 50_000_000]


def test_law_criminal_takes_lawful_business(capsys):
    serious = run_json(capsys, "law", "criminal", "--other", "6000", "--gains", "10000")
    business = run_json(capsys, "law", "criminal", "--other", "6000", "--gains", "10000", "--lawful-business")
    assert serious["serious"] and not business["serious"]


def test_the_penalty_dialog_ticks_the_refusal_and_offers_pipl_66_1_with_its_fine(db, leak, make_window, qtbot):
    from ui.case_law import PenaltyChoiceDialog

    window = make_window(db)
    dialog = PenaltyChoiceDialog(db, get_case(db, leak.id), window.prompts)
    qtbot.addWidget(dialog)
    refused = dialog.findChild(QCheckBox, "condition_refused_correction")
    dialog.norm.setCurrentIndex(dialog.norm.findData("pipl_66_1"))
    dialog.fine.setText("100,000")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled() and "第六十六条第一款" in dialog.errors["amount"].text()  # named (session 61)
    dialog.fields_history.settle()
    refused.setChecked(True)
    assert dialog.norm.currentData() == "pipl_66_1" and "¥1,000,000.00" in dialog.bands.text()
    dialog.fields_history.stack.undo()  # Ctrl+Z takes the tick back, and the fine is above the maximum again
    assert not refused.isChecked() and not save.isEnabled()
    refused.setChecked(True)
    dialog.reason.setPlainText("当事人拒不改正")
    dialog.save()
    assert get_case(db, leak.id).law_conditions == ["refused_correction"]
