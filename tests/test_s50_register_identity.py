"""A register's code cell holding a value shaped like a resident ID number (18 characters, digits 7–8 a birth
century 19/20) that fails the ID check is refused as a wrong ID number, never stored as a USCC that passes its check
by chance (~1 in 31), unless it is clearly a USCC: its division code known and the party named as no person is.
ID numbers are masked in every message of the import."""

import pytest

from tests.test_register_import import FIRST_DATA_ROW, GOOD, register_rows, write_xlsx
from workstation.errors import ImportRefused
from workstation.importing.register import import_register
from workstation.store import find_case, get_party, list_cases
from workstation.validators import normalize_id_number, normalize_uscc

CODE_HEADER = "统一社会信用代码（或身份证号码）"
BAD_BIRTH = "11010519491331002X"  # 1949-13-31: no such day; read as a USCC its check character passes
BAD_CHECK = "440605198503120030"  # check digit wrong (2); read as a USCC its check character passes
# all-digit USCCs whose characters 7–8 are 19/20 (divisions 110119 延庆区, 440120), valid: an ID number's shape
DIGIT_USCC = "911101191000000089"
DIGIT_USCC_2 = "914401201000000087"


def test_the_numbers_are_what_the_tests_say():
    for number in (BAD_BIRTH, BAD_CHECK, DIGIT_USCC, DIGIT_USCC_2):
        assert normalize_uscc(number) == number
    for number in (BAD_BIRTH, BAD_CHECK, DIGIT_USCC, DIGIT_USCC_2):
        with pytest.raises(ValueError):
            normalize_id_number(number)


@pytest.fixture
def register(tmp_path):
    def make(rows=GOOD):
        return write_xlsx(tmp_path / "台账.xlsx", register_rows(rows))

    return make


def row(name, code, number="佛禅市监立〔2026〕101号"):
    line = list(GOOD[2])
    line[0], line[1], line[2] = number, name, code
    return line


def refused(db, register, table_counts, line):
    before = table_counts(db)
    with pytest.raises(ImportRefused) as caught:
        import_register(db, register(rows=[GOOD[0], line]))
    assert table_counts(db) == before
    return caught.value


@pytest.mark.parametrize(("name", "code", "masked", "message"), [
    ("王五", BAD_BIRTH, "1101**********002X", "birth date in ID number 1101**********002X"),
    ("朱子轩", BAD_CHECK, "4406**********0030", "check digit of ID number 4406**********0030 is wrong"),
    # an organisation's name does not save a number whose division code (characters 3–8) is no division
    ("佛山市南海区某某贸易有限公司", BAD_CHECK, "4406**********0030", "check digit of ID number 4406**********0030"),
    ("佛山市南海区某某贸易有限公司", BAD_BIRTH, "1101**********002X", "birth date in ID number 1101**********002X"),
])
def test_a_mistyped_id_number_is_refused_not_taken_for_a_uscc(db, register, table_counts, english, name, code,
                                                              masked, message):
    exc = refused(db, register, table_counts, row(name, code))
    assert [(e["row"], e["field"]) for e in exc.errors] == [(FIRST_DATA_ROW + 1, CODE_HEADER)]
    assert message in exc.errors[0]["message"]
    text = str(exc)
    assert f"row {FIRST_DATA_ROW + 1}, {CODE_HEADER}: " in text and masked in text
    assert code not in text and all(code not in e["message"] for e in exc.errors)


def test_the_mistyped_number_is_refused_in_a_column_of_unified_social_credit_codes_too(db, tmp_path, table_counts,
                                                                                     english):
    lines = register_rows([row("王五", BAD_BIRTH)], total=False)
    lines[2] = [cell if cell != CODE_HEADER else "统一社会信用代码" for cell in lines[2]]
    before = table_counts(db)
    with pytest.raises(ImportRefused) as caught:
        import_register(db, write_xlsx(tmp_path / "台账.xlsx", lines))
    assert [(e["row"], e["field"]) for e in caught.value.errors] == [(FIRST_DATA_ROW, "统一社会信用代码")]
    assert "1101**********002X" in str(caught.value) and BAD_BIRTH not in str(caught.value)
    assert table_counts(db) == before


@pytest.mark.parametrize("code", [DIGIT_USCC, DIGIT_USCC_2])
@pytest.mark.parametrize("name", ["北京某某科技有限公司", "延庆区某某小吃店", "王五（个体工商户）"])
def test_an_all_digit_uscc_of_an_organisation_imports_as_before(db, register, code, name):
    result = import_register(db, register(rows=[GOOD[0], row(name, code)]))
    assert result.imported == 2
    case = next(find_case(db, r.id) for r in list_cases(db) if r.case_number == "佛禅市监立〔2026〕101号")
    party = get_party(db, case.party_ids[0])
    assert (party.name, party.kind, party.uscc, party.id_number) == (name, "company", code, "")


def test_a_valid_uscc_shaped_like_an_id_number_under_a_persons_name_is_refused_with_the_way_out(
        db, register, table_counts, english):
    exc = refused(db, register, table_counts, row("王五", DIGIT_USCC))
    assert [(e["row"], e["field"]) for e in exc.errors] == [(FIRST_DATA_ROW + 1, CODE_HEADER)]
    message = exc.errors[0]["message"]
    assert "9111**********0089" in message and "王五（个体工商户）" in message
    assert DIGIT_USCC not in str(exc)


def test_valid_uscc_and_id_numbers_still_import_as_before(db, register):
    result = import_register(db, register())
    assert (result.rows, result.imported) == (4, 4)
    zumiao = next(find_case(db, r.id) for r in list_cases(db) if r.case_number == "佛禅市监立〔2026〕101号")
    person = get_party(db, zumiao.party_ids[0])
    assert (person.kind, person.id_number, person.uscc) == ("person", "11010519491231002X", "")


def test_an_id_number_stored_as_a_number_in_the_workbook_is_refused_masked(db, tmp_path, table_counts, english):
    line = row("朱子轩", 440605198503120031)
    before = table_counts(db)
    with pytest.raises(ImportRefused) as caught:
        import_register(db, write_xlsx(tmp_path / "台账.xlsx", register_rows([line], total=False)))
    text = str(caught.value)
    assert "keeps only 15 digits" in text and "4406" in text
    assert "440605198503120" not in text and "440605198503120" not in caught.value.errors[0]["message"]
    assert table_counts(db) == before


def test_the_command_line_refuses_the_register_with_exit_1_and_no_id_number_shown(tmp_path, capsys, english):
    from workstation.cli import main

    path = write_xlsx(tmp_path / "台账.xlsx", register_rows([GOOD[0], row("王五", BAD_BIRTH)], total=False))
    code = main(["--data-dir", str(tmp_path / "station"), "cases", "import", str(path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "1101**********002X" in err and BAD_BIRTH not in out + err
    assert "Traceback" not in err
