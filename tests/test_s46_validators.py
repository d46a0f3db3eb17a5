"""Codes and numbers typed in full-width characters, lower case or with hyphens are checked as the plain ones are
(found by the validators audit): a document's party code or ID number, the register's 统一社会信用代码 column and
the messages naming an ID number; the reporter's landline with its extension; the towns only read after 佛山 or
their own district."""

import pytest

from workstation.formkit.spec import load_forms
from workstation.formkit.values import field_errors, party_code
from workstation.importing.register import _identity
from workstation.leads_register import complainant_number
from workstation.screening.rules import Place, district_of
from workstation.validators import normalize_id_number, normalize_uscc


@pytest.mark.parametrize("wrong", ["91512081ＭＡ62Ｋ0260Ｆ", "91110000-100017707X", "９１１１００００－１０００１７７０７Ｘ",
                                   "110105-19491231-0021"])
def test_a_party_code_typed_full_width_or_with_hyphens_is_checked(wrong):
    with pytest.raises(ValueError):
        party_code(wrong)


@pytest.mark.parametrize(("typed", "printed"), [
    ("91512081ＭＡ62Ｋ0260Ｅ", "91512081MA62K0260E"),
    ("９１５１２０８１ｍａ６２ｋ０２６０ｅ", "91512081MA62K0260E"),
    ("91110000-100017707H", "91110000100017707H"),
    ("110105-19491231-002x", "11010519491231002X"),
    ("12345678-9", "12345678-9"),  # an organisation code, as written
])
def test_a_valid_party_code_is_printed_cleaned(typed, printed):
    assert party_code(typed) == printed


def test_every_form_refuses_a_hyphenated_code_with_a_wrong_check_character():
    forms = [(form, field) for form in load_forms()[0].values() for field in form.fields
             if field.check in ("party_code", "id_number")]
    assert {form.id for form, _field in forms} >= {"filing_approval", "inquiry_record", "site_record"}
    for form, field in forms:
        for wrong in ("110105-19491231-0021", "１１０１０５－１９４９１２３１－００２１"):
            _out, errors = field_errors(form, {field.name: wrong}, {})
            assert field.name in errors, (form.id, field.name, wrong)
        out, errors = field_errors(form, {field.name: "110105-19491231-002X"}, {})
        assert field.name not in errors and out[field.name] == "11010519491231002X", (form.id, field.name)
    filing = next(form for form, _field in forms if form.id == "filing_approval")
    for wrong in ("91512081ＭＡ62Ｋ0260Ｆ", "91110000-100017707X"):
        assert "party_code" in field_errors(filing, {"party_code": wrong}, {})[1]


def test_a_credit_code_in_full_width_lower_case_is_read():
    assert normalize_uscc("９１５１２０８１ｍａ６２ｋ０２６０ｅ") == "91512081MA62K0260E"
    assert normalize_uscc("91512081ma62k0260e") == "91512081MA62K0260E"


def test_an_id_number_with_hyphens_is_read_and_named_masked(english):
    assert normalize_id_number("110105-19491231-002X") == "11010519491231002X"
    assert normalize_id_number("110105\u300019491231002x") == "11010519491231002X"
    for wrong in ("110105-19491231-0021", "110105-19491231-00211", "11010519491231OO2X"):
        with pytest.raises(ValueError) as refused:
            normalize_id_number(wrong)
        assert "19491231" not in str(refused.value) and "1101" in str(refused.value), wrong


def test_the_register_reads_a_hyphenated_id_number_in_the_credit_code_column_as_one(english):
    read = _identity("uscc", "110105-19491231-002X")
    assert (read.field, read.value, read.error) == ("id_number", "11010519491231002X", "")
    wrong = _identity("uscc", "110105-19491231-0021")
    assert wrong.value == "" and wrong.error.startswith("The check digit of ID number 1101**********0021")
    assert _identity("uscc", "91110000-100017707H").value == "91110000100017707H"


@pytest.mark.parametrize("typed", ["0757-88881234转123", "0757-88881234-123", "0757-88881234 ext 123",
                                   "0757-88881234分机123", "０７５７－８８８８１２３４转１２３"])
def test_the_reporters_landline_with_an_extension_is_taken_without_it(typed):
    assert complainant_number(typed) == "075788881234"  # as the complaint import stores it


@pytest.mark.parametrize("typed", ["13800138000转123", "0757-88881234转", "12345", "0757-88881234转1234567"])
def test_the_reporters_number_still_refuses_what_is_no_telephone_number(typed):
    with pytest.raises(ValueError):
        complainant_number(typed)


@pytest.mark.parametrize(("text", "place"), [
    ("佛山市九江某路1号有人发短信", Place("南海区", "九江镇")),
    ("佛山龙江某家具城", Place("顺德区", "龙江镇")),
    ("南海九江某村", Place("南海区", "九江镇")),
    ("家住三水区西南某小区", Place("三水区", "西南街道")),
    ("广东省佛山市更合某厂", Place("高明区", "更合镇")),
    ("顺德九江某店", Place("顺德区")),  # 九江 is no town of 顺德
    ("九江某路1号", None),  # alone, still not read
    ("江西九江市某路", None),
    ("佛山市九江路1号", None),  # a road
    ("深圳市南山区某路", None),
])
def test_an_ambiguous_town_is_read_after_foshan_or_its_own_district(text, place):
    assert district_of(text) == place
