"""Case registers as district bureaus keep them in Excel: a merged title, a 制表单位/日期 line, a header merged over two
rows, a 序号 column, dates and amounts typed every way, a 合计 row, spacer rows, hidden columns, a 汇总 sheet — and the
same register saved as CSV in GB18030 and in UTF-8 with BOM. Each imports, or is refused with one line naming the
file, row and column and what to do, nothing imported. The 所属区 column reads a place as complaint screening does,
and a USCC whose registration department is a letter (GB 32100: N2…, Y1…) is a valid code."""

import csv
import datetime as dt
import io

import openpyxl
import pytest

from workstation.errors import ImportRefused
from workstation.importing.register import import_register
from workstation.screening.complaint import district_named
from workstation.screening.rules import load_rules, place_named
from workstation.validators import normalize_uscc, parse_amount_fen

# Hand-computed (REFERENCE §8.1: value of each character in 0123456789ABCDEFGHJKLMNPQRTUWXY, weights
# 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28, check = (31 − Σ mod 31) mod 31):
# N2440605551234567: N=22 → 22+6+36+108+0+156+0+85+100+145+25+26+24+96+50+180+196 = 1255; 1255 mod 31 = 15; 31−15 = 16
# → G. The organisation code 55123456 + 7 passes GB 11714 (Σ 158, mod 11 = 4, 11−4 = 7).
VILLAGE = "N2440605551234567G"  # 村级集体经济组织 registered by agriculture (农业: N, 2)
# Y1440605551234575: Y=30 → 30+3+36+108+0+156+0+85+100+145+25+26+24+96+50+210+140 = 1234; 1234 mod 31 = 25; 31−25 = 6
OTHER_DEPARTMENT = "Y14406055512345756"  # registered by another department (其他: Y)
# 91440605551234567: 9+3+36+108+0+156+0+85+100+145+25+26+24+96+50+180+196 = 1239; 1239 mod 31 = 30; 31−30 = 1
COMPANY = "914406055512345671"
# 12440605551234567: the N2 sum with 1 for N's 22: 1255 − 22 + 1 = 1234; 1234 mod 31 = 25; 31−25 = 6
PUBLIC_INSTITUTION = "124406055512345676"  # 事业单位 registered by 机构编制 (1, 2): not an individual business

TITLE = "佛山市南海区市场监督管理局2026年侵害消费者个人信息案件台账"
MAKER = "制表单位：佛山市南海区市场监督管理局"
WHEN = "制表日期：2026年3月31日"
# the header of two rows: 处罚情况 merged over the fine and the confiscation, whose headers are in the row below; the
# other headers merged down over both rows (their cell in the lower row is empty, as a reader gives a merged cell)
UPPER = ["序号", "案件编号", "当事人", "统一社会信用代码", "所属区", "行业领域", "案由", "违法行为", "立案日期",
         "办理状态", "涉案信息条数", "处罚情况", None]
LOWER = [None] * 11 + ["罚款金额（元）", "没收违法所得（元）"]
FLAT = UPPER[:11] + LOWER[11:]
CAUSE = "涉嫌未经消费者同意发送商业性信息案"
SENDING = "未经同意发送商业性信息"


def row(n, number, party, code, district, filed_on, fine, confiscated="", status="已决定", records=100):
    return [n, number, party, code, district, "房地产租售", CAUSE, SENDING, filed_on, status, records, fine, confiscated]


# one case of each way an officer writes a place, a date and an amount
CASES = [
    row(1, "佛南市监立〔2026〕11号", "佛山市南海区誉嘉房地产代理有限公司", COMPANY, "佛山市南海区",
        dt.datetime(2026, 3, 5), 15000),
    row(2, "佛南市监立〔2026〕12号", "佛山市南海区桂城禾屿置业有限公司", "", "南海区桂城街道", "2026.3.5", "1.5万"),
    row(3, "佛禅市监立〔2026〕13号", "佛山市禅城区石湾某某房产中介", PUBLIC_INSTITUTION, "石湾镇", "2026年3月5日",
        "15,000.00", "1.5万元"),
    row(4, "佛南市监立〔2026〕14号", "佛山市南海区某村股份经济合作社", VILLAGE, "南海区", "2026/3/5", ""),
]


