"""The campaign progress report as the audit of 2026-12-05 read it: a period not ended is reported up to the day of the
report (截至), never as a year's report nor with months still to come; the text never says that complaints joined
leads and that no lead was received without saying how both hold, nor "其中已归入线索0宗"; a part of a month is
labelled as that part; table 3 (考评) lists every unit, those that did nothing too; each share is rounded half up on
its own; and the attachment is laid out as GB/T 9704 lays one out."""

from __future__ import annotations

import io

import openpyxl
import pytest

from workstation.documents.blocks import Paragraph, Spacer
from workstation.evaluation import shares
from workstation.reports import data as report_module
from workstation.reports import render_report, report_data
from workstation.reports.data import TITLE
from workstation.reports.document import SHARES_NOTE, charts, report_document, shares_note, tables
from workstation.reports.text import LEADS_COUNTED, campaign_sections
from workstation.stats import bureau_table

TODAY = "2026-12-05"


@pytest.fixture
def on_the_day(monkeypatch):
    """The report written on 5 December 2026 (its day, as ``records.now`` gives it)."""
    def on(day: str = TODAY) -> None:
        monkeypatch.setattr(report_module, "now", lambda: f"{day}T10:00:00+08:00")
    on()
    return on


def test_a_year_not_ended_is_reported_up_to_the_day_not_as_the_year_s_report(demo_db, on_the_day):
    data = report_data(demo_db, "2026-01-01", "2026-12-31")
    assert data["title"] == TITLE and "年度" not in data["title"]
    assert data["period"]["text"] == "2026年1月1日至12月5日"
    assert data["opening"].startswith("2026年1月1日至12月5日，") and "年度" not in data["opening"]
    assert "工作进展情况通报如下" in data["opening"]


def test_a_year_ended_is_still_the_year_s_report(demo_db, on_the_day):
    on_the_day("2027-01-10")
    data = report_data(demo_db, "2026-01-01", "2026-12-31")
    assert "2026年度工作情况的通报" in data["title"]
    assert data["period"]["text"] == "2026年1月1日至12月31日"


def test_months_after_the_day_are_not_listed(demo_db, on_the_day):
    data = report_data(demo_db, "2026-11-01", "2027-01-31")
    assert [m["month"] for m in data["monthly"]] == ["2026-11", "2026-12"]
    assert data["period"]["text"] == "2026年11月1日至12月5日"
    labels = [row[0] for row in tables(data)[-1][2]]
    assert labels == ["2026年11月", "2026年12月\n1日至5日", "合计"]  # a part of a month broken after its month
    assert not any("2027" in str(row) for row in tables(data)[-1][2])


def _leads_text(related: int, in_leads: int, leads: int = 0) -> str:
    stats = {"cases": {"total": 0, "transferred_to_police": 0}, "penalties_total_fen": 0, "interviews": 0,
             "publicity": {"campaigns": 0}, "complaints": {"imported": 100, "related": related, "in_leads": in_leads},
             "leads": {"total": leads, "assigned": leads, "decided": 0, "in_time": 0}}
    return "".join(campaign_sections(stats)[1]["paragraphs"])


def test_complaints_joining_leads_received_before_do_not_contradict_no_lead_received():
    text = _leads_text(54, 29)
    assert "其中已归入线索29宗" in text
    assert "本期暂无受理的相关线索。" not in text
    assert "此前受理" in text and LEADS_COUNTED in text


def test_no_complaint_in_leads_is_not_said():
    assert "已归入线索" not in _leads_text(21, 0, leads=3)
    assert "已归入线索" not in _leads_text(21, 0)
    assert "其中已归入线索5宗" in _leads_text(21, 5, leads=3)


