"""A party's 联系电话: mobiles, landlines with or without their area code and 400/800 numbers are taken and stored in
one form (a landline with its area code set off, as documents print it), masked in lists; anything else is refused
saying which numbers are taken."""

import pytest

from workstation.errors import ValidationError
from workstation.masking import mask_field
from workstation.records import Party
from workstation.store import get_party, save_party
from workstation.store.parties import party_field_errors
from workstation.validators import normalize_phone

TAKEN = "enter a mobile number (13800138000), a landline with or without its area code (0757-88881234, 88881234), " \
        "with its extension if any (0757-88881234转123), or a 400/800 number."


@pytest.mark.parametrize(("written", "stored"), [
    ("0757-88881234", "0757-88881234"),
    ("075788881234", "0757-88881234"),
    ("(0757)88881234", "0757-88881234"),
    ("（０７５７）８８８８　１２３４", "0757-88881234"),
    ("88881234", "0757-88881234"),  # no area code: Foshan's, the screening rules' default
    ("+86-757-88881234", "0757-88881234"),
    ("010-62345678", "010-62345678"),
    ("400-800-1234", "4008001234"),
    ("+86 138-0013-8000", "13800138000"),
    ("86-13800138000", "13800138000"),
    ("１３８００１３８０００", "13800138000"),
])
def test_telephone_numbers_are_stored_in_one_form(written, stored):
    assert normalize_phone(written) == stored
    assert normalize_phone(stored) == stored  # a stored number saved again stays as it is


@pytest.mark.parametrize(("written", "stored"), [
    ("0757-88881234转123", "0757-88881234转123"),
    ("0757-88881234-123", "0757-88881234转123"),
    ("(0757)8888 1234 ext.123", "0757-88881234转123"),
    ("0757-88881234 EXT 123", "0757-88881234转123"),
    ("0757-88881234分机123", "0757-88881234转123"),
    ("0757-88881234 分机号 123", "0757-88881234转123"),
    ("０７５７－８８８８１２３４转８０１", "0757-88881234转801"),
    ("88881234转801", "0757-88881234转801"),  # no area code: Foshan's, as without an extension
    ("400-800-1234转5", "4008001234转5"),
])
def test_a_landline_with_an_extension_is_stored_with_it_after_zhuan(written, stored):
    assert normalize_phone(written) == stored
    assert normalize_phone(stored) == stored


def test_a_party_with_an_extension_is_saved_and_its_number_masked(db):
    saved = save_party(db, Party(name="佛山市南海区某某房地产代理有限公司", phone="0757-88881234-123"))
    assert get_party(db, saved.id).phone == "0757-88881234转123"
    assert mask_field("phone", get_party(db, saved.id).phone) == "0757-****1234转123"


def test_screening_groups_a_number_written_with_an_extension_under_its_main_number():
    from workstation.screening.phones import extract_phones, normalise_phone

    text = "对方用0757-88881234转123打来，又用0757-88881234-456、0757-88881234分机789打来"
    assert extract_phones(text) == ["075788881234"]
    assert normalise_phone("0757-88881234转123") == "075788881234"


@pytest.mark.parametrize("written", ["8000", "12800138000", "0757-8888123456", "10690000123", "电话88881234",
                                     "abc", "13800138000转12", "0757-88881234转", "0757-88881234转1234567",
                                     "10690000123-12"])
def test_anything_but_one_telephone_number_is_refused_saying_what_is_taken(written, english):
    with pytest.raises(ValueError) as refused:
        normalize_phone(written)
    assert str(refused.value).endswith(" is not a telephone number: " + TAKEN)


def test_a_refusal_masks_the_number_it_names(english):
    with pytest.raises(ValueError, match=r"^128\*\*\*\*8000 is not a telephone number"):
        normalize_phone("12800138000")


def test_a_party_with_a_landline_is_saved_with_its_area_code_and_masked_in_lists(db, english):
    party = Party(name="佛山市南海区某某房地产代理有限公司", phone="(0757)88881234")
    assert party_field_errors(party) == {}
    saved = save_party(db, party)
    assert get_party(db, saved.id).phone == "0757-88881234"
    assert mask_field("phone", get_party(db, saved.id).phone) == "0757-****1234"


def test_a_party_whose_phone_is_no_telephone_number_is_refused_and_not_saved(db, english):
    party = Party(name="佛山市南海区某某房地产代理有限公司", phone="0757-888")
    assert party_field_errors(party)["phone"] == "0757-888 is not a telephone number: " + TAKEN
    with pytest.raises(ValidationError):
        save_party(db, party)
    assert db.execute("SELECT COUNT(*) FROM parties WHERE name = ?", [party.name]).fetchone()[0] == 0


def test_a_case_filed_from_a_landline_lead_keeps_the_number_as_its_partys_phone(demo_db):
    from workstation.leads_workflow import assign_lead, file_case_from_lead
    from workstation.store import agency_by_code, get_case

    lead = "bb7f2ea6-871d-54c3-a193-b529d98b09cc"  # demo lead: 0757-85836433 calling about new flats, 禅城区
    demo_db.execute("UPDATE leads SET status = 'registered', agency_id = NULL WHERE id = ?", [lead])
    assign_lead(demo_db, lead, agency_by_code(demo_db, "440604").id, on="2026-03-02")
    case = file_case_from_lead(demo_db, lead)
    assert [get_party(demo_db, p).phone for p in get_case(demo_db, case.id).party_ids] == ["0757-85836433"]
