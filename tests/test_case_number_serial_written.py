"""A case number typed with 第 or leading zeros in its serial (佛南市监立〔2026〕第11号, 〔2026〕010号) is the number
without them (REFERENCE §3.1: no leading zeros, no 第): stored so and found so (found by the numbering audit: both
were stored as typed, and the counter later gave 10号 and 11号 again to other cases)."""

import pytest

from workstation.case_reference import number_key
from workstation.store import find_case


@pytest.mark.parametrize(("typed", "stored"), [
    ("佛南市监立〔2026〕010号", "佛南市监立〔2026〕10号"),
    ("佛南市监立〔2026〕第11号", "佛南市监立〔2026〕11号"),
    ("佛南市监立（2026）第 012 号", "佛南市监立〔2026〕12号"),
    ("佛南市监立〔2026〕9号", "佛南市监立〔2026〕9号"),
])
def test_the_serial_is_written_without_di_or_leading_zeros(typed, stored):
    assert number_key(typed) == stored


def test_a_case_numbered_with_zeros_is_stored_without_and_found_either_way(db, make_case):
    from dataclasses import replace

    from workstation.store.cases import update_case

    case = make_case(status="investigating", filed_on="2026-03-02")
    case = update_case(db, replace(case, case_number="佛南市监立〔2026〕010号"))
    assert case.case_number == "佛南市监立〔2026〕10号"
    assert find_case(db, "佛南市监立〔2026〕第10号").id == case.id
    assert find_case(db, "佛南市监立〔2026〕10号").id == case.id
