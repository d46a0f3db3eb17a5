"""Complaints without a work-order number are found again by what they say (channel, receipt time, complainant's
number, text; every cell of the row when the time has no hour): importing the same export again, or a later one
overlapping it, adds only what is new; another text from the same caller at the same time is another complaint;
a row written twice in one file is one complaint, which the summary says; complaints stored before the content
keys existed get theirs when the database is migrated."""

import csv
import json

import pytest

from tests.helpers import run
from workstation.importing.complaints import import_complaints
from workstation.store.complaints import INSERT_COLUMNS, insert_complaints

HEADER = ["投诉时间", "联系电话", "投诉内容", "被投诉方"]
ROWS = [
    ["2026-03-05 14:22:10", "13800138000", "佛山某装饰公司天天打电话推销装修，严重骚扰", "某装饰公司"],
    ["2026-03-05 15:00:00", "0757-88881234", "收到推销短信，回复退订无效", ""],
    ["2026-03-06 09:30:00", "", "匿名：某楼盘销售知道我的姓名和住址，个人信息被泄露", "某楼盘"],
]


def write_csv(path, rows, header=HEADER):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def counts(result):
    return result.rows, result.imported, result.duplicates


def stored(db):
    return db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]


def test_importing_an_export_without_work_order_numbers_again_adds_nothing(db, tmp_path):
    path = write_csv(tmp_path / "消委会投诉.csv", ROWS)
    assert counts(import_complaints(db, [path])) == (3, 3, 0)
    again = import_complaints(db, [path])
    assert counts(again) == (3, 0, 3)
    assert again.files[0].repeated == 0  # found among those stored, not within the file
    assert stored(db) == 3


def test_a_later_export_overlapping_the_first_adds_only_the_new_rows(db, tmp_path):
    import_complaints(db, [write_csv(tmp_path / "三月上旬.csv", ROWS)])
    later = [  # the same complaints written otherwise (time, number, spaces), then two new ones
        ["2026/3/5 15:00", "0757 8888 1234", "收到推销短信， 回复退订无效 ", ""],
        ["2026年3月6日 9时30分", "", "匿名：某楼盘销售知道我的姓名和住址，\n个人信息被泄露", "某楼盘"],
        ["2026-03-07 10:00:00", "13900139000", "培训机构天天打电话，孩子信息被泄露", "某教育公司"],
        ["2026-03-07 11:00:00", "13800138000", "佛山某装饰公司天天打电话推销装修，严重骚扰", "某装饰公司"],
    ]
    result = import_complaints(db, [write_csv(tmp_path / "三月中旬.csv", later)])
    assert counts(result) == (4, 2, 2)
    assert stored(db) == 5


def test_the_same_caller_at_the_same_time_with_another_text_is_another_complaint(db, tmp_path):
    same_call = [["2026-03-05 14:22:10", "13800138000", text, ""] for text in
                 ("商家推销电话骚扰", "商家泄露我的个人信息")]
    assert counts(import_complaints(db, [write_csv(tmp_path / "a.csv", same_call)])) == (2, 2, 0)
    third = [["2026-03-05 14:22:10", "13800138000", "商家拒不退款", ""], *same_call]
    assert counts(import_complaints(db, [write_csv(tmp_path / "b.csv", third)])) == (3, 1, 2)
    other_channel = write_csv(tmp_path / "12345.csv", same_call, ["受理时间", "来电号码", "内容描述", "被反映对象"])
    assert counts(import_complaints(db, [other_channel])) == (2, 2, 0)  # linked as the same complaint, not dropped


def test_rows_with_a_work_order_number_keep_their_own_rule(db, tmp_path):
    header = ["投诉编号", *HEADER]
    rows = [["TS1", *ROWS[0]], ["TS2", *ROWS[0]], ["", *ROWS[0]]]
    assert counts(import_complaints(db, [write_csv(tmp_path / "a.csv", rows, header)])) == (3, 3, 0)
    assert counts(import_complaints(db, [write_csv(tmp_path / "b.csv", rows, header)])) == (3, 0, 3)


