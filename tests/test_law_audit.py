"""The legal rules checked against REFERENCE §4 with answers worked out by hand: the fine range of a case counts the
illegal gains it proves, its confiscated gains included (§4.2: the range for an act without illegal gains is only for
such an act), and the criminal assessment cites art. 5 para. 1 item 8 for thresholds reached at half with
information obtained on duty (§4.6 H), with the combined ratio reaching 情节特别严重 at exactly 10."""

from dataclasses import replace

import pytest

from workstation.errors import ValidationError
from workstation.law.case_law import case_law, fine_maximum, save_penalty_choice
from workstation.law.criminal import assess, threshold_reached
from workstation.store import get_case
from workstation.store.cases import update_case

BASIS_56 = "consumer_law_56_9"


@pytest.fixture
def confiscating(db, make_case):
    """A case that confiscates ¥4,000 of illegal gains and records no gains of its own (a register's row)."""

    def make(violation: str, confiscated_fen: int, gains_fen: int = 0):
        case = make_case(lead_received_on="2026-02-10", violations=[violation])
        return update_case(db, replace(get_case(db, case.id), confiscated_fen=confiscated_fen,
                                       illegal_gains_fen=gains_fen))

    return make


# 消法 art. 56: 1–10 × the gains; ¥0–500,000 only when there are none. ¥4,000 confiscated → ¥4,000–40,000.
@pytest.mark.parametrize(("violation", "confiscated_fen", "gains_fen", "norm", "fen_range"), [
    ("illegal_provision_or_leak", 400_000, 0, BASIS_56, (400_000, 4_000_000)),
    ("illegal_collection_or_use", 400_000, 0, BASIS_56, (400_000, 4_000_000)),
    # gains recorded as those confiscated (more confiscated than recorded is refused: tests/test_s54_penalty.py)
    ("illegal_provision_or_leak", 400_000, 400_000, BASIS_56, (400_000, 4_000_000)),
    # ¥1,000 of gains: 消法 ¥1,000–10,000 against 广告法 art. 62 ¥5,000–30,000, the higher fine (Penalty Law art. 29)
    ("unsolicited_commercial_messages", 100_000, 0, "advertising_law_62_1", (500_000, 3_000_000)),
    # ¥4,000 of gains: 消法 up to ¥40,000 is higher than 广告法's ¥30,000
    ("unsolicited_commercial_messages", 400_000, 0, BASIS_56, (400_000, 4_000_000)),
])
def test_confiscated_gains_set_the_fine_range_of_the_case(db, confiscating, violation, confiscated_fen, gains_fen,
                                                         norm, fen_range):
    law = case_law(db, confiscating(violation, confiscated_fen, gains_fen))
    assert law.penalty.norm.id == norm
    assert tuple(law.penalty.range) == fen_range


def test_a_case_confiscating_gains_is_not_held_to_the_maximum_for_an_act_without_them(db, confiscating):
    case = confiscating("illegal_provision_or_leak", 400_000)
    # not ¥500,000 "for an act without illegal gains": the case has gains, their full amount is not recorded
    assert fine_maximum(db, case) is None
    larger = update_case(db, replace(case, illegal_gains_fen=400_000))
    maximum = fine_maximum(db, larger)
    assert (maximum.kind, maximum.max_fen, maximum.gains_fen) == ("gains", 4_000_000, 400_000)


def test_the_penalty_choice_refuses_a_fine_above_ten_times_the_confiscated_gains(db, confiscating):
    case = confiscating("illegal_provision_or_leak", 400_000)
    choice = {"act_on": None, "prior_punished": False, "penalty_norm": "", "discretion_tier": "ordinary",
              "discretion_factors": [], "discretion_reason": "配合调查"}
    with pytest.raises(ValidationError) as refused:
        save_penalty_choice(db, case, **choice, fine_fen=5_000_000)  # ¥50,000 > 10 × ¥4,000
    assert set(refused.value.errors) == {"amount"}
    assert "¥40,000.00" in refused.value.errors["amount"]
    saved = save_penalty_choice(db, case, **{**choice, "discretion_reason": ""}, fine_fen=2_000_000)
    assert saved.fine_fen == 2_000_000  # ¥20,000: 一般 of ¥4,000–40,000 (¥14,800–29,200)


