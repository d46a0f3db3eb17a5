"""The parties' codes of a register under the wordings bureaus head them with: 统一社会信用代码（身份证号码） and 证件号码
hold either a business's code or a person's ID number; a code column in a wording the import does not read is refused
naming it, where it was passed over and every party stored without its code."""

from __future__ import annotations

import csv

import pytest

from tests.test_register_import import GOOD, HEADER, USCC_A
from workstation.errors import ImportRefused
from workstation.importing.register import import_register
from workstation.store import find_case, parties_of_case

CODE_COLUMN = HEADER.index("统一社会信用代码（或身份证号码）")


def _register(folder, code_header: str, rows=GOOD, extra: tuple[str, str] | None = None):
    header = list(HEADER)
    header[CODE_COLUMN] = code_header
    lines = [header, *[list(r) for r in rows]]
    if extra is not None:  # a further column: (header, the value of every row)
        lines = [lines[0] + [extra[0]], *[r + [extra[1]] for r in lines[1:]]]
    path = folder / "台账.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(lines)
    return path


def _code_of(db, case_number: str) -> tuple[str, str]:
    party = parties_of_case(db, find_case(db, case_number).id)[0]
    return party.uscc, party.id_number


@pytest.mark.parametrize("code_header", ["统一社会信用代码（身份证号码）", "统一社会信用代码(身份证号码)",
                                         "统一社会信用代码（身份证件号码）", "证件号码", "社会信用代码（身份证号码）"])
def test_a_code_column_of_either_kind_gives_each_party_its_code(db, tmp_path, code_header):
    result = import_register(db, _register(tmp_path, code_header))
    assert result.imported == len(GOOD) and code_header not in result.ignored_columns
    assert _code_of(db, "佛南市监立〔2026〕101号") == (USCC_A, "")
    assert _code_of(db, "佛禅市监立〔2026〕101号") == ("", "11010519491231002X")  # a person's ID number


def test_a_code_column_in_a_wording_not_read_is_refused_naming_it(db, tmp_path, table_counts, english):
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, _register(tmp_path, "统一社会信用代码（经营者）"))
    assert str(refused.value) == (
        "台账.csv: nothing was imported: column 统一社会信用代码（经营者） is not read, so the parties would be imported "
        "without their codes: give them under the header 统一社会信用代码（或身份证号码）.")
    assert table_counts(db) == before


def test_a_further_column_mentioning_an_id_card_is_passed_over_when_the_codes_are_read(db, tmp_path):
    result = import_register(db, _register(tmp_path, "统一社会信用代码（或身份证号码）", extra=("身份证复印件", "已附")))
    assert result.imported == len(GOOD) and result.ignored_columns == ["身份证复印件"]
