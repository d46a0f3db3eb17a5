"""The USCC and ID number checks written in workstation.validators accept and refuse exactly what python-stdnum
accepts and refuses, on many generated valid codes and on the same codes mistyped."""

import datetime as dt
import random

import pytest
from stdnum.cn import ric, uscc

from workstation.validators import (
    _clean,
    id_check_character,
    normalize_id_number,
    normalize_uscc,
    uscc_check_character,
)

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
TYPOS = USCC_ALPHABET + "IOZSVabcx -－０１９Ｘ"
# regions that exist in every year, regions created or abolished at some date (禅城区 2002, 顺德市 1992-2002 …) and
# codes that never existed
REGIONS = ["110105", "440600", "310104", "440604", "440606", "440681", "440683", "440602", "360426", "999999",
           "440699", "000000"]


def mistyped(code: str, rng: random.Random) -> str:
    """``code`` with one typing mistake: a character changed, two swapped, one left out or added, lower case."""
    i = rng.randrange(len(code))
    kind = rng.randrange(5)
    if kind == 0:
        return code[:i] + rng.choice(TYPOS) + code[i + 1:]
    if kind == 1 and i < len(code) - 1:
        return code[:i] + code[i + 1] + code[i] + code[i + 2:]
    if kind == 2:
        return code[:i] + code[i + 1:]
    if kind == 3:
        return code[:i] + rng.choice(TYPOS) + code[i:]
    return code.lower()


def uscc_by_stdnum(value: str):
    try:
        return uscc.validate(_clean(value).upper())
    except Exception:  # noqa: BLE001 - any refusal of python-stdnum is a refusal
        return None


def id_by_stdnum(value: str):
    try:
        number = ric.validate(_clean(value).upper())
    except Exception:  # noqa: BLE001 - any refusal of python-stdnum is a refusal
        return None
    return number if number[6:14] <= dt.date.today().strftime("%Y%m%d") else None


def verdict(normalize, value: str):
    try:
        return normalize(value)
    except ValueError:
        return None


def generated_usccs(rng: random.Random, n: int) -> list[str]:
    codes = []
    for _ in range(n):
        body = "".join(rng.choice("0123456789") for _ in range(8)) + "".join(
            rng.choice(USCC_ALPHABET) for _ in range(9))
        codes.append(body + uscc.calc_check_digit(body))
    return codes


def generated_ids(rng: random.Random, n: int) -> list[str]:
    numbers = []
    for _ in range(n):
        year = rng.choice([rng.randrange(1900, 2010), rng.randrange(1890, 2040)])
        month, day = rng.choice([(rng.randrange(1, 13), rng.randrange(1, 29)), (rng.randrange(0, 14),
                                                                                 rng.randrange(0, 33))])
        body = f"{rng.choice(REGIONS)}{year:04d}{month:02d}{day:02d}{rng.randrange(1000):03d}"
        numbers.append(body + ric.calc_check_digit(body + "0"))
    return numbers


def test_the_uscc_check_character_is_python_stdnums():
    rng = random.Random(32100)
    for _ in range(3000):
        body = "".join(rng.choice(USCC_ALPHABET) for _ in range(17))
        assert uscc_check_character(body) == uscc.calc_check_digit(body), body


def test_the_id_check_character_is_python_stdnums():
    rng = random.Random(11643)
    for _ in range(3000):
        body = "".join(rng.choice("0123456789") for _ in range(17))
        assert id_check_character(body) == ric.calc_check_digit(body + "0"), body


@pytest.mark.parametrize("seed", [1, 2])
def test_uscc_valid_and_mistyped_are_judged_as_python_stdnum_judges_them(seed):
    rng = random.Random(seed)
    valid = generated_usccs(rng, 1000)
    codes = valid + [mistyped(code, rng) for code in valid for _ in range(3)]
    judged = {code: (verdict(normalize_uscc, code), uscc_by_stdnum(code)) for code in codes}
    assert all(ours == theirs for ours, theirs in judged.values()), [c for c, (a, b) in judged.items() if a != b]
    assert sum(ours is not None for ours, _ in judged.values()) > 1000  # the valid ones, lower-cased ones and more


@pytest.mark.parametrize("seed", [1, 2])
def test_id_numbers_valid_and_mistyped_are_judged_as_python_stdnum_judges_them(seed):
    rng = random.Random(seed)
    generated = generated_ids(rng, 1500)
    numbers = generated + [mistyped(number, rng) for number in generated for _ in range(2)]
    judged = {number: (verdict(normalize_id_number, number), id_by_stdnum(number)) for number in numbers}
    assert all(ours == theirs for ours, theirs in judged.values()), [n for n, (a, b) in judged.items() if a != b]
    accepted = sum(ours is not None for ours, _ in judged.values())
    assert 300 < accepted < len(numbers) - 1000  # both verdicts given many times: regions and dates in and out


@pytest.mark.usefixtures("english")
def test_a_region_code_is_judged_by_the_year_of_birth():
    # 440604 (禅城区) exists since 2002: a person born there in 1990 was registered under another code
    born_1990 = "440604199001011230"
    born_1990 = born_1990[:17] + id_check_character(born_1990[:17])
    born_2005 = "440604200501011230"
    born_2005 = born_2005[:17] + id_check_character(born_2005[:17])
    assert normalize_id_number(born_2005) == born_2005
    with pytest.raises(ValueError, match="region"):
        normalize_id_number(born_1990)


@pytest.mark.usefixtures("english")
def test_an_id_number_of_a_code_known_only_as_a_prefectures_is_refused_with_a_message():
    # python-stdnum raises KeyError for 440699: the register import stopped with a traceback
    number = "44069919900101123"
    number += id_check_character(number)
    with pytest.raises(ValueError, match="region code in ID number 4406"):
        normalize_id_number(number)
