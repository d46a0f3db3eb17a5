"""The case register import and the case list as the audit of session 65 found them wanting: a header with a note in
brackets (案件编号（文号）, 立案日期（年月日）) is read as the header without it, unless the note is a unit of ten
thousands; a column not read that holds case numbers, dates or violations refuses the import naming the header to
use; a row giving a stored person's ID number with another name is refused (a company renamed is still warned of);
the case list finds a person's cases by their ID number, in full or masked as the list shows it; a case number not
written 简称立〔年〕N号 is warned of alike by the dialog and the import; an amount written with a minus sign (−5, –5)
is refused as negative; ``cases list --sector`` takes the sector words the import takes."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.helpers import program_day, run
from tests.test_register_import import with_check
from workstation.case_reference import Abbreviations, number_warnings
from workstation.errors import ImportRefused
from workstation.importing.register import RegisterRefused, import_register
from workstation.store import agency_id_for_code, find_case, list_cases
from workstation.store.cases import CaseFilter
from workstation.validators import parse_amount_fen

NANHAI = "440605"
USCC = with_check("91440605MA4UX0065")
PERSON_ID = "11010519491231002X"
NOTED = ["案件编号（文号）", "当事人（单位/个人）", "统一社会信用代码/身份证号", "所属区", "行业领域", "案由",
         "违法行为（类型）", "立案日期（年月日）", "办案进度", "涉案信息条数（条）", "罚款金额（元）"]
PLAIN = ["案件编号", "当事人", "统一社会信用代码（或身份证号码）", "所属区", "行业领域", "案由", "违法行为", "立案日期",
         "办理状态", "涉案信息条数", "罚款金额（元）"]


@pytest.fixture(autouse=True)
def _late_in_2026(monkeypatch):
    program_day(monkeypatch, "2026-12-06")


def line(number="佛南市监立〔2026〕77号", party="佛山市南海区甲七有限公司", code=USCC, records="12", fine="1000",
         cause="甲七涉嫌未经同意发送商业性信息案", filed="2026-03-01"):
    return [number, party, code, "南海区", "房地产租售", cause, "未经同意发送商业性信息", filed, "已结案", records, fine]


def write(path, lines):
    if path.suffix == ".xlsx":
        book = openpyxl.Workbook()
        for cells in lines:
            book.active.append(cells)
        book.save(path)
        return path
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def counts(db):
    return [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("cases", "parties", "doc_numbers")]


# 1. headers with a note in brackets

@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_headers_with_a_note_in_brackets_are_read_as_the_headers_without_it(db, tmp_path, english, suffix):
    result = import_register(db, write(tmp_path / f"台账{suffix}", [NOTED, line()]))
    assert (result.imported, result.errors, result.ignored_columns, result.numbered) == (1, [], [], [])
    case = find_case(db, "佛南市监立〔2026〕77号")
    assert case.violations == ["unsolicited_commercial_messages"]
    assert (case.filed_on, case.status) == ("2026-03-01", "closed")
    assert db.execute("SELECT records_trace + records_sensitive + records_other FROM cases").fetchone()[0] == 12
    assert db.execute("SELECT uscc FROM parties").fetchone()[0] == USCC


def test_a_note_in_brackets_read_leaves_the_stored_rows_as_the_plain_headers_do(db, tmp_path, english,
                                                                              database_template):
    import shutil

    from workstation.db import open_database
    from workstation.store import ensure_reference_data

    columns = ("case_number, sector, status, violations, filed_on, fine_fen, records_trace, records_sensitive, "
               "records_other, cause, district, (SELECT code FROM agencies WHERE agencies.id = agency_id)")
    parties = "SELECT name, uscc, id_number, kind FROM parties ORDER BY name"
    rows = [line(), line(number="佛南市监立〔2026〕78号", party="朱子轩", code=PERSON_ID, records="3", fine="1.5万",
                         cause="朱子轩案", filed="2026-04-02")]
    import_register(db, write(tmp_path / "一.csv", [NOTED, *rows]))
    shutil.copyfile(database_template("plain"), tmp_path / "plain.db")
    plain_db = open_database(tmp_path / "plain.db")
    ensure_reference_data(plain_db)
    try:
        import_register(plain_db, write(tmp_path / "二.csv", [PLAIN, *rows]))
        select = f"SELECT {columns} FROM cases ORDER BY case_number"
        plain = plain_db.execute(select).fetchall()
        assert len(plain) == 2
        assert db.execute(select).fetchall() == plain
        assert db.execute(parties).fetchall() == plain_db.execute(parties).fetchall()
    finally:
        plain_db.close()


def test_a_unit_of_ten_thousands_in_brackets_is_not_dropped(db, tmp_path, english):
    header = PLAIN[:-1] + ["罚款金额（万元）"]
    before = counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, write(tmp_path / "台账.csv", [header, line(fine="1.5")]))
    assert "罚款金额（万元）" in refused.value.message and "罚款金额（元）" in refused.value.message
    assert counts(db) == before


@pytest.mark.parametrize("header", ["立案决定书文号", "备注"])
def test_a_column_not_read_holding_case_numbers_refuses_the_import_naming_it(db, tmp_path, english, header):
    columns = [header if h == "案件编号" else h for h in PLAIN]
    before = counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, write(tmp_path / "台账.csv", [columns, line()]))
    message = refused.value.message
    assert header in message and "案件编号" in message and "no case number" not in message
    assert counts(db) == before


def test_a_serial_under_a_numbering_header_is_still_no_case_number(db, tmp_path, english):
    columns = ["编号" if h == "案件编号" else h for h in PLAIN]
    result = import_register(db, write(tmp_path / "台账.csv", [columns, line(number="1")]))
    assert result.imported == 1 and len(result.numbered) == 1


@pytest.mark.parametrize(("header", "field", "use"), [("受理立案日期", "立案日期", "立案日期"),
                                                      ("涉嫌违法行为", "违法行为", "违法行为")])
def test_a_date_or_violation_column_not_read_refuses_the_import_naming_it(db, tmp_path, english, header, field, use):
    columns = [header if h == field else h for h in PLAIN]
    before = counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, write(tmp_path / "台账.xlsx", [columns, line()]))
    assert header in refused.value.message and f"header {use}" in refused.value.message
    assert not isinstance(refused.value, RegisterRefused)  # the column named, not every row
    assert counts(db) == before


# 2. a stored person's ID number given with another name

def test_a_stored_persons_id_number_with_another_name_is_a_row_error(db, tmp_path, english):
    import_register(db, write(tmp_path / "一.csv", [PLAIN, line(party="朱子轩", code=PERSON_ID)]))
    before = counts(db)
    second = write(tmp_path / "二.csv", [PLAIN, line(number="佛南市监立〔2026〕78号", party="陈大文", code=PERSON_ID,
                                                    cause="陈大文案")])
    with pytest.raises(RegisterRefused) as refused:
        import_register(db, second)
    [error] = refused.value.errors
    assert (error["row"], error["field"]) == (2, "当事人")
    assert "朱子轩" in error["message"] and "陈大文" in error["message"] and "1101**********002X" in error["message"]
    assert "imported under the stored name" not in error["message"]
    assert counts(db) == before


def test_a_company_renamed_is_still_imported_under_its_stored_name_with_a_warning(db, tmp_path, english):
    import_register(db, write(tmp_path / "一.csv", [PLAIN, line()]))
    result = import_register(db, write(tmp_path / "二.csv", [PLAIN, line(number="佛南市监立〔2026〕78号",
                                                                          party="佛山市南海区乙八有限公司")]))
    assert result.imported == 1
    assert any("belongs to the party stored as" in w["message"] for w in result.warnings)


# 3. the case list found by a person's ID number

@pytest.mark.parametrize("typed", [PERSON_ID, PERSON_ID.lower(), "1101**********002X", "1101 **** **** **002X"])
def test_the_case_list_finds_a_persons_cases_by_their_id_number(db, tmp_path, english, typed):
    import_register(db, write(tmp_path / "一.csv", [PLAIN, line(party="朱子轩", code=PERSON_ID), line(
        number="佛南市监立〔2026〕79号", party="陈大文", code="440682199303275854", cause="陈大文案")]))
    assert [r.case_number for r in list_cases(db, CaseFilter(search=typed))] == ["佛南市监立〔2026〕77号"]


# 4. a case number not written as one

def test_number_warnings_says_a_number_not_written_as_one(db, english):
    nanhai = agency_id_for_code(NANHAI)
    [warning] = number_warnings("ABC", nanhai, "2026-03-02", Abbreviations.read(db))
    assert warning.startswith("ABC is not written as a case number") and "佛南市监立〔2026〕9号" in warning


def test_the_import_says_what_the_dialog_says_of_a_number_not_written_as_one(db, tmp_path, english):
    result = import_register(db, write(tmp_path / "一.csv", [PLAIN, line(number="ABC")]))
    [warning] = [w["message"] for w in result.warnings if w["field"] == "案件编号"]
    [said] = number_warnings("ABC", agency_id_for_code(NANHAI), "2026-03-01", Abbreviations.read(db))
    assert warning.startswith(said) and warning.count("is not written as a case number") == 1


def test_the_dialog_warns_of_a_number_not_written_as_one(qtbot, db, prompts, make_case, english):
    from ui.case_dialog import CaseDialog

    case = make_case(status="investigating", filed_on="2026-03-02")
    dialog = CaseDialog(db, prompts, case)
    qtbot.addWidget(dialog)
    dialog.case_number.setText("ABC")
    assert dialog.case_number_warning.isVisibleTo(dialog)
    assert "ABC is not written as a case number" in dialog.case_number_warning.text()


# 5. minus signs and sector words

@pytest.mark.parametrize("typed", ["\u22125", "\u20135", "-5"])
def test_an_amount_with_a_minus_sign_is_refused_as_negative(english, typed):
    with pytest.raises(ValueError) as refused:
        parse_amount_fen(typed)
    assert "negative" in str(refused.value)


def test_cases_list_takes_the_sector_words_the_import_takes(db, tmp_path, capsys, english):
    data = tmp_path / "data"
    code, _out, err = run(capsys, "cases", "import", write(tmp_path / "一.csv", [PLAIN, [
        *line()[:4], "教育", *line()[5:]]]), "--data-dir", data)
    assert code == 0, err
    code, out, err = run(capsys, "cases", "list", "--sector", "教育", "--data-dir", data)
    assert code == 0, err
    assert "佛南市监立〔2026〕77号" in out
    code, out, err = run(capsys, "cases", "list", "--sector", "房地产", "--data-dir", data)
    assert code == 0 and "77号" not in out


# 6. the final read's defects mended

SHOP = "佛山市南海区朱子轩小吃店"


@pytest.mark.parametrize(("first", "second"), [("朱子轩", SHOP), (SHOP, "朱子轩")])
def test_an_individual_business_and_its_operator_by_one_id_number_are_warned_of_not_refused(
        db, tmp_path, english, first, second):
    import_register(db, write(tmp_path / "一.csv", [PLAIN, line(party=first, code=PERSON_ID)]))
    result = import_register(db, write(tmp_path / "二.csv", [PLAIN, line(
        number="佛南市监立〔2026〕78号", party=second, code=PERSON_ID, cause="朱子轩小吃店案")]))
    assert (result.imported, result.errors) == (1, [])
    [warning] = [w["message"] for w in result.warnings if w["field"] == "当事人"]
    assert "belongs to the party stored as" in warning and first in warning


def test_a_persons_name_padded_with_a_space_is_warned_of_not_refused(db, tmp_path, english):
    import_register(db, write(tmp_path / "一.csv", [PLAIN, line(party="朱子轩", code=PERSON_ID)]))
    result = import_register(db, write(tmp_path / "二.csv", [PLAIN, line(
        number="佛南市监立〔2026〕78号", party="朱 子轩", code=PERSON_ID, cause="朱子轩案")]))
    assert (result.imported, result.errors) == (1, [])
    assert any("belongs to the party stored as 朱子轩" in w["message"] for w in result.warnings)


def test_a_column_whose_note_repeats_a_field_named_exactly_is_not_read(db, tmp_path, english):
    header = PLAIN[:2] + ["当事人（住所）"] + PLAIN[2:]
    row = line()
    row = row[:2] + ["佛山市南海区桂城街道某路1号"] + row[2:]
    result = import_register(db, write(tmp_path / "台账.csv", [header, row]))
    assert (result.imported, result.errors) == (1, [])
    assert result.ignored_columns == ["当事人（住所）"]
    assert db.execute("SELECT party_names FROM cases").fetchone()[0] == "佛山市南海区甲七有限公司"


def test_a_noted_column_alone_is_still_read_as_its_field(db, tmp_path, english):
    header = ["当事人（住所）" if h == "当事人" else h for h in PLAIN]
    result = import_register(db, write(tmp_path / "台账.csv", [header, line()]))
    assert (result.imported, result.errors, result.ignored_columns) == (1, [], [])


def _masked_db(db, tmp_path):
    """Cases found by a masked ID number three ways: the party's ID number, the number in a party's name, in a
    cause; and cases near them that are not."""
    other = "440682199303275854"
    import_register(db, write(tmp_path / "一.csv", [PLAIN,
        line(party="朱子轩", code=PERSON_ID),
        line(number="佛南市监立〔2026〕79号", party="陈大文", code=other, cause="陈大文案"),
        line(number="佛南市监立〔2026〕80号", party="佛山市南海区丙九有限公司", code=with_check("91440605MA4UX0081"),
             cause="号码1101 9999 8888 88002X的使用人案"),
        line(number="佛南市监立〔2026〕81号", party="佛山市南海区丁十有限公司", code=with_check("91440605MA4UX0092"),
             cause="身份证11019999888888002X案"),
        line(number="佛南市监立〔2026〕82号", party="佛山市南海区戊一有限公司", code=with_check("91440605MA4UX0103"),
             cause="身份证11019999888888003X案")]))


@pytest.mark.parametrize("typed", ["1101**********002X", "1101 **** **** **002X", "4406**********5854"])
def test_a_masked_id_number_finds_what_a_scan_of_every_case_finds(db, tmp_path, english, typed):
    from fnmatch import fnmatchcase

    from workstation.store.cases import masked_glob, masked_id_glob, search_terms

    _masked_db(db, tmp_path)
    [term] = search_terms(typed)
    ids = masked_id_glob(term[0])
    globs = [masked_glob(form) for form in term]
    expected = sorted(
        number for number, names, cause, id_numbers in db.execute(
            "SELECT case_number, party_names, cause, (SELECT group_concat(p.id_number, ' ') FROM case_parties cp "
            "JOIN parties p ON p.id = cp.party_id WHERE cp.case_id = cases.id) FROM cases")
        if any(fnmatchcase(text, g) for g in globs for text in (names, cause))
        or any(fnmatchcase(n, ids) for n in (id_numbers or "").split()))
    assert expected  # the test finds something
    found = sorted(r.case_number for r in list_cases(db, CaseFilter(search=typed)))
    assert found == expected
    from workstation.store import count_cases
    assert count_cases(db, CaseFilter(search=typed)) == len(expected)


def test_a_masked_id_number_is_looked_for_in_the_search_index_not_in_every_case(db):
    from workstation.store.cases import list_cases_sql

    sql, params = list_cases_sql(CaseFilter(search="1101**********002X"), 50, 0)
    plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, params)]
    assert not any(step.startswith("SCAN cases") and "VIRTUAL" not in step for step in plan), plan


def test_an_old_15_digit_id_number_masked_finds_the_persons_cases(db, tmp_path, english):
    from workstation.validators import legacy_id_as_18

    old = "440602850101758"  # a 15-digit number; stored as its 18 digits
    import_register(db, write(tmp_path / "一.csv", [PLAIN, line(party="朱子轩", code=old)]))
    assert db.execute("SELECT id_number FROM parties").fetchone()[0] == legacy_id_as_18(old)
    found = [r.case_number for r in list_cases(db, CaseFilter(search="4406*******1758"))]
    assert found == ["佛南市监立〔2026〕77号"]


@pytest.mark.parametrize(("typed", "shown"), [("\u22125", "\u22125"), ("¥\u22125", "¥\u22125"),
                                              ("\u20135元", "\u20135元"), ("\u22121.5万", "\u22121.5万")])
def test_money_with_a_minus_sign_is_refused_as_negative_showing_what_was_typed(english, typed, shown):
    from workstation.validators import parse_money_fen

    parsers = [parse_amount_fen] + ([parse_money_fen] if "万" not in typed else [])
    for parse in parsers:
        with pytest.raises(ValueError) as refused:
            parse(typed)
        assert "negative" in str(refused.value) and f"({shown})" in str(refused.value), parse


def test_cases_list_without_a_sector_does_not_load_the_register_importer(tmp_path):
    import subprocess
    import sys

    code = ("import sys\nfrom workstation.cli import main\n"
            "try:\n    main(['cases', 'list', '--data-dir', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "print('workstation.importing.register' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "data")], capture_output=True, text=True,
                         check=True, cwd=str(__import__("pathlib").Path(__file__).parent.parent)).stdout
    assert out.strip().splitlines()[-1] == "False"
