"""The validators of REFERENCE §8 where an officer enters them (session 72's audit): a valid resident ID number typed
in the 统一社会信用代码 field is refused saying it is an ID number and where it goes — the register import reads it as
the ID number, and documents too —; the evidence count reads ID numbers written with hyphens or full-width spaces as
every other entry point; masking hides the ID numbers the validators accept, whatever separators they are written
with (two spaces, a non-breaking hyphen or space); a mobile number written 0086… is one in every field; and a
refusal names the character at fault, not the length, before suggesting the digit for a letter O or I."""

import pytest

from PySide6.QtWidgets import QDialogButtonBox, QLabel

from tests.test_register_import import GOOD, register_rows, write_xlsx
from ui.party_dialog import PartyDialog
from workstation.evidence_count import count_rows
from workstation.formkit.values import party_code
from workstation.importing.register import import_register
from workstation.masking import mask_published, mask_text
from workstation.records import Party
from workstation.store import find_case, get_party, list_cases, list_parties
from workstation.store.parties import party_field_errors
from workstation.validators import (
    normalize_id_number,
    normalize_mobile,
    normalize_phone,
    normalize_uscc,
    plain_id_valid,
)

# valid ID numbers: the first fails the credit code's mod 31, the second passes it (1 in 31 do); neither is a
# plausible credit code (characters 3–8, 060519, no division)
ID_FAILING_MOD31 = "440605199001011236"
ID_PASSING_MOD31 = "440605199001011009"
# a valid ID number that is also a plausible credit code (11 机构编制/机关, 110119 延庆区, mod 31 passes): kept as a USCC
BOTH = "111101199001010868"
SHOP = "佛山市某某小吃店"


def test_the_numbers_are_what_the_tests_take_them_for():
    for number in (ID_FAILING_MOD31, ID_PASSING_MOD31, BOTH):
        assert plain_id_valid(number)
    assert normalize_uscc(ID_PASSING_MOD31) == ID_PASSING_MOD31 and normalize_uscc(BOTH) == BOTH
    with pytest.raises(ValueError):
        normalize_uscc(ID_FAILING_MOD31)


# --- 1. an ID number in the 统一社会信用代码 field ---------------------------------------------------------------

def shown_errors(db, party: Party, labels: dict[str, str] | None = None) -> dict[str, str]:
    """A party's errors as the party dialog shows them (``PartyDialog.validate``)."""
    from workstation.store.parties import party_code_errors

    return party_code_errors(db, party) | party_field_errors(party, labels)


@pytest.mark.parametrize("number", [ID_FAILING_MOD31, ID_PASSING_MOD31, "440605-19900101-1236"])
def test_an_id_number_in_the_credit_code_field_of_an_individual_business_says_where_it_goes(db, number, english):
    party = Party(name=SHOP, kind="individual_business", uscc=number)
    message = shown_errors(db, party, {"id_number": "Operator's ID number"})["uscc"]
    assert message.startswith("4406**********") and "is a resident ID number, not a unified social credit code" \
        in message and "“Operator's ID number”" in message
    assert "check character" not in message and "1236" not in message[:14]  # masked, and no licence to compare
    # where it belongs, it is taken
    moved = Party(name=SHOP, kind="individual_business", id_number=number)
    assert shown_errors(db, moved, {"id_number": "Operator's ID number"}) == {}


def test_a_company_is_told_to_choose_the_kind_the_number_belongs_to(db, english):
    message = shown_errors(db, Party(name=SHOP, kind="company", uscc=ID_PASSING_MOD31))["uscc"]
    assert message.startswith("4406**********1009 is a resident ID number, not a unified social credit code")
    assert "choose that kind" in message and "business licence" in message


@pytest.mark.parametrize("number", [ID_FAILING_MOD31, ID_PASSING_MOD31])
def test_the_command_line_names_the_operator_s_field_too(db, english, number):
    from workstation.errors import ValidationError
    from workstation.store.parties import save_party

    with pytest.raises(ValidationError) as caught:
        save_party(db, Party(name=SHOP, kind="individual_business", uscc=number))
    assert "“Operator's ID number”" in str(caught.value)
    assert list_parties(db) == []


