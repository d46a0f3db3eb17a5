import csv
import datetime as dt
import io

import openpyxl
import pytest
from stdnum.cn import uscc

from workstation import audit
from workstation.errors import Cancelled, ImportRefused
from workstation.importing.register import import_register
from workstation.progress import CancelToken
from workstation.store import CaseFilter, case_events, find_case, get_party, list_cases, parties_of_case


def with_check(body: str) -> str:
    return body + uscc.calc_check_digit(body)


USCC_A = with_check("91440605MA4UX0001")
USCC_B = with_check("91440606MA4UX0002")
USCC_C = with_check("92440608MA4UX0003")

TITLE = "佛山市2026年侵害消费者个人信息案件办理台账"
HEADER = ["案件编号", "当事人名称", "统一社会信用代码（或身份证号码）", "所属区", "行业领域", "案由", "违法行为",
          "立案日期", "办理状态", "涉案信息条数", "罚款金额", "没收违法所得（元）"]
GOOD = [
    ["佛南市监立〔2026〕101号", "佛山市南海区誉嘉房地产代理有限公司", USCC_A, "南海区", "房地产租售",
     "涉嫌未经消费者同意发送商业性信息案", "未经同意发送商业性信息、非法提供或泄露个人信息", "2026-03-02", "已结案",
     "3,200", "189,000", "1,234.50"],
    ["佛顺市监立〔2026〕101号", "佛山市顺德区禾屿教育科技有限公司", USCC_B, "顺德", "教育培训",
     "涉嫌违法收集、使用消费者个人信息案", "违法收集使用个人信息", "2026/3/5", "立案调查", "1200", "", ""],
    ["佛禅市监立〔2026〕101号", "朱子轩", "11010519491231002x", "祖庙街道", "其他",
     "涉嫌非法出售消费者个人信息案", "非法提供或泄露个人信息", "2026年3月8日", "已移送公安", "18176", "0", ""],
    ["佛高市监立〔2026〕101号", "佛山市高明区杨和翎峪装饰设计工作室", USCC_C, "高明区", "装饰装修",
     "涉嫌未经消费者同意发送商业性信息案", "未经同意发送商业性信息", "2026-03-09", "已决定", "472",
     "5,000.00", "0"],
]
FIRST_DATA_ROW = 4  # title row, filler row, header row
# the reason a register row with the 立案日期 2026-02-30 is refused, and the advice closing a refused import
NOT_IN_CALENDAR = ("2026-02-30 is not a date in the calendar (month 2 of 2026 has 28 days): write a date that exists, "
                   "such as 2026-02-28")
ADVICE = ". Correct these rows and import again, or add --skip-invalid to import only the valid rows."


def register_rows(rows=GOOD, *, total=True):
    lines = [[TITLE] + [""] * (len(HEADER) - 1),
             ["填报单位：佛山市市场监督管理局"] + [""] * (len(HEADER) - 2) + ["填报日期：2026年3月31日"],
             HEADER, *rows]
    if total:
        lines.append(["合计", "", "", "", "", "", "", "", "", "23,048", "194,000.00", "1,234.50"])
    return lines


def write_xlsx(path, lines):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    for line in lines:
        sheet.append([value if value != "" else None for value in line])
    if lines and lines[0][0] == TITLE:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    workbook.save(path)
    return path