def agency(db, district, town=""):
    return db.execute("SELECT id FROM agencies WHERE district = ? AND town = ? AND level != 'city'",
                      [district, town]).fetchone()[0]


def stored(db):
    return {r[0]: r[1:] for r in db.execute(
        "SELECT case_number, agency_id, district, filed_on, fine_fen, confiscated_fen FROM cases")}


def workbook(path, cases=CASES, *, two_rows=True, extra=(), columns=None):
    """The register as a district bureau's workbook: merged title, 制表 line, the header (``two_rows``: merged over
    two rows), the cases with a blank spacer row and a row numbered ahead (序号 only) among them, a 合计 row with its
    sums, a hidden 内部备注 column, ``extra`` rows at the bottom and a second sheet 汇总."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2026年台账"
    width = len(UPPER)
    sheet.append([TITLE] + [None] * (width - 1))
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append([MAKER] + [None] * (width - 3) + [WHEN, None])
    if two_rows:
        sheet.append(UPPER)
        sheet.append(LOWER)
        for column in range(1, 12):
            sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
        sheet.merge_cells(start_row=3, start_column=12, end_row=3, end_column=13)
    else:
        sheet.append(FLAT)
    header_row = sheet.max_row
    for n, case in enumerate(cases):
        sheet.append([None if value == "" else value for value in case])
        sheet.cell(sheet.max_row, 14, "已核")
        if isinstance(case[8], dt.datetime):
            sheet.cell(sheet.max_row, 9).number_format = "yyyy/m/d"
        if n == 1:
            sheet.append([None] * width)  # a spacer row
    sheet.append([len(cases) + 1] + [None] * (width - 1))  # numbered ahead, never filled
    sheet.append(["合计"] + [None] * 9 + [100 * len(cases), 45000, 15000])
    for line in extra:
        sheet.append(line)
    sheet.cell(header_row, 14, "内部备注")
    sheet.column_dimensions["N"].hidden = True
    for letter, header in (columns or {}).items():  # more columns, each (header, values of the cases in turn)
        sheet[f"{letter}{header_row}"] = header[0]
        for offset, value in enumerate(header[1]):
            sheet[f"{letter}{header_row + 1 + offset + (offset > 1)}"] = value
    summary = book.create_sheet("汇总")
    summary.append(["区", "案件数", "罚款（元）"])
    summary.append(["南海区", len(cases), 45000])
    book.save(path)
    return path


def csv_file(path, encoding, cases=CASES):
    """The register saved from Excel as CSV: the merged cells' text in their first cell, dates as Excel shows them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([TITLE] + [""] * (len(UPPER) - 1))
    writer.writerow([MAKER] + [""] * (len(UPPER) - 3) + [WHEN, ""])
    writer.writerow(["" if c is None else c for c in UPPER])
    writer.writerow(["" if c is None else c for c in LOWER])
    for case in cases:
        writer.writerow([f"{v.year}/{v.month}/{v.day}" if isinstance(v, dt.datetime) else v for v in case])
    writer.writerow(["合计"] + [""] * 9 + [400, "45,000.00", "15,000.00"])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def assert_the_cases_are_in(db):
    nanhai, guicheng, shiwan = agency(db, "南海区"), agency(db, "南海区", "桂城街道"), agency(db, "禅城区", "石湾镇街道")
    assert stored(db) == {
        "佛南市监立〔2026〕11号": (nanhai, "南海区", "2026-03-05", 1_500_000, 0),
        "佛南市监立〔2026〕12号": (guicheng, "南海区", "2026-03-05", 1_500_000, 0),
        "佛禅市监立〔2026〕13号": (shiwan, "禅城区", "2026-03-05", 1_500_000, 1_500_000),
        "佛南市监立〔2026〕14号": (nanhai, "南海区", "2026-03-05", 0, 0),
    }


def test_a_district_bureaus_workbook_imports_every_case_as_written(db, tmp_path):
    result = import_register(db, workbook(tmp_path / "台账.xlsx"))
    assert (result.rows, result.imported, result.errors) == (4, 4, [])
    # the two header rows read as one: 处罚情况 is not a column, the fine and confiscation under it are
    assert result.ignored_columns == ["序号", "内部备注"]
    assert_the_cases_are_in(db)


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_the_same_register_saved_as_csv_imports_the_same_cases(db, tmp_path, encoding):
    result = import_register(db, csv_file(tmp_path / "台账.csv", encoding))
    assert (result.rows, result.imported, result.errors) == (4, 4, [])
    assert_the_cases_are_in(db)


