"""The campaign report says, of the complaints about personal information, how many leads group — the figure of
the statistics (complaints.in_leads), in its text and its workbook; a period frozen before prints as it was sent;
leads registered by hand count as leads and bring no complaint."""

import datetime as dt
import io
import json
import re

import docx
import openpyxl
import pytest

from workstation.leads_register import LeadEntry, register_lead
from workstation.records import SHANGHAI
from workstation.reports import render_report, report_data, write_campaign_report
from workstation.stats import campaign_stats
from workstation.store.report_periods import insert_report_period

from .test_report_figures import GUICHENG, NANHAI, SHUNDE, add_complaints
from .test_reports import pdf_text

OLD_CITY_SENTENCE = "通过12345热线、12315平台、消费者委员会等渠道导入投诉举报6宗，经筛查涉及侵害消费者个人信息的4宗。"
OVERVIEW_BEFORE_5 = ["标题", "单位", "统计期间", "生成时间", "案件总数（件）", "涉案侵权信息（条）", "罚款（元）",
                     "没收违法所得（元）", "罚没合计（元）", "移送公安机关（件）", "导入投诉举报（宗）", "涉个人信息投诉（宗）",
                     "受理线索（条）", "交办线索（条）", "办结线索（条）", "按期办结（条）", "行政约谈（次）",
                     "宣传活动（场）", "发放资料（份）", "提示短信（条）"]


def overview(payload: bytes) -> dict:
    """The 概况 sheet's figures by their label."""
    sheet = openpyxl.load_workbook(io.BytesIO(payload))["概况"]
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row and row[0]}


def without_page_numbers(text: str) -> str:
    """The PDF's text without its "— N —" page numbers (a sentence may run on to the next page)."""
    return re.sub(r"—\d+—", "", text)


def docx_text(payload: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(payload)).paragraphs)


@pytest.fixture
def full_demo_db(db, database_template):
    """The whole demo: the seed campaign with its 13,543 complaints imported and screened (a copy of the session's
    template, which loading them built once: a second each time)."""
    import sqlite3

    source = sqlite3.connect(f"file:{database_template('full')}?mode=ro", uri=True)
    try:
        source.backup(db.conn)
    finally:
        source.close()
    return db


def test_every_format_of_the_report_says_how_many_related_complaints_leads_group_as_the_statistics_do(
        full_demo_db, tmp_path):
    in_leads = campaign_stats(full_demo_db)["complaints"]["in_leads"]
    assert in_leads == 375  # the figure of `stats --json` on the demo (CLI.md)
    data = report_data(full_demo_db)
    sentence = f"经筛查涉及侵害消费者个人信息的587宗，其中已归入线索{in_leads}宗。"
    assert sentence in "\n".join(data["text"])
    pdf = write_campaign_report(full_demo_db, tmp_path / "r.pdf", "pdf")["path"]
    assert sentence in without_page_numbers(pdf_text(pdf))
    assert sentence in docx_text(render_report(data, "docx")[0])
    figures = overview(render_report(data, "xlsx")[0])
    assert (figures["涉个人信息投诉（宗）"], figures["其中已归入线索（宗）"]) == (587, in_leads)


def test_one_agency_s_report_says_how_many_of_its_related_complaints_leads_group(full_demo_db):
    counted = campaign_stats(full_demo_db, NANHAI)["complaints"]
    assert counted["in_leads"] == 114  # the demo's related complaints of Nanhai are all in its leads
    data = report_data(full_demo_db, agency_id=NANHAI)
    assert (f"经筛查涉及侵害消费者个人信息且属本辖区的{counted['related']}宗（所涉线索已交办的按承办单位统计，其余按筛查认定的所属区"
            f"统计），其中已归入线索{counted['in_leads']}宗。" in "\n".join(data["text"]))
    figures = overview(render_report(data, "xlsx")[0])
    assert (figures["涉个人信息投诉（宗）"], figures["其中已归入线索（宗）"]) == (counted["related"], counted["in_leads"])


def test_a_district_and_a_town_office_say_how_many_of_their_related_complaints_are_in_leads(demo_db):
    add_complaints(demo_db)
    nanhai = report_data(demo_db, agency_id=NANHAI)
    assert nanhai["stats"]["complaints"] == campaign_stats(demo_db, NANHAI)["complaints"] == {
        "imported": 3, "related": 3, "in_leads": 2}  # a is in no lead
    assert "经筛查涉及侵害消费者个人信息且属本辖区的3宗（所涉线索已交办的按承办单位统计，其余按筛查认定的所属区统计），其中已归入线索2宗。" in "\n".join(nanhai["text"])
    assert overview(render_report(nanhai, "xlsx")[0])["其中已归入线索（宗）"] == 2
    text = "\n".join(report_data(demo_db, agency_id=GUICHENG)["text"])
    assert "经筛查涉及侵害消费者个人信息且所涉线索由本单位核查的1宗，其中已归入线索1宗。" in text


