"""The campaign report's workbook has a sheet for each table the PDF and DOCX print, no more (no 辖区 sheet of
column heads alone where table 2 is left out), and the report's text writes counts from 100,000 on in 万 while
its tables keep the exact figures."""

import io
import json

import docx
import openpyxl
import pytest

from workstation.reports import campaign_text, render_report, report_data, write_campaign_report
from workstation.reports.document import tables
from workstation.reports.text import count_text
from workstation.stats import campaign_stats
from workstation.store import agency_id_for_code

from .test_reports import pdf_text

#: the workbook's sheet of each printed table, by the words of its caption
SHEET_OF = {"各领域案件情况": "行业", "各辖区案件情况": "辖区", "各单位工作情况": "各局考评", "各月办案情况": "月度"}


def printed_sheets(data: dict) -> list[str]:
    """The sheets the printed tables of ``data`` call for, in the order of their numbers."""
    return [next(sheet for words, sheet in SHEET_OF.items() if words in caption) for caption, *_rest in tables(data)]


def workbook_of(data: dict) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render_report(data, "xlsx")[0]))


# ---- the workbook's sheets follow the printed tables


@pytest.mark.parametrize(("code", "own"), [("440605011", False), ("440605", True), ("440600", True)])
def test_without_table_2_the_workbook_has_no_district_sheet(demo_db, tmp_path, code, own):
    write = {"agency_id": agency_id_for_code(code), "own": own}
    data = report_data(demo_db, **write)
    captions = [caption for caption, *_rest in tables(data)]
    assert not any("辖区" in caption for caption in captions)  # the demo's city bureau handles no case itself
    assert captions[1] == "表2  各单位工作情况（考评）"
    document = docx.Document(write_campaign_report(demo_db, tmp_path / "r.docx", "docx", **write)["path"])
    assert [t.rows[0].cells[0].text for t in document.tables][:len(captions)] == \
        [tables(data)[i][1][0] for i in range(len(captions))]
    book = openpyxl.load_workbook(write_campaign_report(demo_db, tmp_path / "r.xlsx", "xlsx", **write)["path"])
    assert [name for name in book.sheetnames if name in SHEET_OF.values()] == printed_sheets(data)
    assert "辖区" not in book.sheetnames and "各局明细" in book.sheetnames


def test_the_city_and_a_district_keep_their_district_sheet(demo_db):
    for agency_id in (None, agency_id_for_code("440605")):
        data = report_data(demo_db, agency_id=agency_id)
        book = workbook_of(data)
        assert printed_sheets(data) == ["行业", "辖区", "各局考评", "月度"]
        assert [name for name in book.sheetnames if name in SHEET_OF.values()] == printed_sheets(data)
        assert book["辖区"].max_row == len(data["districts"]) + 2  # heads, the districts, 合计


def test_without_any_month_the_workbook_has_no_month_sheet(demo_db):
    data = report_data(demo_db, agency_id=agency_id_for_code("440600"), own=True)  # no case of the bureau itself
    assert data["monthly"] == [] and printed_sheets(data) == ["行业", "各局考评"]
    assert workbook_of(data).sheetnames == ["概况", "行业", "各局考评", "各局明细"]


def test_a_period_frozen_before_keeps_its_district_sheet_of_heads_alone(demo_db):
    data = json.loads(json.dumps(report_data(demo_db, agency_id=agency_id_for_code("440605011"))))
    data["format"] = 5  # as frozen by the version that wrote the sheet anyway
    book = workbook_of(data)
    assert book.sheetnames == ["概况", "行业", "辖区", "各局考评", "各局明细", "月度"]
    assert [[c.value for c in row] for row in book["辖区"].iter_rows()] == [
        ["辖区", "案件数（件）", "涉案信息（条）", "罚没金额（元）"]]


# ---- counts in the text


@pytest.mark.parametrize(("count", "text"), [
    (0, "0"), (41_800, "41800"), (99_999, "99999"), (100_000, "10万"), (1_620_000, "162万"), (123_456, "12.35万"),
    (123_449, "12.34万"), (100_050, "10.01万"), (1_234_500, "123.45万"), (250_000, "25万"), (12_345_678, "1234.57万"),
])
def test_counts_from_100000_on_are_written_in_wan(count, text):
    assert count_text(count) == text


def test_the_text_writes_large_counts_in_wan_and_the_tables_keep_them_exact(demo_db):
    stats = campaign_stats(demo_db)
    stats["infringing_records"] = 1_234_567
    stats["cases"]["by_district"] = {"南海区": 150_000, "顺德区": 9}
    stats["leads"] |= {"total": 310_000, "assigned": 300_500, "decided": 200_000, "in_time": 99_000,
                       "overdue_undecided": 120_000}
    stats["publicity"] |= {"flyers": 418_000, "sms": 1_620_000}
    text = "\n".join(campaign_text(stats))
    assert "涉案侵权信息123.46万条，罚没金额18.90万元。" in text
    assert "从辖区分布看，南海区15万件、顺德区9件。" in text
    assert "共受理骚扰电话、违规发送商业短信等相关线索31万条，已交办属地核查30.05万条，已核查办结20万条，" \
           "其中按期办结99000条，按期办结率49.5%；另有逾期未办结线索12万条（线索按其首件投诉举报的受理时间计入本期，人工登记的线索按" \
           "登记时间）。" in text
    assert "开展宣传活动50场，发放宣传资料41.8万份，发送提示短信162万条，参与人数27.77万人。" in text


def test_the_demo_report_says_162_wan_sms_and_its_workbook_keeps_the_figure(demo_db, tmp_path):
    result = write_campaign_report(demo_db, tmp_path / "r.pdf", "pdf")
    assert "发送提示短信162万条，参与人数27.77万人。" in pdf_text(result["path"])
    book = openpyxl.load_workbook(write_campaign_report(demo_db, tmp_path / "r.xlsx", "xlsx")["path"])
    overview = {row[0]: row[1] for row in book["概况"].iter_rows(values_only=True) if row and row[0]}
    assert overview["提示短信（条）"] == 1_620_000
    assert any("发送提示短信162万条" in str(row[1]) for row in book["概况"].iter_rows(values_only=True))
