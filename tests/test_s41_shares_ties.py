"""Table 1's shares (``evaluation.shares``): each count's share rounded half up to a tenth on its own (report format
17 on), so that each share is its nearest tenth and equal counts keep equal shares; the shares then add up to 100.0%
or near it, and a note under the table says when they do not (the largest remainder, bent to make 100.0%, printed
7.2% for 1 of 14 beside 14.2% for 2 of 14)."""

from __future__ import annotations

import random

import pytest

from workstation.evaluation import shares


def _tenths(shown: list[str]) -> list[int]:
    return [int(share.rstrip("%").replace(".", "")) for share in shown]


def test_two_and_four_ones_are_a_third_and_a_sixth_each():
    # each its nearest tenth: 33.3% and 16.7% four times, 100.1% in all (the note under table 1 says so)
    assert shares([2, 1, 1, 1, 1]) == ["33.3%", "16.7%", "16.7%", "16.7%", "16.7%"]
    assert shares([1, 1, 1, 1, 2]) == ["16.7%", "16.7%", "16.7%", "16.7%", "33.3%"]


def test_each_share_is_rounded_half_up_on_its_own_whatever_the_sum():
    # three 2s of 7 (28.571%) and the 1 (14.286%): 100.1%, not a tenth taken from the 1 to make 100.0%
    assert shares([2, 2, 2, 1]) == ["28.6%", "28.6%", "28.6%", "14.3%"]
    # four 3s of 13 (23.077%) and the 1 (7.692%): 100.0%
    assert shares([3, 3, 3, 3, 1]) == ["23.1%", "23.1%", "23.1%", "23.1%", "7.7%"]
    assert shares([1, 2, 2, 9]) == ["7.1%", "14.3%", "14.3%", "64.3%"]  # the audit's 1, 2 and 9 of 14
    assert shares([4, 1, 1]) == ["66.7%", "16.7%", "16.7%"]  # 4 of 6 was 66.6%


def _exact(counts: list[int]) -> list[float]:
    total = sum(counts)
    return [1000 * count / total for count in counts]


@pytest.mark.parametrize("seed", range(40))
def test_shares_keep_every_rule_for_any_counts(seed):
    rng = random.Random(seed)
    counts = [rng.choice([0, 1, 1, 2, 2, 3, 5, 7, rng.randint(1, 60)]) for _ in range(rng.randint(2, 8))]
    if not sum(counts):
        counts[0] = 1
    shown = _tenths(shares(counts))
    for count, tenth, exact in zip(counts, shown, _exact(counts), strict=True):
        assert abs(tenth - exact) <= 0.5, (counts, shown)  # its nearest tenth
        assert tenth == int(exact + 0.5) or 1000 * count * 2 % sum(counts) == 0, (counts, shown)  # half up
        assert tenth == shown[counts.index(count)], (counts, shown)  # equal counts, equal shares
