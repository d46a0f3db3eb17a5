# ruff: noqa: F811 - the fixture imported from test_s51_law_data is used by name
"""Audit of the legal basis and discretion (session 61, lawbasis):

1. a case recording only 未经同意发送商业性信息 is weighed against the criminal thresholds and the result shown, but
   not sent to the police nor refused a decision (finalB 1, the session's decision): when its records reach them the
   officer is warned they would be serious if illegally obtained (buying is 非法获取, interpretation art. 4) and to
   add 违法收集使用 if so, the transfer then required; gains and a prior penalty alone never make it serious; the
   statistics leave it out; an older bureau copy of criminal.toml is told clearly;
2. 消法 art. 56 allows 单处或者并处: a penalty without a fine (a warning, confiscation) is recorded with any tier, the
   norm's optional fine marked in catalogue.toml (``fine_optional``, left out = required, so older copies still load);
3. 首违不罚 is refused beside the circumstance 一年内因同一种违法行为受过行政处罚, both named;
4. a fine out of the statutory range is refused naming the article and its range;
5. a bureau copy of criminal.toml changing a threshold is refused naming the threshold's own line."""

from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton

from tests.conftest import ScriptedPrompts
from tests.test_s51_law_data import station  # noqa: F401 - the data directory with a law folder, by name
from workstation import paths, procedure
from workstation.errors import ValidationError
from workstation.law import criminal
from workstation.law import data as law_data
from workstation.law.case_law import case_law, first_violation_refusal, save_penalty_choice
from workstation.law.criminal import assess_case
from workstation.store import find_case, get_case
from workstation.store.cases import update_case

MESSAGES = ["unsolicited_commercial_messages"]
PROVIDING = ["illegal_provision_or_leak"]
CONSUMER_LAW_56 = "《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项"


# ---- 1. unsolicited messages with records or gains reaching the thresholds ---------------------------------------

@pytest.mark.parametrize("figures", [dict(records_other=3200, records_sensitive=200), dict(records_other=6000)])
def test_a_messages_case_whose_records_reach_the_thresholds_is_warned_not_refused(db, make_case, english, figures):
    # finalB 1 (decision): the offence does not cover the case's violations — the figures are weighed and shown, the
    # officer warned that they would be serious if the records were illegally obtained; no transfer, no refusal
    case = make_case(status="decision_pending", notice_waived=True, violations=MESSAGES, fine_fen=10_000_000,
                     **figures)
    crime = assess_case(case)
    assert crime.counted and crime.serious_if_obtained and not crime.covered
    assert not crime.serious and not crime.transfer_suggested and not crime.reached
    steps = " ".join(crime.steps)
    assert "how the records were obtained" in steps and "art. 4" in steps and "Illegally collecting or using" in steps, steps
    assert "must be transferred to the police" not in steps
    assert procedure.criminal_threshold_refusal(db, case, "decide_penalty") is None


@pytest.mark.parametrize("figures", [dict(illegal_gains_fen=600_000), dict(prior_punished=True),
                                     dict(illegal_gains_fen=600_000, prior_punished=True, records_other=10)])
def test_gains_or_a_prior_penalty_alone_never_make_a_messages_case_serious(db, make_case, english, figures):
    case = make_case(status="decision_pending", notice_waived=True, violations=MESSAGES, fine_fen=10_000_000,
                     **figures)
    crime = assess_case(case, prior_punished=case.prior_punished)
    assert not crime.serious and not crime.transfer_suggested and not crime.serious_if_obtained
    assert "must be transferred to the police" not in " ".join(crime.steps)
    assert procedure.criminal_threshold_refusal(db, case, "decide_penalty") is None
    # the same figures on a case of the offence's own acts reach the thresholds
    assert assess_case(replace(case, violations=PROVIDING), prior_punished=case.prior_punished).transfer_suggested


def test_the_reference_example_is_exactly_serious_for_a_messages_case_if_obtained(db, make_case, chinese):
    case = make_case(violations=MESSAGES, records_other=3200, records_sensitive=200)
    crime = assess_case(case)
    assert crime.ratio == Fraction(104, 100) and crime.serious_if_obtained and not crime.transfer_suggested
    text = "".join(crime.steps)
    assert "第四条" in text and "违法收集使用" in text, text
    assert "结论：涉嫌侵犯公民个人信息罪，应当移送公安机关。" not in crime.steps
    # once 违法收集使用 is added, the transfer is required
    added = assess_case(replace(case, violations=MESSAGES + ["illegal_collection_or_use"]))
    assert added.transfer_suggested and "结论：涉嫌侵犯公民个人信息罪，应当移送公安机关。" in added.steps


