"""The register import as registers are really written: a unit of 万元 (or 万条) stated above the header or in a note is
not read as yuan (or records) — the import is refused naming the row, unless each amount carries its 万; amounts and
counts headed 处罚金额（元）, 行政处罚金额（元）, 涉案信息数 or 涉案个人信息数量 are read, and other wordings of them are refused
rather than imported as 0; 共计, 汇总 and 累计 rows and notes under the table (填报说明：…, 数据来源：…, 单位：…) are passed
over, a case row never; a row blank but for a cell merged down over it is blank; 30,000元整 is ¥30,000; and Ctrl+C
arriving as an import's transaction commits does not say nothing was changed."""

import sqlite3

import openpyxl
import pytest

from tests.helpers import run
from workstation.errors import ImportRefused
from workstation.importing.register import import_register
from workstation.paths import database_path
from workstation.store import find_case, list_cases

HEADER = ["案件编号", "当事人", "所属区", "行业领域", "案由", "违法行为", "立案日期", "办理状态", "涉案信息条数",
          "罚款金额", "没收违法所得"]


def case(n, header=HEADER, **values):
    row = {"案件编号": f"佛禅市监立〔2026〕{n}号", "当事人": f"佛山市禅城区某{n}公司", "所属区": "禅城区",
           "行业领域": "其他", "案由": f"出售个人信息案{n}", "违法行为": "出售个人信息", "立案日期": "2026-03-01",
           "办理状态": "已决定", "涉案信息条数": 3, "罚款金额": 3, "没收违法所得": 0.5}
    row.update(values)
    return [row.get(h) for h in header]


def workbook(path, lines, merges=()):
    book = openpyxl.Workbook()
    sheet = book.active
    for line in lines:
        sheet.append(line)
    for area in merges:
        sheet.merge_cells(area)
    book.save(path)
    return path


def stored(db):
    return {row.case_number: find_case(db, row.id) for row in list_cases(db, limit=1000)}


def refusal(db, path) -> str:
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert stored(db) == {}
    return refused.value.message


# 1. a unit of 万元 or 万条 stated for the register

def test_amounts_in_wan_stated_above_the_header_are_refused_naming_the_row(db, tmp_path, english):
    path = workbook(tmp_path / "台账.xlsx", [
        ["2026年侵害消费者个人信息案件台账"],
        ["填报单位：禅城区市场监督管理局", None, None, None, None, None, None, None, None, "金额单位：万元"],
        HEADER, case(901), case(902, 罚款金额=1.2, 没收违法所得=None)])
    message = refusal(db, path)
    assert "row 2" in message and "万元" in message
    assert "yuan" in message and "3万" in message


def test_amounts_each_written_with_wan_under_a_wan_statement_are_imported(db, tmp_path):
    path = workbook(tmp_path / "台账.xlsx", [
        ["2026年案件台账（金额单位：万元）"], HEADER, case(901, 罚款金额="3万", 没收违法所得="0.5万"),
        case(902, 罚款金额="1.2万", 没收违法所得=None)])
    assert import_register(db, path).imported == 2
    cases = stored(db)
    assert cases["佛禅市监立〔2026〕901号"].fine_fen == 3_000_000
    assert cases["佛禅市监立〔2026〕901号"].confiscated_fen == 500_000
    assert cases["佛禅市监立〔2026〕902号"].fine_fen == 1_200_000


def test_a_wan_unit_in_a_csv_title_in_a_header_cell_or_in_a_note_under_the_table_is_refused(db, tmp_path, english):
    csv = tmp_path / "台账.csv"
    csv.write_text("（金额单位：万元）\n" + ",".join(HEADER) + "\n" + ",".join(map(str, case(903))) + "\n",
                   encoding="utf-8-sig")
    assert "row 1" in refusal(db, csv)
    in_header = workbook(tmp_path / "header.xlsx", [HEADER + ["（单位：万元）"], case(904)])
    assert "row 1" in refusal(db, in_header)
    below = workbook(tmp_path / "below.xlsx", [HEADER, case(905), case(906), ["填报说明：金额单位为万元"]])
    assert "row 4" in refusal(db, below)


def test_counts_in_wan_tiao_are_refused_and_a_title_naming_an_amount_is_no_unit(db, tmp_path, english):
    path = workbook(tmp_path / "台账.xlsx", [["信息条数单位：万条"], HEADER, case(907)])
    message = refusal(db, path)
    assert "row 1" in message and "万条" in message
    titled = workbook(tmp_path / "title.xlsx", [["罚款1万元以上案件台账"], HEADER, case(908, 罚款金额=30000)])
    assert import_register(db, titled).imported == 1
    assert stored(db)["佛禅市监立〔2026〕908号"].fine_fen == 3_000_000


# 2. other wordings of the amounts and counts

@pytest.mark.parametrize(("records", "fine"), [("涉案信息条数", "处罚金额（元）"), ("涉案信息数", "罚款金额（元）"),
                                               ("涉案个人信息数量", "行政处罚金额（元）")])
