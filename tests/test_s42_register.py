"""The register import's faults of session 42: an amount split by an unquoted thousands separator, the register's
later sheets, a company's 15-digit 注册号 under a USCC header, a row without a number written twice, a year slipped
to 1026."""

from __future__ import annotations

import pytest

from tests.test_register_import import (
    ADVICE,
    FIRST_DATA_ROW,
    GOOD,
    HEADER,
    USCC_A,
    USCC_B,
    register_rows,
    write_csv,
    write_workbook,
)
from workstation.errors import ImportRefused
from workstation.importing.register import import_register
from workstation.store import case_events, find_case, list_cases, parties_of_case

FINE, CONFISCATED = HEADER.index("罚款金额"), HEADER.index("没收违法所得（元）")
CODE = HEADER.index("统一社会信用代码（或身份证号码）")


def _row(number: str, **changes) -> list:
    row = list(GOOD[0])
    row[0] = number
    for column, value in changes.items():
        row[HEADER.index(column)] = value
    return row


# --- 1. an amount split by a thousands separator not quoted ---------------------------------------------------


@pytest.mark.parametrize("trailing", [False, True])
def test_an_amount_split_by_an_unquoted_thousands_separator_is_refused_naming_the_row_and_field(
        db, tmp_path, table_counts, english, trailing):
    good = _row("佛南市监立〔2026〕750号", 罚款金额="5000", **{"没收违法所得（元）": ""})
    split = _row("佛南市监立〔2026〕751号", 当事人名称="佛山市南海区测试151号公司", **{HEADER[CODE]: USCC_B})
    split[FINE:] = ["30", "000"]  # 30,000 unquoted: 30 under 罚款金额, 000 under 没收违法所得, no cell more
    rows = [good, split]
    if trailing:  # every line ends in a comma: the split row is as long as the others
        rows = [row + [""] for row in rows]
    path = write_csv(tmp_path / "台账.csv", [HEADER, *rows])
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert str(refused.value) == (
        "台账.csv: 1 row refused, nothing imported: row 3, 罚款金额: 30 and the 000 in the cell after it are one "
        "amount split by a thousands separator not quoted (30,000), so the values after it would be read under the "
        "wrong columns: quote the amount (\"1,234,567.50\") or write it without separators, or save the register as "
        f".xlsx, then import it again{ADVICE}")
    assert table_counts(db) == before


def test_an_amount_of_three_digits_not_beginning_with_0_after_an_amount_is_read(db, tmp_path):
    row = _row("佛南市监立〔2026〕750号")
    row[FINE:] = ["30", "500"]
    assert import_register(db, write_csv(tmp_path / "台账.csv", [HEADER, row])).imported == 1
    case = find_case(db, "佛南市监立〔2026〕750号")
    assert (case.fine_fen, case.confiscated_fen) == (3000, 50000)


# --- 2. every sheet of the register ---------------------------------------------------------------------------


def test_every_sheet_headed_as_the_first_is_imported_and_the_others_are_named(db, tmp_path, english):
    chancheng = _row("佛禅市监立〔2026〕172号", 当事人名称="佛山市禅城区某公司", 所属区="禅城区",
                     **{"统一社会信用代码（或身份证号码）": USCC_B})
    path = write_workbook(tmp_path / "台账.xlsx", {
        "南海区": register_rows([GOOD[0]], total=False), "禅城区": register_rows([chancheng], total=False),
        "空白": [], "汇总": [["区", "案件数"], ["南海区", 1]]})
    result = import_register(db, path)
    assert (result.rows, result.imported, result.errors) == (2, 2, [])
    assert result.as_dict()["sheets_left_out"] == ["汇总"]
    assert result.sheets_note() == (
        "The sheet 汇总 was not imported: its header row is not that of the register's first sheet (or it has "
        "none). If it holds cases, give it the same header row and import the register again.")
    case = find_case(db, "佛禅市监立〔2026〕172号")
    assert case.district == "禅城区"
    assert case_events(db, case.id)[0].note == (
        f"Imported from register 台账.xlsx, sheet 禅城区, row {FIRST_DATA_ROW}")


def test_rows_of_a_later_sheet_are_refused_naming_their_sheet_and_the_row_they_repeat(db, tmp_path, table_counts,
                                                                                       english):
    path = write_workbook(tmp_path / "台账.xlsx", {"南海区": register_rows([GOOD[0]], total=False),
                                                   "禅城区": register_rows([GOOD[1], GOOD[0]], total=False)})
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert refused.value.errors == [{  # both rows, each naming the other with its sheet
        "sheet": "南海区", "row": FIRST_DATA_ROW, "field": "案件编号",
        "message": f"Case number 佛南市监立〔2026〕101号 also appears in row {FIRST_DATA_ROW + 1} of sheet 禅城区."}, {
        "sheet": "禅城区", "row": FIRST_DATA_ROW + 1, "field": "案件编号",
        "message": f"Case number 佛南市监立〔2026〕101号 also appears in row {FIRST_DATA_ROW} of sheet 南海区."}]
    assert table_counts(db) == before