def test_a_messages_case_below_the_thresholds_is_still_assessed(db, make_case, english):
    case = make_case(violations=MESSAGES, records_other=4999)
    crime = assess_case(case)
    assert not crime.transfer_suggested and not crime.serious_if_obtained and crime.counted
    assert crime.ratio == Fraction(4999, 5000)
    assert "how the records were obtained" in " ".join(crime.steps)
    # a case recording the offence's own violations is not asked how it obtained them
    covered = assess_case(replace(case, violations=PROVIDING))
    assert "how the records were obtained" not in " ".join(covered.steps)
    # nor a new case that counted nothing
    assert "how the records were obtained" not in " ".join(assess_case(replace(case, records_other=0)).steps)


def test_the_statistics_leave_out_a_messages_case_reaching_the_thresholds(demo_db):
    from workstation.stats import threshold_not_transferred

    number = "佛南市监立〔2026〕9号"  # demo: only 未经同意发送商业性信息
    case = find_case(demo_db, number)
    assert case.violations == MESSAGES
    update_case(demo_db, replace(case, records_other=3200, records_sensitive=200, prior_punished=True,
                                 illegal_gains_fen=600_000))
    assert number not in threshold_not_transferred(demo_db, " WHERE 1 = 1", [])
    # once illegal obtaining is recorded, it is named
    update_case(demo_db, replace(get_case(demo_db, case.id), violations=MESSAGES + ["illegal_collection_or_use"]))
    assert number in threshold_not_transferred(demo_db, " WHERE 1 = 1", [])


@pytest.mark.gui
def test_the_law_panel_of_a_messages_case_warns_without_the_transfer(db, make_case, qtbot, english):
    from ui.case_law import CaseLawBox

    case = make_case(violations=MESSAGES, records_other=3200, records_sensitive=200)
    box = CaseLawBox(db, case, ScriptedPrompts(), transfer=lambda: None)
    qtbot.addWidget(box)
    warning = box.findChild(QLabel, "criminal_warning").text()
    assert "illegally obtained" in warning and "art. 4" in warning, warning
    assert not warning.startswith("The case must be transferred")
    assert box.findChild(QPushButton, "transfer_police") is None
    assert "how the records were obtained" in box.findChild(QLabel, "criminal_steps").text()


def test_an_older_criminal_copy_is_told_clearly(station):
    """A copy made from the file before this change (its text not_covered, without check_obtained) is refused naming
    the text no longer used and how to start again; the shipped values are used meanwhile."""
    shipped = paths.resource("law", "criminal.toml").read_text(encoding="utf-8")
    older = re.sub(r"^check_obtained = .*\n", 'not_covered = "本案违法行为（{violations}）不属于出售、提供或者非法获取'
                   '公民个人信息，不作为移送公安机关的依据。"\n', shipped, count=1, flags=re.M)
    older = re.sub(r"^check_obtained = .*\n", "", older, count=1, flags=re.M)  # [texts_en]
    assert re.search(r"^not_covered = ", older, re.M) and not re.search(r"^check_obtained = ", older, re.M)
    (station / "law" / "criminal.toml").write_text(older, encoding="utf-8")
    states = {state["name"]: state for state in law_data.file_states()}
    problem = states["criminal"]["problem"]
    assert not states["criminal"]["in_force"] and "texts.not_covered" in problem, problem
    assert "law copy criminal --force" in problem, problem
    assert criminal.assess(0, 0, 6000, 0).serious  # the shipped values meanwhile


# ---- 2. a penalty without a fine under 消法 art. 56 ----------------------------------------------------------------

def _choose(db, case, **kw):
    base = dict(act_on=None, prior_punished=False, penalty_norm="", discretion_tier="lighter",
                discretion_factors=[], discretion_reason="", fine_fen=0)
    base.update(kw)
    return save_penalty_choice(db, get_case(db, case.id), **base)


