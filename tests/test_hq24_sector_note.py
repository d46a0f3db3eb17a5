"""The workbook's 行业 sheet says under its table what table 1 says under it (from report format 12 on): that its shares
are kept to one decimal, equal counts get equal shares, and so they may not add up to the 100.0% of its 合计 — only
when they do not; a period frozen before format 12 keeps its sheet as it was sent."""

from __future__ import annotations

import io

import openpyxl

from workstation.evaluation import shares
from workstation.reports import render_report, report_data
from workstation.reports.document import SHARES_NOTE, shares_note


def _tied(data: dict) -> dict:
    """``data`` with three sectors of one case each: 33.3% three times, 99.9% in all."""
    tied = [{**s, "cases": 1, "share": share} for s, share in zip(data["sectors"][:3], shares([1, 1, 1]),
                                                                    strict=True)]
    return {**data, "sectors": tied, "stats": {**data["stats"], "cases": {**data["stats"]["cases"], "total": 3}}}


def _sheet(data: dict):
    return openpyxl.load_workbook(io.BytesIO(render_report(data, "xlsx")[0]))["行业"]


def test_the_sector_sheet_has_table_1_s_note_under_its_table_when_the_shares_do_not_add_up(demo_db):
    data = _tied(report_data(demo_db))
    assert shares_note(data) == SHARES_NOTE  # table 1 has it
    sheet = _sheet(data)
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert [row[0] for row in values[:5]] == ["行业领域", *(s["label"] for s in data["sectors"]), "合计"]
    assert values[4][1:] == (3, 1)
    # a blank row, then the note across the table's three columns, wrapped
    assert values[5] == (None, None, None) and values[6][0] == SHARES_NOTE and sheet.max_row == 7
    assert [str(cells) for cells in sheet.merged_cells.ranges] == ["A7:C7"]
    assert sheet.cell(7, 1).alignment.wrap_text
    # the shares above it are the printed ones, which the note explains
    assert [round(row[2], 3) for row in values[1:4]] == [0.333, 0.333, 0.333]


def test_shares_adding_up_to_100_percent_need_no_note(demo_db):
    data = report_data(demo_db)
    assert shares_note(data) == ""  # the demo's shares add up to 100.0%
    sheet = _sheet(data)
    assert sheet.max_row == len(data["sectors"]) + 2 and sheet.cell(sheet.max_row, 1).value == "合计"
    assert not sheet.merged_cells.ranges


def test_a_period_frozen_before_format_12_keeps_its_sector_sheet_as_sent(demo_db):
    data = _tied(report_data(demo_db)) | {"format": 11}
    sheet = _sheet(data)
    assert sheet.cell(sheet.max_row, 1).value == "合计"
    assert SHARES_NOTE not in [cell for row in sheet.iter_rows(values_only=True) for cell in row]
