"""An amount written with an unquoted thousands separator (12,345) in a CSV register splits into 12 and 345, one
cell more than the header line: the row is refused naming the amount's column, not read as a fine of ¥12 with the
345 taken for the next column, when it is the only row or as many as the rows of the header's length."""

from __future__ import annotations

import pytest

from tests.test_register_import import ADVICE, GOOD, HEADER, USCC_A, USCC_B, USCC_C, write_csv
from workstation.errors import ImportRefused
from workstation.importing.register import import_register
from workstation.store import find_case

FINE = HEADER.index("罚款金额")


def _row(number: int, fine: list[str], confiscated: str = "") -> list:
    """A row of 南海 whose 罚款金额 is written as the cells ``fine`` (two for an amount split at its separator)."""
    row = list(GOOD[0])
    row[0], row[1] = f"佛南市监立〔2026〕{number}号", f"佛山市南海区测试{number}号公司"
    row[2] = {750: USCC_A, 751: USCC_B}.get(number, USCC_C)
    return row[:FINE] + fine + [confiscated]


SPLIT = ("row 2, 罚款金额: 12 and the 345 in the cell after it are one amount split by a thousands separator not "
         "quoted (12,345), so the values after it would be read under the wrong columns: quote the amount "
         "(\"1,234,567.50\") or write it without separators, or save the register as .xlsx, then import it again")


@pytest.mark.parametrize("others", [[], [_row(751, ["5000"])]], ids=["alone", "beside a row of the header's length"])
def test_an_amount_split_into_a_cell_more_than_the_header_is_refused_naming_file_row_and_column(
        db, tmp_path, table_counts, english, others):
    path = write_csv(tmp_path / "台账.csv", [HEADER, _row(750, ["12", "345"]), *others])
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert str(refused.value) == f"台账.csv: 1 row refused, nothing imported: {SPLIT}{ADVICE}"
    assert table_counts(db) == before


def test_a_row_of_a_cell_more_than_the_header_beside_one_of_its_length_is_refused(db, tmp_path, english):
    shifted = _row(750, ["5000"])
    shifted[FINE - 1:FINE] = ["1", "200"]  # 涉案信息条数 1,200 unquoted: every value after it a column right
    path = write_csv(tmp_path / "台账.csv", [HEADER, shifted, _row(751, ["5000"])])
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert str(refused.value).startswith("台账.csv: 1 row refused, nothing imported: row 2, 涉案信息条数: 1 and the "
                                         "200 in the cell after it are one count split by a thousands separator")


def test_rows_ending_in_a_comma_the_header_does_not_are_read(db, tmp_path):
    """Each row a cell longer than the header line, that cell empty: read, unless an amount of one to three digits
    is followed by a cell of three digits (30 | 500 could not be told from 30,500 with no confiscation)."""
    rows = [_row(750, ["5000"], "300") + [""], _row(751, ["30"], "50") + [""], _row(752, ["12345"]) + [""]]
    assert import_register(db, write_csv(tmp_path / "台账.csv", [HEADER, *rows])).imported == 3
    assert find_case(db, "佛南市监立〔2026〕750号").fine_fen == 500_000
