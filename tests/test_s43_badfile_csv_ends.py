"""Two ways old or European programs write a CSV file: a DOS end-of-file mark (Ctrl-Z, 0x1A) after the last line,
which ends the register's file rather than being read as a row of errors (one elsewhere is still refused), and a
semicolon as the delimiter (Excel set to a European language), which both importers read — one detection of the
delimiter, from the file's first lines."""

from __future__ import annotations

import pytest

from tests.helpers import run
from tests.test_register_import import GOOD, HEADER, write_csv
from workstation.errors import ImportRefused
from workstation.importing.complaints import import_complaints
from workstation.importing.register import import_register

COMPLAINT_HEADER = ["工单编号", "受理时间", "工单来源", "工单类型", "来电号码", "内容描述", "被反映对象", "办理状态"]


def complaint_rows(n: int = 3) -> list[list[str]]:
    return [[f"SEMI-000{i}", "2026-03-01 10:00:00", "12345热线", "投诉", f"1380013800{i}",
             f"接到骚扰电话推销楼盘，来电号码0757-8123456{i}", "佛山某地产", "已办结"] for i in range(n)]


@pytest.mark.parametrize("ending", [b"\r\n\x1a", b"\n\x1a", b"\x1a", b"\r\n\x1a\r\n", b"\r\n\x1a\x1a"],
                         ids=["crlf", "lf", "no line break", "line break after", "two marks"])
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_register_ending_in_a_dos_end_of_file_mark_is_imported(db, tmp_path, ending, encoding):
    path = write_csv(tmp_path / "台账.csv", [HEADER, *GOOD[:2]], encoding)
    path.write_bytes(path.read_bytes().removesuffix(b"\r\n") + ending)
    result = import_register(db, path)
    assert (result.rows, result.imported, result.errors) == (2, 2, [])


def test_a_dos_end_of_file_mark_inside_the_register_is_still_refused(db, tmp_path, table_counts, english):
    rows = [list(GOOD[0]), list(GOOD[1])]
    rows[0][0] += "\x1a"
    path = write_csv(tmp_path / "台账.csv", [HEADER, *rows])
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert "row 2, 案件编号: The cell holds a control character (U+001A)" in str(refused.value)
    assert table_counts(db) == before


def test_a_complaint_export_separated_by_semicolons_is_imported(db, data_dir, tmp_path, capsys, english):
    path = tmp_path / "工单.csv"
    path.write_text("\r\n".join(";".join(row) for row in [COMPLAINT_HEADER, *complaint_rows()]) + "\r\n",
                    encoding="utf-8-sig")
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "import", path)
    assert code == 0, err
    assert "工单.csv (12345热线工单): 3 rows, 3 imported, 0 duplicates." in out
    texts = [r[0] for r in db.execute("SELECT text FROM complaints ORDER BY external_id")]
    assert texts == [f"接到骚扰电话推销楼盘，来电号码0757-8123456{i}" for i in range(3)]


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_semicolons_in_the_cells_of_a_comma_or_tab_export_do_not_make_it_a_semicolon_file(db, tmp_path, delimiter):
    rows = complaint_rows()
    for row in rows:
        row[5] += ";" * 12  # more semicolons a line than delimiters, all inside quoted values
    path = tmp_path / "工单.csv"
    lines = [delimiter.join(f'"{cell}"' for cell in row) for row in [COMPLAINT_HEADER, *rows]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_complaints(db, [path])
    assert (result.files[0].refused, result.imported) == ("", 3)


def test_a_register_separated_by_semicolons_is_still_imported(db, tmp_path):
    path = tmp_path / "台账.csv"
    path.write_text("\r\n".join(";".join(row) for row in [HEADER, *GOOD[:2]]) + "\r\n", encoding="utf-8")
    result = import_register(db, path)
    assert (result.imported, result.errors) == (2, [])
