"""The statistics export's workbook writes its counts with thousands separators (#,##0, as the report's workbook does)
and its amounts with two decimals, its labels left as they are; the report's workbook charts the cases by district on
its 辖区 sheet as the PDF and DOCX do (图2), titled as they title it."""

import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl

from workstation.reports import report_data, write_campaign_report
from workstation.reports.document import charts
from workstation.reports.workbook import campaign_workbook
from workstation.stats_export import TABLES, export_statistics

COUNT, YUAN = "#,##0", "#,##0.00"


# ---- the statistics export


def test_the_statistics_workbook_writes_counts_with_separators_and_labels_as_they_are(demo_db, tmp_path):
    book = openpyxl.load_workbook(export_statistics(demo_db, tmp_path / "s.xlsx"))
    counts = amounts = 0
    for sheet in book.worksheets:
        head = next(row for row in range(1, sheet.max_row + 1)
                    if sheet.cell(row, 1).value == TABLES.get(sheet.title, "项目"))
        figures = range(2, sheet.max_column + 1) if sheet.title in TABLES else (3,)
        for row in sheet.iter_rows(min_row=head + 1):
            for cell in row:
                # an amount is named in yuan (罚款（元）, 罚没金额（按决定月份，元）); a whole one reads back as an int
                name = sheet.cell(head, cell.column).value if sheet.title in TABLES else row[1].value
                if cell.column in figures and name.endswith("元）"):
                    assert cell.number_format == YUAN, (sheet.title, cell.coordinate, cell.value)
                    amounts += 1
                elif cell.column in figures and isinstance(cell.value, int):
                    assert cell.number_format == COUNT, (sheet.title, cell.coordinate, cell.value)
                    counts += 1
                else:  # a district, bureau, month, item or figure named: a label, not a quantity
                    assert cell.number_format == "General", (sheet.title, cell.coordinate, cell.value)
        for row in sheet.iter_rows(max_row=head):  # the title, what was counted and the heads
            assert all(cell.number_format == "General" for cell in row)
    assert counts > 50 and amounts > 20
    overview = {row[1].value: row[2] for row in book["概况"].iter_rows(min_row=2) if len(row) > 2}
    assert overview["提示短信（条）"].number_format == COUNT and overview["提示短信（条）"].value >= 1000
    assert overview["罚款（元）"].number_format == YUAN
    months = book["月度"]
    assert re.fullmatch(r"\d{4}-\d{2}", months["A2"].value) and months["A2"].number_format == "General"


# ---- the report's workbook: its charts


def _charts(xlsx: bytes) -> list[dict]:
    """Each chart of the workbook: {title, values, categories} (the formulas of its first series)."""
    out = []
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        for name in sorted(n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)):
            xml = archive.read(name).decode("utf-8")
            title = re.search(r"<(c:)?title>.*?</(c:)?title>", xml, re.S).group(0)
            out.append({"title": "".join(re.findall(r"<a:t>(.*?)</a:t>", title)),
                        "values": re.search(r"<(?:c:)?val>.*?<(?:c:)?f>(.*?)</(?:c:)?f>", xml, re.S).group(1),
                        "categories": re.search(r"<(?:c:)?cat>.*?<(?:c:)?f>(.*?)</(?:c:)?f>", xml, re.S).group(1)})
    return out


def test_the_report_workbook_charts_the_cases_by_district_as_the_pdf_does(demo_db, tmp_path):
    path = write_campaign_report(demo_db, tmp_path / "r.xlsx", "xlsx")["path"]
    data = report_data(demo_db)
    districts = len(data["districts"])
    assert districts > 1
    found = _charts(Path(path).read_bytes())
    assert [chart["title"] for chart in found] == ["各领域案件数（件）", "各区案件数（件）"]
    # the titles the PDF and DOCX print under their charts, without the figure's number
    assert [" ".join(chart.caption.split()[1:]) for chart in charts(data)] == [chart["title"] for chart in found]
    district = found[1]
    # each district's row (the heads in row 1), not the 合计 row under them
    assert district["values"] == f"'辖区'!$B$2:$B${districts + 1}"
    assert district["categories"] == f"'辖区'!$A$2:$A${districts + 1}"
    book = openpyxl.load_workbook(path)
    assert book["辖区"].cell(districts + 2, 1).value == "合计"
    assert book["辖区"].cell(districts + 1, 2).value == data["districts"][-1]["cases"]


def test_without_a_chart_by_district_the_workbook_has_the_sector_chart_alone(demo_db):
    from workstation.store import agency_id_for_code

    data = report_data(demo_db, agency_id=agency_id_for_code("440605011"))  # a town office: no table 2
    assert len(data["districts"]) <= 1
    assert [chart["title"] for chart in _charts(campaign_workbook(data))] == ["各领域案件数（件）"]


def test_a_period_frozen_before_format_21_keeps_its_one_chart(demo_db):
    data = json.loads(json.dumps(report_data(demo_db))) | {"format": 20}
    assert [chart["title"] for chart in _charts(campaign_workbook(data))] == ["各领域案件数（件）"]
