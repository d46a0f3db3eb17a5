"""The provisions a case's documents cite when it records several violation types (round 46): the 违反的规定 lists
the duties of every violation recorded, not only those of the penalty norm's instrument; a penalty norm that does
not cover every violation recorded (择一重处, Penalty Law art. 29, is for one act only) is warned of on the
行政处罚告知书 and 决定书 and in the penalty choice, never refused; and the 责令改正通知书 cites the case's own penalty
basis after 行政处罚法 art. 28 para. 1, not a fixed 消法 art. 56 para. 1."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.rendering import case_draft, docx_of
from workstation.documents.stage_rules import stage_warnings
from workstation.formkit.spec import earlier_form
from workstation.formkit.values import case_context, default_values, resumed_values
from workstation.law.case_law import case_law
from workstation.store import find_case, get_case
from workstation.store.cases import update_case

TWO_TYPES = "佛南市监立〔2026〕9号"  # demo: investigating
TWO_ACTS = "佛三市监立〔2026〕4号"  # illegal collection and unsolicited calls, both under 消法 art. 56
ADVERTISING = "《中华人民共和国广告法》"
CONSUMER_LAW = "《中华人民共和国消费者权益保护法》"
PIPL = "《中华人民共和国个人信息保护法》"
PENALTY_LAW_28 = "《中华人民共和国行政处罚法》第二十八条第一款"
MESSAGES, LEAK = "unsolicited_commercial_messages", "illegal_provision_or_leak"


def recorded(db, *, gains=0, conditions=(), violations=(MESSAGES, LEAK), number=TWO_TYPES):
    case = find_case(db, number)
    return update_case(db, replace(get_case(db, case.id), violations=list(violations), illegal_gains_fen=gains,
                                   law_conditions=list(conditions), penalty_norm=""))


def docx_text(db, number, form_id, values=None) -> str:
    import io

    import docx

    body = docx.Document(io.BytesIO(docx_of(case_draft(db, number, form_id, values)))).element.body
    return "".join("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                   for p in body.iter() if p.tag.endswith("}p"))


# ---- 1. the provisions violated: those of every violation recorded

def test_a_leak_fined_under_the_advertising_law_still_names_the_leak_among_the_provisions_violated(demo_db):
    law = case_law(demo_db, recorded(demo_db, gains=100000))
    assert law.penalty.norm.id == "advertising_law_62_1"
    assert f"{ADVERTISING}第四十三条" in law.violated_norms
    assert f"{CONSUMER_LAW}第二十九条第二款" in law.violated_norms  # the leak's own duty
    assert law.basis_text == f"依据{ADVERTISING}第六十二条第一款的规定"  # the basis stays the chosen norm's


def test_messages_fined_with_a_leak_under_the_pipl_still_name_the_messages_duty(demo_db):
    law = case_law(demo_db, recorded(demo_db, conditions=("refused_correction",)))
    assert law.penalty.norm.id == "pipl_66_1"
    assert f"{PIPL}第十条" in law.violated_norms
    assert f"{CONSUMER_LAW}第二十九条第三款" in law.violated_norms


def test_violations_all_under_the_penalty_norm_cite_as_before(read_demo_db):
    law = case_law(read_demo_db, find_case(read_demo_db, TWO_ACTS))
    assert law.uncovered == () and law.uncovered_warning == ""
    assert PIPL not in law.violated_norms  # a duty of another instrument the basis does not rest on stays out


# ---- 2. a basis that does not cover every violation: warned of, not refused

def test_the_violation_its_basis_does_not_cover_is_named_with_penalty_law_art_29(demo_db, english):
    law = case_law(demo_db, recorded(demo_db, gains=100000))
    assert [v.violation for v in law.uncovered] == [LEAK]
    warning = law.uncovered_warning
    assert "art. 29" in warning and f"{ADVERTISING}第六十二条第一款" in warning
    assert "personal information" in warning.lower()
    assert f"{CONSUMER_LAW}第五十六条第一款第（九）项" in warning  # the leak's own basis, to state by hand


@pytest.mark.parametrize("form_id", ["pre_penalty_notice", "penalty_decision"])
def test_the_notice_and_the_decision_are_warned_at_issue(demo_db, english, form_id):
    case = recorded(demo_db, gains=100000)
    warnings = stage_warnings(demo_db, case, form_id, {"fine_fen": "600000", "decided_on": "2026-11-25"})
    assert any("art. 29" in w and "separate acts" in w for w in warnings)


def test_no_warning_when_one_norm_covers_every_violation(demo_db, english):
    case = recorded(demo_db)  # no gains, no refusal: 消法 art. 56 covers both
    assert case_law(demo_db, case).uncovered == ()
    warnings = stage_warnings(demo_db, case, "penalty_decision", {"fine_fen": "600000", "decided_on": "2026-11-25"})
    assert not any("art. 29" in w for w in warnings)


@pytest.mark.gui
def test_the_penalty_choice_and_the_law_box_show_the_warning(demo_db, prompts, qtbot, english):
    from PySide6.QtWidgets import QLabel

    from ui.case_law import CaseLawBox, PenaltyChoiceDialog

    case = recorded(demo_db, gains=100000)
    dialog = PenaltyChoiceDialog(demo_db, case, prompts)
    qtbot.addWidget(dialog)
    shown = dialog.findChild(QLabel, "uncovered_acts")
    assert not shown.isHidden() and "art. 29" in shown.text()
    box = CaseLawBox(demo_db, case, prompts)
    qtbot.addWidget(box)
    assert "art. 29" in box.findChild(QLabel, "uncovered_acts").text()
    covered = recorded(demo_db)
    quiet = PenaltyChoiceDialog(demo_db, covered, prompts)
    qtbot.addWidget(quiet)
    assert quiet.findChild(QLabel, "uncovered_acts").isHidden()


# ---- 3. the 责令改正通知书's basis: the case's own

def test_the_rectification_order_cites_the_advertising_law_for_a_case_fined_under_it(demo_db):
    recorded(demo_db, gains=100000, violations=(MESSAGES,))
    law = case_law(demo_db, find_case(demo_db, TWO_TYPES))
    assert law.penalty.norm.id == "advertising_law_62_1"
    text = docx_text(demo_db, TWO_TYPES, "rectification_order")
    assert f"依据{PENALTY_LAW_28}、{ADVERTISING}第六十二条第一款的规定，本局责令" in text
    assert "第五十六条" not in text


def test_the_rectification_order_cites_the_pipl_for_a_case_fined_under_it(demo_db):
    recorded(demo_db, conditions=("refused_correction",), violations=(LEAK,))
    text = docx_text(demo_db, TWO_TYPES, "rectification_order")
    assert f"依据{PENALTY_LAW_28}、{PIPL}第六十六条第一款的规定" in text


def test_the_rectification_order_cites_the_consumer_law_item_for_a_consumer_law_case(read_demo_db):
    text = docx_text(read_demo_db, TWO_ACTS, "rectification_order")
    assert f"依据{PENALTY_LAW_28}、{CONSUMER_LAW}第五十六条第一款第（九）项、" in text


def test_the_rectification_order_of_a_case_without_violations_keeps_a_consumer_law_basis(demo_db):
    recorded(demo_db, violations=())
    text = docx_text(demo_db, TWO_TYPES, "rectification_order")
    assert f"依据{PENALTY_LAW_28}、{CONSUMER_LAW}第五十六条第一款第（九）项的规定" in text


def test_a_kept_draft_holding_the_old_fixed_basis_takes_the_case_s_own(demo_db):
    from workstation.documents.drafts import find_form

    case = recorded(demo_db, gains=100000, violations=(MESSAGES,))
    form, context = find_form("rectification_order"), case_context(demo_db, case)
    kept = {**default_values(form, context), "basis": f"{PENALTY_LAW_28}、{CONSUMER_LAW}第五十六条第一款"}
    assert resumed_values(form, kept, context)["basis"] == f"{PENALTY_LAW_28}、{ADVERTISING}第六十二条第一款"


def test_the_earlier_version_of_the_order_is_kept():
    from workstation.documents.drafts import find_form

    assert find_form("rectification_order").version >= 4  # 5: the 改正要求 of the case's violations
    kept = earlier_form("rectification_order", 3)
    assert kept is not None and "source" not in repr([f for f in kept.fields if f.name == "basis"][0].source)


def test_the_command_line_penalty_facts_warn_of_a_violation_the_basis_does_not_cover(demo_db, data_dir, capsys,
                                                                                      english):
    from tests.helpers import run

    case = recorded(demo_db)
    code, _out, err = run(capsys, "cases", "facts", case.id, "--data-dir", data_dir, "--fact", "refused_correction")
    assert code == 0
    assert "Warning:" in err and "art. 29" in err and "《中华人民共和国个人信息保护法》第六十六条第一款" in err
    code, _out, err = run(capsys, "cases", "facts", case.id, "--data-dir", data_dir, "--clear")
    assert code == 0 and "art. 29" not in err
