"""Complaints matched by what they say, across exports, stations and versions: a complaint given its work-order
number by a fuller export travels in the next bundle and headquarters takes the number (and, holding that work
order already, keeps the complaint once); an export without numbers imported after the one with them adds nothing
again, at the station and at headquarters; numbers older versions stored with the extension glued on are repaired
where the raw row tells."""

from __future__ import annotations

import csv
import json

import pytest

from tests.helpers import copy_station_and_hq, open_db, run, run_json
from workstation.importing.complaints import import_complaints
from workstation.store.complaints import INSERT_COLUMNS, content_key, insert_complaints

HOTLINE = ["受理时间", "来电号码", "内容描述"]
ROWS = [
    ["2026-03-05 14:22:10", "13800138000", "13912345678天天打电话推销楼盘，严重骚扰"],
    ["2026-03-05 15:00:00", "0757-88881234", "收到1069012345678发来的贷款营销短信，回复退订无效"],
    ["2026-03-06", "", "匿名：某楼盘销售知道我的姓名和住址，个人信息被泄露"],  # a date without the hour: cells count
]
NUMBERS = ["GD20260305001", "GD20260305002", "GD20260306001"]


def write_csv(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def plain(path, rows=ROWS):
    """The day's export without the work-order column."""
    return write_csv(path, HOTLINE, rows)


def fuller(path, rows=ROWS, numbers=NUMBERS):
    """The same day's export with the work-order column, first."""
    return write_csv(path, ["工单编号", *HOTLINE], [[n, *r] for n, r in zip(numbers, rows, strict=True)])


def work_orders(db) -> list[str]:
    return [r[0] for r in db.execute("SELECT external_id FROM complaints ORDER BY rowid")]


# --- 2. an export without numbers imported after the one with them -----------------------------------------------


def test_an_export_without_numbers_after_the_one_with_them_adds_nothing_again(db, tmp_path):
    assert import_complaints(db, [fuller(tmp_path / "12345工单.csv")]).imported == 3
    result = import_complaints(db, [plain(tmp_path / "12345工单（无编号）.csv")])
    assert (result.rows, result.imported, result.duplicates, result.updated) == (3, 0, 3, 0)
    assert work_orders(db) == NUMBERS
    # the summary says where they came from, as for any file imported before
    assert result.files[0].stored_before[1] == "12345工单.csv"


def test_only_the_rows_the_numbered_export_holds_are_left_out(db, tmp_path):
    import_complaints(db, [fuller(tmp_path / "a.csv", ROWS[:2], NUMBERS[:2])])
    other = ["2026-03-05 15:00:00", "0757-88881234", "同一来电人同一时刻的另一件投诉"]  # another text: another complaint
    result = import_complaints(db, [plain(tmp_path / "b.csv", [*ROWS, other])])
    assert (result.imported, result.duplicates) == (2, 2)
    assert sorted(work_orders(db)) == ["", "", *NUMBERS[:2]]


def test_a_dry_run_of_the_export_without_numbers_counts_the_rows_as_duplicates(db, tmp_path):
    import_complaints(db, [fuller(tmp_path / "a.csv")])
    result = import_complaints(db, [plain(tmp_path / "b.csv")], dry_run=True)
    assert (result.imported, result.duplicates) == (0, 3)


def test_the_summary_says_the_export_without_numbers_was_imported_already(capsys, tmp_path, english):
    data_dir = tmp_path / "站点"
    run(capsys, "complaints", "import", fuller(tmp_path / "12345工单.csv"), "--data-dir", data_dir)
    code, out, _err = run(capsys, "complaints", "import", plain(tmp_path / "无编号.csv"), "--data-dir", data_dir)
    assert code == 0
    assert f"Every complaint in {tmp_path / '无编号.csv'} (3) was imported already" in out  # the file as typed
    assert "from 12345工单.csv" in out


# --- 1. the number filled in travels to headquarters ---------------------------------------------------------------


@pytest.fixture(scope="module")
def template(station_and_hq_template):
    return station_and_hq_template()


@pytest.fixture
def dirs(template, tmp_path):
    return copy_station_and_hq(template, tmp_path)


def _import(capsys, data_dir, path):
    return run_json(capsys, "--data-dir", data_dir, "complaints", "import", path)


def _send(capsys, dirs, name):
    """The station's bundle since its last one, imported at headquarters: the merge's summary."""
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / name)
    return run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / name, "--trust")


