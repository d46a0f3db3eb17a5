"""The USCC and ID number checks written in workstation.validators accept and refuse exactly what python-stdnum
accepts and refuses, on many generated valid codes and on the same codes mistyped — except the region code of an
ID number, which python-stdnum judges by the year of birth and the workstation only warns about (it is the code of
the household registration when the number was issued), and a USCC whose first two characters are letters, which
GB 32100 allows and python-stdnum refuses (tests/test_register_real_shapes.py)."""

import random

import pytest
from stdnum.cn import ric, uscc

from tests.helpers import beijing_today
from workstation.validators import (
    _clean,
    id_check_character,
    id_number_warnings,
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
    """python-stdnum's verdict on the form, the birth date and the check digit (not on the region code)."""
    number = _clean(value).upper().replace("-", "")  # hyphens dropped, as python-stdnum drops a USCC's
    try:
        if len(number) != 18 or not number[:17].isdigit() or ric.calc_check_digit(number[:17] + "0") != number[17]:
            return None
        born = ric.get_birth_date(number)
    except Exception:  # noqa: BLE001 - any refusal of python-stdnum is a refusal
        return None
    return number if born <= beijing_today() else None


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


def accepted_alike(values, ours, by_stdnum) -> int:
    """Assert that our check ``ours`` and python-stdnum's (``by_stdnum``) give each value the same verdict; the
    number of values accepted."""
    judged = {value: (verdict(ours, value), by_stdnum(value)) for value in values}
    assert all(a == b for a, b in judged.values()), [v for v, (a, b) in judged.items() if a != b]
    return sum(a is not None for a, _ in judged.values())


@pytest.mark.parametrize("seed", [1, 2])
def test_uscc_valid_and_mistyped_are_judged_as_python_stdnum_judges_them(seed):
    rng = random.Random(seed)
    valid = generated_usccs(rng, 1000)
    codes = valid + [mistyped(code, rng) for code in valid for _ in range(3)]
    accepted = accepted_alike(codes, normalize_uscc, uscc_by_stdnum)
    assert accepted > 1000  # the valid ones, lower-cased ones and more


@pytest.mark.parametrize("seed", [1, 2])
def test_id_numbers_valid_and_mistyped_are_judged_as_python_stdnum_judges_them(seed):
    rng = random.Random(seed)
    generated = generated_ids(rng, 1500)
    numbers = generated + [mistyped(number, rng) for number in generated for _ in range(2)]
    accepted = accepted_alike(numbers, normalize_id_number, id_by_stdnum)
    assert 300 < accepted < len(numbers) - 1000  # both verdicts given many times: dates in and out, typos


def with_check(first17: str) -> str:
    return first17 + id_check_character(first17)


@pytest.mark.usefixtures("english")
def test_a_region_code_younger_or_older_than_the_birth_is_accepted():
    # the region code is the one of the household registration when the number was issued: someone born in 1990
    # registered in 禅城区 (440604, since 2002) after 2002, someone born in 1960 in 南海县 (440622, 1983–1992) in 1985
    # (python-stdnum refuses both: it asks for a code in use in the year of birth)
    for number in (with_check("44060419900101123"), with_check("44062219600101123"),
                   "440524188001010014", "370101190102039973"):  # REFERENCE §8.2's worked examples
        assert normalize_id_number(number) == number
        assert id_number_warnings(number) == []


@pytest.mark.usefixtures("english")
def test_a_region_code_of_no_year_is_accepted_with_a_warning():
    # 440699 is known to python-stdnum only as a prefecture's (it raised KeyError: the import stopped with a
    # traceback); 999999 never existed. The check digit is right, so the number is kept, and the officer is asked
    for number in (with_check("44069919900101123"), with_check("99999919900101123")):
        assert normalize_id_number(number) == number
        (warning,) = id_number_warnings(number)
        assert f"({number[:6]}) are not a known administrative division code" in warning
        assert number[6:14] not in warning  # the number named masked


@pytest.mark.usefixtures("english")
def test_a_day_not_in_the_calendar_is_named_as_the_birth_date():
    with pytest.raises(ValueError, match=r"birth date in ID number 4406\*+1234 \(digits 7–14\) does not exist"):
        normalize_id_number("440604199002301234")