def test_a_header_group_above_the_headers_is_read_with_them(db, tmp_path):
    # the group row is above: 基本情况 over 案件编号 … 所属区, the others merged down; most headers in the lower row
    path = tmp_path / "台账.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.append(["序号", "基本情况", None, None, None, "行业领域", "案由", "违法行为", "立案日期", "办理状态",
                  "涉案信息条数", "罚款金额（元）", "没收违法所得（元）"])
    sheet.append([None, "案件编号", "当事人", "统一社会信用代码", "所属区"] + [None] * 8)
    sheet.append(CASES[0])
    book.save(path)
    result = import_register(db, path)
    assert (result.rows, result.imported, result.errors, result.ignored_columns) == (1, 1, [], ["序号"])
    assert stored(db)["佛南市监立〔2026〕11号"][2:] == ("2026-03-05", 1_500_000, 0)


def test_lines_under_the_register_are_not_cases(db, tmp_path):
    extra = [["合 计："] + [None] * 9 + [400, 45000, 15000], ["制表人：张三", None, None, None, None, None, None, "审核人：李四"],
             [MAKER, None, None, None, None, None, None, None, None, None, None, WHEN], ["备注：金额单位为元。"]]
    result = import_register(db, workbook(tmp_path / "台账.xlsx", extra=extra, two_rows=False))
    assert (result.rows, result.imported, result.errors) == (4, 4, [])
    assert_the_cases_are_in(db)


@pytest.mark.usefixtures("english")
def test_a_note_under_the_register_in_a_column_of_cases_is_still_refused(db, tmp_path, table_counts):
    # its texts under the register's columns are not all labelled: it may be a case, so it is not passed over
    before = table_counts(db)
    extra = [["制表人：张三", None, "佛山市某公司"]]
    with pytest.raises(ImportRefused) as refused:
        import_register(db, workbook(tmp_path / "台账.xlsx", extra=extra, two_rows=False))
    assert "row 11, 所属区" in str(refused.value)
    assert table_counts(db) == before


@pytest.mark.parametrize(("written", "district", "town"), [
    ("佛山市南海区", "南海区", ""), ("南海区桂城街道", "南海区", "桂城街道"), ("石湾镇", "禅城区", "石湾镇街道"),
    ("广东省佛山市顺德区容桂街道", "顺德区", "容桂街道"), ("南海区 桂城", "南海区", "桂城街道"), ("桂城", "南海区", "桂城街道"),
    ("禅城区石湾镇", "禅城区", "石湾镇街道"), ("九江", "南海区", "九江镇"), ("南海", "南海区", ""),
])
def test_the_district_column_reads_a_place_as_complaint_screening_does(db, tmp_path, written, district, town):
    case = row(1, "佛南市监立〔2026〕11号", "佛山市某公司", COMPANY, written, "2026-03-05", "")
    result = import_register(db, workbook(tmp_path / "台账.xlsx", [case], two_rows=False))
    assert (result.imported, result.errors) == (1, [])
    assert stored(db)["佛南市监立〔2026〕11号"][:2] == (agency(db, district, town), district)
    # one reading for both: a complaint export's district column gives the same district
    assert district_named(written, load_rules()) == district
    assert place_named(written).district == district


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(("written", "message"), [
    ("南海区石湾镇", "石湾镇街道 is in 禅城区, not in 南海区: write the district and the town that go together"),
    ("深圳市南山区", "深圳市南山区 is not a district or town of Foshan: write one of 禅城区"),
    ("南海区、顺德区", "南海区、顺德区 is not a district or town of Foshan"),
])
def test_a_district_column_naming_no_one_foshan_place_refuses_the_register(db, tmp_path, table_counts, written,
                                                                           message):
    before = table_counts(db)
    cases = [CASES[0], row(2, "佛南市监立〔2026〕12号", "佛山市某公司", "", written, "2026-03-05", "")]
    with pytest.raises(ImportRefused) as refused:
        import_register(db, workbook(tmp_path / "台账.xlsx", cases, two_rows=False))
    text = str(refused.value)
    assert text.startswith(f"台账.xlsx: 1 row refused, nothing imported: row 5, 所属区: {message}")
    assert "\n" not in text
    assert table_counts(db) == before