def test_a_person_is_still_told_a_person_has_no_credit_code(english):
    errors = party_field_errors(Party(name="张三", kind="person", uscc=ID_FAILING_MOD31))
    assert errors["uscc"] == "A natural person has no unified social credit code; enter the ID number."


def test_a_plausible_credit_code_that_is_also_a_valid_id_number_stays_a_credit_code(db, tmp_path):
    assert "uscc" not in shown_errors(db, Party(name="某某机关", kind="company", uscc=BOTH))
    assert party_code(BOTH) == BOTH
    # the register import reads it as the dialog does: one party, not two
    line = list(GOOD[2])
    line[0], line[1], line[2] = "佛禅市监立〔2026〕102号", "某某机关", BOTH
    import_register(db, write_xlsx(tmp_path / "台账.xlsx", register_rows([GOOD[0], line])))
    case = next(find_case(db, c.id) for c in list_cases(db) if c.case_number == "佛禅市监立〔2026〕102号")
    party = get_party(db, case.party_ids[0])
    assert (party.uscc, party.id_number) == (BOTH, "")


def _stored_earlier(db, kind="individual_business", uscc=ID_PASSING_MOD31, name=SHOP) -> Party:
    """A party saved before session 72 with a valid ID number (passing the code's mod 31) as its USCC."""
    from workstation.store.parties import party_row

    party = Party(name=name, kind=kind, uscc=uscc, address="佛山市禅城区某路1号")
    row = party_row(party)
    with db.atomic():
        db.execute(f"INSERT INTO parties ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    return party


def test_documents_print_a_stored_id_number_in_the_credit_code_field_as_an_id_number(db):
    from workstation.formkit.party_rows import code_label, filing_rows

    party = _stored_earlier(db)
    assert code_label(party) == "身份证件号码"
    other = Party(name="佛山市某某有限公司", kind="company", uscc="91440604MA54YE5K9X")
    assert f"身份证件号码 | {ID_PASSING_MOD31}" in filing_rows([party, other]).replace("  ", " ")
    assert "统一社会信用代码 | " + ID_PASSING_MOD31 not in filing_rows([party, other])
    # a form whose party code is labelled so checks it as an ID number, and takes it
    assert party_code(ID_PASSING_MOD31, person=True) == ID_PASSING_MOD31
    # a plausible credit code that is a valid ID number too stays a credit code
    assert code_label(Party(name="某某机关", kind="company", uscc=BOTH)) == "统一社会信用代码"


def test_a_party_stored_earlier_with_an_id_number_as_its_code_can_still_be_edited(db, english):
    from workstation.errors import ValidationError
    from workstation.store.parties import party_code_errors, party_field_warnings, save_party

    party = _stored_earlier(db)
    party.address = "佛山市禅城区某路2号"
    assert party_field_errors(party, {"id_number": "Operator's ID number"}) == {}
    assert party_code_errors(db, party) == {}
    note = party_field_warnings(party)["uscc"]
    assert note.startswith("4406**********1009 is a resident ID number") and "saved so earlier" in note
    save_party(db, party)
    assert get_party(db, party.id).address == "佛山市禅城区某路2号"
    # changed to another ID number, it is refused as a new one is
    party.uscc = "440605199001011017" if plain_id_valid("440605199001011017") else ID_FAILING_MOD31
    with pytest.raises(ValidationError):
        save_party(db, party)
    assert get_party(db, party.id).uscc == ID_PASSING_MOD31
    # moved where it goes, it is taken
    party.uscc, party.id_number = "", ID_PASSING_MOD31
    save_party(db, party)
    assert (get_party(db, party.id).uscc, get_party(db, party.id).id_number) == ("", ID_PASSING_MOD31)


def test_another_party_may_not_take_a_stored_id_number_as_its_code(db, english):
    from workstation.errors import ValidationError
    from workstation.store.parties import save_party

    _stored_earlier(db)
    with pytest.raises(ValidationError, match="is a resident ID number"):
        save_party(db, Party(name="佛山市另一小吃店", kind="individual_business", uscc=ID_PASSING_MOD31))


@pytest.mark.gui
def test_the_party_dialog_saves_a_party_stored_earlier_so_with_a_warning(db, prompts, qtbot, english):
    party = _stored_earlier(db)
    dialog = PartyDialog(db, prompts, party)
    qtbot.addWidget(dialog)
    dialog.edits["address"].setText("佛山市禅城区某路3号")
    dialog.validate()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled()
    assert dialog.findChild(QLabel, "uscc_error").isHidden()
    assert "is a resident ID number" in dialog.warnings["uscc"].text()
    save.click()
    assert get_party(db, party.id).address == "佛山市禅城区某路3号"


@pytest.mark.parametrize("number", [ID_FAILING_MOD31, ID_PASSING_MOD31])
def test_the_register_import_stores_it_as_the_id_number(db, tmp_path, number):
    line = list(GOOD[2])
    line[0], line[1], line[2] = "佛禅市监立〔2026〕101号", SHOP, number
    import_register(db, write_xlsx(tmp_path / "台账.xlsx", register_rows([GOOD[0], line])))
    case = next(find_case(db, c.id) for c in list_cases(db) if c.case_number == "佛禅市监立〔2026〕101号")
    party = get_party(db, case.party_ids[0])
    assert (party.uscc, party.id_number) == ("", number)


@pytest.mark.gui
def test_the_party_dialog_refuses_it_and_saves_it_as_the_operator_s_id_number(db, prompts, qtbot, english):
    dialog = PartyDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("individual_business"))
    dialog.edits["name"].setText(SHOP)
    dialog.edits["uscc"].setText(ID_PASSING_MOD31)
    error = dialog.findChild(QLabel, "uscc_error")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not error.isHidden() and error.text().startswith(
        "4406**********1009 is a resident ID number, not a unified social credit code: enter it under")
    assert not save.isEnabled()
    dialog.edits["uscc"].setText("")
    dialog.edits["id_number"].setText(ID_PASSING_MOD31)
    assert error.isHidden() and save.isEnabled()
    save.click()
    assert [(p.kind, p.uscc, p.id_number) for p in list_parties(db)] == [
        ("individual_business", "", ID_PASSING_MOD31)]


