"""A 统一社会信用代码 typed one character short or one too many (found by the documents audit: 91440605MA5Q2292X, 17
characters, was printed as written on 19 forms) is refused saying a USCC has 18 characters (``values.party_code``);
the codes of other lengths a party may hold still pass: an old 15-digit 注册号 (as written, no longer read as an old
ID number and printed as an 18-digit one), a 9-character organisation code, a passport or permit number."""

from __future__ import annotations

import pytest

from workstation.formkit.spec import load_forms
from workstation.formkit.values import field_errors, party_code

USCC = "91440605MA5Q2292XL"  # 18 characters (its check character is not checked here)


@pytest.mark.parametrize("typed", [USCC[:-1], USCC + "A", "91440605 MA5Q 2292 X", "91440605ma5q2292x",
                                   USCC[:-2], USCC + "AB"])
def test_a_credit_code_a_character_short_or_too_long_is_refused_saying_it_has_18(typed, english):
    with pytest.raises(ValueError) as refused:
        party_code(typed)
    compact = typed.replace(" ", "").upper()
    assert str(refused.value) == (f"{compact} has {len(compact)} characters, but a unified social credit code has 18: "
                                  "copy all 18 from the business licence.")


@pytest.mark.parametrize(("typed", "kept"), [
    ("330106000129004", "330106000129004"),  # a 注册号 (GS 15-2006 check digit), no longer turned into an ID number
    ("440682000123456", "440682000123456"),
    ("12345678-9", "12345678-9"),  # an organisation code
    ("MA5Q2292X", "MA5Q2292X"),
    ("E12345678", "E12345678"),  # a passport number
    ("H1234567801", "H1234567801"),  # a permit for Hong Kong and Macao
    ("CAN110090010001", "CAN110090010001"),  # an old foreigner's permanent residence card (15 characters)
    ("ABCD12345678901X", "ABCD12345678901X"),  # 16 characters not starting as a credit code does
    ("440681950315123", "440681199503151235"),  # an old 15-digit ID number is still converted
])
def test_other_codes_pass(typed, kept):
    assert party_code(typed) == kept


def test_a_short_id_number_is_still_refused_as_an_id_number(english):
    with pytest.raises(ValueError, match="a resident ID number has 18"):
        party_code("4406021990010112X")


def test_every_form_printing_a_party_code_refuses_a_credit_code_of_17_characters(english):
    forms = [f for f in load_forms()[0].values() for field in f.fields if field.check == "party_code"]
    assert len(forms) >= 19
    for form in forms:
        name = next(field.name for field in form.fields if field.check == "party_code")
        _out, errors = field_errors(form, {name: USCC[:-1]}, {})
        assert "a unified social credit code has 18" in errors[name], form.id
