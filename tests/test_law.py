import dataclasses
import datetime as dt
import json
from fractions import Fraction

import pytest

from workstation.cli import main
from workstation.errors import ValidationError
from workstation.law import catalogue, criminal, discretion, thresholds
from workstation.law.catalogue import FenRange, applicable_law, choose_norm, fine_range, norm, norms_for
from workstation.law.criminal import assess
from workstation.law.surcharge import surcharge
from workstation.records import Case

# ---- criminal thresholds, REFERENCE §4.6 ------------------------------------------------------------------


def test_owner_lists_plus_transaction_records_combine_to_serious():
    result = assess(trace=0, sensitive=200, other=3_200, gains_fen=0)
    assert result.ratio == Fraction(104, 100)
    assert (result.serious, result.especially_serious, result.transfer_suggested) == (True, False, True)
    assert "其他个人信息 3,200 ÷ 5,000 = 0.64" in result.steps
    assert "住宿信息、通信记录、健康生理信息、交易信息等 200 ÷ 500 = 0.4" in result.steps
    assert any("= 1.04" in step for step in result.steps)
    assert "第二百五十三条之一" in result.source


def test_proportions_that_add_up_to_exactly_one_are_serious():
    result = assess(0, 180, 3_200, 0)
    assert result.ratio == 1 and result.serious
    assert "按比例合计 0.36 + 0.64 = 1" in result.steps
    assert not assess(0, 179, 3_200, 0).serious


def test_the_seed_campaign_records_in_one_case_are_serious_but_not_especially():
    result = assess(0, 0, 18_176, 0)
    assert result.ratio == Fraction(18_176, 5_000)
    assert result.serious and not result.especially_serious
    assert "其他个人信息 18,176 ÷ 5,000 = 3.6352" in result.steps


@pytest.mark.parametrize(("trace", "sensitive", "other", "serious", "especially"), [
    (49, 0, 0, False, False), (50, 0, 0, True, False), (499, 0, 0, True, False), (500, 0, 0, True, True),
    (0, 499, 0, False, False), (0, 500, 0, True, False), (0, 5_000, 0, True, True),
    (0, 0, 4_999, False, False), (0, 0, 5_000, True, False), (0, 0, 49_999, True, False), (0, 0, 50_000, True, True),
])
def test_each_category_has_its_own_thresholds(trace, sensitive, other, serious, especially):
    result = assess(trace, sensitive, other, 0)
    assert (result.serious, result.especially_serious) == (serious, especially)


@pytest.mark.parametrize(("trace", "sensitive", "other", "gains_fen", "serious", "especially"), [
    (25, 0, 0, 0, True, False), (24, 0, 0, 0, False, False), (0, 250, 0, 0, True, False),
    (0, 0, 2_500, 0, True, False), (0, 0, 2_499, 0, False, False), (0, 0, 25_000, 0, True, True),
    (0, 0, 0, 250_000, True, False), (0, 0, 0, 249_999, False, False), (0, 0, 0, 2_500_000, True, True),
])
def test_information_obtained_in_the_course_of_duties_halves_every_threshold(trace, sensitive, other, gains_fen,
                                                                            serious, especially):
    result = assess(trace, sensitive, other, gains_fen, duty_related=True)
    assert (result.serious, result.especially_serious) == (serious, especially)
    assert result.steps[0].startswith("信息系在履行职责或者提供服务过程中获得")


def test_illegal_gains_of_5000_yuan_are_serious_and_50000_especially():
    assert not assess(0, 0, 0, 499_999).serious
    result = assess(0, 0, 0, 500_000)
    assert result.serious and result.ratio == 0
    assert "违法所得 ¥5,000.00 ≥ ¥5,000.00：达到“情节严重”标准（第五条第一款第七项）。" in result.steps
    assert assess(0, 0, 0, 5_000_000).especially_serious


def test_prior_punishment_alone_makes_it_serious():
    result = assess(0, 0, 10, 0, prior_punished=True)
    assert result.serious and result.transfer_suggested and not result.especially_serious
    assert any("二年内受过行政处罚" in step for step in result.steps)


