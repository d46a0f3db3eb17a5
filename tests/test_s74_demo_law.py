"""The demo campaign is lawful as the threshold calculator weighs it (law_catalogue 2, 4): a case whose facts say the
information was obtained while doing business or providing a service and then provided or sold (REFERENCE §4.6 H,
interpretation art. 5 para. 1 item 8) records the duty flag, and with it no case the demo settled administratively
reaches the halved thresholds (¥2,500 of gains); a case of calls alone names calls in its 案由, which the 告知书 and
决定书 print, not 商业性信息 (REFERENCE §4.4: calls fall under 条例 art. 24 only)."""

import re
from dataclasses import replace

from workstation.demo import load_seed
from workstation.discretion_tiers import amount_tier
from workstation.law.case_law import COMMERCIAL_CALLS, COMMERCIAL_MESSAGES, case_law
from workstation.law.catalogue import FenRange
from workstation.law.criminal import assess_case
from workstation.procedure import police_transfer_state
from workstation.store import find_case, get_case, list_cases

#: the facts telling of information obtained while doing business, providing a service or in employment (在从事房地产
#: 经纪业务过程中收集, 在提供物业服务过程中掌握, 从业期间接触) then provided or sold to others (提供给, 出售给)
ON_DUTY = re.compile(r"(过程中|期间)[^。]*?(提供|出售)给")


def every_case(db):
    return [get_case(db, row.id) for row in list_cases(db, limit=1000)]


def test_the_cases_providing_information_obtained_on_duty_record_the_duty_flag(demo_db):
    told = [c for c in every_case(demo_db) if ON_DUTY.search(c.facts)]
    assert len(told) >= 3  # 佛顺5, 佛三3, 佛三5 among them
    assert {c.case_number for c in told} >= {"佛顺市监立〔2026〕5号", "佛三市监立〔2026〕3号", "佛三市监立〔2026〕5号"}
    assert [c.case_number for c in told if not c.duty_related] == []


def test_no_demo_case_settled_administratively_is_one_to_transfer_to_the_police(demo_db):
    """After the demo, the criminal assessment of every case (as the case's page and ``cases facts`` show it),
    with the duty flag its facts call for, suggests no transfer — unless the demo transferred the case."""
    suggested = []
    for case in every_case(demo_db):
        if police_transfer_state(demo_db, case):
            continue
        if case_law(demo_db, case).criminal.transfer_suggested:
            suggested.append(case.case_number)
        on_duty = case.duty_related or bool(ON_DUTY.search(case.facts))
        if assess_case(replace(case, duty_related=on_duty), prior_punished=case.prior_punished).transfer_suggested:
            suggested.append(case.case_number)
    assert suggested == []


def test_the_gains_of_the_duty_cases_stay_below_the_halved_threshold_and_their_fines_within_ten_times(demo_db):
    for number in ("佛顺市监立〔2026〕5号", "佛三市监立〔2026〕3号", "佛三市监立〔2026〕5号"):
        case = find_case(demo_db, number)
        assert case.duty_related and 0 < case.illegal_gains_fen < 250_000, number
        assert case.confiscated_fen == case.illegal_gains_fen, number
        assert case.illegal_gains_fen <= case.fine_fen <= 10 * case.illegal_gains_fen, number
        yuan = f"违法所得人民币{case.illegal_gains_fen // 100}元"
        assert yuan in case.facts, number  # the facts say the gains the case records
        shown = case_law(demo_db, case).criminal
        assert shown.counted and not shown.serious and not shown.transfer_suggested, number


#: the three cases whose gains were lowered below the halved threshold, each fined its old multiple of the gains (the
#: 一般 tier of 1–10 times it had: ¥20,000 of ¥4,800, ¥15,000 of ¥3,000, ¥20,000 of ¥3,600), rounded to whole yuan
REPRICED = {"佛顺市监立〔2026〕5号": 1_000_000, "佛三市监立〔2026〕3号": 1_000_000, "佛三市监立〔2026〕5号": 1_333_300}
#: what the re-pricing took off moved onto a case without gains of the same district, sector and month (decided and
#: filed) — 佛三5 (三水区, microloan) has none, so its ¥7,867 went to 佛三4, a case without gains of the same district
#: and months (decoration; ¥5,000 → ¥12,867): the campaign keeps the seed article's ¥189,000 (DESIGN, REFERENCE)
RECEIVING = {"佛顺市监立〔2026〕6号": 1_540_000, "佛三市监立〔2026〕2号": 800_000, "佛三市监立〔2026〕4号": 1_286_700}


