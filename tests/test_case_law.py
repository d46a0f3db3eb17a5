"""The law applied to a case: the transfer suggestion, the penalty norm and the law in time, the discretion
choice with its reason (refused without one) printed in the decision, the surcharge on an overdue fine, and
the workspace's law section and penalty dialog as an officer uses them."""

from dataclasses import replace

import pytest

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton

from workstation.documents.drafts import draft_document, find_form
from workstation.errors import ValidationError
from workstation.formkit.values import case_context, default_values
from workstation.law.case_law import case_law, save_penalty_choice
from workstation.store import get_case
from workstation.store.cases import update_case

CHOICE = {"act_on": None, "prior_punished": False, "penalty_norm": "", "discretion_tier": "ordinary",
          "discretion_factors": [], "discretion_reason": ""}
ADDRESS = {"party_address": "佛山市南海区桂城街道南海大道北1号"}


@pytest.fixture
def decided(db, make_case):
    """A Nanhai case about unsolicited messages, decided, no illegal gains (消法 56: ¥0 – ¥500,000)."""
    case = make_case(lead_received_on="2026-02-10", violations=["unsolicited_commercial_messages"],
                     facts="经查，当事人未经消费者同意向其发送商业性短信。")
    return update_case(db, replace(get_case(db, case.id), status="penalty_decided", filed_on="2026-02-13",
                                   notice_served_on="2026-03-20", decided_on="2026-04-13"), allow_status_change=True)


def test_records_combining_to_the_threshold_suggest_transfer_with_the_computation(db, decided):
    # of providing personal information too: the thresholds apply only to the violations the offence covers
    case = update_case(db, replace(decided, records_other=3200, records_sensitive=200,
                                   violations=[*decided.violations, "illegal_provision_or_leak"]))
    law = case_law(db, case)
    assert law.criminal.transfer_suggested and not law.criminal.especially_serious
    assert law.criminal.steps[:3] == ("住宿信息、通信记录、健康生理信息、交易信息等 200 ÷ 500 = 0.4",
                                      "其他个人信息 3,200 ÷ 5,000 = 0.64", "按比例合计 0.4 + 0.64 = 1.04")


def test_the_penalty_norm_is_the_higher_fine_and_the_documents_cite_it(db, decided):
    law = case_law(db, decided)
    assert law.penalty.norm.id == "consumer_law_56_9"
    assert (law.penalty.range.min_fen, law.penalty.range.max_fen) == (0, 50_000_000)
    assert "《中华人民共和国广告法》第六十二条第一款" in law.penalty.explanation
    values = default_values(find_form("penalty_decision"), case_context(db, decided))
    assert values["basis"] == law.basis_text
    # law, then administrative regulation, then rule (the instruments' rank), however the norms refer to each other
    assert values["basis"] == "依据《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项、《中华人民共和国消费者权益保护法实施条例》第五十条第三款、《侵害消费者权益行为处罚办法》第十四条的规定"
    assert "广告法》第四十三条" not in values["violated"]
    assert "《中华人民共和国消费者权益保护法》第二十九条第三款" in values["violated"]
    assert law.basis_text in draft_document(db, decided, find_form("penalty_decision"), ADDRESS).text


def test_an_act_before_the_2024_regulation_is_not_based_on_it(db, decided):
    case = save_penalty_choice(db, decided, **{**CHOICE, "act_on": "2024-03-01", "discretion_tier": ""},
                               fine_fen=0)
    law = case_law(db, case)
    assert law.act_date == "2024-03-01" and not law.act_date_assumed
    cited = law.basis_text + law.violated_norms
    assert "实施条例" not in cited
    assert "消费者权益保护法》第五十六条" in cited


