"""A work order with its number and a time but no complaint text (a row cut after its first cells, or the text cell
left empty) is no complaint: the file is refused naming its row, as a row whose time cannot be read is, instead of
the row being stored and counted as imported. Blank, footnote and total rows are still left out without a word, and
a last row cut short is still said to be cut short."""

import pytest

from workstation.importing.complaints import import_complaints

HEADER = "投诉编号,投诉时间,投诉人,联系电话,被投诉方,投诉内容,投诉类别,处理状态"
GOOD = "R1,2026-01-01 10:00,张,13800138000,某公司,接到推销电话骚扰电话,房地产,已受理"


def export(tmp_path, *rows: str):
    path = tmp_path / "消委会.csv"
    path.write_text("\n".join([HEADER, GOOD, *rows]) + "\n", encoding="utf-8")
    return path


def stored(db) -> int:
    return db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]


@pytest.mark.parametrize("row", ["R3,2026-01-02 10:00", "R4,2026-01-02 11:00,李,13900139000,某公司,,房地产,已受理",
                                 "R4,2026-01-02 11:00,李,13900139000,某公司,  ,房地产,已受理"])
def test_a_work_order_without_its_text_refuses_the_file_naming_its_row(db, tmp_path, english, row):
    [outcome] = import_complaints(db, [export(tmp_path, row)]).files
    assert outcome.refused == (
        "消委会.csv: 1 row cannot be read; nothing was imported from this file. First: row 3, 投诉内容: the complaint "
        "text is empty, and a work order without its text is no complaint: write its text or delete the row.")
    assert outcome.errors == [{"file": "消委会.csv", "row": 3, "field": "投诉内容", "message": outcome.errors[0]["message"]}]
    assert stored(db) == 0


def test_blank_footnote_and_total_rows_are_still_left_out(db, tmp_path):
    [outcome] = import_complaints(db, [export(tmp_path, ",,,,,,,", "制表人：张三", "合计,1件,,,,,,")]).files
    assert not outcome.refused and (outcome.rows, outcome.imported) == (1, 1)


def test_a_complaint_without_a_time_is_still_imported(db, tmp_path):
    [outcome] = import_complaints(db, [export(tmp_path, "R5,,李,13900139000,某公司,有文字没有时间,房地产,已受理")]).files
    assert not outcome.refused and outcome.imported == 2


def test_a_last_row_cut_short_before_its_text_is_said_to_be_cut_short(db, tmp_path, english):
    path = tmp_path / "截断.csv"
    path.write_bytes("\n".join([HEADER, GOOD, "R3,2026-01-02 10:00,王"]).encode("utf-8"))
    [outcome] = import_complaints(db, [path]).files
    assert outcome.refused.startswith("截断.csv, row 3: the last row is cut short")