@pytest.mark.parametrize("written", ["1.5万", "1.5万元", "¥1.5万", "1.5 万元", 15000, 15000.0, "15,000.00", "15000元"])
def test_an_amount_in_wan_or_in_yuan_is_taken_exactly_in_fen(written):
    assert parse_amount_fen(written) == 1_500_000


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(("written", "message"), [
    ("约1.5万", "约1.5万 is not one exact amount: write the yuan in digits, such as 15,000.00, or in 万 as 1.5万"),
    ("1.5万左右", "1.5万左右 is not one exact amount"), ("1万5千", "1万5千 is not one exact amount"),
    ("1.5-2万", "1.5-2万 is not one exact amount"),
    ("1.2345678万", "An amount has at most two decimals (fen): write 1.2345678万 to the fen, such as 12345.68"),
    ("-1.5万", "An amount cannot be negative (-1.5万)"),
])
def test_an_amount_that_is_not_one_exact_sum_refuses_the_register(db, tmp_path, table_counts, written, message):
    before = table_counts(db)
    cases = [CASES[0], row(2, "佛南市监立〔2026〕12号", "佛山市某公司", "", "南海区", "2026-03-05", written)]
    with pytest.raises(ImportRefused) as refused:
        import_register(db, workbook(tmp_path / "台账.xlsx", cases, two_rows=False))
    assert str(refused.value).startswith(
        f"台账.xlsx: 1 row refused, nothing imported: row 5, 罚款金额（元）: {message}")
    assert table_counts(db) == before


@pytest.mark.usefixtures("english")
def test_a_hidden_second_column_of_fines_that_differs_refuses_the_register(db, tmp_path, table_counts):
    # an old 罚款金额 column hidden after the fines were corrected: which holds the register's fines cannot be told
    before = table_counts(db)
    path = workbook(tmp_path / "台账.xlsx", two_rows=False, columns={"O": ("罚款金额", [15000, 20000, 15000, None])})
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert str(refused.value) == (
        "台账.xlsx: columns L (罚款金额（元）) and O (罚款金额) both give 罚款金额（元） and differ in row 5: delete the "
        "column that is not to be imported (it may be hidden: unhide the columns to see it) and import the register "
        "again.")
    assert table_counts(db) == before


def test_a_second_column_of_fines_repeating_the_first_is_passed_over(db, tmp_path):
    path = workbook(tmp_path / "台账.xlsx", two_rows=False,
                    columns={"O": ("罚款金额", ["15,000.00", 15000, "1.5万", None])})  # the same amounts
    result = import_register(db, path)
    assert (result.imported, result.ignored_columns) == (4, ["序号", "内部备注", "罚款金额"])
    assert_the_cases_are_in(db)


@pytest.mark.parametrize("code", [VILLAGE, OTHER_DEPARTMENT, "A1440605551234583M", "n2440605-551234567g"])
def test_a_uscc_whose_registration_department_is_a_letter_is_valid(code):
    assert normalize_uscc(code) == code.upper().replace("-", "")


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(("code", "message"), [
    ("N2440605551234567H", "The check character of N2440605551234567H is wrong"),
    ("I2440605551234567G", "I2440605551234567G is not a unified social credit code"),  # I is not in the alphabet
    ("N244060A551234567G", "N244060A551234567G is not a unified social credit code"),  # the region is digits
    ("N2440605551234567", "N2440605551234567 has 17 characters"),
])
def test_a_letter_coded_uscc_mistyped_is_refused_as_any_other(code, message):
    with pytest.raises(ValueError, match=message):
        normalize_uscc(code)


def test_a_party_kind_is_an_individual_business_only_for_a_92_code(db, tmp_path):
    import_register(db, workbook(tmp_path / "台账.xlsx", two_rows=False))
    kinds = dict(db.execute("SELECT uscc, kind FROM parties WHERE uscc != ''"))
    assert kinds == {COMPANY: "company", PUBLIC_INSTITUTION: "company", VILLAGE: "company"}