def test_below_every_threshold_no_transfer_is_suggested():
    result = assess(0, 0, 3_200, 0)
    assert result.ratio == Fraction(16, 25)
    assert not result.serious and not result.transfer_suggested
    assert result.steps[-1].startswith("结论：未达到刑事追诉标准")


def test_buying_other_information_for_lawful_business_is_judged_by_the_profit():
    assert not assess(0, 0, 60_000, 4_999_999, lawful_business=True).serious
    result = assess(0, 0, 60_000, 5_000_000, lawful_business=True)
    assert result.serious and not result.especially_serious and result.article == 6
    assert assess(0, 0, 100, 0, prior_punished=True, lawful_business=True).serious


def test_the_lawful_business_rule_does_not_cover_trace_or_sensitive_records():
    result = assess(50, 0, 100, 0, lawful_business=True)
    assert result.article == 5 and result.serious
    assert result.steps[0].startswith("涉及第五条第一款第三项、第四项规定的信息，不适用第六条")


@pytest.mark.parametrize("field", ["trace", "sensitive", "other", "gains_fen"])
def test_a_negative_count_or_amount_is_refused_naming_the_field(field):
    values = {"trace": 0, "sensitive": 0, "other": 0, "gains_fen": 0, field: -1}
    with pytest.raises(ValidationError) as refused:
        assess(**values)
    assert list(refused.value.errors) == [field]


def test_counts_must_be_whole_numbers():
    with pytest.raises(ValidationError) as refused:
        assess(0, 0.5, True, 0)
    assert set(refused.value.errors) == {"sensitive", "other"}


def test_a_case_is_assessed_from_its_record_counts_gains_and_duty_flag():
    case = Case(case_number="佛南市监立〔2026〕1号", cause="", sector="real_estate", agency_id="a",
                records_sensitive=200, records_other=3_200)
    assert criminal.assess_case(case).ratio == Fraction(26, 25)
    case = dataclasses.replace(case, records_sensitive=0, records_other=2_500, duty_related=True)
    assert criminal.assess_case(case).serious


# ---- late-payment surcharge, REFERENCE §9 -----------------------------------------------------------------


@pytest.mark.parametrize(("as_of", "days", "amount_fen", "capped"), [
    ("2026-06-16", 0, 0, False), ("2026-06-17", 1, 150_000, False), ("2026-06-26", 10, 1_500_000, False),
    ("2026-07-19", 33, 4_950_000, False), ("2026-07-20", 34, 5_000_000, True), ("2026-12-31", 198, 5_000_000, True),
])
def test_a_50000_yuan_fine_unpaid_after_16_june_accrues_1500_yuan_a_day_up_to_the_fine(as_of, days, amount_fen,
                                                                                        capped):
    result = surcharge(5_000_000, dt.date(2026, 6, 16), dt.date.fromisoformat(as_of))
    assert (result.days, result.amount_fen, result.capped) == (days, amount_fen, capped)


def test_the_surcharge_shows_its_computation():
    result = surcharge(5_000_000, "2026-06-16", "2026-06-26")
    assert result.steps[0] == "缴纳罚款的期限于2026年6月16日届满，自2026年6月17日起每日按罚款数额的3%加处罚款。"
    assert "每日加处罚款：¥50,000.00 × 3% = ¥1,500.00。" in result.steps
    assert "¥1,500.00 × 10日 = ¥15,000.00。" in result.steps
    assert "第七十二条" in result.source
    capped = surcharge(5_000_000, "2026-06-16", "2026-07-20")
    assert capped.steps[-1] == "加处罚款的数额不得超出罚款的数额，按¥50,000.00计。"


def test_no_surcharge_accrues_while_reconsideration_or_litigation_is_pending():
    result = surcharge(5_000_000, "2026-06-16", "2026-06-26", paused=[("2026-06-20", "2026-06-22")])
    assert (result.days, result.paused_days, result.amount_fen) == (7, 3, 1_050_000)
    still_pending = surcharge(5_000_000, "2026-06-16", "2026-08-31", paused=[(dt.date(2026, 6, 20), None)])
    assert (still_pending.days, still_pending.amount_fen) == (3, 450_000)
    overlapping = surcharge(5_000_000, "2026-06-16", "2026-06-26",
                            paused=[("2026-06-10", "2026-06-18"), ("2026-06-18", "2026-06-19")])
    assert (overlapping.days, overlapping.paused_days) == (7, 3)


