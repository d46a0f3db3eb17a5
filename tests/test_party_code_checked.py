"""A party's code a document prints is checked as the register checks it (found by the leads audit: a 统一社会信用代码
with a wrong check character was frozen in an issued PDF): 18 letters and digits are a USCC or a resident ID number
with its check character; a passport or permit number is taken as written."""

import pytest

from workstation.documents.drafts import find_form
from workstation.formkit.spec import load_forms
from workstation.formkit.values import field_errors, party_code


@pytest.mark.parametrize(("typed", "kept"), [
    ("91440604MA54YE5K9D", "91440604MA54YE5K9D"),
    ("91440604ma54ye5k9d", "91440604MA54YE5K9D"),  # upper-cased
    ("４４０６０２１９９００１０１１２３４", None),  # full-width digits read, the check digit wrong
    ("E12345678", "E12345678"),  # a passport number as written
])
def test_a_code_is_a_credit_code_or_an_id_number_with_its_check_character(typed, kept):
    if kept is None:
        with pytest.raises(ValueError):
            party_code(typed)
    else:
        assert party_code(typed) == kept


@pytest.mark.parametrize("wrong", ["91440604MA54YE5K9E", "440602199001011234"])
def test_every_form_printing_a_party_code_refuses_a_wrong_check_character(wrong):
    forms = [f for f in load_forms()[0].values() for field in f.fields if field.source in ("party.code",)]
    assert len(forms) >= 15
    for form in forms:
        name = next(field.name for field in form.fields if field.source == "party.code")
        _out, errors = field_errors(form, {name: wrong}, {})
        assert name in errors, form.id


def test_the_non_filing_approval_of_a_lead_refuses_a_wrong_credit_code(english):
    form = find_form("non_filing_approval")
    _out, errors = field_errors(form, {"party_code": "91440604MA54YE5K9E"}, {})
    assert errors["party_code"].startswith("The check character of 91440604MA54YE5K9E is wrong")