def test_a_row_written_twice_in_one_file_is_one_complaint_and_the_summary_says_so(tmp_path, capsys, english):
    path = write_csv(tmp_path / "消委会投诉.csv", [ROWS[0], ROWS[1], ROWS[0]])
    code, out, _err = run(capsys, "complaints", "import", str(path), "--data-dir", str(tmp_path / "站点"))
    assert code == 0
    assert "3 rows, 2 imported, 1 duplicates" in out
    assert ("消委会投诉.csv: rows without a work-order number that repeat a row above them in the file (the same "
            "time, complainant's number and text): 1; each was counted as a duplicate") in out
    code, out, _err = run(capsys, "complaints", "import", str(path), "--data-dir", str(tmp_path / "站点"), "--json")
    result = json.loads(out)
    assert (result["imported"], result["duplicates"], result["files"][0]["repeated"]) == (0, 3, 1)


def test_without_the_hour_only_a_row_identical_in_every_cell_is_the_same_complaint(db, tmp_path):
    dated = [["2026-03-07", "", "推销电话骚扰", "甲公司"], ["2026-03-07", "", "推销电话骚扰", "乙公司"],
             ["2026-03-07", "", "推销电话骚扰", "甲公司"]]
    first = import_complaints(db, [write_csv(tmp_path / "a.csv", dated)])
    assert counts(first) == (3, 2, 1) and first.files[0].repeated == 1
    assert counts(import_complaints(db, [write_csv(tmp_path / "b.csv", dated[:2])])) == (2, 0, 2)


def test_a_row_repeated_in_a_later_batch_of_the_file_is_found_too(db, tmp_path, monkeypatch):
    from workstation.importing import complaints

    monkeypatch.setattr(complaints, "BATCH", 2)
    result = import_complaints(db, [write_csv(tmp_path / "a.csv", [ROWS[0], ROWS[1], ROWS[2], ROWS[0], ROWS[1]])])
    assert counts(result) == (5, 3, 2) and result.files[0].repeated == 2


def test_a_dry_run_counts_the_duplicates_without_storing_anything(db, tmp_path):
    path = write_csv(tmp_path / "a.csv", [*ROWS, ROWS[2]])
    assert counts(import_complaints(db, [path], dry_run=True)) == (4, 3, 1)
    assert stored(db) == 0


@pytest.fixture
def stored_before_content_keys(tmp_path, db):
    """The complaint rows an import stored of an export without work-order numbers (one complaint written twice,
    one row whose time has no hour), as a version before the content keys stored them: without one."""
    rows = [*ROWS, ["2026-03-08", "13600136000", "推销电话骚扰", "甲公司"]]
    path = write_csv(tmp_path / "旧导出.csv", rows)
    import_complaints(db, [path])
    columns = ", ".join(INSERT_COLUMNS[:-1])
    old = db.execute(f"SELECT {columns} FROM complaints ORDER BY rowid").fetchall()
    twice = list(old[0])
    twice[0] = "written-twice"  # imported twice before the content keys: stored twice
    return path, [*old, tuple(twice)]


def test_complaints_stored_before_the_content_keys_are_found_again_after_migrating(tmp_path, monkeypatch,
                                                                                   stored_before_content_keys):
    from workstation.db import open_database, schema
    from workstation.paths import database_path

    path, old_rows = stored_before_content_keys
    data_dir = tmp_path / "旧站点"
    data_dir.mkdir()
    every = list(schema.MIGRATIONS)
    monkeypatch.setattr(schema, "MIGRATIONS", [m for m in every if m[0] < "m015"])
    db = open_database(database_path(data_dir))
    with db.atomic():
        insert_complaints(db, old_rows)
    db.conn.close()
    monkeypatch.setattr(schema, "MIGRATIONS", every)
    db = open_database(database_path(data_dir))
    try:
        keys = [k for (k,) in db.execute("SELECT content_key FROM complaints ORDER BY rowid")]
        assert all(keys) and keys[0] == keys[-1] and len(set(keys)) == 4
        again = import_complaints(db, [path])
        assert counts(again) == (4, 0, 4)
        assert stored(db) == 5  # the copy stored twice before stays: the migration removes nothing
        plan = db.execute("EXPLAIN QUERY PLAN SELECT 1 FROM complaints WHERE content_key = 'x'").fetchall()
        assert "complaints_content" in str(plan)
    finally:
        db.conn.close()


@pytest.mark.gui
def test_the_import_summary_says_a_row_was_written_twice(db, prompts, make_window, tmp_path, english):
    path = write_csv(tmp_path / "消委会投诉.csv", [ROWS[0], ROWS[0], ROWS[1]])
    make_window(db).leads_page.run_import([str(path)])
    summary = prompts.infos[0]
    assert "2 complaints imported, 1 duplicates left out." in summary
    assert "消委会投诉.csv: rows without a work-order number that repeat a row above them in the file" in summary
