"""A register row without a case number is a stored case only when that case has the same 案由, 立案日期 and party
(its code when both have one, else its name): another party's case of the same cause and day is not taken for it;
and the rows so skipped are headed as the same case stored, not as a case number stored."""

from __future__ import annotations

import pytest

from tests.test_register_import import GOOD, USCC_A, USCC_B, register_rows, write_xlsx
from workstation.importing.register import import_register, warning_lines
from workstation.store import list_cases


def unnumbered(party: str, code: str) -> list:
    row = ["", *GOOD[0][1:]]
    row[1], row[2] = party, code
    return row


@pytest.fixture
def stored(db, tmp_path):
    """The company's unnumbered row imported once."""
    import_register(db, write_xlsx(tmp_path / "台账.xlsx", register_rows([unnumbered(GOOD[0][1], USCC_A)],
                                                                        total=False)))
    return tmp_path


@pytest.mark.parametrize("party, code", [("佛山市顺德区禾屿教育科技有限公司", USCC_B), ("佛山市顺德区禾屿教育科技有限公司", ""),
                                         (GOOD[0][1], USCC_B)], ids=["other_code", "other_name", "same_name_other_code"])
def test_another_partys_row_of_the_same_cause_and_day_is_imported(db, stored, party, code):
    result = import_register(db, write_xlsx(stored / "台账2.xlsx", register_rows([unnumbered(party, code)],
                                                                                total=False)))
    assert (result.imported, result.skipped) == (1, 0)
    assert len(list_cases(db)) == 2


@pytest.mark.parametrize("party, code", [(GOOD[0][1], USCC_A), (GOOD[0][1], ""),
                                         ("佛山市南海区誉嘉房地产代理有限公司（桂城）", USCC_A)],
                         ids=["same_code", "same_name_no_code", "same_code_other_name"])
def test_the_same_partys_row_is_skipped_and_headed_as_the_same_case(db, stored, english, party, code):
    result = import_register(db, write_xlsx(stored / "台账2.xlsx", register_rows([unnumbered(party, code)],
                                                                                total=False)))
    assert (result.imported, result.skipped) == (0, 1)
    lines = warning_lines(result.warnings)
    assert lines[0] == "Not imported, the same case being stored already (1 row):"
    assert lines[1].startswith("row 4, 案由: A case with the same cause and filing date is stored already")


def test_numbered_rows_skipped_keep_their_heading(db, tmp_path, english):
    path = write_xlsx(tmp_path / "台账.xlsx", register_rows())
    import_register(db, path)
    assert warning_lines(import_register(db, path).warnings)[0] == ("Not imported, their case numbers being stored "
                                                                    "already (4 rows):")
