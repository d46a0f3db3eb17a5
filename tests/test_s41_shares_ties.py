"""Table 1's shares (``evaluation.shares``) when equal counts stand in the way of the largest remainder: a count whose
remainder is smaller no longer takes a tenth the equal counts could not all take, only for those to take theirs
after all (2, 1, 1, 1, 1 printed 33.4% and 16.7% four times: 100.2%, and 2 of 6 is 33.3%). Equal counts keep equal
shares; the shares add up to exactly 100.0% whenever equal shares can, else to as near as they can."""

from __future__ import annotations

import itertools
import random

import pytest

from workstation.evaluation import shares


def _tenths(shown: list[str]) -> list[int]:
    return [int(share.rstrip("%").replace(".", "")) for share in shown]


def test_two_and_four_ones_are_a_third_and_a_sixth_each_as_near_100_percent_as_equal_shares_can():
    # the four 1s (16.667%) take a tenth each, the 2 (33.333%) none: 100.1%, the nearest equal shares come to 100
    assert shares([2, 1, 1, 1, 1]) == ["33.3%", "16.7%", "16.7%", "16.7%", "16.7%"]
    assert shares([1, 1, 1, 1, 2]) == ["16.7%", "16.7%", "16.7%", "16.7%", "33.3%"]


def test_equal_counts_that_can_take_the_tenths_left_together_add_up_to_100_percent():
    # three 2s of 7 (28.571%) take the three tenths left, the 1 (14.286%) none: exactly 100.0%, not 100.1%
    assert shares([2, 2, 2, 1]) == ["28.6%", "28.6%", "28.6%", "14.2%"]
    # four 3s of 13 (23.077%) and the 1 (7.692%, the larger remainder): four tenths left, which only the four 3s
    # can take to make 100.0%
    assert shares([3, 3, 3, 3, 1]) == ["23.1%", "23.1%", "23.1%", "23.1%", "7.6%"]


def _exact(counts: list[int]) -> list[float]:
    total = sum(counts)
    return [1000 * count / total for count in counts]


def _nearest_equal_sum(counts: list[int]) -> int:
    """By trying every choice: the least distance from 1,000 tenths that equal shares, each rounded down or up, reach."""
    total, floors = sum(counts), [1000 * c // sum(counts) for c in counts]
    free = sorted({c for c in counts if 1000 * c % total})
    best = None
    for chosen in itertools.product((False, True), repeat=len(free)):
        up = sum(counts.count(c) for c, take in zip(free, chosen, strict=True) if take)
        best = min(best if best is not None else 10**9, abs(sum(floors) + up - 1000))
    return best


@pytest.mark.parametrize("seed", range(40))
def test_shares_keep_every_rule_for_any_counts(seed):
    rng = random.Random(seed)
    counts = [rng.choice([0, 1, 1, 2, 2, 3, 5, 7, rng.randint(1, 60)]) for _ in range(rng.randint(2, 8))]
    if not sum(counts):
        counts[0] = 1
    shown = _tenths(shares(counts))
    for count, tenth, exact in zip(counts, shown, _exact(counts), strict=True):
        assert tenth in (int(exact), -int(-exact // 1)), (counts, shown)  # rounded down or up, never further
        assert tenth == shown[counts.index(count)], (counts, shown)  # equal counts, equal shares
    assert abs(sum(shown) - 1000) == _nearest_equal_sum(counts), (counts, shown)