def test_the_re_priced_cases_keep_the_ordinary_multiple_of_their_gains(demo_db):
    for number, fine in REPRICED.items():
        case = find_case(demo_db, number)
        law = case_law(demo_db, case)
        assert case.fine_fen == fine, number
        assert law.fine_range == FenRange(case.illegal_gains_fen, 10 * case.illegal_gains_fen), number
        assert amount_tier(law, case.fine_fen) == "ordinary", number
        assert not (case.discretion_tier or case.discretion_factors or case.discretion_reason), number


def test_the_fines_moved_keep_their_cases_lighter_and_the_totals_of_district_sector_and_month(demo_db):
    for number, fine in RECEIVING.items():
        case = find_case(demo_db, number)
        law = case_law(demo_db, case)
        assert (case.illegal_gains_fen, case.fine_fen) == (0, fine), number
        assert law.fine_range == FenRange(0, 50_000_000), number  # 消法 art. 56 without gains: ¥500,000
        assert amount_tier(law, case.fine_fen) == "lighter", number
        told = dict(law.thresholds)  # below the amounts of its party's hearing and legal review, as before
        assert not told["hearing"].applies and not told["legal_review"].applies, number
    groups = {}
    for case in every_case(demo_db):
        if case.decided_on:
            key = (case.district, case.sector, case.decided_on[:7], (case.filed_on or "")[:7])
            groups[key] = groups.get(key, 0) + case.fine_fen + case.confiscated_fen
    assert sum(v for (d, s, m, _f), v in groups.items() if (d, s, m) == ("顺德区", "real_estate", "2026-10")) \
        == 3_280_000
    assert groups[("顺德区", "real_estate", "2026-10", "2026-08")] == 2_780_000  # 佛顺5 and 佛顺6
    assert groups[("三水区", "real_estate", "2026-07", "2026-05")] == 2_000_000
    assert groups[("三水区", "microloan", "2026-10", "2026-08")] == 2_360_000 - 786_700
    assert groups[("三水区", "decoration", "2026-10", "2026-08")] == 500_000 + 786_700  # 佛三4
    # the district and month keep their amounts (佛三5's ¥7,867 moved from microloan to decoration)
    assert sum(v for (d, _s, m, f), v in groups.items() if (d, m, f) == ("三水区", "2026-10", "2026-08")) \
        == 2_360_000 + 500_000


def test_no_duty_case_is_fined_heavier_without_a_recorded_reason(demo_db):
    """The tier each fine falls in (``discretion_tiers.amount_tier``) against the circumstances the seed records: a
    duty case (gains fined 1–10 times) in 从重 needs a circumstance or reason for it, which the seed records for each
    (since session 75 for the four it had fined so, 佛禅2, 佛禅5, 佛南5, 佛顺4: tests/test_s75_law_demo.py)."""
    heavier = set()
    for case in every_case(demo_db):
        law = case_law(demo_db, case)
        tier = amount_tier(law, case.fine_fen)
        assert tier != "heavier" or case.illegal_gains_fen, case.case_number  # no case without gains near ¥350,000
        if case.duty_related and tier == "heavier" and not (case.discretion_factors or case.discretion_reason):
            heavier.add(case.case_number)
    assert heavier == set(), sorted(heavier)


def test_the_campaign_total_is_the_seed_article_s_189000_yuan(demo_db):
    cases = every_case(demo_db)
    fines, confiscated = sum(c.fine_fen for c in cases), sum(c.confiscated_fen for c in cases)
    assert (fines, confiscated, fines + confiscated) == (17_560_000, 1_340_000, 18_900_000)


def test_the_cause_of_a_calls_only_case_names_calls(demo_db):
    calls_only = [c for c in every_case(demo_db)
                  if COMMERCIAL_CALLS in c.law_conditions and COMMERCIAL_MESSAGES not in c.law_conditions]
    numbers = {c.case_number for c in calls_only}
    assert numbers >= {"佛南市监立〔2026〕4号", "佛南市监立〔2026〕9号", "佛高市监立〔2026〕1号", "佛高市监立〔2026〕2号"}
    wrong = [(c.case_number, c.cause) for c in calls_only
             if "拨打商业性电话" not in c.cause or "商业性信息" in c.cause or "短信" in c.cause]
    assert wrong == []


def test_the_seed_says_the_same_as_the_loaded_demo():
    """The seed file itself (what ``demo`` loads): the duty flag and the calls causes are in it, not made up on
    loading."""
    for item in load_seed()["cases"]:
        if ON_DUTY.search(item["facts"]):
            assert item["duty_related"] is True, item["case_number"]
            assert item["illegal_gains_fen"] < 250_000, item["case_number"]
        conditions = item.get("law_conditions") or []
        if COMMERCIAL_CALLS in conditions and COMMERCIAL_MESSAGES not in conditions:
            assert item["cause"].endswith("拨打商业性电话案"), item["case_number"]