def write_csv(path, lines, encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


@pytest.fixture
def register(tmp_path):
    def make(rows=GOOD, kind="xlsx", encoding="utf-8", total=True, name="台账"):
        lines = register_rows(rows, total=total)
        if kind == "xlsx":
            return write_xlsx(tmp_path / f"{name}.xlsx", lines)
        return write_csv(tmp_path / f"{name}.csv", lines, encoding)

    return make


def imported_cases(db):
    return {row.case_number: find_case(db, row.id) for row in list_cases(db, limit=1000)}


def assert_the_good_rows_are_in(db):
    cases = imported_cases(db)
    assert set(cases) == {row[0] for row in GOOD}

    nanhai = cases["佛南市监立〔2026〕101号"]
    assert (nanhai.sector, nanhai.district, nanhai.status, nanhai.filed_on) == (
        "real_estate", "南海区", "closed", "2026-03-02")
    assert (nanhai.fine_fen, nanhai.confiscated_fen, nanhai.records_total) == (18_900_000, 123_450, 3200)
    assert nanhai.violations == ["unsolicited_commercial_messages", "illegal_provision_or_leak"]
    assert [(p.name, p.kind, p.uscc) for p in parties_of_case(db, nanhai.id)] == [
        ("佛山市南海区誉嘉房地产代理有限公司", "company", USCC_A)]

    shunde = cases["佛顺市监立〔2026〕101号"]
    assert (shunde.sector, shunde.district, shunde.status, shunde.filed_on, shunde.fine_fen) == (
        "education", "顺德区", "investigating", "2026-03-05", 0)

    zumiao = cases["佛禅市监立〔2026〕101号"]
    assert (zumiao.sector, zumiao.district, zumiao.status, zumiao.filed_on, zumiao.records_total) == (
        "other", "禅城区", "transferred_police", "2026-03-08", 18176)
    person = get_party(db, zumiao.party_ids[0])
    assert (person.name, person.kind, person.id_number, person.uscc) == ("朱子轩", "person", "11010519491231002X", "")

    gaoming = cases["佛高市监立〔2026〕101号"]
    assert (gaoming.sector, gaoming.district, gaoming.status, gaoming.fine_fen) == (
        "decoration", "高明区", "penalty_decided", 500_000)
    assert get_party(db, gaoming.party_ids[0]).kind == "individual_business"

    # imported cases are searchable at once, through the trigram index and the short-query path
    assert [r.case_number for r in list_cases(db, CaseFilter(search="誉嘉房地产"))] == ["佛南市监立〔2026〕101号"]
    assert [r.case_number for r in list_cases(db, CaseFilter(search="誉嘉"))] == ["佛南市监立〔2026〕101号"]
    assert db.execute("SELECT 1 FROM sqlite_master WHERE name = 'cases_fts_insert'").fetchone()  # restored


def test_an_xlsx_register_with_title_rows_merged_title_and_total_row_imports_every_case(db, register):
    result = import_register(db, register())
    summary = result.as_dict()
    warnings = summary.pop("warnings")
    assert summary == {"rows": 4, "imported": 4, "skipped": 0, "errors": [], "dry_run": False, "ignored_columns": [],
                       "sheets_left_out": [], "numbered": []}  # every row numbered: none given a number
    # the organisation codes of USCC_B and USCC_C fail their (unconfirmed) check: warned about, imported all the same
    assert [(w["row"], w["field"]) for w in warnings] == [(5, HEADER[2]), (7, HEADER[2])]
    assert_the_good_rows_are_in(db)
    assert db.execute("SELECT COUNT(*) FROM parties").fetchone()[0] == 4


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_csv_register_imports_in_each_encoding(db, register, encoding):
    result = import_register(db, register(kind="csv", encoding=encoding))
    assert (result.rows, result.imported, result.errors) == (4, 4, [])
    assert_the_good_rows_are_in(db)


def test_an_explicit_gb18030_encoding_reads_a_gb18030_file(db, register):
    assert import_register(db, register(kind="csv", encoding="gb18030"), encoding="gb18030").imported == 4


def test_import_is_audited_and_each_case_remembers_the_file_and_row(db, register, english):
    audit_before = db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    import_register(db, register())
    created = db.execute("SELECT entity, COUNT(*) FROM audit WHERE seq > ? GROUP BY entity ORDER BY entity",
                         [audit_before]).fetchall()
    assert created == [("case", 4), ("party", 4)]
    assert audit.verify(db)["valid"]
    case = find_case(db, "佛顺市监立〔2026〕101号")
    events = case_events(db, case.id)
    assert [(e.kind, e.to_status, e.on_date) for e in events] == [("created", "investigating", "2026-03-05")]
    assert events[0].note == f"Imported from register 台账.xlsx, row {FIRST_DATA_ROW + 1}"


def write_workbook(path, sheets):
    """An .xlsx of several sheets: {sheet name: lines}, in order."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, lines in sheets.items():
        sheet = workbook.create_sheet(name)
        for line in lines:
            sheet.append([value if value != "" else None for value in line])
    workbook.save(path)
    return path


COVER = [["佛山市侵害消费者个人信息案件办理台账"], ["填报单位：佛山市市场监督管理局"], ["填报日期：2026年3月31日"]]
NOTES = [["填表说明"], ["列名", "填写要求"], ["所属区", "填写区名，如南海区"], ["案由", "按立案审批表填写"],
         ["办理状态", "立案调查/已告知/已决定/已结案/已移送公安"]]


def test_the_register_is_read_from_the_first_sheet_with_a_register_header(db, tmp_path, english):
    path = write_workbook(tmp_path / "台账.xlsx", {"封面": COVER, "填表说明": NOTES, "台账": register_rows(),
                                                   "汇总": [["区", "案件数"], ["南海区", 1]]})
    result = import_register(db, path)
    assert (result.rows, result.imported, result.errors) == (4, 4, [])
    assert_the_good_rows_are_in(db)
    events = case_events(db, find_case(db, "佛顺市监立〔2026〕101号").id)
    assert events[0].note == f"Imported from register 台账.xlsx, sheet 台账, row {FIRST_DATA_ROW + 1}"


def test_row_errors_of_a_register_on_a_later_sheet_name_the_sheet(db, tmp_path, table_counts, english):
    bad = list(GOOD[1])
    bad[7] = "2026-02-30"
    path = write_workbook(tmp_path / "台账.xlsx", {"封面": COVER, "Sheet2": register_rows([GOOD[0], bad])})
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert refused.value.errors == [{"sheet": "Sheet2", "row": FIRST_DATA_ROW + 1, "field": "立案日期",
                                     "message": f"{NOT_IN_CALENDAR}."}]
    assert str(refused.value) == ("台账.xlsx: 1 row refused, nothing imported: "
                                  f"Sheet2 row {FIRST_DATA_ROW + 1}, 立案日期: {NOT_IN_CALENDAR}{ADVICE}")
    assert table_counts(db) == before
    result = import_register(db, path, skip_invalid=True)
    assert (result.imported, [e["sheet"] for e in result.errors]) == (1, ["Sheet2"])


def test_a_register_on_the_first_sheet_names_no_sheet_in_its_errors(db, tmp_path, english):
    bad = list(GOOD[1])
    bad[7] = "2026-02-30"
    path = write_workbook(tmp_path / "台账.xlsx", {"Sheet1": register_rows([bad]), "备注": NOTES})
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert "sheet" not in refused.value.errors[0]
    assert f"nothing imported: row {FIRST_DATA_ROW}, 立案日期" in str(refused.value)


def test_a_workbook_without_a_register_header_on_any_sheet_names_the_sheets_checked(db, tmp_path, table_counts,
                                                                                    english):
    without_district = [[h for h in HEADER if h != "所属区"]]
    path = write_workbook(tmp_path / "材料.xlsx", {"封面": COVER, "填表说明": NOTES, "旧表": without_district})
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert str(refused.value) == ("材料.xlsx: no sheet has a recognisable header row in its first 20 rows (sheets "
                                  "checked: 封面、填表说明、旧表); the register needs the columns 所属区.")
    assert table_counts(db) == before


def test_header_synonyms_and_separate_number_columns_are_understood(db, tmp_path):
    lines = [["案号", "被处罚人", "社会信用代码", "身份证号", "辖区", "行业", "案件名称", "违法类型", "立案时间",
              "案件状态", "涉案信息（条）", "罚款（元）", "没收金额"],
             ["佛三市监立〔2026〕101号", "佛山市三水区西南朗岫房地产中介服务部", USCC_C, "", "三水区", "房产中介",
              "涉嫌泄露个人信息案", "泄露个人信息", dt.date(2026, 4, 1), "已处罚", 300, 20000.5, "￥1,000"],
             ["", "区思敏", "", "11010519491231002X", "西南街道", "小额贷款", "涉嫌出售个人信息案", "出售个人信息",
              "2026-04-02", "调查中", "", "", ""]]
    result = import_register(db, write_xlsx(tmp_path / "三水.xlsx", lines))
    assert (result.imported, result.errors) == (2, [])
    first = find_case(db, "佛三市监立〔2026〕101号")
    assert (first.sector, first.status, first.fine_fen, first.confiscated_fen, first.records_total) == (
        "real_estate", "penalty_decided", 2_000_050, 100_000, 300)
    second = next(r for r in list_cases(db) if r.party_names == "区思敏")
    assert (second.sector, second.status, second.district) == ("microloan", "investigating", "三水区")


def test_a_row_without_case_number_gets_the_next_number_of_its_filing_year(db, register):
    row = ["", *GOOD[0][1:8], *GOOD[0][8:]]
    row[7] = "2025-12-30"
    import_register(db, register(rows=[row]))
    assert [r.case_number for r in list_cases(db)] == ["佛南市监立〔2025〕1号"]
    again = import_register(db, register(rows=[row]))
    assert (again.imported, again.skipped) == (0, 1)  # same 案由 and filing date: the case is already there
    assert [r.case_number for r in list_cases(db)] == ["佛南市监立〔2025〕1号"]


def test_a_new_number_never_takes_one_that_another_row_of_the_file_carries(db, register):
    numbered = list(GOOD[0])
    numbered[0] = "佛南市监立〔2026〕1号"
    unnumbered = ["", *GOOD[0][1:]]
    import_register(db, register(rows=[unnumbered, numbered]))
    assert sorted(r.case_number for r in list_cases(db)) == ["佛南市监立〔2026〕1号", "佛南市监立〔2026〕2号"]


def test_rows_of_the_same_party_share_one_party_record(db, register):
    first, second = list(GOOD[0]), list(GOOD[0])
    first[1] = "佛山市南海区誉嘉房地产代理有限公司（桂城分店）"
    # the same name with half-width brackets and stray spaces: one party, and no row refused
    second[0], second[1] = "佛南市监立〔2026〕102号", " 佛山市南海区誉嘉房地产代理有限公司(桂城分店)  "
    result = import_register(db, register(rows=[first, second]))
    assert (result.imported, result.errors, result.warnings) == (2, [], [])
    assert db.execute("SELECT COUNT(*) FROM parties").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(DISTINCT party_id) FROM case_parties").fetchone()[0] == 1
    assert {r.party_names for r in list_cases(db)} == {"佛山市南海区誉嘉房地产代理有限公司（桂城分店）"}


@pytest.mark.parametrize("row", [0, 2], ids=["uscc", "id_number"])
def test_two_names_for_one_code_in_a_register_refuse_it(db, register, table_counts, english, row):
    second = list(GOOD[row])
    second[0], second[1] = "佛南市监立〔2026〕102号", "佛山市甲乙装修有限公司"
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, register(rows=[GOOD[row], GOOD[1], second]))
    code = f"unified social credit code {USCC_A}" if row == 0 else "ID number 1101**********002X"
    assert refused.value.errors == [{
        "row": FIRST_DATA_ROW + 2, "field": "当事人名称",
        "message": f"{code} is given in row {FIRST_DATA_ROW} with the party name {GOOD[row][1]} and here with "
                   "佛山市甲乙装修有限公司: one code is one party, so correct the register."}]
    assert table_counts(db) == before


def test_a_name_other_than_the_stored_partys_is_a_warning_and_the_stored_name_is_kept(db, register, english):
    import_register(db, register(rows=[GOOD[0], GOOD[2]]))
    renamed, person = list(GOOD[0]), list(GOOD[2])
    renamed[0], renamed[1] = "佛南市监立〔2026〕102号", "佛山市甲乙装修有限公司"
    person[0], person[1] = "佛禅市监立〔2026〕102号", "朱梓轩"
    # a person's ID number with another name is refused since session 65 (test_s65_register): the company alone
    result = import_register(db, register(rows=[renamed, person], name="第二批"), skip_invalid=True)
    assert result.imported == 1
    assert [(e["row"], e["field"]) for e in result.errors] == [(FIRST_DATA_ROW + 1, "当事人名称")]
    kept = "the case is imported under the stored name. If the party's name changed, rename it with Edit party… " \
           "in one of its cases."
    assert result.warnings == [
        {"row": FIRST_DATA_ROW, "field": "当事人名称",
         "message": f"unified social credit code {USCC_A} belongs to the party stored as {GOOD[0][1]}, not "
                    f"佛山市甲乙装修有限公司: {kept}"}]
    assert db.execute("SELECT COUNT(*) FROM parties").fetchone()[0] == 2
    assert {r.party_names for r in list_cases(db)} == {GOOD[0][1], "朱子轩"}
    same = list(GOOD[0])  # the stored name, with spaces around it: nothing to check
    same[0], same[1] = "佛南市监立〔2026〕103号", " 佛山市南海区誉嘉房地产代理有限公司 "
    assert import_register(db, register(rows=[same], name="第三批")).warnings == []


def test_a_party_already_on_file_is_reused_and_the_list_shows_its_name(demo_db, register, table_counts):
    row = list(GOOD[0])
    row[1], row[2] = "澄岚物业", "91440604MA5062D90R"
    parties_before = table_counts(demo_db)["parties"]
    import_register(demo_db, register(rows=[row]))
    assert table_counts(demo_db)["parties"] == parties_before
    (found,) = list_cases(demo_db, CaseFilter(search="佛南市监立〔2026〕101号"))
    assert found.party_names == "佛山市禅城区澄岚物业服务有限公司"


def test_importing_the_same_register_twice_adds_nothing(db, register, table_counts):
    path = register()
    import_register(db, path)
    before = table_counts(db)
    again = import_register(db, path)
    assert (again.rows, again.imported, again.skipped, again.errors) == (4, 0, 4, [])
    assert table_counts(db) == before


def test_a_dry_run_reports_what_would_be_imported_and_changes_nothing(db, register, table_counts):
    before = table_counts(db)
    result = import_register(db, register(), dry_run=True)
    assert (result.rows, result.imported, result.dry_run) == (4, 4, True)
    assert table_counts(db) == before


BAD_VALUES = [
    (2, "91350100M000100Y4Z", "统一社会信用代码（或身份证号码）", "unified social credit code"),
    (2, "110105194912310021", "统一社会信用代码（或身份证号码）", "check digit of ID number 1101**********0021 is wrong"),
    (7, "2026-02-30", "立案日期", "2026-02-30 is not a date in the calendar"),
    (10, "-500", "罚款金额", "cannot be negative"),
    (3, "东莞市", "所属区", "东莞市 is not a district or town of Foshan"),
    (4, "游戏", "行业领域", "游戏 is not a sector"),
    (8, "已撤销", "办理状态", "已撤销 is not a case status"),
    (11, "1.005", "没收违法所得（元）", "at most two decimals"),
]


@pytest.mark.parametrize(("column", "value", "field", "message"), BAD_VALUES,
                         ids=[b[2] + ":" + b[1] for b in BAD_VALUES])
def test_one_bad_row_refuses_the_whole_register(db, register, table_counts, column, value, field, message,
                                                 english):
    bad = list(GOOD[2])
    bad[column] = value
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, register(rows=[GOOD[0], GOOD[1], bad, GOOD[3]]))
    bad_row = FIRST_DATA_ROW + 2
    assert [(e["row"], e["field"]) for e in refused.value.errors] == [(bad_row, field)]
    assert message in refused.value.errors[0]["message"]
    text = str(refused.value)
    assert text.startswith(f"台账.xlsx: 1 row refused, nothing imported: row {bad_row}, {field}: ")
    assert "\n" not in text
    assert table_counts(db) == before


def test_every_bad_row_is_reported_with_its_row_number_and_header(db, register, table_counts, english):
    rows = [list(GOOD[0])]
    for column, value, _field, _message in BAD_VALUES[:5]:
        row = list(GOOD[1])
        row[0] = ""
        row[column] = value
        rows.append(row)
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, register(rows=rows, kind="csv"))
    assert [(e["row"], e["field"]) for e in refused.value.errors] == [
        (FIRST_DATA_ROW + i, field) for i, (_c, _v, field, _m) in enumerate(BAD_VALUES[:5], start=1)]
    assert str(refused.value).startswith("台账.csv: 5 rows refused, nothing imported: ")
    assert all(f"row {FIRST_DATA_ROW + i}, {field}: " in str(refused.value)
               for i, (_c, _v, field, _m) in enumerate(BAD_VALUES[:5], start=1))
    assert table_counts(db) == before


def test_skip_invalid_imports_the_good_rows_and_reports_the_bad_ones(db, register, english):
    bad = list(GOOD[1])
    bad[7] = "2026-02-30"
    result = import_register(db, register(rows=[GOOD[0], bad, GOOD[2]]), skip_invalid=True)
    assert (result.rows, result.imported, result.skipped) == (3, 2, 1)
    assert result.errors == [{"row": FIRST_DATA_ROW + 1, "field": "立案日期", "message": f"{NOT_IN_CALENDAR}."}]
    assert set(imported_cases(db)) == {GOOD[0][0], GOOD[2][0]}


def test_a_case_number_twice_in_one_register_is_refused(db, register, table_counts, english):
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, register(rows=[GOOD[0], GOOD[0]]))
    # both rows named, in row order, each with the other
    assert [e["row"] for e in refused.value.errors] == [FIRST_DATA_ROW, FIRST_DATA_ROW + 1]
    assert f"also appears in row {FIRST_DATA_ROW + 1}" in refused.value.errors[0]["message"]
    assert f"also appears in row {FIRST_DATA_ROW}" in refused.value.errors[1]["message"]
    assert table_counts(db) == before


def test_a_file_without_a_recognisable_header_is_refused(db, tmp_path, table_counts, english):
    path = write_csv(tmp_path / "名单.csv", [["序号", "姓名", "电话"], ["1", "张三", "13800138000"]])
    before = table_counts(db)
    with pytest.raises(ImportRefused, match="名单.csv: no recognisable header row in the first 20 rows; "
                                            "the register needs the columns 当事人、所属区、行业领域、案由、办理状态"):
        import_register(db, path)
    assert table_counts(db) == before


def test_a_header_missing_a_required_column_names_it(db, tmp_path, table_counts, english):
    header = [h for h in HEADER if h != "所属区"]
    path = write_csv(tmp_path / "缺列.csv", [header, [v for h, v in zip(HEADER, GOOD[0], strict=True)
                                                     if h != "所属区"]])
    before = table_counts(db)
    with pytest.raises(ImportRefused, match=r"the register needs the columns 所属区\.$"):
        import_register(db, path)
    assert table_counts(db) == before


def test_gb18030_text_in_a_file_declared_utf8_is_refused_with_the_row_and_a_hint(db, register, table_counts,
                                                                                english):
    path = register(kind="csv", encoding="gb18030")
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path, encoding="utf-8")
    assert str(refused.value) == ("台账.csv, row 1: the text is not UTF-8 as declared. "
                                  "It looks like GB18030: import it again with --encoding gb18030 (or --encoding auto).")
    assert table_counts(db) == before


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_text_in_a_file_declared_gb18030_is_refused_with_the_row_and_a_hint(db, register, table_counts,
                                                                                english, encoding):
    path = register(kind="csv", encoding=encoding)
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path, encoding="gb18030")
    assert str(refused.value) == ("台账.csv, row 1: the text is not GB18030 as declared. "
                                  "It looks like UTF-8: import it again with --encoding utf-8 (or --encoding auto).")
    assert table_counts(db) == before
    assert import_register(db, path, encoding="utf-8").imported == 4


def test_a_utf8_register_with_one_gb18030_row_names_that_row(db, tmp_path, table_counts, english):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([HEADER, GOOD[0], GOOD[1]])
    tail = io.StringIO()
    csv.writer(tail, lineterminator="\r\n").writerow(GOOD[2])
    path = tmp_path / "拼接.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8") + tail.getvalue().encode("gb18030"))
    before = table_counts(db)
    with pytest.raises(ImportRefused, match=r"拼接.csv, row 4: this row is not UTF-8 like the rows before it \(the file mixes "
                                             r"encodings\): save the whole file again as UTF-8 CSV\.$"):
        import_register(db, path, encoding="utf-8")
    assert table_counts(db) == before


def test_an_empty_file_is_refused(db, tmp_path, table_counts, english):
    path = tmp_path / "台账.csv"
    path.write_bytes(b"")
    before = table_counts(db)
    with pytest.raises(ImportRefused, match=r"台账.csv is empty \(0 bytes\): export the register again"):
        import_register(db, path)
    assert table_counts(db) == before


def test_a_folder_is_refused(db, tmp_path, table_counts, english):
    folder = tmp_path / "台账.xlsx"
    folder.mkdir()
    before = table_counts(db)
    with pytest.raises(ImportRefused, match=r"台账.xlsx is a folder: choose a spreadsheet file"):
        import_register(db, folder)
    assert table_counts(db) == before


def test_a_missing_file_is_refused(db, tmp_path, english):
    with pytest.raises(ImportRefused, match="no such file"):
        import_register(db, tmp_path / "不存在.xlsx")


@pytest.mark.parametrize("name", ["台账.pdf", "台账.docx", "台账"])
def test_a_file_of_an_unknown_kind_is_refused(db, tmp_path, table_counts, name, english):
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.7\n")
    before = table_counts(db)
    with pytest.raises(ImportRefused, match=r"only .xlsx, .xls and .csv files can be imported"):
        import_register(db, path)
    assert table_counts(db) == before


def test_a_damaged_spreadsheet_is_refused(db, tmp_path, table_counts, english):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 200)  # a workbook's start, nothing readable after it
    before = table_counts(db)
    with pytest.raises(ImportRefused, match=r"台账.xlsx cannot be read as a spreadsheet.*save it again") as refused:
        import_register(db, path)
    assert "Error" not in str(refused.value)  # not the reader's exception (ZipError)
    assert table_counts(db) == before


def test_a_binary_file_named_csv_is_refused(db, tmp_path, table_counts, english):
    path = write_xlsx(tmp_path / "台账.xlsx", register_rows())
    fake = tmp_path / "台账.csv"
    fake.write_bytes(path.read_bytes())
    before = table_counts(db)
    with pytest.raises(ImportRefused, match="台账.csv"):
        import_register(db, fake)
    assert table_counts(db) == before


def register_bytes(folder) -> bytes:
    return write_csv(folder / "good.csv", register_rows()).read_bytes()


def excel_lock_file(folder):
    """What Excel leaves next to a workbook it has open: ~$ in place of a long name's first two characters."""
    write_xlsx(folder / "2026年台账.xlsx", register_rows())
    (folder / "~$26年台账.xlsx").write_bytes(b"\x07officer" + bytes(155))
    return folder / "~$26年台账.xlsx"


UNREADABLE = {
    "password": ("台账.xlsx", lambda f: bytes.fromhex("D0CF11E0A1B11AE1") + bytes(1024),
                 "台账.xlsx is protected by a password, so it cannot be read: open it in Excel or WPS, remove the "
                 "password"),
    "truncated": ("台账.xlsx", lambda f: write_xlsx(f / "x.xlsx", register_rows()).read_bytes()[:3000],
                  "台账.xlsx cannot be read as a spreadsheet: it may be damaged, incomplete"),
    "UTF-16": ("台账.csv", lambda f: register_bytes(f).decode().encode("utf-16"),
               "台账.csv is saved as Unicode text (UTF-16), which cannot be imported: save it again as CSV UTF-8"),
    "NUL byte": ("台账.csv", lambda f: register_bytes(f).replace("朱子轩".encode(), b"\x00"),
                 "台账.csv, row 6: the row holds a NUL character"),
    "Excel lock file": (None, excel_lock_file, "~$26年台账.xlsx is the lock file Excel or WPS keeps next to a "
                                               "workbook while it is open, not a workbook: choose 2026年台账.xlsx"),
}


@pytest.mark.parametrize("kind", list(UNREADABLE))
def test_an_unreadable_register_is_one_line_exit_1_on_the_command_line_and_changes_nothing(tmp_path, capsys, kind,
                                                                                           english):
    import sqlite3

    from workstation.cli import main
    from workstation.paths import database_path

    name, content, message = UNREADABLE[kind]
    path = content(tmp_path) if name is None else tmp_path / name
    if name is not None:
        path.write_bytes(content(tmp_path))
    station = tmp_path / "station"
    assert main(["--data-dir", str(station), "cases", "import", str(write_xlsx(tmp_path / "好.xlsx",
                                                                                register_rows()))]) == 0
    capsys.readouterr()

    def counts():
        conn = sqlite3.connect(database_path(station))
        try:
            return [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("cases", "parties", "audit")]
        finally:
            conn.close()

    before = counts()
    code = main(["--data-dir", str(station), "cases", "import", str(path)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.startswith(f"Error: {path.parent}/" + message) and err.count("\n") == 1, err  # the path as typed
    assert "Error" not in err[len("Error: "):] and "Traceback" not in err
    assert counts() == before


def test_a_workbook_another_program_keeps_from_being_read_says_to_close_it(db, tmp_path, table_counts, monkeypatch,
                                                                            english):
    """On Windows a workbook open in a program that locks it fails to open with a PermissionError."""
    import errno

    import python_calamine

    def locked(path):
        raise PermissionError(errno.EACCES, "Permission denied", path)

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", staticmethod(locked))
    path = write_xlsx(tmp_path / "台账.xlsx", register_rows())
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert str(refused.value) == ("台账.xlsx cannot be read (permission denied): close it in other programs, check "
                                  "that you may open it, and try again.")
    assert table_counts(db) == before


def test_the_header_repeated_below_the_first_rows_is_left_out(db, tmp_path):
    lines = register_rows(GOOD[:2], total=False)
    lines += [lines[2], *GOOD[2:]]  # two offices' registers pasted one under the other, each with its header
    result = import_register(db, write_csv(tmp_path / "台账.csv", lines))
    assert (result.rows, result.imported, result.errors) == (len(GOOD), len(GOOD), [])
    assert_the_good_rows_are_in(db)


def test_a_uscc_in_lowercase_or_with_spaces_is_stored_as_on_the_licence(db, register):
    rows = [list(row) for row in GOOD]
    rows[0][2] = f" {USCC_A[:6].lower()} {USCC_A[6:12]} {USCC_A[12:].lower()} "
    rows[2][2] = rows[2][2].lower()
    import_register(db, register(rows, kind="csv"))
    assert_the_good_rows_are_in(db)


def test_progress_is_reported_and_cancel_rolls_everything_back(db, register, table_counts):
    reports = []
    import_register(db, register(name="一"), progress=lambda done, total, message: reports.append((done, total)))
    assert reports[-1][0] == reports[-1][1]

    token = CancelToken()
    before = table_counts(db)
    rows = [[f"佛南市监立〔2026〕{200 + i}号", *GOOD[0][1:]] for i in range(3)]
    with pytest.raises(Cancelled):
        import_register(db, register(rows=rows, name="二"), progress=lambda *report: token.cancel(), cancel=token)
    assert table_counts(db) == before
