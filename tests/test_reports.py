import errno
import io
import json
import sqlite3
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from workstation import audit
from workstation.cli import main
from workstation.errors import Cancelled, NotFound, WorkstationError
from workstation.progress import CancelToken
from workstation.reports import campaign_text, freeze_period, list_periods, report_data, write_campaign_report
from workstation.reports.text import wan, wan_figure
from workstation.stats import FIGURES, bureau_table, campaign_stats, monthly

SEED_SENTENCE = ("共查办各类侵害消费者个人信息案件36件，其中房地产租售领域案件19件、教育培训领域案件7件、装饰装修领域案件5件、"
                 "小贷金融领域案件3件、其他领域案件2件，涉案侵权信息18176条，罚没金额18.90万元。")
Q1 = {"date_from": "2026-01-01", "date_to": "2026-03-31"}


def pdf_text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages).replace("\n", "").replace(" ", "")


@pytest.fixture
def out(tmp_path):
    """An empty folder for the written reports."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def periods_in(db):
    return db.execute("SELECT COUNT(*) FROM report_periods").fetchone()[0]


# ---- wording


def test_the_demo_campaign_gives_the_seed_sentence(demo_db):
    data = report_data(demo_db)
    assert SEED_SENTENCE in campaign_text(data)
    assert SEED_SENTENCE in data["text"]
    assert SEED_SENTENCE in campaign_text(campaign_stats(demo_db))


@pytest.mark.parametrize(("fen", "text"), [
    (18_900_000, "18.90万元"), (20_000_000, "20.00万元"), (1_000_000, "1.00万元"), (1_234_567_800, "1234.57万元"),
    (850_000, "8500元"), (12_345, "123.45元"), (12_340, "123.4元"), (0, "0元"),
])
def test_amounts_are_written_in_wan_yuan_from_ten_thousand_yuan(fen, text):
    assert wan(fen) == text


def test_table_amounts_have_two_decimals_rounded_half_up():
    assert (wan_figure(18_900_000), wan_figure(5_000), wan_figure(4_999), wan_figure(0)) == ("18.90", "0.01", "0.00",
                                                                                             "0.00")


def test_sectors_without_cases_are_left_out_and_the_largest_come_first(demo_db):
    stats = campaign_stats(demo_db)
    stats["cases"]["by_sector"] = {"real_estate": 1, "education": 0, "decoration": 4, "microloan": 0, "other": 2}
    first = campaign_text(stats)[0]
    assert "其中装饰装修领域案件4件、房地产租售领域案件1件、其他领域案件2件，" in first  # 其他 last
    assert "教育培训" not in first and "小贷金融" not in first


def test_the_report_speaks_of_leads_interviews_publicity_and_the_police(demo_db):
    text = "\n".join(report_data(demo_db)["text"])
    assert "共受理骚扰电话、违规发送商业短信等相关线索31条，已交办属地核查31条" in text
    assert "组织行政约谈7次，其中单独约谈4次、集体约谈3次" in text
    assert "开展宣传活动50场，发放宣传资料41800份，发送提示短信162万条，参与人数27.77万人。" in text
    assert "本期未向公安机关移送涉嫌犯罪案件。" in text  # and none of the demo's cases reaches the threshold
    assert "刑事追诉标准" not in text


def test_a_case_reaching_the_criminal_threshold_untransferred_is_named_not_denied(demo_db):
    # the first case (by number) given 99,999 other records (E: 5,000 reach 情节严重), never transferred; the second
    # given as many but transferred: it counts as transferred, not as one to follow up
    first, second = demo_db.execute("SELECT id, case_number FROM cases WHERE status <> 'transferred_police' "
                                    "ORDER BY case_number LIMIT 2").fetchall()
    with demo_db.atomic():
        # of providing personal information: the thresholds apply only to the violations the offence covers
        demo_db.execute("UPDATE cases SET records_other = 99999, violations = '[\"illegal_provision_or_leak\"]' "
                        "WHERE id IN (?, ?)", [first[0], second[0]])
        demo_db.execute("UPDATE cases SET status = 'transferred_police' WHERE id = ?", [second[0]])
    stats = campaign_stats(demo_db)
    assert stats["cases"]["threshold_not_transferred"] == [first[1]]
    text = "\n".join(report_data(demo_db)["text"])
    transferred = stats["cases"]["transferred_to_police"]
    assert transferred >= 1
    assert (f"向公安机关移送涉嫌犯罪案件{transferred}件；另有1件案件经测算已达到刑事追诉标准但尚未移送（{first[1]}），"
            "请承办单位抓紧核查") in text
    assert "本期无达到刑事追诉标准" not in text


# ---- statistics


def test_campaign_stats_count_violations_and_interview_kinds(demo_db):
    stats = campaign_stats(demo_db)
    assert stats["cases"]["by_violation"] == {"unsolicited_commercial_messages": 27, "illegal_provision_or_leak": 8,
                                              "illegal_collection_or_use": 5}
    assert stats["interviews_by_kind"] == {"single": 4, "joint": 3}
    assert stats["leads"] | {} == {"total": 31, "assigned": 31,
                                   "by_status": {"filed": 14, "not_filed": 8, "referred": 6, "assigned": 3},
                                   "decided": 28, "in_time": 28, "decided_unassigned": 0,
                                   # the three received last, past their T1 since 2026-11-20, 25 and 30
                                   "overdue_undecided": 3}


def test_leads_interviews_and_publicity_are_counted_in_the_period_too(demo_db):
    march = campaign_stats(demo_db, date_from="2026-03-01", date_to="2026-03-31")
    assert march["cases"]["total"] == 5
    assert march["leads"]["total"] == 5
    assert march["publicity"]["campaigns"] == 9
    assert march["interviews"] == 0


def test_leads_decided_within_the_15_working_days_of_t1_are_in_time(demo_db):
    from workstation.leads_workflow import assign_lead, decide_lead
    from workstation.records import Lead
    from workstation.store import agency_id_for_code, save_lead

    # three leads of 南海区局 besides its eight of the demo, all decided in time
    leads = [save_lead(demo_db, Lead(source="12345", received_at="2026-08-28T09:00:00+08:00")).id for _ in range(3)]
    for lead in leads:
        assign_lead(demo_db, lead, agency_id_for_code("440605"), on="2026-09-01")
    # the 15th working day after 2026-09-01 is 2026-09-21: Sunday 2026-09-20 is a make-up working day
    decide_lead(demo_db, leads[0], "not_file", on="2026-09-21", reason="未发现违法行为")
    decide_lead(demo_db, leads[1], "not_file", on="2026-09-22", reason="未发现违法行为")
    stats = campaign_stats(demo_db)
    assert (stats["leads"]["decided"], stats["leads"]["in_time"]) == (28 + 2, 28 + 1)
    assert stats["leads"]["by_status"] == {"filed": 14, "not_filed": 8 + 2, "referred": 6, "assigned": 3 + 1}
    nanhai = next(r for r in bureau_table(demo_db) if r["code"] == "440605" and r["kind"] == "agency")
    assert (nanhai["leads"], nanhai["leads_decided"], nanhai["leads_in_time"]) == (8 + 3, 8 + 2, 8 + 1)
    assert "已核查办结30条，其中按期办结29条，按期办结率96.7%" in "".join(report_data(demo_db)["text"])


@pytest.mark.parametrize("period", [{}, Q1, {"date_from": "2026-06-01"}])
def test_the_evaluation_table_adds_up_to_the_campaign_totals(demo_db, period):
    rows = bureau_table(demo_db, **period)
    stats = campaign_stats(demo_db, **period)
    total = rows[-1]
    assert total["kind"] == "total" and [r["kind"] for r in rows].count("total") == 1
    assert (total["cases"], total["records"], total["penalties_total_fen"], total["leads"], total["interviews"],
            total["publicity"]) == (stats["cases"]["total"], stats["infringing_records"], stats["penalties_total_fen"],
                                    stats["leads"]["total"], stats["interviews"], stats["publicity"]["campaigns"])
    agencies = [r for r in rows if r["kind"] == "agency"]
    for figure in FIGURES:
        assert sum(r[figure] for r in agencies) == total[figure]
    for district_total in (r for r in rows if r["kind"] == "district_total"):
        members = [r for r in agencies if r["district"] == district_total["district"] and r["level"] != "city"]
        assert all(district_total[f] == sum(r[f] for r in members) for f in FIGURES)
    # every unit is listed, once, those with nothing in the period too (with zeros): an evaluation shows who did nothing
    listed = [r["agency_id"] for r in agencies]
    assert sorted(listed) == sorted(row[0] for row in demo_db.execute("SELECT id FROM agencies"))


def test_the_evaluation_table_lists_each_district_with_its_offices_then_its_total(demo_db):
    rows = bureau_table(demo_db)
    chancheng = [(r["kind"], r["short_name"], r["cases"]) for r in rows if r["district"] == "禅城区"]
    assert chancheng == [("agency", "禅城区局", 5), ("agency", "石湾镇所", 0), ("agency", "张槎所", 0),
                         ("agency", "祖庙所", 2), ("agency", "南庄所", 0), ("district_total", "禅城区合计", 7)]
    assert [r["name"] for r in rows if r["kind"] == "district_total"] == ["禅城区合计", "南海区合计", "顺德区合计",
                                                                          "三水区合计", "高明区合计"]
    city = [r for r in rows if r["level"] == "city" and r["kind"] == "agency"]
    assert [(r["interviews"], r["publicity"], r["cases"]) for r in city] == [(5, 6, 0)]


def test_monthly_covers_every_month_of_the_range(demo_db):
    months = monthly(demo_db, date_from="2026-01-15", date_to="2026-12-31")
    assert [m["month"] for m in months] == [f"2026-{n:02d}" for n in range(1, 13)]
    assert months[0] == {"month": "2026-01", "cases": 0, "records": 0, "penalties_total_fen": 0}
    assert months[3]["cases"] == 1 and months[7]["cases"] == 7
    assert sum(m["cases"] for m in months) == 36
    assert sum(m["penalties_total_fen"] for m in months) == 18_900_000
    assert [m["month"] for m in monthly(demo_db)][::9] == ["2026-02", "2026-11"]


def test_monthly_of_an_empty_database_is_empty_unless_a_range_is_given(db):
    assert monthly(db) == []
    assert [m["month"] for m in monthly(db, date_from="2025-11-01", date_to="2026-02-28")] == [
        "2025-11", "2025-12", "2026-01", "2026-02"]


def test_a_period_of_years_ago_lists_its_months_and_only_a_boundless_one_is_brought_in(db, demo_db, monkeypatch):
    """In 2027 the winter of 2025–26 listed no month at all (its start, two years back, was taken for "no start"
    and brought to January 2027, after its end)."""
    from tests.helpers import program_day

    program_day(monkeypatch, "2029-01-03")
    assert [m["month"] for m in monthly(db, date_from="2025-11-01", date_to="2026-02-28")] == [
        "2025-11", "2025-12", "2026-01", "2026-02"]
    decade = monthly(demo_db, date_from="2016-01-01", date_to="2025-12-31")  # ten years: every month, at 0
    assert len(decade) == 120 and {m["cases"] for m in decade} == {0}
    boundless = [m["month"] for m in monthly(demo_db, date_from="0001-01-01", date_to="9999-12-31")]
    assert boundless == [f"{year}-{month:02d}" for year in range(2026, 2030) for month in range(1, 13)]


# ---- the written report


def test_the_pdf_holds_the_text_tables_and_charts_on_a4_pages(demo_db, tmp_path):
    result = write_campaign_report(demo_db, tmp_path / "通报.pdf", "pdf")
    reader = PdfReader(result["path"])
    assert result["pages"] == len(reader.pages) >= 4
    assert all((round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (595, 842) for p in reader.pages)
    text = pdf_text(result["path"])
    assert SEED_SENTENCE in text
    assert "—1—" in text and "表1各领域案件情况" in text and "全市合计" in text
    last = reader.pages[-1].extract_text().replace(" ", "")
    assert "图1各领域案件数（件）" in last and "图2各区案件数（件）" in last
    assert "房地产租售" in last and "南海区" in last  # the charts' own labels


def test_the_same_data_give_the_same_pdf_bytes(demo_db, tmp_path):
    data = report_data(demo_db, **Q1)
    from workstation.reports import render_report

    assert render_report(data, "pdf")[0] == render_report(json.loads(json.dumps(data)), "pdf")[0]


def test_the_docx_has_the_paragraphs_tables_and_east_asian_fonts(demo_db, tmp_path):
    result = write_campaign_report(demo_db, tmp_path / "通报.docx", "docx")
    document = docx.Document(result["path"])
    texts = [p.text for p in document.paragraphs]
    assert SEED_SENTENCE in texts
    assert texts[0] == "关于打击侵害消费者个人信息违法行为\n专项行动工作进展情况的通报"  # a line break between words
    body = next(p for p in document.paragraphs if p.text == SEED_SENTENCE)
    assert body.runs[0]._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    style_fonts = body.style.element.rPr.find(qn("w:rFonts"))
    assert style_fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert len(document.tables) == 4
    assert document.tables[0].rows[1].cells[0].text == "房地产租售"
    assert document.tables[2].rows[-1].cells[0].text == "全市合计"
    assert document.tables[2].rows[-1].cells[3].text == "18.90"


def test_the_workbook_has_its_sheets_with_numbers_as_numbers(demo_db, tmp_path):
    result = write_campaign_report(demo_db, tmp_path / "通报.xlsx", "xlsx")
    book = openpyxl.load_workbook(result["path"])
    assert book.sheetnames == ["概况", "行业", "辖区", "各局考评", "各局明细", "月度"]
    assert [c.value for c in book["行业"]["A"]][1:] == ["房地产租售", "教育培训", "装饰装修", "小贷金融", "其他", "合计"]
    assert [c.value for c in book["行业"]["B"]][1:] == [19, 7, 5, 3, 2, 36]
    bureaus = book["各局明细"]
    header = [c.value for c in bureaus[1]]
    last = {name: cell for name, cell in zip(header, bureaus[bureaus.max_row], strict=True)}
    assert last["单位"].value == "全市合计" and last["案件数（件）"].value == 36
    assert last["罚没合计（元）"].value == 189_000 and last["罚没合计（元）"].number_format == "#,##0.00"
    assert last["罚款（元）"].value == 175_600
    months = book["月度"]
    # each month's amounts are those decided in it (佛禅市监立〔2026〕1号 filed in February, decided on 13 April …),
    # which add up to the whole campaign's
    assert months["A2"].value == "2026-02" and months["B2"].value == 2 and months["D2"].value == 0
    assert months["A4"].value == "2026-04" and months["D4"].value == 11_000
    assert months[f"D{months.max_row}"].value == 189_000
    overview = {row[0]: row[1] for row in book["概况"].iter_rows(values_only=True) if row and row[0]}
    assert overview["案件总数（件）"] == 36 and overview["罚没合计（元）"] == 189_000
    assert SEED_SENTENCE in [row[1] for row in book["概况"].iter_rows(values_only=True)]


def test_a_frozen_period_prints_the_same_bytes_after_a_new_case_arrives(demo_db, tmp_path, make_case):
    sent = write_campaign_report(demo_db, tmp_path / "sent.pdf", "pdf", freeze_as="2026年第一季度", **Q1)
    workbook = write_campaign_report(demo_db, tmp_path / "sent.xlsx", "xlsx", period_label="2026年第一季度")
    make_case(status="investigating", filed_on="2026-03-20")
    again = write_campaign_report(demo_db, tmp_path / "again.pdf", "pdf", period_label="2026年第一季度")
    assert Path(again["path"]).read_bytes() == Path(sent["path"]).read_bytes()
    assert (again["period"], again["frozen"]) == ("2026年第一季度", True)
    assert write_campaign_report(demo_db, tmp_path / "again.xlsx", "xlsx",
                                 period_label="2026年第一季度")["sha256"] == workbook["sha256"]
    fresh = write_campaign_report(demo_db, tmp_path / "fresh.pdf", "pdf", **Q1)
    assert fresh["sha256"] != sent["sha256"]
    assert "共查办各类侵害消费者个人信息案件8件" in pdf_text(fresh["path"])
    assert "共查办各类侵害消费者个人信息案件7件" in pdf_text(again["path"])


def test_freezing_is_audited_and_a_used_label_is_refused(demo_db, english):
    entries = audit.verify(demo_db)["entries"]
    period = freeze_period(demo_db, "2026年第一季度", **Q1)
    assert audit.verify(demo_db) == {"valid": True, "entries": entries + 1, "problems": []}
    assert demo_db.execute("SELECT action, entity, entity_id FROM audit ORDER BY seq DESC LIMIT 1").fetchone() == (
        "freeze", "report_period", period.id)
    with pytest.raises(WorkstationError, match="2026年第一季度 is already frozen"):
        freeze_period(demo_db, "2026年第一季度")
    assert periods_in(demo_db) == 1
    assert [p["label"] for p in list_periods(demo_db)] == ["2026年第一季度"]
    with pytest.raises(sqlite3.DatabaseError, match="cannot be changed"):
        demo_db.execute("UPDATE report_periods SET snapshot = '{}'")


def test_an_unknown_period_and_impossible_dates_are_refused(demo_db, out, english):
    with pytest.raises(NotFound, match="No frozen report period 2025年"):
        write_campaign_report(demo_db, out / "x.pdf", "pdf", period_label="2025年")
    with pytest.raises(WorkstationError, match="2026-02-30 is not a date"):
        write_campaign_report(demo_db, out / "x.pdf", "pdf", date_from="2026-02-30")
    with pytest.raises(WorkstationError, match="ends .2026-01-01. before it begins"):
        write_campaign_report(demo_db, out / "x.pdf", "pdf", date_from="2026-03-01", date_to="2026-01-01")
    assert list(out.iterdir()) == []


def test_an_unwritable_target_leaves_no_file_and_no_frozen_period(demo_db, out, english):
    with pytest.raises(WorkstationError, match="does not exist"):
        write_campaign_report(demo_db, out / "missing" / "x.pdf", "pdf", freeze_as="Q1")
    (out / "taken.pdf").mkdir()  # a folder where the file should go: refused before anything is written
    with pytest.raises(WorkstationError, match="taken.pdf is a folder: give the name of the file to write"):
        write_campaign_report(demo_db, out / "taken.pdf", "pdf", freeze_as="Q1")
    assert periods_in(demo_db) == 0
    assert sorted(p.name for p in out.iterdir()) == ["taken.pdf"]


def test_a_full_disk_leaves_nothing_half_written(demo_db, out, monkeypatch, english):
    def full(self, data):
        with open(self, "wb") as fh:
            fh.write(data[:100])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(WorkstationError, match=r"report.docx cannot be written: the disk is full"):
        write_campaign_report(demo_db, out / "report.docx", "docx", freeze_as="Q1")
    assert list(out.iterdir()) == []
    assert periods_in(demo_db) == 0


def test_a_cancelled_report_freezes_and_writes_nothing(demo_db, out):
    token = CancelToken()
    seen = []

    def progress(done, total, message):
        seen.append((done, total))
        if done == 1:
            token.cancel()

    with pytest.raises(Cancelled):
        write_campaign_report(demo_db, out / "x.pdf", "pdf", freeze_as="Q1", progress=progress, cancel=token)
    assert periods_in(demo_db) == 0 and list(out.iterdir()) == []
    assert seen == [(0, 3), (1, 3)]


def test_progress_is_reported_to_the_end(demo_db, tmp_path):
    seen = []
    write_campaign_report(demo_db, tmp_path / "x.xlsx", "xlsx", progress=lambda d, t, m: seen.append((d, t, m)))
    assert [(d, t) for d, t, _m in seen] == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_a_district_report_covers_its_own_offices(demo_db, tmp_path):
    from workstation.store import agency_id_for_code

    data = report_data(demo_db, agency_id=agency_id_for_code("440605"))
    assert data["stats"]["cases"]["total"] == 9
    assert [r["short_name"] for r in data["bureau_table"]] == ["南海区局", "桂城所", "九江所", "西樵所", "丹灶所", "狮山所",
                                                               "大沥所", "里水所", "南海区合计"]  # every office
    assert data["opening"].startswith("截至") and "佛山市南海区市场监督管理局深入开展" in data["opening"]
    assert render_ok(data)


def render_ok(data) -> bool:
    from workstation.reports import render_report

    return all(render_report(data, fmt)[0] for fmt in ("pdf", "docx", "xlsx"))


# ---- command line


@pytest.fixture
def station(tmp_path, cli_station):
    return cli_station(tmp_path / "station")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_report_campaign_on_the_command_line(station, tmp_path, capsys):
    out = tmp_path / "通报.xlsx"
    code, stdout, err = run(capsys, "--data-dir", station, "report", "campaign", "--format", "xlsx", "-o", out,
                            "--from", "2026/1/1", "--to", "2026-03-31", "--freeze", "一季度", "--json")
    assert (code, err) == (0, "")
    result = json.loads(stdout)
    assert result["path"] == str(out) and out.is_file()
    assert (result["period"], result["frozen"], result["from"], result["to"]) == ("一季度", True, "2026-01-01",
                                                                                  "2026-03-31")
    code, stdout, err = run(capsys, "--data-dir", station, "report", "periods", "--json")
    assert code == 0
    assert [(p["label"], p["from"], p["to"]) for p in json.loads(stdout)] == [("一季度", "2026-01-01", "2026-03-31")]
    code, stdout, err = run(capsys, "--data-dir", station, "report", "campaign", "-o", tmp_path / "a.pdf",
                            "--period", "一季度", "--json")
    assert code == 0 and json.loads(stdout)["pages"] >= 4


@pytest.mark.parametrize(("options", "message"), [
    (["--period", "去年"], "Error: No frozen report period 去年: see `report periods` for the frozen ones.\n"),
    (["--from", "2026-02-30"], "Error: --from: 2026-02-30 is not a date in the calendar (month 2 of 2026 has 28 "
                               "days): write a date that exists, such as 2026-02-28.\n"),
    (["--agency", "999999"], "Error: --agency: No agency with code 999999: see `init --help` for the codes.\n"),
    (["--period", "x", "--freeze", "y"], "Error: A frozen period keeps its own dates and agency: give only its "
                                         "label to print it again.\n"),
])
def test_bad_report_options_get_one_line_and_exit_1(station, tmp_path, capsys, english, options, message):
    code, out, err = run(capsys, "--data-dir", station, "report", "campaign", "-o", tmp_path / "x.pdf", *options)
    assert (code, out, err) == (1, "", message)
    assert not (tmp_path / "x.pdf").exists()


def test_an_unwritable_report_output_is_refused_on_the_command_line(station, tmp_path, capsys, english):
    code, out, err = run(capsys, "--data-dir", station, "report", "campaign", "-o", tmp_path / "no" / "x.docx",
                         "--format", "docx")
    assert (code, out) == (1, "")
    assert err.startswith("Error: The folder ") and err.count("\n") == 1 and "Traceback" not in err


def test_report_periods_says_when_there_are_none(station, capsys, english):
    assert run(capsys, "--data-dir", station, "report", "periods") == (0, "No frozen report periods.\n", "")


def test_the_written_pdf_is_the_rendered_one(demo_db, tmp_path):
    from workstation.reports import render_report

    data = report_data(demo_db)
    rendered, pages = render_report(data, "pdf")
    assert len(PdfReader(io.BytesIO(rendered)).pages) == pages