def test_fractions_of_a_fen_are_rounded_down_on_the_total():
    result = surcharge(1_001, "2026-06-16", "2026-06-26")  # 3 % of ¥10.01 = 30.03 fen a day
    assert result.amount_fen == 300
    assert result.steps[-1] == "不足一分的部分舍去，计¥3.00。"


def test_a_pause_that_ends_before_it_begins_is_refused():
    with pytest.raises(ValidationError) as refused:
        surcharge(100, "2026-06-16", "2026-06-26", paused=[("2026-06-22", "2026-06-20")])
    assert list(refused.value.errors) == ["paused"]


# ---- catalogue, art. 29 choice and art. 37 temporal rule -------------------------------------------------


def test_norms_are_cited_as_chinese_legal_texts_cite_them():
    assert norm("consumer_law_56_9").citation == "《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项"
    assert norm("consumer_measures_11_3").citation == "《侵害消费者权益行为处罚办法》第十一条第一款第（三）项"
    assert norm("consumer_regulations_50_3").citation == "《中华人民共和国消费者权益保护法实施条例》第五十条第三款"
    assert catalogue.chinese_number(110) == "一百一十" and catalogue.chinese_number(253) == "二百五十三"


def test_every_violation_type_of_the_vocabulary_has_duties_and_penalties():
    from workstation.vocabulary import labels

    for key in labels("violations"):
        found = norms_for(key, "2026-03-01")
        assert {n.kind for n in found} == {"duty", "penalty"}, key


def test_the_2024_regulations_apply_only_to_acts_from_1_july_2024():
    before = {n.id for n in norms_for("unsolicited_commercial_messages", "2024-06-30")}
    after = {n.id for n in norms_for("unsolicited_commercial_messages", dt.date(2024, 7, 1))}
    assert after - before == {"consumer_regulations_24", "consumer_regulations_50_3"}


def test_pipl_article_66_paragraph_2_is_for_provincial_bureaus_only():
    district = {n.id for n in norms_for("illegal_provision_or_leak", "2026-03-01")}
    province = {n.id for n in norms_for("illegal_provision_or_leak", "2026-03-01", level="provincial")}
    assert "pipl_66_2" not in district and "pipl_66_2" in province


def test_intermediary_norms_apply_only_to_intermediaries():
    plain = {n.id for n in norms_for("illegal_provision_or_leak", "2026-03-01")}
    agency = {n.id for n in norms_for("illegal_provision_or_leak", "2026-03-01", conditions=["intermediary"])}
    assert agency - plain == {"consumer_measures_13_2", "consumer_measures_15"}


def test_fine_ranges_follow_the_illegal_gains():
    article_56 = norm("consumer_law_56_9")
    assert fine_range(article_56, 0) == FenRange(0, 50_000_000)
    assert fine_range(article_56, 1_000_000) == FenRange(1_000_000, 10_000_000)
    article_15 = norm("consumer_measures_15")
    assert fine_range(article_15, 0) == (0, 1_000_000)
    assert fine_range(article_15, 500_000) == (0, 1_500_000)
    assert fine_range(article_15, 5_000_000) == (0, 3_000_000)  # 3× capped at ¥30,000
    assert fine_range(norm("advertising_law_62_1"), 10_000_000) == (500_000, 3_000_000)
    assert fine_range(norm("consumer_law_29_3"), 0) == (0, 0)


def test_pipl_fines_only_a_party_that_refuses_to_correct():
    pipl = norm("pipl_66_1")
    assert fine_range(pipl, 0) == (0, 0)
    assert fine_range(pipl, 0, conditions=["refused_correction"]) == (0, 100_000_000)
    assert fine_range(norm("pipl_66_2"), 0, turnover_fen=200_000_000_000) == (0, 10_000_000_000)


def test_one_act_under_several_norms_takes_the_higher_fine():
    candidates = norms_for("unsolicited_commercial_messages", "2026-03-01", kind="penalty")
    choice = choose_norm(candidates, 0)
    assert choice.norm.id == "consumer_law_56_9" and choice.range == (0, 50_000_000)
    assert {n.id for n in choice.also_cite} == {"consumer_measures_14", "consumer_regulations_50_3"}
    assert "《中华人民共和国广告法》第六十二条第一款（¥5,000.00至¥30,000.00）" in choice.explanation
    assert choice.source == "《中华人民共和国行政处罚法》第二十九条"


