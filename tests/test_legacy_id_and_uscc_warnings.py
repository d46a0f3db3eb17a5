"""REFERENCE §8.1 and §8.2 as an officer meets them: an old 15-digit ID number (GB 11643-1989) is converted to its
18 digits and flagged for checking, in the party editor's checks, the store, the register import and its command
line; a USCC whose embedded organisation code or division code is doubtful is warned about and still accepted."""

import json

import pytest

from tests.helpers import run, run_json
from tests.test_register_import import GOOD, HEADER, write_csv
from workstation import audit
from workstation.errors import ImportRefused
from workstation.importing.register import import_register
from workstation.records import Party
from workstation.store import find_case, get_party, party_field_errors, party_field_warnings, save_party
from workstation.validators import (
    id_check_character,
    legacy_id_number,
    normalize_id_number,
    normalize_uscc,
    organisation_check_character,
    uscc_check_character,
    uscc_warnings,
)

# the standard's own example 11010519491231002X is the 18-digit form of the old number 110105491231002
LEGACY, CONVERTED = "110105491231002", "11010519491231002X"
LEGACY_SHUNDE, CONVERTED_SHUNDE = "440681950315123", "440681199503151235"  # 顺德市 (1992–2002), born 1995
BAD_ORGANISATION = "91440605MA4U00000P"  # valid mod 31, its organisation code MA4U0000-0 fails the mod 11 check
ID_HEADER = [*HEADER[:2], "身份证号码", *HEADER[3:]]


def person_row(number: str, case_number: str = "佛禅市监立〔2026〕301号") -> list[str]:
    return [case_number, "朱子轩", number, "禅城区", "其他", "涉嫌非法出售消费者个人信息案",
            "非法提供或泄露个人信息", "2026-03-08", "已移送公安", "18176", "0", ""]


def company_row(uscc: str, case_number: str = "佛南市监立〔2026〕301号") -> list[str]:
    return [case_number, "佛山市南海区某某房地产代理有限公司", uscc, *GOOD[0][3:]]


def legacy_entries(db) -> list[tuple]:
    return db.execute("SELECT entity, entity_id, before_digest, after_digest FROM audit "
                      "WHERE action = 'convert_legacy_id' ORDER BY seq").fetchall()


@pytest.mark.parametrize(("written", "converted"), [
    (LEGACY, CONVERTED), (LEGACY_SHUNDE, CONVERTED_SHUNDE), (" 110105 491231 002 ", CONVERTED),
    ("１１０１０５４９１２３１００２", CONVERTED)])
def test_an_old_fifteen_digit_id_number_is_converted_to_its_eighteen_digits(written, converted):
    assert normalize_id_number(written) == converted
    assert legacy_id_number(written) == written.replace(" ", "").translate(str.maketrans("０１２３４５６７８９",
                                                                                          "0123456789"))


def test_an_eighteen_digit_number_and_other_lengths_are_not_taken_for_old_ones():
    assert legacy_id_number(CONVERTED) == legacy_id_number("11010549123100") == legacy_id_number("9144060571576863") \
        == ""


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(("number", "message"), [
    ("110105491331002", "The birth date in the old 15-digit ID number 1101*******1002 does not exist (digits 7–12 "
                        "are the date, YYMMDD): compare it with the ID card."),
    ("110105490229002", "The birth date in the old 15-digit ID number 1101*******9002 does not exist (digits 7–12 "
                        "are the date, YYMMDD): compare it with the ID card."),  # 1949 was no leap year
])
def test_an_old_number_that_cannot_be_converted_is_refused_naming_it_masked(number, message):
    # (its region code is not judged by the year of birth: see test_validators_fast)
    with pytest.raises(ValueError) as refused:
        normalize_id_number(number)
    assert str(refused.value) == message and number not in message


@pytest.mark.parametrize(("first8", "check"), [("10001770", "7"), ("MA62K026", "0")])
def test_the_organisation_code_check_gives_the_worked_examples_of_the_reference(first8, check):
    assert organisation_check_character(first8) == check


@pytest.mark.parametrize("code", ["91110000100017707H", "91512081MA62K0260E", "91440600715768638N"])
def test_a_uscc_whose_organisation_and_division_codes_check_has_no_warning(code):
    assert uscc_warnings(code) == []


def test_a_uscc_whose_embedded_codes_fail_is_accepted_with_warnings(english):
    assert normalize_uscc(BAD_ORGANISATION) == BAD_ORGANISATION
    assert uscc_warnings(BAD_ORGANISATION) == [
        "The organisation code in characters 9–17 of 91440605MA4U00000P fails its check (GB 11714): compare the code "
        "with the business licence. The code is kept, as this check is not confirmed."]
    unknown_region = "91440699MA62K0260"  # 440699: no division has this code
    unknown_region += uscc_check_character(unknown_region)
    assert normalize_uscc(unknown_region) == unknown_region
    assert uscc_warnings(unknown_region) == [
        f"Characters 3–8 of {unknown_region} (440699) are not a known administrative division code: compare the code "
        "with the business licence."]


def test_the_party_checks_accept_an_old_number_with_a_note_and_a_doubtful_uscc_with_a_warning(english):
    person = Party(name="朱子轩", kind="person", id_number=LEGACY)
    assert party_field_errors(person) == {}
    assert party_field_warnings(person) == {
        "id_number": f"Converted from the old 15-digit number to 18 digits: {CONVERTED}; compare it with the ID card."}
    company = Party(name="佛山市南海区某某房地产代理有限公司", kind="company", uscc=BAD_ORGANISATION)
    assert party_field_errors(company) == {}
    assert list(party_field_warnings(company)) == ["uscc"]
    # a field with an error has no note: the error says what to do
    assert party_field_warnings(Party(name="朱子轩", kind="person", id_number="110105491331002")) == {}