# --- 2. the evidence count reads ID numbers as every other entry point ----------------------------------------

def test_the_evidence_count_takes_id_numbers_written_with_hyphens_or_full_width_spaces():
    rows = [["姓名", "身份证号码"], ["甲", "11010519491231002X"], ["乙", "110105-19491231-002x"],
            ["丙", "440605\u300019900101\u30001236"], ["丁", "440605\xa019900101\xa01236"]]
    count = count_rows("名单.csv", rows)
    assert (count.distinct, count.invalid) == (2, 0)
    for written in ("110105-19491231-002x", "440605\u300019900101\u30001236"):
        assert normalize_id_number(written)  # as the validators take it


def test_a_mobile_number_written_with_0086_is_counted():
    # one number under one name is one person (a number with two names is counted as two)
    rows = [["姓名", "手机"], ["甲", "008613800138000"], ["甲", "13800138000"], ["丙", "0086 139 0013 9000"]]
    count = count_rows("名单.csv", rows)
    assert (count.distinct, count.invalid) == (2, 0)


# --- 3. masking hides every ID number the validators accept -----------------------------------------------------

@pytest.mark.parametrize(("written", "masked"), [
    ("440605  19900101  1236", "4406**  ********  1236"),
    ("440605\u201119900101\u20111236", "4406**\u2011********\u20111236"),
    ("440605\xa019900101\xa01236", "4406**\xa0********\xa01236"),
    ("440605\u201019900101\u20101236", "4406**\u2010********\u20101236"),
    ("440605\u3000\u300019900101\u3000\u30001236", "4406**\u3000\u3000********\u3000\u30001236"),
    ("4406 0519 9001 0112 36", "4406 **** **** **12 36"),
])
def test_an_id_number_with_any_separator_the_validators_take_is_masked(written, masked):
    assert normalize_id_number(written) == ID_FAILING_MOD31
    assert mask_text(f"身份证号码：{written}。") == f"身份证号码：{masked}。"
    assert mask_published(f"身份证号码：{written}。") == f"身份证号码：{masked}。"