# information obtained on duty: the halved thresholds are item 8 of art. 5 para. 1, not items 3–7
@pytest.mark.parametrize(("trace", "sensitive", "other", "gains_fen"), [
    (25, 0, 0, 0), (0, 250, 0, 0), (0, 0, 2_500, 0), (0, 0, 0, 250_000), (10, 100, 1_000, 0),
])
def test_thresholds_reached_at_half_on_duty_cite_item_8(trace, sensitive, other, gains_fen):
    result = assess(trace, sensitive, other, gains_fen, duty_related=True)
    assert result.serious
    reached = [s for s in result.steps if "达到“情节严重”标准" in s]
    assert reached and all(s.endswith("（第五条第一款第八项）。") for s in reached)
    assert "第五条第一款第八项" in result.grounds


@pytest.mark.parametrize(("trace", "sensitive", "other", "gains_fen", "item"), [
    (50, 0, 0, 0, "第三项"), (0, 500, 0, 0, "第四项"), (0, 0, 5_000, 0, "第五项"), (0, 200, 3_200, 0, "第六项"),
    (0, 0, 0, 500_000, "第七项"),
])
def test_thresholds_reached_in_full_cite_their_own_item(trace, sensitive, other, gains_fen, item):
    result = assess(trace, sensitive, other, gains_fen)
    assert any(s.endswith(f"（第五条第一款{item}）。") for s in result.steps)
    assert "第八项" not in "".join(result.steps)


# combined in proportion, 情节特别严重 at 10 × the standard: 300/50 + 2,000/500 = 6 + 4 = 10
@pytest.mark.parametrize(("trace", "sensitive", "other", "duty", "serious", "especially"), [
    (300, 2_000, 0, False, True, True),
    (300, 1_999, 0, False, True, False),  # 9.998
    (0, 2_500, 25_000, False, True, True),  # 5 + 5
    (150, 1_000, 0, True, True, True),  # 6 + 4 at the halved thresholds
    (149, 1_000, 0, True, True, False),
])
def test_the_combined_ratio_reaches_especially_serious_at_ten(trace, sensitive, other, duty, serious, especially):
    result = assess(trace, sensitive, other, 0, duty_related=duty)
    assert (result.serious, result.especially_serious) == (serious, especially)
    assert threshold_reached(trace, sensitive, other, 0, duty) == serious


def test_the_gains_a_decision_in_force_confiscates_set_the_range(db, data_dir, make_case):
    from tests.test_party_case10 import COMPANY
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document
    from workstation.law.case_law import as_decided
    from workstation.records import Party
    from workstation.store import save_party

    case = make_case(status="decision_pending", lead_received_on="2026-02-10", filed_on="2026-02-27",
                     notice_served_on="2026-03-02", violations=["illegal_provision_or_leak"],
                     facts="经查，当事人未经消费者同意向他人提供消费者个人信息。")
    save_party(db, Party(name=COMPANY, uscc="91512081MA62K0260E", address="佛山市南海区桂城街道南海大道1号",
                         legal_rep="梁嘉豪", id=case.party_ids[0]))
    assert tuple(case_law(db, get_case(db, case.id)).penalty.range) == (0, 50_000_000)  # no gains yet
    issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                   {"decided_on": "2026-03-20", "fine_fen": "20000", "confiscated_fen": "3000"})
    case = get_case(db, case.id)
    assert as_decided(db, case).confiscated_fen == 300_000 and case.confiscated_fen == 0
    assert tuple(case_law(db, case).penalty.range) == (300_000, 3_000_000)  # ¥3,000 – ¥30,000