def test_the_pipl_fine_wins_only_when_it_is_higher():
    candidates = norms_for("illegal_collection_or_use", "2026-03-01", kind="penalty")
    assert choose_norm(candidates, 0).norm.id == "consumer_law_56_9"
    refusing = choose_norm(candidates, 0, conditions=["refused_correction"])
    assert refusing.norm.id == "pipl_66_1" and refusing.range == (0, 100_000_000)
    with_gains = choose_norm(candidates, 20_000_000, conditions=["refused_correction"])
    assert with_gains.norm.id == "consumer_law_56_9" and with_gains.range == (20_000_000, 200_000_000)


def test_choosing_needs_a_penalty_norm():
    with pytest.raises(ValidationError):
        choose_norm([norm("consumer_law_29_3")], 0)


def test_an_act_before_july_2024_is_not_based_on_the_2024_regulations():
    law = applicable_law("unsolicited_commercial_messages", "2024-03-01", "2024-09-10")
    assert law.basis_date == dt.date(2024, 3, 1) and not law.new_law_applied
    assert {n.id for n in law.not_applied} == {"consumer_regulations_24", "consumer_regulations_50_3"}
    assert "consumer_regulations_24" not in {n.id for n in law.duties}
    assert law.penalty.norm.id == "consumer_law_56_9"
    assert "consumer_regulations_50_3" not in {n.id for n in law.penalty.also_cite}
    assert "不予适用（从旧兼从轻）" in law.explanation and law.source == "《中华人民共和国行政处罚法》第三十七条"


def test_an_act_after_july_2024_is_based_on_the_regulations_too():
    law = applicable_law("unsolicited_commercial_messages", "2025-03-01", "2025-06-10")
    assert "consumer_regulations_24" in {n.id for n in law.duties}
    assert "consumer_regulations_50_3" in {n.id for n in law.penalty.also_cite}
    assert law.explanation.startswith("违法行为发生时（2025年3月1日）与作出处罚决定时（2025年6月10日）适用的规定相同")


def test_a_lighter_new_rule_applies_to_an_earlier_act(monkeypatch):
    # hypothetical: 消法 art. 56 and 办法 art. 14 lapse on 2024-06-30 and the regulations fine at most ¥100,000
    table = dict(catalogue.norms())
    for key in ("consumer_law_56_9", "consumer_measures_14"):
        table[key] = dataclasses.replace(table[key], effective_to=dt.date(2024, 6, 30))
    table["consumer_regulations_50_3"] = dataclasses.replace(
        table["consumer_regulations_50_3"], refers_to="", fine=catalogue.FineRule(no_gains_fen=(0, 10_000_000)))
    monkeypatch.setattr(catalogue, "norms", lambda: table)
    law = applicable_law("unsolicited_commercial_messages", "2024-03-01", "2024-09-10")
    assert law.new_law_applied and law.basis_date == dt.date(2024, 9, 10)
    assert law.penalty.norm.id == "consumer_regulations_50_3" and law.penalty.range == (0, 10_000_000)
    assert "处罚较轻" in law.explanation


def test_an_act_before_any_penalty_norm_existed_is_not_penalised_under_later_law():
    law = applicable_law("unsolicited_commercial_messages", "2014-01-10", "2026-03-01")
    assert law.penalty is None and not law.new_law_applied
    assert "不得依据其后施行的" in law.explanation


def test_a_decision_before_the_act_is_refused():
    with pytest.raises(ValidationError) as refused:
        applicable_law("unsolicited_commercial_messages", "2026-03-01", "2026-02-01")
    assert list(refused.value.errors) == ["decision_date"]


def test_unknown_violation_types_and_conditions_are_refused():
    with pytest.raises(ValidationError) as refused:
        norms_for("spam", "2026-03-01")
    assert list(refused.value.errors) == ["violation"]
    with pytest.raises(ValidationError) as refused:
        norms_for("unsolicited_commercial_messages", "2026-03-01", conditions=["foreign"])
    assert list(refused.value.errors) == ["conditions"]