def test_amounts_and_counts_in_other_common_wordings_are_read(db, tmp_path, records, fine):
    header = [records if h == "涉案信息条数" else fine if h == "罚款金额" else h for h in HEADER]
    row = case(960, 涉案信息条数="1,000", 罚款金额="50,000", 没收违法所得="2,000")
    path = workbook(tmp_path / "台账.xlsx", [header, row])
    result = import_register(db, path)
    assert (result.imported, result.ignored_columns) == (1, [])
    one = stored(db)["佛禅市监立〔2026〕960号"]
    assert (one.records_total, one.fine_fen, one.confiscated_fen) == (1000, 5_000_000, 200_000)


@pytest.mark.parametrize("column", ["涉案信息（万条）", "涉案信息数（万）", "处罚金额（万元）"])
def test_a_column_of_amounts_or_counts_in_another_unit_is_refused_not_imported_as_0(db, tmp_path, english, column):
    field = "罚款金额" if "元" in column else "涉案信息条数"
    header = [column if h == field else h for h in HEADER]
    message = refusal(db, workbook(tmp_path / "台账.xlsx", [header, case(961)]))
    assert column in message and "nothing was imported" in message


# 4. total rows and notes under the table

@pytest.mark.parametrize("label", ["共计", "汇总", "累计", "总 计", "本页小计"])
def test_total_rows_and_notes_under_the_table_are_passed_over(db, tmp_path, label):
    path = workbook(tmp_path / "台账.xlsx", [
        HEADER, case(700), case(701), [label, None, None, None, None, None, None, None, 6, 6, 1],
        ["注：以上数据截至2026年11月30日"], ["填报说明：金额单位为元"], ["填表说明：每案一行"],
        ["数据来源：案件管理系统"], ["单位：元、条"]])
    result = import_register(db, path)
    assert (result.rows, result.imported, result.errors) == (2, 2, [])


def test_a_case_row_beginning_with_a_note_label_is_not_passed_over(db, tmp_path):
    path = workbook(tmp_path / "台账.xlsx", [HEADER, case(702), case(703, 案件编号="数据来源：区局移送")])
    result = import_register(db, path)
    assert (result.rows, result.imported) == (2, 2)
    assert "佛山市禅城区某703公司" in {one.party_names for one in stored(db).values()}


# 5. a cell merged down over a blank row

def test_a_blank_row_under_a_district_merged_down_over_it_is_blank(db, tmp_path):
    path = workbook(tmp_path / "台账.xlsx", [HEADER, case(710), [None] * len(HEADER), case(711, 所属区=None),
                                           ["禅城区小计"] + [None] * 7 + [6, 6, 1]], merges=["C2:C4"])
    result = import_register(db, path)
    assert (result.rows, result.imported, result.errors) == (2, 2, [])
    assert {one.district for one in stored(db).values()} == {"禅城区"}


# 6. 元整

def test_an_amount_written_yuan_zheng_is_read(db, tmp_path):
    path = workbook(tmp_path / "台账.xlsx", [HEADER, case(720, 罚款金额="30,000元整", 没收违法所得="3万元整")])
    assert import_register(db, path).imported == 1
    one = stored(db)["佛禅市监立〔2026〕720号"]
    assert (one.fine_fen, one.confiscated_fen) == (3_000_000, 3_000_000)


# 3. Ctrl+C as the import commits

class _InterruptedAfterCommit:
    """A connection whose COMMIT of a write transaction (begun BEGIN IMMEDIATE) is done, then Ctrl+C arrives."""

    def __init__(self, conn):
        self._conn = conn
        self.fired = False

    def execute(self, sql, *args):
        cursor = self._conn.execute(sql, *args)
        if sql == "COMMIT" and not self.fired:
            self.fired = True
            raise KeyboardInterrupt
        return cursor

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_ctrl_c_arriving_once_the_import_committed_does_not_say_nothing_was_changed(data_dir, tmp_path, capsys,
                                                                                     monkeypatch, english):
    assert run(capsys, "--data-dir", data_dir, "init", "--plaintext")[0] == 0
    path = workbook(tmp_path / "台账.xlsx", [HEADER, case(730), case(731)])
    from workstation.importing import register

    real_import = register.import_register
    injected = []

    def importing(db, *args, **kwargs):  # the interrupt armed on the import's own connection
        injected.append(_InterruptedAfterCommit(db.conn))
        db.conn = injected[-1]
        try:
            return real_import(db, *args, **kwargs)
        finally:
            db.conn = injected[-1]._conn

    monkeypatch.setattr(register, "import_register", importing)
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", path)
    assert injected and injected[0].fired
    assert "nothing was changed" not in err
    conn = sqlite3.connect(database_path(data_dir))
    try:
        assert conn.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 2
    finally:
        conn.close()
    assert code == 0 and "2 imported" in out