def test_an_id_number_of_an_unknown_region_is_saved_with_a_warning_beside_it(english):
    number = "99999919900101123"
    number += id_check_character(number)
    person = Party(name="朱子轩", kind="person", id_number=number)
    assert party_field_errors(person) == {}
    assert party_field_warnings(person) == {"id_number": "Digits 1–6 of ID number 9999**********1238 (999999) are not "
                                            "a known administrative division code: compare it with the ID card."}
    known = Party(name="朱子轩", kind="person", id_number="440524188001010014")  # REFERENCE §8.2, 潮阳县 1983–1993
    assert party_field_errors(known) == {} and party_field_warnings(known) == {}


def test_a_party_saved_with_an_old_number_stores_eighteen_digits_and_the_audit_log_keeps_the_old_one(db):
    party = save_party(db, Party(name="朱子轩", kind="person", id_number=LEGACY))
    assert get_party(db, party.id).id_number == CONVERTED
    assert legacy_entries(db) == [("party.id_number", party.id, audit.digest({"id_number": LEGACY}),
                                   audit.digest({"id_number": CONVERTED}))]
    save_party(db, get_party(db, party.id))  # saved again as stored: nothing converted
    assert len(legacy_entries(db)) == 1 and audit.verify(db)["valid"]


def test_a_register_imports_old_numbers_and_doubtful_codes_listing_them_by_row(db, tmp_path, english):
    path = write_csv(tmp_path / "台账.csv", [HEADER, GOOD[0], person_row(LEGACY), company_row(BAD_ORGANISATION)])
    result = import_register(db, path)
    assert (result.imported, result.errors) == (3, [])
    assert result.warnings == [
        {"row": 3, "field": HEADER[2], "message": "Converted from the old 15-digit number to 18 digits: "
                                                  "1101**********002X; compare it with the ID card."},
        {"row": 4, "field": HEADER[2], "message": uscc_warnings(BAD_ORGANISATION)[0]}]
    person = get_party(db, find_case(db, "佛禅市监立〔2026〕301号").party_ids[0])
    assert (person.kind, person.id_number) == ("person", CONVERTED)
    assert get_party(db, find_case(db, "佛南市监立〔2026〕301号").party_ids[0]).uscc == BAD_ORGANISATION
    assert legacy_entries(db) == [("party.id_number", person.id, audit.digest({"id_number": LEGACY}),
                                   audit.digest({"id_number": CONVERTED}))]
    assert audit.verify(db)["valid"]


def test_an_old_number_in_an_id_number_column_is_converted_and_a_dry_run_lists_it_too(db, tmp_path, english):
    path = write_csv(tmp_path / "台账.csv", [ID_HEADER, person_row(LEGACY_SHUNDE)])
    result = import_register(db, path, dry_run=True)
    assert [(w["row"], w["field"]) for w in result.warnings] == [(2, "身份证号码")]
    assert legacy_entries(db) == [] and db.execute("SELECT COUNT(*) FROM parties").fetchone()[0] == 0
    import_register(db, path)
    assert get_party(db, find_case(db, "佛禅市监立〔2026〕301号").party_ids[0]).id_number == CONVERTED_SHUNDE


def test_an_old_number_with_a_date_not_in_the_calendar_refuses_its_row_and_no_warning_is_a_reason(
        db, tmp_path, table_counts, english):
    path = write_csv(tmp_path / "台账.csv", [HEADER, company_row(BAD_ORGANISATION),
                                            person_row("110105491331002")])
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert refused.value.errors == [{"row": 3, "field": HEADER[2], "message": (
        "The birth date in the old 15-digit ID number 1101*******1002 does not exist (digits 7–12 are the date, "
        "YYMMDD): compare it with the ID card.")}]
    assert "organisation code" not in str(refused.value) and table_counts(db) == before


def test_the_command_line_lists_the_warnings_under_its_summary_and_in_its_json(data_dir, tmp_path, capsys, english):
    path = write_csv(tmp_path / "台账.csv", [HEADER, GOOD[0], person_row(LEGACY), company_row(BAD_ORGANISATION)])
    result = run_json(capsys, "--data-dir", data_dir, "cases", "import", path, "--dry-run")
    assert {"rows", "imported", "skipped", "errors"} <= result.keys()  # the keys CLI.md promises stay
    assert [(w["row"], w["field"]) for w in result["warnings"]] == [(3, HEADER[2]), (4, HEADER[2])]
    assert "1101**********002X" in result["warnings"][0]["message"] and CONVERTED not in json.dumps(result)
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", path)
    assert code == 0
    assert out.splitlines()[1:] == [
        "To check in 2 rows imported:",
        f"row 3, {HEADER[2]}: Converted from the old 15-digit number to 18 digits: 1101**********002X; compare it "
        "with the ID card.",
        f"row 4, {HEADER[2]}: {uscc_warnings(BAD_ORGANISATION)[0].rstrip('.')}."]  # each line a sentence


def test_the_json_of_a_refused_register_lists_no_warnings(data_dir, tmp_path, capsys, english):
    path = write_csv(tmp_path / "台账.csv", [HEADER, company_row(BAD_ORGANISATION), person_row("110105491331002")])
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", path, "--json")
    assert code == 1 and json.loads(out)["warnings"] == [] and "organisation code" not in err