@pytest.mark.parametrize("text", [
    "2026-01-01  2026-12-31", "2026年3月1日至2026年3月31日", "罚款1,234.50元，没收违法所得189,000.00元",
    "佛顺市监立〔2026〕8号", "第 2026  0101 号", "编号 2026  0310  0001  0002", "1990-01-01  1236",
    "123  456  789", "2026-03-10 09:30—2026-03-10 11:00", "2026-03-10—2026-03-31", "2026-03-10–2026-03-31",
    "2026-03-10 — 2026-03-31", "罚款 10000  20000  30000 元", "No. 2026  0310  0001  0002",
    "528300  20260310  0012", "邮编528300  2026-03-10  0012号", "20260101  20261231", "1990-01-01—1990-12-31",
    "金额  120000  350000  480000", "第2026  0310  0012号"])
def test_dates_amounts_and_case_numbers_are_not_masked(text):
    assert mask_text(text) == text
    assert mask_published(text) == text


@pytest.mark.parametrize(("written", "masked"), [
    ("4406  0519  9001  0112  36", "4406  ****  ****  **12  36"),
    ("440605 19900101 1236", "4406** ******** 1236"),
    ("4406-0519-9001-0112-36", "4406-****-****-**12-36"),
])
def test_an_id_number_in_groups_is_masked(written, masked):
    assert mask_text(f"号码{written}。") == f"号码{masked}。"
    assert mask_published(f"号码{written}。") == f"号码{masked}。"


def test_a_bank_account_is_masked_with_one_separator_between_its_groups():
    assert mask_published("账户6222 0212 3456 7890 123") == "账户**** **** **** ***0 123"
    assert mask_published("账户6222-0212-3456-7890-123") == "账户****-****-****-***0-123"


def test_a_bank_account_written_with_no_break_spaces_is_masked_where_published():
    assert mask_published("账户6222\xa00212\xa03456\xa07890\xa0123") == "账户****\xa0****\xa0****\xa0***0\xa0123"


# --- 4. 0086 ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["008613800138000", "0086 138 0013 8000", "0086-13800138000", "+8613800138000",
                                     "8613800138000"])
def test_a_mobile_number_with_its_country_code_is_one_in_every_field(written):
    assert normalize_mobile(written) == normalize_phone(written) == "13800138000"


def test_0086_alone_before_a_number_that_is_no_mobile_is_refused():
    with pytest.raises(ValueError):
        normalize_mobile("00861380013800")


# --- 5. the character at fault is named before the length ---------------------------------------------------------

def test_a_letter_o_in_an_old_id_number_is_named_not_its_length(english):
    with pytest.raises(ValueError) as caught:
        normalize_id_number("1101054912310O2")
    message = str(caught.value)
    assert "15" not in message.replace("1101*******10O2", "") and "18" not in message
    assert "Character 14" in message and "“O”" in message and "digit 0" in message and "letter O" in message


def test_a_letter_i_in_an_id_number_suggests_the_digit_1(english):
    with pytest.raises(ValueError) as caught:
        normalize_id_number("11010519491231I02X")
    message = str(caught.value)
    assert "Character 15" in message and "“I”" in message and "digit 1" in message


def test_another_character_in_an_id_number_is_named_with_the_card_to_compare(english):
    with pytest.raises(ValueError) as caught:
        normalize_id_number("11010519491231A02X", field="Operator's ID number")
    message = str(caught.value)
    assert message.startswith("Character 15 of Operator's ID number") and "“A”" in message and "ID card" in message


def test_letters_o_in_a_credit_code_s_division_are_named(english):
    with pytest.raises(ValueError) as caught:
        normalize_uscc("913501OOM000100Y43")
    message = str(caught.value)
    assert message.startswith("913501OOM000100Y43 is not a unified social credit code: its characters 3–8 are "
                              "digits (the administrative division code), but character 7 is “O”.")
    assert "Type the digit 0 in place of the letter O" in message


def test_a_letter_the_credit_code_does_not_use_is_named_before_its_length(english):
    with pytest.raises(ValueError) as caught:
        normalize_uscc("91440604MA54YE5KO")  # 17 characters, an O among them
    message = str(caught.value)
    assert message.startswith("91440604MA54YE5KO is not a unified social credit code") and \
        "Character 17 is “O”" in message and "digit 0" in message
    assert "has 17 characters" not in message
    with pytest.raises(ValueError, match="has 17 characters"):
        normalize_uscc("91440604MA54YE5K9")  # no wrong character: its length is the fault
