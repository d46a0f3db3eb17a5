"""Three complaint files that imported wrongly or not at all: a CSV cut short inside its last cell (a copy or export
still being written) is refused rather than storing a wrong last value, so that the complete file imports after it;
a workbook whose 诉求人信息 is merged over 姓名 | 电话 imports the complainant's number (and a telephone column left
unread is said so); and a workbook whose first sheet is empty (a 说明 sheet left blank) is read from the sheet after
it."""

from __future__ import annotations

import openpyxl
import pytest

from tests.helpers import run
from workstation.importing.complaints import import_complaints, read_header

HEADER = ["工单编号", "受理时间", "所属区", "内容描述", "来电号码"]


def _csv_lines(prefix: str, n: int = 5) -> list[str]:
    return [",".join(HEADER)] + [
        f"{prefix}{i:05d},2026-03-0{i + 1} 10:00:00,南海区,某地产公司多次拨打电话推销，号码0757-8612{i:04d},1390000000{i}"
        for i in range(1, n + 1)]


def _write(path, text: str, encoding: str = "utf-8-sig"):
    path.write_bytes(text.encode(encoding))
    return path


# --- 1. a CSV cut short inside its last cell --------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_csv_cut_inside_its_last_cell_is_refused_and_the_whole_file_then_imports(db, tmp_path, english, encoding):
    whole = "\r\n".join(_csv_lines("P")) + "\r\n"
    cut = _write(tmp_path / "工单.csv", whole[:-len("00005\r\n")], encoding)  # ends in 139000, no line break
    [outcome] = import_complaints(db, [cut]).files
    message = outcome.refused
    assert "工单.csv" in message and "does not end with a line break" in message
    assert "being written or copied" in message
    assert db.execute("SELECT count(*) FROM complaints").fetchone() == (0,)
    full = _write(tmp_path / "工单.csv", whole, encoding)
    result = import_complaints(db, [full])
    assert (result.imported, result.files[0].number_conflicts, result.errors) == (5, 0, [])
    assert db.execute("SELECT complainant_phone FROM complaints WHERE external_id = 'P00005'").fetchone() == (
        "13900000005",)


def test_the_cut_file_is_refused_on_the_command_line_and_a_total_or_quoted_end_is_not(db, data_dir, tmp_path,
                                                                                       capsys, english):
    cut = _write(tmp_path / "writing.csv", "\r\n".join(_csv_lines("W"))[:-3])
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "import", cut)
    assert code == 1 and "writing.csv" in err and "does not end with a line break" in err
    # a total row left out at the end, or a last value closed by its quotation mark, is no value cut short
    total = _write(tmp_path / "total.csv", "\r\n".join([*_csv_lines("T"), "合计,5件"]))
    assert [f.refused for f in import_complaints(db, [total]).files] == [""]
    lines = "\r\n".join(_csv_lines("Q"))
    quoted = _write(tmp_path / "quoted.csv", lines[:lines.rindex(",")] + ',"13900000005"')
    assert [f.refused for f in import_complaints(db, [quoted]).files] == [""]


def test_a_csv_ending_with_a_line_break_or_a_dos_mark_still_imports(db, tmp_path):
    lines = _csv_lines("E")
    good = _write(tmp_path / "lf.csv", "\n".join(lines) + "\n")
    marked = _write(tmp_path / "mark.csv", "\r\n".join(_csv_lines("M")) + "\x1a")
    result = import_complaints(db, [good, marked])
    assert (result.imported, result.errors) == (10, [])


# --- 2. a grouped header: 诉求人信息 merged over 姓名 | 电话 -------------------------------------------------------


def _grouped(path, group: str = "诉求人信息", phone: str = "电话"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["工单编号", "受理时间", group, None, "诉求内容", "被反映对象"])
    sheet.append([None, None, "姓名", phone, None, None])
    sheet.merge_cells("C1:D1")
    for column in "ABEF":
        sheet.merge_cells(f"{column}1:{column}2")
    for i in range(1, 4):
        sheet.append([f"H000{i}", f"2026-03-0{i} 09:30:00", "钱七", f"1360000000{i}",
                      f"本人手机近期每天接到某培训机构推销电话{i}", "某教育培训机构"])
    book.save(path)
    return path


def test_the_phone_under_a_group_named_with_xinxi_is_imported(db, tmp_path):
    result = import_complaints(db, [_grouped(tmp_path / "group.xlsx")])
    assert (result.imported, result.errors) == (3, [])
    phones = [r[0] for r in db.execute("SELECT complainant_phone FROM complaints ORDER BY external_id")]
    assert phones == ["13600000001", "13600000002", "13600000003"]
    assert result.files[0].remembered_note() == ""


def test_the_column_wizard_maps_the_grouped_phone_column(db, tmp_path):
    header = read_header(db, _grouped(tmp_path / "group.xlsx", group="诉求人情况"))
    assert header.mapping["complainant_phone"] == "诉求人情况 / 电话"


def test_a_telephone_column_left_unread_is_said_so(db, tmp_path, english):
    result = import_complaints(db, [_grouped(tmp_path / "group.xlsx", group="当事人资料", phone="手机")])
    assert result.imported == 3
    note = result.files[0].remembered_note()
    assert "当事人资料 / 手机" in note and "complainant's telephone number" in note
    assert result.files[0].unread_phone == ["当事人资料 / 手机"]


# --- 3. an empty first sheet --------------------------------------------------------------------------------------


def test_a_workbook_whose_first_sheet_is_empty_is_read_from_the_next(db, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "说明"
    sheet = book.create_sheet("工单")
    sheet.append(["工单编号", "受理时间", "来电号码", "诉求人", "内容描述", "被反映对象", "所属区"])
    for i in range(1, 4):
        sheet.append([f"S2000{i}", f"2026-03-0{i + 1} 10:00:00", f"1380013800{i}", "张三",
                      f"投诉佛山某某地产公司多次拨打电话推销房产，号码0757-8612000{i}", "佛山某某地产公司", "南海区"])
    path = tmp_path / "sheet2.xlsx"
    book.save(path)
    assert read_header(db, path).rows == 3
    result = import_complaints(db, [path])
    assert (result.imported, result.errors, result.files[0].sheets_left_out) == (3, [], [])