# ---- procedure thresholds ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "fine_fen", "allowed"), [
    ("person", 20_000, True), ("person", 20_001, False), ("company", 300_000, True), ("company", 300_001, False),
    ("association", 300_000, True), ("individual_business", 20_000, True), ("individual_business", 20_001, False),
])
def test_the_simple_procedure_caps_are_200_and_3000_yuan(kind, fine_fen, allowed):
    assert thresholds.simple_procedure(kind, fine_fen).applies is allowed


def test_a_warning_alone_may_be_given_on_the_spot_but_not_confiscation_or_suspension():
    assert thresholds.simple_procedure("company", 0, penalties=["warning"]).applies
    confiscating = thresholds.simple_procedure("person", 10_000, 5_000)
    assert not confiscating.applies and "拟作出没收违法所得，简易程序仅适用于警告或者小额罚款。" in confiscating.reasons
    assert not thresholds.simple_procedure("company", 0, penalties=["suspend_for_rectification"]).applies
    assert thresholds.simple_procedure("person", 20_000).source == "《中华人民共和国行政处罚法》第五十一条"


@pytest.mark.parametrize(("kind", "fine_fen", "confiscated_fen", "hearing"), [
    ("person", 999_999, 0, False), ("person", 1_000_000, 0, True), ("person", 0, 1_000_000, True),
    ("company", 9_999_999, 9_999_999, False), ("company", 10_000_000, 0, True), ("company", 0, 10_000_000, True),
])
def test_the_hearing_thresholds_count_fine_and_confiscation_separately(kind, fine_fen, confiscated_fen, hearing):
    assert thresholds.hearing(kind, fine_fen, confiscated_fen).applies is hearing


def test_suspension_or_licence_revocation_always_gives_a_hearing():
    result = thresholds.hearing("company", 0, penalties=["revoke_business_licence"])
    assert result.applies and result.reasons == ("拟作出吊销营业执照。",)
    assert result.unconfirmed


def test_the_hearing_reason_names_the_amount_and_the_standard():
    result = thresholds.hearing("company", 10_000_000)
    assert result.reasons == ("罚款¥100,000.00达到对法人或者其他组织的标准¥100,000.00（含本数）。",)


def test_the_form_helper_uses_the_same_hearing_thresholds():
    from workstation.formkit.values import hearing_required

    case = Case(case_number="x", cause="", sector="other", agency_id="a", fine_fen=1_000_000)
    assert hearing_required(case, "person") and not hearing_required(case, "company")


def test_legal_review_follows_the_statutory_grounds_and_the_illustrative_amounts():
    assert not thresholds.legal_review("person", 1_000_000).applies  # "above", not "at"
    assert thresholds.legal_review("person", 1_000_001).applies
    complex_case = thresholds.legal_review("company", 0, grounds=["complex"])
    assert complex_case.applies and complex_case.reasons == ("案件情况疑难复杂、涉及多个法律关系",)
    assert "未经核实" in complex_case.unconfirmed
    with pytest.raises(ValidationError) as refused:
        thresholds.legal_review("company", 0, grounds=["gut_feeling"])
    assert list(refused.value.errors) == ["grounds"]


def test_legal_review_counts_an_individual_business_with_natural_persons_as_its_standard_does():
    # Changzhi's amounts (REFERENCE §1.5): natural person / individual business above ¥10,000, organisation above
    # ¥100,000; [party_classes] counts an individual business with natural persons for the hearing too (UNCONFIRMED,
    # the safe side: thresholds.toml)
    above = thresholds.legal_review("individual_business", 1_000_001)
    assert above.applies and above.reasons == ("罚款¥10,000.01达到对个体工商户的标准¥10,000.00（超过）。",)
    assert not thresholds.legal_review("individual_business", 1_000_000).applies
    assert thresholds.legal_review("individual_business", 0, 1_000_001).applies  # the gains confiscated alike
    assert not thresholds.legal_review("company", 1_000_001).applies
    assert thresholds.hearing("individual_business", 1_000_000).applies
    assert thresholds.party_class("individual_business") == "natural_person"


