"""The log's safety net masks an ID number mistyped so that it is no valid ID (a 13th month) even when it ends in
its check character X (privacy audit, s70): the run of digits before the X was let through whole."""

from __future__ import annotations

import pytest

from workstation.log import scrub


@pytest.mark.parametrize("number", ["44068219931327585X", "44068219931327585x", "440682199313275851"])
def test_a_mistyped_id_number_leaves_at_most_its_last_four_characters_in_the_log(number):
    line = scrub(f"ValueError: invalid {number} in row 3")
    assert number not in line
    assert number[:-4] not in line
    assert "row 3" in line


def test_a_word_of_letters_and_digits_is_left_as_it_is():
    assert scrub("sha 12345678901Xa") == "sha 12345678901Xa"