def test_the_optional_fines_are_marked_in_the_catalogue():
    norms = {norm["id"]: norm for norm in law_data.load("catalogue")["norms"]}
    assert norms["consumer_law_56_9"]["fine_optional"] is True  # 可以单处或者并处
    assert norms["consumer_measures_15"]["fine_optional"] is True
    for required in ("advertising_law_62_1", "pipl_66_2"):  # 处…罚款, 并处…罚款
        assert not norms[required].get("fine_optional", False)


@pytest.mark.parametrize("tier", ["lighter", "ordinary"])
def test_a_warning_without_a_fine_under_art_56_is_recorded(db, make_case, english, tier):
    case = make_case(violations=PROVIDING, illegal_gains_fen=300_000, records_other=1000)
    law = case_law(db, case)
    assert law.penalty.norm.citation == CONSUMER_LAW_56 and law.penalty.range.min_fen == 300_000
    saved = _choose(db, case, discretion_tier=tier)
    assert saved.discretion_tier == tier and saved.fine_fen == 0
    law = case_law(db, saved)
    assert law.discretion_problem == "" and law.discretion is not None
    assert CONSUMER_LAW_56 in law.discretion.message and "no fine" in law.discretion.message.lower()
    # a fine above 0 still keeps to the minimum
    with pytest.raises(ValidationError) as refused:
        _choose(db, case, fine_fen=299_999)
    assert "below" in refused.value.errors["amount"]


def test_a_norm_requiring_a_fine_still_refuses_none(db, make_case, english):
    case = make_case(violations=MESSAGES)
    with pytest.raises(ValidationError) as refused:
        _choose(db, case, penalty_norm="advertising_law_62_1")
    assert "《中华人民共和国广告法》第六十二条第一款" in refused.value.errors["amount"]


@pytest.mark.gui
def test_the_dialog_saves_a_penalty_without_a_fine(db, make_case, qtbot, english):
    from ui.case_law import PenaltyChoiceDialog

    case = make_case(violations=PROVIDING, illegal_gains_fen=300_000, records_other=1000)
    dialog = PenaltyChoiceDialog(db, case, ScriptedPrompts())
    qtbot.addWidget(dialog)
    dialog.tier.setCurrentIndex(dialog.tier.findData("lighter"))
    dialog.fine.setText("0")
    errors = dialog.validate()
    assert "amount" not in errors and "discretion_reason" not in errors, errors
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


def test_an_older_catalogue_copy_without_the_mark_loads_and_requires_the_fine(station, db, make_case, english):
    shipped = paths.resource("law", "catalogue.toml").read_text(encoding="utf-8")
    older = re.sub(r"^fine_optional = true.*\n", "", shipped, flags=re.M)
    assert older != shipped
    (station / "law" / "catalogue.toml").write_text(older, encoding="utf-8")
    assert law_data.problems() == []  # in force
    assert "fine_optional" not in next(n for n in law_data.load("catalogue")["norms"]
                                       if n["id"] == "consumer_law_56_9")
    case = make_case(violations=PROVIDING, illegal_gains_fen=300_000, records_other=1000)
    with pytest.raises(ValidationError):  # read as a fine required, as before
        _choose(db, case)


def test_a_catalogue_copy_making_a_required_fine_optional_is_refused(station):
    shipped = paths.resource("law", "catalogue.toml").read_text(encoding="utf-8")
    copy = shipped.replace('penalties = ["fine"]\n', 'penalties = ["fine"]\nfine_optional = true\n', 1)
    assert copy != shipped
    (station / "law" / "catalogue.toml").write_text(copy, encoding="utf-8")
    problem = law_data.problems()[0]
    assert "advertising_law_62_1.fine_optional" in problem, problem
    line = copy[:copy.index("fine_optional = true\n", copy.index('id = "advertising_law_62_1"'))].count("\n") + 1
    assert f"line {line}:" in problem or f"第 {line} 行" in problem, problem


# ---- 3. 首违不罚 beside a repeat within a year -----------------------------------------------------------------------

def test_a_first_violation_beside_a_repeat_within_a_year_is_refused(db, make_case, english):
    case = make_case(violations=MESSAGES)
    factors = ["first_violation_minor", "repeat_within_year"]
    with pytest.raises(ValidationError) as refused:
        _choose(db, case, discretion_tier="no_penalty", discretion_factors=factors)
    said = refused.value.errors["discretion_factors"]
    assert "first violation" in said.lower() and "same kind of violation within a year" in said, said
    assert get_case(db, case.id).discretion_tier == ""
    assert first_violation_refusal(db, replace(case, discretion_factors=factors))
    assert first_violation_refusal(db, replace(case, discretion_factors=["first_violation_minor"])) is None