def test_collective_discussion_counts_fine_and_confiscation_together():
    assert thresholds.collective_discussion("company", 20_000_000, 10_000_000).applies
    assert not thresholds.collective_discussion("company", 20_000_000, 9_999_999).applies
    assert thresholds.collective_discussion("person", 0, grounds=["second_extension"]).applies


def test_publication_of_ordinary_decisions_except_warnings():
    warning = thresholds.publication("company", 0, penalties=["warning"])
    assert not warning.required and warning.reasons == ("仅受到警告行政处罚的不予公示。",)
    assert not thresholds.publication("person", 20_000, procedure="simple").required
    low_fine = thresholds.publication("company", 5_000_000)
    assert low_fine.required and low_fine.deadline_working_days == 20 and low_fine.period_months == 3
    assert low_fine.unconfirmed
    heavy = thresholds.publication("company", 5_000_000, 1_000_000)
    assert heavy.period_months == 36 and heavy.other_province_working_days == 10
    assert thresholds.publication("company", 0, penalties=["criticism"]).period_months == 3


def test_an_unknown_party_kind_or_penalty_is_refused():
    with pytest.raises(ValidationError) as refused:
        thresholds.hearing("robot", 0)
    assert list(refused.value.errors) == ["party_kind"]
    with pytest.raises(ValidationError) as refused:
        thresholds.hearing("company", 0, penalties=["flogging"])
    assert list(refused.value.errors) == ["penalties"]


# ---- discretion, REFERENCE §5 -----------------------------------------------------------------------------


def test_the_seed_example_no_gains_under_article_56_gives_lighter_up_to_150000_yuan():
    low, high = fine_range(norm("consumer_law_56_9"), 0)
    assert (low, high) == (0, 50_000_000)
    bands = {b.tier: b for b in discretion.tiers(low, high)}
    assert (bands["lighter"].low_fen, bands["lighter"].high_fen) == (0, 15_000_000)
    assert (bands["ordinary"].low_fen, bands["ordinary"].high_fen) == (15_000_000, 35_000_000)
    assert bands["heavier"].high_fen == 50_000_000
    assert bands["lighter"].text == "从轻：¥0.00至¥150,000.00"
    only_max = {b.tier: b for b in discretion.tiers(low, high, style="max_only")}
    assert (only_max["ordinary"].low_fen, only_max["ordinary"].high_fen) == (20_000_000, 30_000_000)


def test_a_range_with_a_minimum_has_a_reduced_tier_below_it():
    bands = discretion.tiers(500_000, 3_000_000)
    assert [b.tier for b in bands] == ["reduced", "lighter", "ordinary", "heavier"]
    assert bands[0].high_fen == 499_999 and bands[1].high_fen == 1_250_000


def test_an_edge_belongs_to_the_lower_tier():
    bands = discretion.tiers(0, 50_000_000)
    assert discretion.tier_of(15_000_000, bands) == "lighter"
    assert discretion.tier_of(15_000_001, bands) == "ordinary"
    assert discretion.tier_of(35_000_000, bands) == "ordinary"
    assert discretion.tier_of(15_000_000, discretion.tiers(0, 50_000_000, style="max_only")) is None


def test_an_amount_inside_the_chosen_tier_needs_no_reason():
    result = discretion.check(15_000_000, 0, 50_000_000, "lighter")
    assert (result.tier_of_amount, result.outside_tier, result.reason_required) == ("lighter", False, False)
    assert result.message == "罚款¥150,000.00在从轻阶次（¥0.00至¥150,000.00）内。"


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_amount_outside_its_tier_without_a_reason_is_refused(reason):
    with pytest.raises(ValidationError) as refused:
        discretion.check(20_000_000, 0, 50_000_000, "lighter", reason)
    assert list(refused.value.errors) == ["discretion_reason"]


def test_an_amount_outside_its_tier_with_a_reason_is_recorded():
    result = discretion.check(20_000_000, 0, 50_000_000, "lighter", "当事人系初次违法且已全部整改")
    assert result.outside_tier and result.reason_required and result.tier_of_amount == "ordinary"
    assert result.message.endswith("属于一般；已说明理由：当事人系初次违法且已全部整改")


def test_an_amount_between_tiers_needs_a_reason():
    with pytest.raises(ValidationError):
        discretion.check(15_000_000, 0, 50_000_000, "ordinary", style="max_only")