# --- 3. a company's 15-digit 注册号 under a USCC header -------------------------------------------------------


@pytest.mark.parametrize("header", ["统一社会信用代码（注册号）", "统一社会信用代码"])
@pytest.mark.parametrize("code", ["440606000123456", "440600400011238"])
def test_a_15_digit_registration_number_under_a_uscc_header_is_refused_not_made_an_id_number(
        db, tmp_path, table_counts, english, header, code):
    path = write_csv(tmp_path / "台账.csv", [[header if c == CODE else h for c, h in enumerate(HEADER)],
                                             _row("佛南市监立〔2026〕691号", **{HEADER[CODE]: code})])
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert refused.value.errors == [{"row": 2, "field": header, "message": (
        f"{code} has 15 digits: an old registration number (注册号), not a unified social credit code. The register "
        "must give the party's 18-character 统一社会信用代码, as on its business licence: correct the cell and import "
        "the register again.")}]
    assert table_counts(db) == before


def test_a_uscc_under_a_uscc_header_and_an_old_id_number_under_a_column_of_either_are_read(db, tmp_path):
    header = [("统一社会信用代码（注册号）" if c == CODE else h) for c, h in enumerate(HEADER)]
    assert import_register(db, write_csv(tmp_path / "a.csv", [header, _row("佛南市监立〔2026〕691号")])).imported == 1
    assert parties_of_case(db, find_case(db, "佛南市监立〔2026〕691号").id)[0].uscc == USCC_A
    person = _row("佛南市监立〔2026〕692号", 当事人名称="朱子轩", **{HEADER[CODE]: "110105491231002"})
    result = import_register(db, write_csv(tmp_path / "b.csv", [HEADER, person]))
    assert result.imported == 1
    party = parties_of_case(db, find_case(db, "佛南市监立〔2026〕692号").id)[0]
    assert (party.kind, party.id_number) == ("person", "11010519491231002X")


# --- 4. a row without a case number written twice -------------------------------------------------------------


def test_a_row_without_a_case_number_written_twice_is_refused_naming_the_first(db, tmp_path, table_counts,
                                                                              english):
    row = _row("")
    other_party = _row("", 当事人名称="佛山市顺德区禾屿教育科技有限公司", **{HEADER[CODE]: USCC_B})
    path = write_csv(tmp_path / "台账.csv", [HEADER, row, other_party, list(row)])
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert refused.value.errors == [{"row": 4, "field": "案由", "message": (
        "Row 2 gives the same case without a case number (the same cause, filing date and party): delete the row "
        "written twice, or give each case its own case number.")}]
    assert table_counts(db) == before
    result = import_register(db, path, skip_invalid=True)  # the first and the other party's case
    assert (result.imported, len(list_cases(db, limit=1000)) - before["cases"]) == (2, 2)


# --- 5. a year slipped to 1026 --------------------------------------------------------------------------------


def test_a_filing_date_before_2000_is_refused_not_numbered_in_its_year(db, tmp_path, table_counts, english):
    path = write_csv(tmp_path / "台账.csv", [HEADER, _row("", 立案日期="1026-03-05")])
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    message = refused.value.errors[0]["message"]
    assert refused.value.errors[0]["field"] == "立案日期"
    assert message.startswith("The filing date 1026-03-05 is before the year 2000: a slip of the keys? Write the "
                              "year in full, such as ")
    assert table_counts(db) == before


def test_a_filing_proposal_date_before_2000_is_refused(db, tmp_path, english):
    path = write_csv(tmp_path / "台账.csv", [[*HEADER, "立案呈批日期"], [*_row("佛南市监立〔2026〕691号"), "1026-03-01"]])
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert refused.value.errors[0]["field"] == "立案呈批日期"
    assert refused.value.errors[0]["message"].startswith("The day the filing was proposed 1026-03-01 is before the "
                                                         "year 2000")


def test_bad_rows_of_the_same_number_on_two_sheets_are_counted_as_two(db, tmp_path, english):
    bad = _row("", 立案日期="2026-02-30")
    path = write_workbook(tmp_path / "台账.xlsx", {"南海区": register_rows([bad], total=False),
                                                   "禅城区": register_rows([bad], total=False)})
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert str(refused.value).startswith("台账.xlsx: 2 rows refused, nothing imported: 南海区 row 4, 立案日期: ")
    assert [e["sheet"] for e in refused.value.errors] == ["南海区", "禅城区"]
