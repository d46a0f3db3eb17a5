"""Complaint exports as officers feed them: numbers written every way, CSV files cut short or with an unclosed
quotation mark, values outside the header of a workbook, row numbers of a file mixing encodings."""

import json

import openpyxl
import pytest

from workstation.cli import main
from workstation.importing.complaints import complainant_digits, import_complaints
from workstation.screening.phones import extract_phones, normalise_phone
from workstation.store.complaints import search_complaints

HEADER = "投诉编号,投诉时间,投诉人,联系电话,被投诉方,投诉内容,投诉类别,处理状态"
GOOD_ROWS = ["TS1,2026-03-06 10:00:00,张,13800138001,,骚扰电话,其他,已受理",
             "TS2,2026-03-06 11:00:00,李,13800138002,,推销电话,其他,已受理"]


def write_lines(path, lines, end="\r\n", encoding="utf-8"):
    path.write_bytes((end.join(lines) + end).encode(encoding))
    return path


def count(db):
    return db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]


@pytest.fixture
def good(tmp_path):
    return write_lines(tmp_path / "good.csv", [HEADER, *GOOD_ROWS])


# --- the complainant's number ---------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["0757-81234567", "+86-757-81234567", "+86 0757 81234567", "0086-757-81234567",
                                     "86-0757-81234567", "(86)757-81234567", "+86(0757)81234567",
                                     "＋８６－７５７－８１２３４５６７", "0086 757 8123 4567"])
def test_a_landline_complainant_number_is_area_code_and_number_however_written(written):
    assert complainant_digits(written) == "075781234567"


@pytest.mark.parametrize("written", ["0086 138 0013 8000", "(+86)13800138000", "+86 138-0013-8000", "13800138000"])
def test_a_mobile_complainant_number_is_eleven_digits(written):
    assert complainant_digits(written) == "13800138000"


def test_the_same_complaint_from_a_landline_written_two_ways_is_linked(db, tmp_path):
    hotline = tmp_path / "hotline.csv"
    write_lines(hotline, ["工单编号,受理时间,来电号码,内容描述",
                          "GD1,2026-03-05 10:00:00,+86 0757 81234567,某房产中介天天打电话推销楼盘，严重骚扰"])
    council = write_lines(tmp_path / "council.csv", [HEADER, "TS9,2026-03-06 09:00:00,张,0757-8123 4567,,"
                                                             "某房产中介天天打电话推销楼盘，严重骚扰,其他,已受理"])
    result = import_complaints(db, [hotline, council])
    assert [f.profile for f in result.files] == ["12345", "consumer_council"]
    assert result.files[1].same_as == 1
    phones = {p for (p,) in db.execute("SELECT complainant_phone FROM complaints")}
    assert phones == {"075781234567"}


@pytest.mark.parametrize("written", ["138\u30000013\u30008000", "0757\u30008123\u30004567"])
def test_numbers_spaced_with_the_ideographic_space_are_found(written):
    expected = "13800138000" if written.startswith("1") else "075781234567"
    assert normalise_phone(written) == expected
    assert extract_phones(f"对方用{written}天天打电话骚扰") == [expected]


# --- CSV files that do not end as they should --------------------------------------------------------------


def test_an_unclosed_quotation_mark_refuses_the_file_by_row(db, tmp_path, good, english):
    bad = write_lines(tmp_path / "引号.csv", [HEADER, 'TS7,2026-03-06 10:00:00,张,13800138001,,"骚扰电话,其他,已受理',
                                            *GOOD_ROWS])
    result = import_complaints(db, [bad, good])
    refused, fine = result.files
    assert "引号.csv, row 2: a quotation mark opened in this row is never closed" in refused.refused
    assert refused.errors[0]["row"] == 2 and refused.imported == 0
    assert fine.imported == 2 and not fine.refused and count(db) == 2


def test_an_unclosed_quotation_mark_in_the_last_row_refuses_the_file(db, tmp_path, english):
    bad = tmp_path / "末行.csv"
    bad.write_bytes(("\r\n".join([HEADER, *GOOD_ROWS]) + '\r\nTS3,2026-03-06 12:00:00,王,13800138003,,"短信').encode())
    result = import_complaints(db, [bad])
    assert "row 4: a quotation mark opened in this row is never closed" in result.files[0].refused
    assert count(db) == 0


def test_a_last_row_cut_short_without_a_line_break_refuses_the_file(db, tmp_path, good, english):
    bad = tmp_path / "截断.csv"
    bad.write_bytes(("\r\n".join([HEADER, *GOOD_ROWS]) + "\r\nTS3,2026-03-06 12:00:00,王").encode("gb18030"))
    result = import_complaints(db, [bad, good])
    refused, fine = result.files
    assert "截断.csv, row 4: the last row is cut short" in refused.refused
    assert refused.errors[0]["row"] == 4 and refused.imported == 0
    assert fine.imported == 2 and count(db) == 2


