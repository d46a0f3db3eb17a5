"""The statistics ask only whether each case reached the criminal threshold (``threshold_reached``): the same
verdict as the full assessment whose steps are worded for one case."""

import itertools

import pytest

from workstation.errors import ValidationError
from workstation.law.criminal import assess, threshold_reached


def test_the_verdict_is_the_full_assessments_on_every_side_of_each_threshold():
    # around each threshold (C 50, D 500, E 5,000; halved on duty), ¥5,000 of gains, and their sums
    counts = (0, 1, 24, 25, 26, 49, 50, 51, 249, 250, 251, 499, 500, 2_499, 2_500, 4_999, 5_000)
    gains = (0, 249_999, 250_000, 499_999, 500_000)
    seen = set()
    for trace, sensitive, other in itertools.product(counts[::2], counts[1::3], counts[::4]):
        for gain, duty, prior in itertools.product(gains, (False, True), (False, True)):
            expected = assess(trace, sensitive, other, gain, duty, prior).serious
            assert threshold_reached(trace, sensitive, other, gain, duty, prior) is expected, \
                (trace, sensitive, other, gain, duty, prior)
            seen.add(expected)
    assert seen == {True, False}


def test_shares_that_only_reach_the_threshold_together_count():
    # 25 of 50 + 250 of 500 = exactly 1: serious; one record fewer is not
    assert threshold_reached(25, 250, 0, 0) and assess(25, 250, 0, 0).serious
    assert not threshold_reached(25, 249, 0, 0) and not assess(25, 249, 0, 0).serious


def test_negative_counts_are_refused_as_the_assessment_refuses_them():
    with pytest.raises(ValidationError):
        threshold_reached(-1, 0, 0, 0)