def test_a_part_of_a_month_is_labelled_as_that_part(demo_db, on_the_day):
    data = report_data(demo_db, "2026-06-15", "2026-07-15")
    labels = [row[0].replace("\n", "") for row in tables(data)[-1][2]]
    assert labels == ["2026年6月15日至30日", "2026年7月1日至15日", "合计"]
    one = {**data, "districts": data["districts"][:1]}  # one district: chart 2 by month
    assert [bar[0] for bar in charts(one)[1].bars] == ["2026年6月15日至30日", "2026年7月1日至15日"]
    sheet = openpyxl.load_workbook(io.BytesIO(render_report(data, "xlsx")[0]))["月度"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row and row[0]]
    assert "2026-06-15至2026-06-30" in cells and "2026-07-01至2026-07-15" in cells and "2026-06" not in cells


def test_whole_months_keep_their_month_label(demo_db, on_the_day):
    data = report_data(demo_db, "2026-06-01", "2026-07-31")
    assert [row[0] for row in tables(data)[-1][2]] == ["2026年6月", "2026年7月", "合计"]


def test_the_evaluation_table_lists_every_unit_those_that_did_nothing_too(demo_db, on_the_day):
    agencies = {row[0] for row in demo_db.execute("SELECT id FROM agencies WHERE level IN ('district', 'town')")}
    rows = bureau_table(demo_db, "2030-01-01", "2030-01-31")
    listed = {r["agency_id"] for r in rows if r["kind"] == "agency"}
    assert agencies <= listed
    assert all(r["cases"] == 0 for r in rows)
    data = report_data(demo_db, "2026-06-15", "2026-07-15")
    table3 = next(t for t in tables(data) if "考评" in t[0])
    assert len(table3[2]) == len(data["bureau_table"])
    assert {r["agency_id"] for r in data["bureau_table"] if r["kind"] == "agency"} >= agencies
    assert any(not any(r[key] for key in ("cases", "leads", "interviews", "publicity")) for r in data["bureau_table"]
               if r["kind"] == "agency")


def test_each_share_is_its_nearest_tenth_rounded_half_up():
    assert shares([1, 2, 2, 9]) == ["7.1%", "14.3%", "14.3%", "64.3%"]
    assert shares([4, 1, 1]) == ["66.7%", "16.7%", "16.7%"]


def test_shares_not_adding_up_are_noted_under_table_1(demo_db, on_the_day):
    data = report_data(demo_db, "2026-06-15", "2026-07-15")
    data["sectors"] = [{**s, "cases": c, "share": p} for s, c, p in  # 66.7% + 16.7% + 16.7%: 100.1%
                       zip(data["sectors"][:3], (4, 1, 1), shares([4, 1, 1]), strict=True)]
    assert shares_note(data) == SHARES_NOTE
    texts = [b.text for b in report_document(data).blocks if isinstance(b, Paragraph)]
    assert SHARES_NOTE in texts


def test_the_attachment_is_laid_out_as_gb_t_9704_lays_one_out(demo_db, on_the_day):
    from workstation.documents.blocks import layout

    blocks = report_document(report_data(demo_db, "2026-06-15", "2026-07-15")).blocks
    note = next(i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text.startswith("附件："))
    blank = blocks[note - 1]  # a blank line below the text (kept with the 落款 as a blank paragraph)
    assert (isinstance(blank, Spacer) and blank.lines == 1) or (isinstance(blank, Paragraph) and blank.text == "\u3000")
    assert blocks[note - 2].text == "特此通报。"
    label = next(i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text == "附件")
    style = layout()["styles"][blocks[label].style]
    assert style.get("first_line_indent_chars", 0) == 0 and style.get("left_indent_chars", 0) == 0
    assert style["size"] == 16 and style["font"] == "hei" and (blocks[label].align or style["align"]) == "left"
    assert isinstance(blocks[label + 1], Spacer) and blocks[label + 1].lines == 1  # the title on the third line
    title = blocks[label + 2]
    assert isinstance(title, Paragraph) and title.text == "统计表及统计图"
    assert (title.align or layout()["styles"][title.style]["align"]) == "center"
