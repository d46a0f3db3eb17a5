"""The 通报 as a Chinese report writes it: the interviews' rectification counted in 家（次） (each interview of a
unit, not rectifications of one party), and the publicity's participants counted per unit in the workbook's
各局明细 beside its activities (report format 11; a period frozen before keeps its workbook)."""

from __future__ import annotations

import io

import openpyxl

from tests.test_pubfix_figures import NANHAI, add_publicity, on_day  # noqa: F401 - the fixture is used by name
from workstation.reports import render_report, report_data
from workstation.reports.data import FORMAT
from workstation.reports.text import _interviews
from workstation.stats import bureau_table


def detail(data) -> dict[str, dict]:
    """各局明细 as {unit name: {head: value}}."""
    sheet = openpyxl.load_workbook(io.BytesIO(render_report(data, "xlsx")[0]))["各局明细"]
    rows = list(sheet.iter_rows(values_only=True))
    return {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def test_the_rectification_is_counted_in_units_and_times_never_in_times_alone():
    stats = {"interviews": 4, "interviews_by_kind": {"single": 4}, "interviews_by_party_kind": {"company": 4},
             "interviews_follow_up": {"rectified": 2, "not_due": 1, "escalated": 1}}
    (paragraph,) = _interviews(stats)
    assert paragraph.endswith("从整改落实情况看，经回访已完成整改2家（次）、尚在整改期限内1家（次）、转立案查处1家（次）。")
    assert "整改2次" not in paragraph and "期限内1次" not in paragraph


def test_each_units_participants_stand_beside_its_activities_in_the_detail_sheet(db, on_day):  # noqa: F811
    add_publicity(db)  # Nanhai: two activities held (85 + 40 participants), one dated after the day not counted
    nanhai = next(r for r in bureau_table(db) if r["agency_id"] == NANHAI)
    assert (nanhai["publicity"], nanhai["participants"]) == (2, 125)
    data = report_data(db)
    assert data["format"] == FORMAT >= 11
    rows = detail(data)
    heads = list(next(iter(rows.values())))
    assert heads[-2:] == ["宣传活动（场）", "参与人数（人）"]
    assert (rows[nanhai["name"]]["宣传活动（场）"], rows[nanhai["name"]]["参与人数（人）"]) == (2, 125)
    assert rows["全市合计"]["参与人数（人）"] == 125


def test_a_period_frozen_before_format_11_keeps_its_detail_sheet(db, on_day):  # noqa: F811
    add_publicity(db)
    data = report_data(db)
    data["format"] = 10
    for row in data["bureau_table"]:
        del row["participants"]
    rows = detail(data)
    assert list(next(iter(rows.values())))[-1] == "宣传活动（场）"
    assert all("参与人数（人）" not in row for row in rows.values())


def test_the_statistics_export_counts_each_units_participants(db, on_day, tmp_path):  # noqa: F811
    from workstation.stats_export import export_statistics

    add_publicity(db)
    name = next(r["name"] for r in bureau_table(db) if r["agency_id"] == NANHAI)
    text = export_statistics(db, tmp_path / "stats.csv", "csv").read_bytes().decode("utf-8-sig")
    lines = text.splitlines()
    first = lines.index("各局考评") + 1
    rows = [line.split(",") for line in lines[first:]]
    row = dict(zip(rows[0], next(r for r in rows if r[0] == name), strict=True))
    assert rows[0][-2:] == ["宣传活动（场）", "参与人数（人）"] and (row["宣传活动（场）"], row["参与人数（人）"]) == ("2", "125")
