"""An ID number written in full-width characters (４４０６０２…１２３Ｘ, as a Chinese input method types it) is masked
in free text and in what is published as an ASCII one is: its first four and last four characters kept (s60; its
full-width check character Ｘ left it unmasked)."""

from workstation.masking import mask_published, mask_text

FULL = "４４０６０２１９９００１０１１２３Ｘ"
MASKED = "４４０６**********１２３Ｘ"


def test_a_full_width_id_number_in_free_text_is_masked_keeping_four_at_each_end():
    assert mask_text(f"身份证{FULL}，住址不详") == f"身份证{MASKED}，住址不详"
    assert mask_text(f"身份证{FULL.replace('Ｘ', 'ｘ')}") == f"身份证{MASKED.replace('Ｘ', 'ｘ')}"


def test_a_full_width_id_number_written_in_groups_keeps_its_spaces():
    assert mask_text("身份证 ４４０６０２ １９９００１０１ １２３Ｘ") == "身份证 ４４０６** ******** １２３Ｘ"


def test_a_full_width_id_number_is_masked_as_published():
    assert mask_published(f"当事人身份证号{FULL}。") == f"当事人身份证号{MASKED}。"