def _hq_complaints(dirs) -> list[tuple]:
    hq = open_db(dirs / "hq")
    try:
        return hq.execute("SELECT id, external_id FROM complaints ORDER BY received_at, rowid").fetchall()
    finally:
        hq.conn.close()


def test_a_number_given_at_the_station_reaches_headquarters_in_the_next_bundle(capsys, dirs):
    _import(capsys, dirs / "station", plain(dirs / "无编号.csv"))
    _send(capsys, dirs, "one.bundle")
    first = _hq_complaints(dirs)
    assert [n for _id, n in first] == ["", "", ""]
    assert _import(capsys, dirs / "station", fuller(dirs / "工单.csv"))["updated"] == 3
    merged = _send(capsys, dirs, "two.bundle")
    assert merged["by_table"]["complaints"] == {"new": 0, "updated": 3, "unchanged": 0, "conflicts": 0}
    assert _hq_complaints(dirs) == [(cid, n) for (cid, _n), n in zip(first, NUMBERS, strict=True)]
    # the same bundle again changes nothing, and the fuller export imported at headquarters adds nothing either
    assert run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "two.bundle")["updated"] == 0
    assert _import(capsys, dirs / "hq", fuller(dirs / "工单.csv"))["duplicates"] == 3
    assert len(_hq_complaints(dirs)) == 3


def test_a_number_headquarters_holds_already_leaves_the_complaint_stored_once(capsys, dirs):
    _import(capsys, dirs / "station", plain(dirs / "无编号.csv", ROWS[:1]))
    _send(capsys, dirs, "one.bundle")
    ((station_copy, _n),) = _hq_complaints(dirs)
    hq = open_db(dirs / "hq")
    with hq.atomic():  # the same work order, merged from another station by a version before this one
        row = dict.fromkeys(INSERT_COLUMNS, "")
        row.update(id="other-station-copy", source="12345", external_id=NUMBERS[0], received_at=ROWS[0][0],
                   text=ROWS[0][2], raw="{}", source_row=2, created_at="2026-03-05T16:00:00+08:00",
                   complainant_phone=ROWS[0][1], screened_at=None, content_key=None)
        insert_complaints(hq, [tuple(row[c] for c in INSERT_COLUMNS)])
        # a complaint of another channel linked to the station's copy as the same complaint
        hq.execute("INSERT INTO complaints (id, source, external_id, text, created_at, same_as) VALUES "
                   "('council-copy', 'consumer_council', 'TS001', ?, '2026-03-05T17:00:00+08:00', ?)",
                   [ROWS[0][2], station_copy])
    hq.conn.close()
    _import(capsys, dirs / "station", fuller(dirs / "工单.csv", ROWS[:1], NUMBERS[:1]))
    merged = _send(capsys, dirs, "two.bundle")
    assert merged["conflicts"] == 0
    hq = open_db(dirs / "hq")
    try:
        assert hq.execute("SELECT id, external_id FROM complaints WHERE source = '12345'").fetchall() == [
            ("other-station-copy", NUMBERS[0])]
        assert hq.execute("SELECT same_as FROM complaints WHERE id = 'council-copy'").fetchone()[0] == \
            "other-station-copy"
        # the re-pointed link is in the audit log as the deleted copy is (it was changed without a trace)
        actions = hq.execute("SELECT action, entity_id FROM audit WHERE entity = 'complaints' AND action LIKE "
                             "'merge_%' ORDER BY seq").fetchall()
        assert ("merge_update", "council-copy") in actions and ("merge_delete", station_copy) in actions
    finally:
        hq.conn.close()


