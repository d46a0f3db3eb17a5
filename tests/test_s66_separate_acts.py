# ruff: noqa: F811 - the fixture imported from test_s51_law_data is used by name
"""Separate acts in one case (session 66): violations the case records as separate acts (catalogue.toml ``[acts]``
with the fact ``separate_acts``) are each penalised under their own norm (分别裁量、合并处罚): each basis is cited, the
fine is held to the sum of the acts' maximums, and each act's own kinds may be imposed. Without the fact the
violations stay one act under several norms, fined once under the heavier (一事不二罚, Penalty Law art. 29)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import workstation.law.data as law_data
from tests.test_s51_law_data import station  # noqa: F401 - the data directory with a law folder, by name
from workstation.law.case_law import case_law, fine_maximum
from workstation.law.data import load
from workstation.penalty_terms import kinds_refusal, maximum_refusal
from workstation.store import find_case, get_case
from workstation.store.cases import update_case

TWO_TYPES = "佛南市监立〔2026〕9号"  # demo: investigating
ADVERTISING = "《中华人民共和国广告法》"
CONSUMER_LAW = "《中华人民共和国消费者权益保护法》"
MESSAGES, LEAK = "unsolicited_commercial_messages", "illegal_provision_or_leak"
SEPARATE = "separate_acts"


def recorded(db, *, gains=100000, conditions=(), violations=(MESSAGES, LEAK)):
    """The demo case with unsolicited messages and a leak, ¥1,000 of illegal gains: 广告法 art. 62 (¥5,000–30,000)
    allows more than 消法 art. 56 (1–10× the gains: ¥1,000–10,000) for the messages."""
    case = find_case(db, TWO_TYPES)
    return update_case(db, replace(get_case(db, case.id), violations=list(violations), illegal_gains_fen=gains,
                                   law_conditions=list(conditions), penalty_norm=""))


# ---- the data

def test_the_catalogue_says_which_violations_may_be_separate_acts_on_a_fact_marked_unconfirmed():
    data = load("catalogue")
    assert SEPARATE in data["conditions"]
    pairs = {frozenset(entry["violations"]): entry.get("when", "") for entry in data["acts"]["separate"]}
    assert pairs[frozenset((MESSAGES, LEAK))] == SEPARATE  # conservative: only on the fact the officer records
    assert "未经核实" in data["acts"]["unconfirmed"]


# ---- one act under several norms: unchanged

def test_without_the_fact_the_violations_stay_one_act_under_the_heavier_norm(demo_db):
    law = case_law(demo_db, recorded(demo_db))
    assert law.acts == ()
    assert law.penalty.norm.id == "advertising_law_62_1"
    assert law.basis_text == f"依据{ADVERTISING}第六十二条第一款的规定"
    assert maximum_refusal(demo_db, recorded(demo_db), {"fine_fen": 3_500_000}) is not None


def test_one_violation_with_the_fact_is_one_act_as_before(demo_db):
    law = case_law(demo_db, recorded(demo_db, conditions=(SEPARATE,), violations=(MESSAGES,)))
    assert law.acts == () and law.penalty.norm.id == "advertising_law_62_1"


# ---- separate acts: a norm per act, each cited, the sum of their maximums

def test_each_separate_act_has_its_own_norm_and_both_are_cited(demo_db):
    law = case_law(demo_db, recorded(demo_db, conditions=(SEPARATE,)))
    assert [(tuple(v.violation for v in a.violations), a.penalty.norm.id) for a in law.acts] == [
        ((MESSAGES,), "advertising_law_62_1"), ((LEAK,), "consumer_law_56_9")]
    assert f"{ADVERTISING}第六十二条第一款" in law.basis_text
    assert f"{CONSUMER_LAW}第五十六条第一款第（九）项" in law.basis_text
    assert f"{CONSUMER_LAW}第五十六条第一款第（九）项" in law.rectification_basis
    assert f"{ADVERTISING}第四十三条" in law.violated_norms
    assert f"{CONSUMER_LAW}第二十九条第二款" in law.violated_norms  # the leak's duty under its own basis
    assert "第二十九条第三款" not in law.violated_norms  # the messages are fined under 广告法, not 消法
    assert law.uncovered == ()  # each act on its own basis; the officer is told to state each (below)
    # 消法 art. 56's fine optional (a warning alone); the ¥1,000 of gains may be the messages', the leak none
    assert law.fine_range == (500_000, 3_000_000 + 50_000_000)


def test_the_fine_is_held_to_the_sum_of_the_acts_maximums(demo_db, english):
    case = recorded(demo_db, conditions=(SEPARATE,))
    assert fine_maximum(demo_db, case).max_fen == 53_000_000
    assert maximum_refusal(demo_db, case, {"fine_fen": 3_500_000}) is None  # above 广告法's ¥30,000 alone
    refusal = maximum_refusal(demo_db, case, {"fine_fen": 53_500_000})
    assert refusal is not None and "530,000.00" in refusal and "separate acts" in refusal
    assert f"{CONSUMER_LAW}第五十六条第一款第（九）项" in refusal


def test_a_kind_one_act_s_norm_provides_may_be_imposed(demo_db, english):
    values = {"fine_fen": 600_000, "warning": "1"}
    assert kinds_refusal(demo_db, recorded(demo_db), values) is not None  # 广告法 art. 62: a fine only
    assert kinds_refusal(demo_db, recorded(demo_db, conditions=(SEPARATE,)), values) is None  # 消法 art. 56's warning


def test_the_penalty_choice_is_weighed_on_the_combined_range(demo_db):
    from workstation.law.case_law import save_penalty_choice

    case = recorded(demo_db, conditions=(SEPARATE,))
    saved = save_penalty_choice(demo_db, case, act_on=case.act_on, prior_punished=False, penalty_norm="",
                                discretion_tier="heavier", discretion_factors=[], discretion_reason="",
                                fine_fen=50_000_000)  # in the upper band of ¥5,000–530,000, above ¥30,000 alone
    assert saved.fine_fen == 50_000_000
    assert case_law(demo_db, saved).discretion_problem == ""


def test_the_pre_penalty_notice_cites_both_bases(demo_db):
    from tests.test_s46_citations import docx_text

    recorded(demo_db, conditions=(SEPARATE,))
    text = docx_text(demo_db, TWO_TYPES, "pre_penalty_notice")
    assert f"{ADVERTISING}第六十二条第一款" in text and f"{CONSUMER_LAW}第五十六条第一款第（九）项" in text


def test_the_explanation_names_each_act(demo_db, english):
    law = case_law(demo_db, recorded(demo_db, conditions=(SEPARATE,)))
    assert "separate acts" in law.penalty.explanation
    assert "530,000.00" in law.penalty.explanation
    assert "未经核实" in law.basis_unconfirmed  # the reading of separate acts is not verified


# ---- shown: the command line and the law panel

def test_the_command_line_shows_the_separate_acts(demo_db, data_dir, capsys, english):
    from tests.helpers import run, run_json

    case = recorded(demo_db)
    code, out, _err = run(capsys, "cases", "facts", case.id, "--data-dir", data_dir, "--fact", SEPARATE)
    assert code == 0
    assert "separate acts" in out and "广告法" in out and "消费者权益保护法" in out
    shown = run_json(capsys, "cases", "facts", case.id, "--data-dir", data_dir)
    assert [a["penalty_norm"] for a in shown["acts"]] == ["advertising_law_62_1", "consumer_law_56_9"]
    assert shown["fine_range_fen"] == [500_000, 53_000_000]
    code, out, _err = run(capsys, "cases", "facts", case.id, "--data-dir", data_dir, "--clear")
    assert code == 0 and "separate acts" not in out
    assert run_json(capsys, "cases", "facts", case.id, "--data-dir", data_dir)["acts"] == []


@pytest.mark.gui
def test_the_law_panel_shows_each_act(demo_db, prompts, qtbot, english):
    from PySide6.QtWidgets import QLabel

    from ui.case_law import CaseLawBox

    box = CaseLawBox(demo_db, recorded(demo_db, conditions=(SEPARATE,)), prompts)
    qtbot.addWidget(box)
    shown = box.findChild(QLabel, "separate_acts")
    assert shown is not None and "广告法" in shown.text() and "消费者权益保护法" in shown.text()
    one = CaseLawBox(demo_db, recorded(demo_db), prompts)
    qtbot.addWidget(one)
    assert one.findChild(QLabel, "separate_acts") is None


# ---- mends of the final read (session 66)

COLLECTION = "illegal_collection_or_use"
CONSUMER_56 = f"{CONSUMER_LAW}第五十六条第一款第（九）项"
ADVERTISING_62 = f"{ADVERTISING}第六十二条第一款"


def test_acts_fined_in_multiples_of_the_gains_share_the_gains_once(demo_db, english):
    """消法 art. 56: 1–10× the illegal gains however they split between the acts — ¥1,000 of gains recorded for
    the case allow ¥10,000 for the act holding them, never ¥10,000 for each; the other act, without gains, up to
    ¥500,000 (the split is not recorded: the most any split allows)."""
    from workstation.law.case_law import fine_minimum

    case = recorded(demo_db, conditions=(SEPARATE,), violations=(COLLECTION, LEAK))
    law = case_law(demo_db, case)
    assert [a.penalty.norm.id for a in law.acts] == ["consumer_law_56_9", "consumer_law_56_9"]
    assert law.fine_range == (0, 1_000_000 + 50_000_000)  # not 2 × ¥10,000 + ¥500,000
    assert fine_maximum(demo_db, case).max_fen == 51_000_000
    assert maximum_refusal(demo_db, case, {"fine_fen": 51_000_000}) is None
    assert maximum_refusal(demo_db, case, {"fine_fen": 51_500_000}) is not None
    assert fine_minimum(demo_db, case) is None  # 消法 art. 56 lets a warning alone be the penalty
    # with the messages as a third act, which may have held the gains: the other two then without, ¥500,000 each
    three = recorded(demo_db, conditions=(SEPARATE,), violations=(MESSAGES, COLLECTION, LEAK))
    assert len(case_law(demo_db, three).acts) == 3
    assert case_law(demo_db, three).fine_range == (500_000, 3_000_000 + 100_000_000)
    assert fine_maximum(demo_db, three).max_fen == 103_000_000
    assert maximum_refusal(demo_db, three, {"fine_fen": 103_500_000}) is not None


def test_an_act_without_a_known_minimum_counts_as_none_not_the_whole(demo_db):
    from workstation.law.case_law import fine_minimum

    case = update_case(demo_db, replace(recorded(demo_db, conditions=(SEPARATE,)), penalty_norm="pipl_66_1"))
    law = case_law(demo_db, case)
    assert [a.penalty.norm.id for a in law.acts] == ["advertising_law_62_1", "pipl_66_1"]
    minimum = fine_minimum(demo_db, case)
    assert minimum is not None and minimum.min_fen == 500_000  # 广告法 art. 62's ¥5,000, PIPL art. 66 nothing


def test_the_confiscated_gains_warning_is_kept_for_separate_acts(demo_db, english):
    from workstation.law.case_law import confiscated_maximum
    from workstation.penalty_terms import confiscated_maximum_warning

    case = update_case(demo_db, replace(recorded(demo_db, gains=0, conditions=(SEPARATE,)), confiscated_fen=200_000))
    maximum = confiscated_maximum(demo_db, case)
    assert maximum is not None and maximum.kind == "confiscated"
    # 广告法's ¥30,000 and, the ¥2,000 confiscated maybe the messages', the leak's ¥500,000 without gains
    assert maximum.max_fen == 3_000_000 + 50_000_000
    warning = confiscated_maximum_warning(demo_db, case, {"fine_fen": 60_000_000})
    assert warning is not None and "2,000.00" in warning and CONSUMER_56 in warning
    assert confiscated_maximum_warning(demo_db, case, {"fine_fen": 50_000_000}) is None


def test_messages_on_the_combined_range_name_every_act_s_basis(demo_db, english):
    from workstation.discretion_tiers import tier_warnings, unchosen_fine_refusal
    from workstation.documents.stage_rules import _printed_tier

    case = recorded(demo_db, conditions=(SEPARATE,))
    warnings = tier_warnings(demo_db, case, "investigation_report", {"fine_fen": 50_000_000,
                                                                      "discretion_level": "从轻"})
    assert any(ADVERTISING_62 in w and CONSUMER_56 in w for w in warnings), warnings
    printed = _printed_tier(demo_db, case, {"fine_fen": 50_000_000, "discretion": "依法从轻处罚"})
    assert printed and ADVERTISING_62 in printed[0] and CONSUMER_56 in printed[0]
    weighed = update_case(demo_db, replace(case, discretion_factors=["eliminated_harm"], discretion_tier=""))
    refusal = unchosen_fine_refusal(case_law(demo_db, weighed).penalty, weighed, 50_000_000)
    assert refusal is not None and ADVERTISING_62 in refusal and CONSUMER_56 in refusal


def test_the_officer_is_told_to_state_each_act_in_the_document(demo_db, english):
    from workstation.documents.stage_rules import _uncovered_acts

    case = recorded(demo_db, conditions=(SEPARATE,))
    warning = case_law(demo_db, case).uncovered_warning
    assert "separate acts" in warning and ADVERTISING_62 in warning and CONSUMER_56 in warning
    assert _uncovered_acts(demo_db, case) == [warning]


def test_a_violation_without_a_penalty_of_its_own_keeps_its_duties(demo_db, station):
    from tests.test_s57_law_data import _copy

    _copy(station, "catalogue", 'penalties = ["consumer_law_56_9", "consumer_measures_14", '
          '"consumer_regulations_50_3", "pipl_66_1", "pipl_66_2"]\n# 消法 art. 29 para. 1',
          'penalties = []\n# 消法 art. 29 para. 1')
    assert law_data.problems() == []
    law = case_law(demo_db, recorded(demo_db, conditions=(SEPARATE,), violations=(MESSAGES, COLLECTION, LEAK)))
    assert len(law.acts) == 2
    assert f"{CONSUMER_LAW}第二十九条第一款" in law.violated_norms  # the collection, with the acts' instruments


@pytest.mark.gui
def test_the_law_panel_shows_each_act_once(demo_db, prompts, qtbot, english):
    from PySide6.QtWidgets import QLabel

    from ui.case_law import CaseLawBox

    law = case_law(demo_db, recorded(demo_db, conditions=(SEPARATE,)))
    box = CaseLawBox(demo_db, recorded(demo_db, conditions=(SEPARATE,)), prompts)
    qtbot.addWidget(box)
    shown = "\n".join(label.text() for label in box.findChildren(QLabel))
    assert law.penalty.explanation not in shown, shown  # the acts one by one in their own row, not twice
    for act in law.acts:
        assert shown.count(act.penalty.explanation) == 1, shown


# ---- the data: [acts] checked, a bureau's copy of the previous catalogue kept in force

_PAIR = 'violations = ["unsolicited_commercial_messages", "illegal_provision_or_leak"]\nwhen = "separate_acts"'


@pytest.mark.parametrize(("old", "new", "named"), [
    (_PAIR, 'violations = [["unsolicited_commercial_messages", "illegal_provision_or_leak"]]\nwhen = "separate_acts"',
     "acts.separate"),
    (_PAIR, 'violations = ["unsolicited_commercial_messages", "illegal_provision_or_leak"]', "when"),
    (_PAIR, 'violations = ["unsolicited_commercial_messages", "illegal_provision_or_leak"]\nwhen = "separate_act"',
     "separate_act"),
    (_PAIR, 'violations = ["unsolicited_commercial_messages", "unsolicited_commercial_messages"]\n'
            'when = "separate_acts"', "unsolicited_commercial_messages"),
    (_PAIR, 'violations = ["unsolicited_commercial_message", "illegal_provision_or_leak"]\nwhen = "separate_acts"',
     "unsolicited_commercial_message"),
    (_PAIR, _PAIR + '\nwhenn = "separate_acts"', "whenn"),
    ('[acts]\nunconfirmed = ', '[acts]\nunconfirmedd = ', "unconfirmed"),
])
def test_a_copy_with_a_wrong_acts_entry_is_refused_naming_it(station, monkeypatch, old, new, named):
    from tests.test_s57_law_data import _copy, _forget_copies, _refused

    _forget_copies(monkeypatch)
    _copy(station, "catalogue", old, new)
    problem = _refused(station, "catalogue")
    assert "catalogue.toml" in problem and named in problem and "acts" in problem, problem
    assert {frozenset(e["violations"]) for e in law_data.load("catalogue")["acts"]["separate"]}  # shipped in force


def test_a_copy_of_the_previous_catalogue_stays_in_force(demo_db, station, monkeypatch, english):
    """A bureau's copy made before separate acts: without the new [texts] (the shipped ones fill in) it stays in
    force; without [acts] and the fact as well, its violations are one act as they were."""
    import re

    from tests.test_s57_law_data import _forget_copies

    shipped = (Path(law_data.__file__).parents[2] / "resources" / "law" / "catalogue.toml").read_text(encoding="utf-8")
    copy = station / "law" / "catalogue.toml"
    without_texts = re.sub(r"^(acts|act|act_separator) = .*\n", "", shipped, flags=re.M)
    copy.write_text(without_texts, encoding="utf-8")
    assert law_data.problems() == []
    assert "act" not in law_data.load("catalogue")["texts"]  # the copy is in force
    law = case_law(demo_db, recorded(demo_db, conditions=(SEPARATE,)))
    assert len(law.acts) == 2 and "separate acts" in law.penalty.explanation  # the shipped text in its place
    _forget_copies(monkeypatch)
    previous = re.sub(r"^\[acts\].*?(?=^\[instruments)", "", without_texts, flags=re.M | re.S)
    previous = re.sub(r"^separate_acts = .*\n", "", previous, flags=re.M)
    assert "\n[acts]\n" not in previous and "\nseparate_acts =" not in previous
    copy.write_text(previous, encoding="utf-8")
    assert law_data.problems() == []
    assert "acts" not in law_data.load("catalogue")
    law = case_law(demo_db, recorded(demo_db))
    assert law.acts == () and law.penalty.norm.id == "advertising_law_62_1"


# ---- mends of the second read (session 66)

def test_one_minimum_for_the_range_the_choice_and_the_notice(demo_db, english):
    """The leak's fine is optional (消法 art. 56: a warning alone): the acts' minimum is 广告法 art. 62's ¥5,000 for the
    range the tiers are weighed on, the choice saved and the notice checked alike."""
    from workstation.errors import ValidationError
    from workstation.law.case_law import check_discretion, fine_minimum, save_penalty_choice
    from workstation.penalty_terms import minimum_refusal

    case = recorded(demo_db, conditions=(SEPARATE,))
    law = case_law(demo_db, case)
    assert law.fine_range.min_fen == fine_minimum(demo_db, case).min_fen == 500_000
    check_discretion(law.penalty, 550_000, "lighter")
    with pytest.raises(ValidationError):
        check_discretion(law.penalty, 450_000, "lighter")
    saved = save_penalty_choice(demo_db, case, act_on=case.act_on, prior_punished=False, penalty_norm="",
                                discretion_tier="lighter", discretion_factors=[], discretion_reason="",
                                fine_fen=550_000)
    assert saved.fine_fen == 550_000
    assert minimum_refusal(demo_db, case, {"fine_fen": 550_000}) is None
    assert minimum_refusal(demo_db, case, {"fine_fen": 450_000}) is not None


def test_the_maximum_allows_any_split_of_the_gains_between_the_acts(demo_db, english):
    """How the case's ¥1,000 of gains split between the acts is not recorded: if they were the messages', the leak
    had none and 消法 art. 56 allows up to ¥500,000 for it — ¥530,000 together is not refused."""
    case = recorded(demo_db, conditions=(SEPARATE,))
    assert fine_maximum(demo_db, case).max_fen == 53_000_000
    assert case_law(demo_db, case).fine_range.max_fen == 53_000_000
    assert maximum_refusal(demo_db, case, {"fine_fen": 4_500_000}) is None
    refusal = maximum_refusal(demo_db, case, {"fine_fen": 53_500_000})
    assert refusal is not None and "530,000.00" in refusal
    # two acts under 消法 art. 56: the one holding the gains 10× them, the other none (¥500,000)
    both = recorded(demo_db, conditions=(SEPARATE,), violations=(COLLECTION, LEAK))
    assert fine_maximum(demo_db, both).max_fen == 51_000_000
    assert maximum_refusal(demo_db, both, {"fine_fen": 51_000_000}) is None
    assert maximum_refusal(demo_db, both, {"fine_fen": 51_000_100}) is not None


def test_the_confiscated_warning_of_separate_acts_states_no_false_multiple(demo_db, english):
    from workstation.penalty_terms import confiscated_maximum_warning

    case = update_case(demo_db, replace(recorded(demo_db, gains=0, conditions=(SEPARATE,)), confiscated_fen=200_000))
    warning = confiscated_maximum_warning(demo_db, case, {"fine_fen": 60_000_000})
    assert warning is not None and "2,000.00" in warning and "530,000.00" in warning
    assert "times the illegal gains" not in warning, warning
    refusal = maximum_refusal(demo_db, case, {"fine_fen": 60_000_000})
    assert refusal is not None and "times the illegal gains" not in refusal, refusal


def test_facts_shown_with_a_copy_lacking_the_separate_acts_fact(demo_db, data_dir, station, monkeypatch, capsys,
                                                                english):
    """A case recording the fact, then a bureau's copy of the previous catalogue put in force: no KeyError."""
    import re

    from tests.helpers import run
    from tests.test_s57_law_data import _forget_copies

    case = recorded(demo_db, conditions=(SEPARATE,))
    _forget_copies(monkeypatch)
    shipped = (Path(law_data.__file__).parents[2] / "resources" / "law" / "catalogue.toml").read_text(encoding="utf-8")
    previous = re.sub(r"^(acts|act|act_separator) = .*\n", "", shipped, flags=re.M)
    previous = re.sub(r"^\[acts\].*?(?=^\[instruments)", "", previous, flags=re.M | re.S)
    previous = re.sub(r"^separate_acts = .*\n", "", previous, flags=re.M)
    (station / "law" / "catalogue.toml").write_text(previous, encoding="utf-8")
    assert law_data.problems() == [] and SEPARATE not in law_data.load("catalogue")["conditions"]
    code, out, _err = run(capsys, "cases", "facts", case.id, "--data-dir", data_dir)
    assert code == 0 and SEPARATE in out


@pytest.mark.gui
def test_the_kinds_of_a_norm_two_acts_share_are_said_once(demo_db, prompts, qtbot, english):
    from PySide6.QtWidgets import QLabel

    from ui.case_law import CaseLawBox

    box = CaseLawBox(demo_db, recorded(demo_db, conditions=(SEPARATE,), violations=(COLLECTION, LEAK)), prompts)
    qtbot.addWidget(box)
    kinds = box.findChild(QLabel, "penalty_kinds").text()
    assert kinds.count("Provided by") == 1, kinds