@pytest.mark.gui
def test_the_dialog_refuses_a_first_violation_beside_a_repeat(db, make_case, qtbot, english):
    from ui.case_law import PenaltyChoiceDialog

    case = make_case(violations=MESSAGES)
    dialog = PenaltyChoiceDialog(db, case, ScriptedPrompts())
    qtbot.addWidget(dialog)
    for i in range(dialog.factors.count()):
        item = dialog.factors.item(i)
        if item.data(256) in ("first_violation_minor", "repeat_within_year"):
            item.setCheckState(Qt.CheckState.Checked)
    dialog.tier.setCurrentIndex(dialog.tier.findData("no_penalty"))
    dialog.fine.setText("0")
    errors = dialog.validate()
    assert "same kind of violation within a year" in errors.get("discretion_factors", ""), errors
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


# ---- 4. the range refused names its article ----------------------------------------------------------------------

def test_a_fine_out_of_the_range_is_refused_naming_the_article(db, make_case, english):
    case = make_case(violations=PROVIDING, illegal_gains_fen=300_000, records_other=1000)
    with pytest.raises(ValidationError) as above:
        _choose(db, case, discretion_tier="ordinary", fine_fen=3_000_001)
    said = above.value.errors["amount"]
    assert CONSUMER_LAW_56 in said and "¥3,000.00 to ¥30,000.00" in said, said
    with pytest.raises(ValidationError) as below:
        _choose(db, case, discretion_tier="lighter", fine_fen=299_999)
    said = below.value.errors["amount"]
    assert CONSUMER_LAW_56 in said and "¥3,000.00 to ¥30,000.00" in said, said


def test_the_range_is_named_in_chinese_as_the_documents_name_it(db, make_case, chinese):
    case = make_case(violations=PROVIDING, illegal_gains_fen=300_000, records_other=1000)
    with pytest.raises(ValidationError) as above:
        _choose(db, case, discretion_tier="ordinary", fine_fen=3_000_001)
    said = above.value.errors["amount"]
    assert CONSUMER_LAW_56 in said and "¥3,000.00至¥30,000.00" in said, said


# ---- 5. the line of a criminal threshold changed in a bureau's copy ---------------------------------------------

def test_a_criminal_copy_changing_a_threshold_names_its_line(station):
    shipped = paths.resource("law", "criminal.toml").read_text(encoding="utf-8")
    start = shipped.index("[categories.trace]")
    at = shipped.index("threshold = 50\n", start)
    copy = shipped[:at] + "threshold = 5000\n" + shipped[at + len("threshold = 50\n"):]
    (station / "law" / "criminal.toml").write_text(copy, encoding="utf-8")
    line = copy[:at].count("\n") + 1
    problem = law_data.problems()[0]
    assert "categories.trace.threshold" in problem, problem
    assert f"line {line}:" in problem or f"第 {line} 行" in problem, problem


# ---- finalB 4: no fine at issue under a norm requiring one --------------------------------------------------------

def test_a_decision_with_no_fine_under_a_norm_requiring_one_is_refused_at_issue(db, make_case, english):
    from workstation.penalty_terms import minimum_refusal

    case = make_case(violations=MESSAGES)
    chosen = _choose(db, case, penalty_norm="advertising_law_62_1", fine_fen=500_000)
    assert case_law(db, chosen).penalty.norm.id == "advertising_law_62_1"
    refusal = minimum_refusal(db, chosen, {"fine_fen": 0, "warning": True})
    assert refusal and "below the minimum of ¥5,000.00" in refusal, refusal
    # 不予处罚: no fine at all is its point
    assert minimum_refusal(db, replace(chosen, discretion_tier="no_penalty"), {"fine_fen": 0}) is None


def test_no_fine_at_issue_under_art_56_passes(db, make_case, english):
    from workstation.penalty_terms import minimum_refusal

    case = make_case(violations=PROVIDING, illegal_gains_fen=300_000, records_other=1000)
    saved = _choose(db, case, discretion_tier="lighter")
    assert minimum_refusal(db, saved, {"fine_fen": 0, "warning": True}) is None
    assert "below the minimum" in minimum_refusal(db, saved, {"fine_fen": 100_000})