def test_without_related_complaints_the_report_says_nothing_of_leads_grouping_them(demo_db):
    demo_db.execute("INSERT INTO complaints (id, source, external_id, received_at, text, created_at, category) "
                    "VALUES ('u', '12345', 'GDu', '2026-03-02T10:00:00+08:00', '宽带断网', '2026-03-02', '')")
    data = report_data(demo_db)
    assert "导入投诉举报1宗，经筛查涉及侵害消费者个人信息的0宗。" in "\n".join(data["text"])
    assert not any("归入线索" in paragraph for paragraph in data["text"])
    assert overview(render_report(data, "xlsx")[0])["其中已归入线索（宗）"] == 0


def frozen_before_format_5(db) -> dict:
    """The city report of the demo with six complaints as the version before format 5 froze it: its sentence
    without the related complaints in leads — though its figures, gathered after the statistics counted them,
    have them."""
    data = json.loads(json.dumps(report_data(db)))
    data["format"] = 4
    for section in data["sections"]:
        section["paragraphs"] = [p.replace("，其中已归入线索3宗", "") for p in section["paragraphs"]]
    data["text"] = [p.replace("，其中已归入线索3宗", "") for p in data["text"]]
    assert data["stats"]["complaints"]["in_leads"] == 3
    return data


def test_a_period_frozen_before_prints_its_sentence_and_its_workbook_as_they_were_sent(demo_db, tmp_path):
    add_complaints(demo_db)
    with demo_db.atomic():
        insert_report_period(demo_db, "2026年3月", None, None, None, frozen_before_format_5(demo_db))
    pdf = write_campaign_report(demo_db, tmp_path / "r.pdf", "pdf", period_label="2026年3月")["path"]
    assert OLD_CITY_SENTENCE in pdf_text(pdf) and "归入线索" not in pdf_text(pdf)
    docx_path = write_campaign_report(demo_db, tmp_path / "r.docx", "docx", period_label="2026年3月")["path"]
    with open(docx_path, "rb") as fh:
        text = docx_text(fh.read())
    assert OLD_CITY_SENTENCE in text and "归入线索" not in text
    xlsx = write_campaign_report(demo_db, tmp_path / "r.xlsx", "xlsx", period_label="2026年3月")["path"]
    with open(xlsx, "rb") as fh:
        payload = fh.read()
    assert list(overview(payload)) == OVERVIEW_BEFORE_5
    sheet = openpyxl.load_workbook(io.BytesIO(payload))["概况"]
    assert OLD_CITY_SENTENCE in [row[1] for row in sheet.iter_rows(values_only=True)]


def test_a_period_frozen_before_the_statistics_counted_complaints_in_leads_prints_too(demo_db):
    add_complaints(demo_db)
    data = frozen_before_format_5(demo_db)
    del data["stats"]["complaints"]["in_leads"]
    assert list(overview(render_report(data, "xlsx")[0])) == OVERVIEW_BEFORE_5
    assert OLD_CITY_SENTENCE in docx_text(render_report(data, "docx")[0])


def register(db, source: str, agency_id: str, day: str) -> None:
    entry = LeadEntry(source=source, received_at=f"{day} 09:30", description="现场检查发现违规收集消费者个人信息",
                      party="佛山市某房产中介有限公司", agency_id=agency_id)
    with db.atomic():
        register_lead(db, entry, now=dt.datetime(2026, 11, 30, 12, tzinfo=SHANGHAI))


def agency_row(data: dict, agency_id: str) -> dict:
    return next(r for r in data["bureau_table"] if r["agency_id"] == agency_id and r["kind"] == "agency")


def test_leads_registered_by_hand_count_as_leads_and_bring_no_complaint(demo_db):
    add_complaints(demo_db)
    before, nanhai_before = report_data(demo_db), report_data(demo_db, agency_id=NANHAI)
    register(demo_db, "inspection", GUICHENG, "2026-03-10")
    register(demo_db, "report", SHUNDE, "2026-03-11")
    after, nanhai_after = report_data(demo_db), report_data(demo_db, agency_id=NANHAI)
    # counted as leads whatever their source: in the city's total, its sentence and table 3
    assert after["stats"]["leads"]["total"] == before["stats"]["leads"]["total"] + 2
    assert f"相关线索{after['stats']['leads']['total']}条" in "\n".join(after["text"])
    assert agency_row(after, GUICHENG)["leads"] == agency_row(before, GUICHENG)["leads"] + 1
    assert agency_row(after, SHUNDE)["leads"] == agency_row(before, SHUNDE)["leads"] + 1
    assert after["bureau_table"][-1]["leads"] == before["bureau_table"][-1]["leads"] + 2
    assert nanhai_after["stats"]["leads"]["total"] == nanhai_before["stats"]["leads"]["total"] + 1
    # but no complaint comes with them: the complaint figures and their sentence stay as they were
    assert after["stats"]["complaints"] == before["stats"]["complaints"] == {"imported": 6, "related": 4, "in_leads": 3}
    assert nanhai_after["stats"]["complaints"] == nanhai_before["stats"]["complaints"]
    assert after["sections"][1]["paragraphs"][0] == before["sections"][1]["paragraphs"][0]
    assert overview(render_report(after, "xlsx")[0])["其中已归入线索（宗）"] == 3