def test_a_fine_outside_its_tier_needs_the_reason_which_the_decision_prints(db, decided, english):
    with pytest.raises(ValidationError) as refused:
        save_penalty_choice(db, decided, **CHOICE, fine_fen=10_000_000)  # ¥100,000 is 从轻 territory
    assert set(refused.value.errors) == {"discretion_reason"}
    assert get_case(db, decided.id).discretion_tier == ""
    case = save_penalty_choice(db, decided, **{**CHOICE, "discretion_reason": "当事人配合调查并已删除全部信息"},
                               fine_fen=10_000_000)
    assert (case.fine_fen, case.discretion_tier, case.version) == (10_000_000, "ordinary", decided.version + 1)
    law = case_law(db, case)
    assert law.discretion.outside_tier and not law.discretion_problem
    values = default_values(find_form("penalty_decision"), case_context(db, case))
    assert values["discretion"] == "按一般情形处罚。当事人配合调查并已删除全部信息。"
    assert "当事人配合调查并已删除全部信息" in draft_document(db, case, find_form("penalty_decision"), ADDRESS).text


@pytest.mark.parametrize(("changes", "field"), [
    ({"discretion_tier": "heavier"}, "discretion_reason"),
    ({"discretion_tier": "reduced"}, "amount"),
    ({"act_on": "2026-03-01"}, "act_on"),
])
def test_bad_choices_are_refused_with_the_field_and_change_nothing(db, decided, changes, field):
    fine = 60_000_000 if field == "amount" else 10_000_000
    with pytest.raises(ValidationError) as refused:
        save_penalty_choice(db, decided, **{**CHOICE, **changes}, fine_fen=fine)
    assert field in refused.value.errors
    assert get_case(db, decided.id).version == decided.version


def test_an_overdue_fine_accrues_the_surcharge_until_capped(db, decided):
    case = update_case(db, replace(decided, status="served", served_on="2026-06-01", fine_fen=5_000_000),
                       allow_status_change=True)
    assert case_law(db, case, on="2026-06-16").surcharge is None
    tenth = case_law(db, case, on="2026-06-26").surcharge
    assert (tenth.days, tenth.amount_fen, tenth.capped) == (10, 1_500_000, False)
    capped = case_law(db, case, on="2026-08-01").surcharge
    assert (capped.amount_fen, capped.capped) == (5_000_000, True)


def test_reconsideration_pending_pauses_the_surcharge(db, decided):
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    case = update_case(db, replace(decided, status="served", served_on="2026-06-01", fine_fen=5_000_000),
                       allow_status_change=True)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-06-20",
                                      ends_on="2026-06-24"))
    paused = case_law(db, case, on="2026-06-26").surcharge
    assert (paused.days, paused.paused_days, paused.amount_fen) == (5, 5, 750_000)


def test_the_workspace_warns_and_offers_the_transfer(db, decided, make_window):
    case = update_case(db, replace(decided, status="investigating", decided_on=None, notice_served_on=None,
                                   records_other=6000, violations=[*decided.violations, "illegal_provision_or_leak"]),
                       allow_status_change=True)
    asked = []
    window = make_window(db, ask_transition=lambda parent, t: asked.append(t.name) or ("2026-04-20", "涉嫌犯罪"))
    workspace = window.open_case(case.id)
    assert workspace.law.findChild(QLabel, "criminal_warning").text().startswith("应当移送公安机关")
    workspace.law.findChild(QPushButton, "transfer_police").click()
    assert asked == ["transfer_to_police"]
    assert get_case(db, case.id).status == "transferred_police"


def test_the_penalty_dialog_requires_a_reason_outside_the_tier(db, decided, make_window, qtbot):
    from ui.case_law import PenaltyChoiceDialog

    window = make_window(db)
    workspace = window.open_case(decided.id)
    dialog = PenaltyChoiceDialog(db, workspace.case, window.prompts)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert "从轻：¥0.00至¥150,000.00" in dialog.bands.text()
    dialog.tier.setCurrentIndex(dialog.tier.findData("ordinary"))
    dialog.fine.setText("100000")
    assert not save.isEnabled()
    assert "请填写裁量理由" in dialog.errors["discretion_reason"].text()
    dialog.fine.setText("abc")
    assert not save.isEnabled() and dialog.errors["amount"].text()
    dialog.fine.setText("100,000")
    dialog.reason.setPlainText("当事人积极整改")
    assert save.isEnabled()
    dialog.save()
    assert get_case(db, decided.id).discretion_reason == "当事人积极整改"