def test_short_rows_that_end_with_a_line_break_or_are_totals_import(db, tmp_path):
    short = write_lines(tmp_path / "short.csv", [HEADER, *GOOD_ROWS, "TS3,2026-03-06 12:00:00,王,,,短信"])
    total = tmp_path / "total.csv"
    total.write_bytes(("\r\n".join([HEADER, "TS4,2026-03-06 12:00:00,王,,,短信,其他,已受理",
                                    "合计,1件"])).encode())
    noted = tmp_path / "noted.csv"
    noted.write_bytes(("\r\n".join([HEADER, "TS5,2026-03-06 12:00:00,王,,,短信,其他,已受理", "制表人：张三"])).encode())
    multiline = tmp_path / "multiline.csv"
    multiline.write_bytes(("\r\n".join([HEADER, 'TS6,2026-03-06 12:00:00,王,,,"短信\r\n又来电话",其他,已受理', ""])).encode())
    result = import_complaints(db, [short, total, noted, multiline])
    assert [f.refused for f in result.files] == [""] * 4
    assert [f.imported for f in result.files] == [3, 1, 1, 1]
    text = db.execute("SELECT text FROM complaints WHERE external_id = 'TS6'").fetchone()[0]
    assert text == "短信\r\n又来电话"


def test_complaints_import_on_the_command_line_refuses_the_unclosed_quote(tmp_path, capsys, good, english):
    bad = write_lines(tmp_path / "引号.csv", [HEADER, 'TS7,2026-03-06 10:00:00,张,13800138001,,"骚扰电话,其他,已受理',
                                            *GOOD_ROWS])
    station = tmp_path / "station"
    assert main(["--data-dir", str(station), "init", "--plaintext"]) == 0
    capsys.readouterr()
    code = main(["--data-dir", str(station), "complaints", "import", str(bad), str(good), "--json"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.count("\n") == 1 and err.startswith(f"Error: {bad}, row 2:")  # the file as typed and "Traceback" not in err
    result = json.loads(out)
    # the files of one command are imported all or none (CLI.md: exit 1 changed nothing), the good one too
    assert result["imported"] == 0 and result["errors"][0]["row"] == 2 and result["imported_files"] == []
    assert [f["refused"] is None for f in result["files"]] == [False, True]


# --- workbooks: a value outside the header ------------------------------------------------------------------


def test_a_value_right_of_the_header_is_named_by_its_cell(db, tmp_path, good, english):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "佛山市12345热线工单"
    for column, text in zip("BCD", ["工单编号", "受理时间", "内容描述"], strict=True):
        sheet[f"{column}3"] = text
    sheet.append([None, "GD1", "2026-03-05 10:00:00", "推销电话"])
    sheet.append([None, "GD2", "2026-03-05 11:00:00", "骚扰电话", None, "已回访"])
    workbook.save(tmp_path / "工单.xlsx")
    result = import_complaints(db, [tmp_path / "工单.xlsx", good])
    refused, fine = result.files
    assert "工单.xlsx, row 5: cell F5 holds a value (已回访) but its column has no header" in refused.refused
    assert "header ends at column D" in refused.refused and "unquoted separator" not in refused.refused
    assert refused.errors[0]["row"] == 5 and fine.imported == 2 and count(db) == 2


# --- encodings: the row as the officer sees it -------------------------------------------------------------------


def test_a_row_in_another_encoding_is_counted_as_rows_not_lines(db, tmp_path, english):
    path = tmp_path / "混合.csv"
    path.write_bytes(f"{HEADER}\r\n".encode() + 'TS1,2026-03-06 10:00:00,张,13800138001,,"骚扰\r\n电话",其他,已受理\r\n'
                     .encode() + f"{GOOD_ROWS[1]}\r\n".encode("gb18030"))
    result = import_complaints(db, [path])
    assert "混合.csv, row 3: this row is not written in UTF-8" in result.files[0].refused
    assert result.files[0].errors[0]["row"] == 3 and count(db) == 0


def test_a_csv_that_cannot_be_opened_is_refused_while_the_others_import(db, tmp_path, good, monkeypatch, english):
    locked = write_lines(tmp_path / "打开中.csv", [HEADER, *GOOD_ROWS])
    real_open = type(locked).open

    def open_(self, *args, **kwargs):
        if self.name == locked.name:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(type(locked), "open", open_)
    result = import_complaints(db, [locked, good])
    refused, fine = result.files
    assert "打开中.csv cannot be read (permission denied): close it in other programs" in refused.refused
    assert refused.imported == 0 and fine.imported == 2 and count(db) == 2


# --- a landline written without its area code ---------------------------------------------------------------


@pytest.mark.parametrize("written", ["81234567", "8123-4567", "8123 4567", "８１２３４５６７", 81234567.0])
def test_a_landline_without_area_code_gets_the_foshan_one_like_the_leads_phones(written):
    assert complainant_digits(written) == "075781234567" == normalise_phone(str(written).removesuffix(".0"))


def test_a_seven_digit_landline_and_the_rules_area_code():
    assert complainant_digits("2812345") == "07572812345"
    assert complainant_digits("8123-4567", "020") == "02081234567"
    assert complainant_digits("0757-81234567", "020") == "075781234567"  # an area code written stays
    for kept in ("12345", "10086", "123456789", "1234567"):  # no landline: the digits as written
        assert complainant_digits(kept) == kept


def test_the_same_complaint_with_and_without_the_area_code_is_linked_and_masked(db, tmp_path):
    hotline = write_lines(tmp_path / "hotline.csv", [
        "工单编号,受理时间,来电号码,内容描述",
        "GD1,2026-03-05 10:00:00,0757-81234567,某房产中介天天打电话推销楼盘，严重骚扰"])
    council = write_lines(tmp_path / "council.csv", [HEADER, "TS9,2026-03-06 09:00:00,张,8123-4567,,"
                                                             "某房产中介天天打电话推销楼盘，严重骚扰,其他,已受理"])
    result = import_complaints(db, [hotline, council])
    assert [f.profile for f in result.files] == ["12345", "consumer_council"]
    assert result.files[1].same_as == 1
    linked = dict(db.execute("SELECT external_id, same_as FROM complaints"))
    first = db.execute("SELECT id FROM complaints WHERE external_id = 'GD1'").fetchone()[0]
    assert linked == {"GD1": None, "TS9": first}
    assert {p for (p,) in db.execute("SELECT complainant_phone FROM complaints")} == {"075781234567"}
    hits = search_complaints(db, "推销")
    assert [h.complainant for h in hits] == ["0757****4567"] * 2


# --- a file with a header but no complaints -------------------------------------------------------------------


def test_a_csv_with_only_its_header_is_refused_and_the_others_import(db, tmp_path, good, english):
    bare = write_lines(tmp_path / "只有表头.csv", ["消费者投诉明细", HEADER, "", "合计,0件"])
    result = import_complaints(db, [bare, good])
    refused, fine = result.files
    assert refused.refused == ("只有表头.csv holds no complaints below its header (row 2): export the complaints "
                               "again, checking the period and filters chosen, and import the new file.")
    assert "\n" not in refused.refused and refused.imported == 0 and refused.profile == "consumer_council"
    assert refused.errors == [{"file": "只有表头.csv", "row": None, "field": None, "message": refused.refused}]
    assert fine.imported == 2 and not fine.refused and count(db) == 2
    assert result.as_dict()["rows"] == 2 and result.as_dict()["imported"] == 2
    assert [f["refused"] is None for f in result.as_dict()["files"]] == [False, True]


def test_a_workbook_with_a_title_and_a_header_but_no_rows_is_refused(db, tmp_path, good, english):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "佛山市12345热线工单（2026年3月）"
    for column, text in zip("ABCD", ["工单编号", "受理时间", "来电号码", "内容描述"], strict=True):
        sheet[f"{column}2"] = text
    workbook.save(tmp_path / "空工单.xlsx")
    result = import_complaints(db, [good, tmp_path / "空工单.xlsx"], dry_run=True)
    assert result.files[0].imported == 2 and not result.files[0].refused
    assert result.files[1].refused.startswith("空工单.xlsx holds no complaints below its header (row 2): export")
    result = import_complaints(db, [tmp_path / "空工单.xlsx"])
    assert result.refused and result.files[0].imported == 0 and count(db) == 0


# --- the run's totals count the files imported only ----------------------------------------------------------


def test_the_rows_of_a_refused_file_are_not_in_the_totals(db, tmp_path, good):
    bad = write_lines(tmp_path / "多列.csv", [HEADER, "TS3,2026-03-06 12:00:00,王,13800138003,,短信,其他,已受理",
                                             "TS4,2026-03-06 12:00:00,赵,13800138004,,短信,其他,已受理",
                                             "TS5,2026-03-06 12:00:00,钱,13800138005,,短信,其他,已受理,多余,值"])
    result = import_complaints(db, [bad, good])
    refused, fine = result.files
    assert refused.refused and refused.rows == 2 and refused.imported == 0  # its own report keeps what was read
    assert fine.rows == fine.imported == 2
    totals = result.as_dict()
    assert (totals["rows"], totals["imported"], totals["duplicates"]) == (2, 2, 0)
    assert result.rows == 2 and count(db) == 2
