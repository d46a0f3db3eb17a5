"""A record's id named in a text (a conflict's "id …", a merge preview's tooltip) is not taken for a telephone or
ID number: about one UUID in twenty-five starts with eight digits, which masking read as a landline."""

from workstation.masking import mask_text

LANDLINE_SHAPED = "48745192-741f-466f-aad8-d074b42c5da0"
MOBILE_INSIDE = "3f2a1b2c-aaaa-bbbb-cccc-138123456789"


def test_a_record_id_stays_whole_in_a_text():
    text = f"“社区宣传” of 顺德区局 on 2026-03-08, 200 leaflets; id {LANDLINE_SHAPED}"
    assert mask_text(text) == text
    assert mask_text(f"id {MOBILE_INSIDE}") == f"id {MOBILE_INSIDE}"


def test_numbers_beside_a_record_id_are_still_masked():
    masked = mask_text(f"电话13812345678，id {LANDLINE_SHAPED}；座机0757-83381234")
    assert masked == f"电话138****5678，id {LANDLINE_SHAPED}；座机0757-****1234"


def test_a_number_shaped_like_part_of_an_id_but_standing_alone_is_masked():
    assert mask_text("联系48745192") == "联系****5192"


DIGITS_ONLY = "12345678-1234-4123-8123-123456789012"
UPPER_CASE = LANDLINE_SHAPED.upper()


def test_a_record_id_of_digits_stays_whole_in_a_published_text():
    """A UUID almost all digits is no bank account either: published, it is shown as written."""
    from workstation.masking import mask_published

    text = f"记录 id {DIGITS_ONLY}。"
    assert mask_published(text) == text


def test_a_record_id_written_in_capitals_stays_whole():
    from workstation.masking import mask_published

    text = f"id {UPPER_CASE}"
    assert mask_text(text) == text
    assert mask_published(text) == text


def test_an_account_beside_a_record_id_is_still_masked_in_a_published_text():
    from workstation.masking import mask_published

    assert mask_published(f"账号6222021234567890123 {DIGITS_ONLY}") == f"账号***************0123 {DIGITS_ONLY}"