def test_headquarters_holding_the_numbered_complaint_does_not_add_the_stations_copy_without_it(capsys, dirs):
    _import(capsys, dirs / "hq", fuller(dirs / "工单.csv"))
    _import(capsys, dirs / "station", plain(dirs / "无编号.csv"))
    merged = _send(capsys, dirs, "one.bundle")
    assert merged["by_table"]["complaints"]["new"] == 0
    assert [n for _id, n in _hq_complaints(dirs)] == NUMBERS


def test_headquarters_holding_the_complaint_without_its_number_does_not_add_the_numbered_copy(capsys, dirs):
    _import(capsys, dirs / "hq", plain(dirs / "无编号.csv"))
    _import(capsys, dirs / "station", fuller(dirs / "工单.csv"))
    merged = _send(capsys, dirs, "one.bundle")
    assert merged["by_table"]["complaints"]["new"] == 0
    assert len(_hq_complaints(dirs)) == 3


# --- 3. numbers stored with the extension glued on -----------------------------------------------------------------


def _old_row(cid: str, row: int, phone_cell: str, stored_phone: str, text: str) -> tuple:
    """A complaint as a version before the extension fix stored it from an export without work-order numbers."""
    received = "2026-03-07 10:00:00"
    cells = {"受理时间": received, "来电号码": phone_cell, "内容描述": text}
    values = dict.fromkeys(INSERT_COLUMNS, "")
    values.update(id=cid, source="12345", received_at=received, text=text,
                  raw=json.dumps(cells, ensure_ascii=False), source_file="旧导出.csv", source_row=row,
                  created_at="2026-03-08T09:00:00+08:00", complainant_phone=stored_phone,
                  screened_at="2026-03-08T09:00:01+08:00",
                  content_key=content_key("12345", received, stored_phone, text))
    return tuple(values[c] for c in INSERT_COLUMNS)


def _run_m021_again(data_dir):
    """The database as a version before m021 left it (the migration undone), opened again: m021 runs."""
    db = open_db(data_dir)
    with db.atomic():
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm021_complaint_numbers_given'")
    db.execute("ALTER TABLE complaints DROP COLUMN numbered_at")
    db.conn.close()
    return open_db(data_dir)


def test_the_migration_repairs_numbers_with_an_extension_glued_on_where_the_raw_row_tells(db, data_dir, tmp_path):
    with db.atomic():
        insert_complaints(db, [
            _old_row("ext", 2, "0757-83331234转801", "075783331234801", "推销电话打到单位总机"),
            _old_row("dash", 3, "0757-83331234-802", "075783331234802", "又一个推销电话打到单位"),
            _old_row("fenji", 4, "83331234 分机 803", "83331234803", "分机也接到推销电话"),
            _old_row("glued", 5, "075783331234804", "075783331234804", "号码本来就连在一起写"),
            _old_row("mobile", 6, "13800138000", "13800138000", "转账后收到推销电话"),
        ])
    db.conn.close()
    db = _run_m021_again(data_dir)
    try:
        phones = dict(db.execute("SELECT id, complainant_phone FROM complaints"))
        assert phones == {"ext": "075783331234", "dash": "075783331234", "fenji": "075783331234",
                          "glued": "075783331234804", "mobile": "13800138000"}  # 'glued': the cell cannot tell
        screened = dict(db.execute("SELECT id, screened_at IS NOT NULL FROM complaints"))
        assert screened == {"ext": 0, "dash": 0, "fenji": 0, "glued": 1, "mobile": 1}  # screened again
        # the same rows exported again are found as stored (their content keys follow the repaired number)
        again = [["2026-03-07 10:00:00", "0757-83331234转801", "推销电话打到单位总机"],
                 ["2026-03-07 10:00:00", "0757-83331234-802", "又一个推销电话打到单位"]]
        result = import_complaints(db, [plain(tmp_path / "旧导出.csv", again)])
        assert (result.imported, result.duplicates) == (0, 2)
    finally:
        db.conn.close()