def test_an_amount_above_the_statutory_maximum_is_always_refused():
    with pytest.raises(ValidationError) as refused:
        discretion.check(50_000_001, 0, 50_000_000, "heavier", "情节特别恶劣")
    assert list(refused.value.errors) == ["amount"]


def test_below_the_minimum_only_a_reduced_penalty_with_a_lighter_circumstance():
    with pytest.raises(ValidationError) as refused:
        discretion.check(300_000, 500_000, 3_000_000, "lighter", "理由", factors=["eliminated_harm"])
    assert list(refused.value.errors) == ["amount"]
    with pytest.raises(ValidationError) as refused:
        discretion.check(300_000, 500_000, 3_000_000, "reduced", "理由")
    assert list(refused.value.errors) == ["discretion_factors"]
    result = discretion.check(300_000, 500_000, 3_000_000, "reduced", factors=["eliminated_harm"])
    assert result.tier_of_amount == "reduced" and not result.outside_tier
    assert "主动消除或者减轻违法行为危害后果" in result.message


def test_suggested_tiers_follow_the_circumstances():
    assert discretion.suggest([]).tier == "ordinary"
    must = discretion.suggest(["eliminated_harm"])
    assert (must.tier, must.mandatory) == ("lighter", True)
    may = discretion.suggest(["cooperated"])
    assert (may.tier, may.mandatory) == ("lighter", False) and may.factors[0].unconfirmed
    assert discretion.suggest(["repeat_within_year"]).tier == "heavier"
    assert discretion.suggest(["no_fault", "obstruction"]).tier == "no_penalty"
    first = discretion.suggest(["first_violation_minor"])
    assert first.tier == "ordinary" and first.no_penalty_possible and not first.mandatory


def test_heavier_and_lighter_circumstances_together_are_flagged():
    result = discretion.suggest(["eliminated_harm", "obstruction"])
    assert result.conflict and result.tier == "ordinary"
    assert result.message.startswith("同时具有从重情节")


def test_no_penalty_means_no_fine():
    with pytest.raises(ValidationError):
        discretion.check(100, 0, 50_000_000, "no_penalty")
    assert discretion.check(0, 0, 50_000_000, "no_penalty").tier_of_amount == "no_penalty"


# ---- command line -----------------------------------------------------------------------------------------


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_law_criminal_gives_ratio_and_flags_as_json(capsys):
    code, out, err = run(capsys, "law", "criminal", "--other", "3200", "--sensitive", "200", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert {"ratio", "serious", "especially_serious", "transfer_suggested", "steps"} <= set(result)
    assert (result["ratio"], result["ratio_exact"]) == (1.04, "26/25")
    assert result["serious"] is True and result["especially_serious"] is False
    assert "其他个人信息 3,200 ÷ 5,000 = 0.64" in result["steps"]


@pytest.mark.parametrize(("argv", "serious", "especially"), [
    (["--other", "50,000"], True, True), (["--other", "2500", "--duty"], True, False),
    (["--gains", "5000"], True, False), (["--gains", "2499.99", "--duty"], False, False),
    (["--trace", "49"], False, False), ([], False, False), (["--prior"], True, False),
])
def test_law_criminal_options(capsys, argv, serious, especially):
    code, out, err = run(capsys, "law", "criminal", *argv, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert (result["serious"], result["especially_serious"]) == (serious, especially)


def test_law_criminal_prints_the_steps_as_text(capsys):
    code, out, _err = run(capsys, "law", "criminal", "--other", "18176")
    assert code == 0
    assert out.splitlines()[0] == "其他个人信息 18,176 ÷ 5,000 = 3.6352"


@pytest.mark.parametrize(("argv", "field"), [
    (["--other", "-5"], "--other"), (["--trace", "many"], "--trace"), (["--gains", "-1"], "--gains"),
    (["--gains", "lots"], "--gains"), (["--sensitive", "1.5"], "--sensitive"),
])
def test_law_criminal_refuses_bad_input_with_one_line_and_exit_1(capsys, english, argv, field):
    code, out, err = run(capsys, "law", "criminal", *argv)
    assert (code, out) == (1, "")
    assert err.startswith(f"Error: {field}: ") and err.count("\n") == 1
