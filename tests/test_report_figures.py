"""The figures of the campaign report for one agency (complaints counted within its scope), the wording of the
fined and confiscated amounts, and the 合计 row of table 2 (by district) in every format."""

import io
import json

import docx
import openpyxl
import pytest

from workstation.cli import main
from workstation.reports import render_report, report_data, write_campaign_report
from workstation.reports.data import district_total
from workstation.reports.document import tables
from workstation.reports.text import wan_figure
from workstation.stats import campaign_stats
from workstation.store import agency_id_for_code, save_lead

from .test_reports import pdf_text

NANHAI, GUICHENG, SHUNDE, CITY = (agency_id_for_code(c) for c in ("440605", "440605011", "440606", "440600"))


def add_lead(db, agency_id):
    from workstation.records import Lead

    lead = Lead(source="12345", received_at="2026-03-01T09:00:00+08:00", agency_id=agency_id,
                status="assigned" if agency_id else "registered")
    return save_lead(db, lead).id


def add_complaints(db):
    """Six complaints of March 2026: (id, screened district, lead's agency or None, related)."""
    leads = {agency: add_lead(db, agency) for agency in (GUICHENG, SHUNDE, None)}
    rows = [
        ("a", "南海区", "no lead", True),   # placed in Nanhai by screening, in no lead → Nanhai
        ("b", "", GUICHENG, True),          # no district, in a lead of a Nanhai office → Nanhai and 桂城所
        ("c", "南海区", SHUNDE, True),      # placed in Nanhai, but its lead went to Shunde → Shunde only
        ("d", "南海区", None, True),        # placed in Nanhai, its lead not assigned yet → Nanhai
        ("e", "顺德区", "no lead", False),  # placed in Shunde, not about personal information → Shunde
        ("f", "", "no lead", False),        # nowhere → the city only
    ]
    for ref, district, agency, related in rows:
        lead_id = None if agency == "no lead" else leads[agency]
        db.execute("INSERT INTO complaints (id, source, external_id, received_at, text, created_at, district, "
                   "category, lead_id) VALUES (?, '12345', ?, '2026-03-02T10:00:00+08:00', '推销电话', "
                   "'2026-03-02', ?, ?, ?)",
                   [ref, f"GD{ref}", district, "harassment_call" if related else "", lead_id])


def complaints(db, agency_id=None, own=False, **period):
    return campaign_stats(db, agency_id, own=own, **period)["complaints"]


# ---- complaints within the report's agency


def test_a_district_counts_its_own_complaints_not_the_citys(demo_db):
    add_complaints(demo_db)
    assert complaints(demo_db) == {"imported": 6, "related": 4, "in_leads": 3}
    assert complaints(demo_db, NANHAI) == {"imported": 3, "related": 3, "in_leads": 2}  # a, b, d
    assert complaints(demo_db, SHUNDE) == {"imported": 2, "related": 1, "in_leads": 1}  # c, e
    assert complaints(demo_db, GUICHENG) == {"imported": 1, "related": 1, "in_leads": 1}  # b: its own lead only
    assert complaints(demo_db, NANHAI, own=True) == {"imported": 0, "related": 0, "in_leads": 0}  # no lead of the bureau itself
    assert complaints(demo_db, CITY) == {"imported": 6, "related": 4, "in_leads": 3}  # the city bureau with its offices
    assert complaints(demo_db, NANHAI, date_from="2026-04-01") == {"imported": 0, "related": 0, "in_leads": 0}


def test_the_report_of_a_district_says_which_complaints_it_counts(demo_db):
    add_complaints(demo_db)
    nanhai = report_data(demo_db, agency_id=NANHAI)
    assert nanhai["stats"]["complaints"] == {"imported": 3, "related": 3, "in_leads": 2}
    assert nanhai["period"]["complaint_scope"] == "district"
    text = "\n".join(nanhai["text"])
    assert "经筛查涉及侵害消费者个人信息且属本辖区的3宗（所涉线索已交办的按承办单位统计，其余按筛查认定的所属区统计）" in text
    assert "导入投诉举报6宗" not in text
    office = "\n".join(report_data(demo_db, agency_id=GUICHENG)["text"])
    assert "经筛查涉及侵害消费者个人信息且所涉线索由本单位核查的1宗" in office
    city = "\n".join(report_data(demo_db)["text"])
    assert "通过12345热线、12315平台、消费者委员会等渠道导入投诉举报6宗，经筛查涉及侵害消费者个人信息的4宗，其中已归入线索3宗。" in city


def test_report_campaign_for_one_agency_on_the_command_line(tmp_path, capsys):
    from workstation.db import open_database
    from workstation.paths import database_path

    station = tmp_path / "station"
    assert main(["--data-dir", str(station), "demo", "--without-complaints"]) == 0
    db = open_database(database_path(station))
    with db.atomic():
        add_complaints(db)
    db.conn.close()
    capsys.readouterr()
    out = tmp_path / "南海.xlsx"
    assert main(["--data-dir", str(station), "report", "campaign", "--agency", "440605", "-o", str(out),
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["path"] == str(out)
    overview = {row[0]: row[1] for row in openpyxl.load_workbook(out)["概况"].iter_rows(values_only=True)
                if row and row[0]}
    # no "imported" figure for a bureau: it would be its related complaints again (only those have a district)
    assert "导入投诉举报（宗）" not in overview and overview["涉个人信息投诉（宗）"] == 3
    assert overview["受理线索（条）"] == 8 + 1  # the seed's leads assigned in Nanhai, and the one of 桂城所


# ---- the amounts


def test_the_amounts_are_called_fined_and_confiscated_not_paid_in(demo_db, tmp_path):
    data = report_data(demo_db)
    assert "涉案侵权信息18176条，罚没金额18.90万元。" in data["text"][1]
    assert not any("入库" in paragraph for paragraph in data["text"])
    assert "入库" not in pdf_text(write_campaign_report(demo_db, tmp_path / "r.pdf", "pdf")["path"])


# ---- the 合计 row of table 2


def test_the_district_total_is_the_sum_of_the_district_rows(demo_db, make_case):
    make_case(status="closed", filed_on="2026-03-20", fine_fen=1_234_567, records_other=10)
    data = report_data(demo_db)
    total = district_total(data["districts"])
    for figure in ("cases", "records", "penalties_total_fen"):
        assert total[figure] == sum(d[figure] for d in data["districts"])
    caption, _header, rows, _widths, bold = tables(data)[1]
    assert caption.startswith("表2") and rows[-1][0] == "合计" and bold == {len(rows) - 1}
    assert rows[-1][1:] == (total["cases"], total["records"], wan_figure(total["penalties_total_fen"]))
    assert rows[-1][1] == sum(r[1] for r in rows[:-1]) == 37


def test_every_format_prints_the_district_total(demo_db, tmp_path):
    data = report_data(demo_db)
    cases = sum(d["cases"] for d in data["districts"])
    records = sum(d["records"] for d in data["districts"])
    fen = sum(d["penalties_total_fen"] for d in data["districts"])
    document = docx.Document(write_campaign_report(demo_db, tmp_path / "r.docx", "docx")["path"])
    table = document.tables[1]
    assert table.rows[0].cells[0].text == "辖区"
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert body[-1] == ["合计", str(cases), str(records), wan_figure(fen)]
    assert int(body[-1][1]) == sum(int(r[1]) for r in body[:-1])
    book = openpyxl.load_workbook(write_campaign_report(demo_db, tmp_path / "r.xlsx", "xlsx")["path"])
    sheet = list(book["辖区"].iter_rows(min_row=2, values_only=True))
    assert sheet[-1][0] == "合计" and book["辖区"].cell(len(sheet) + 1, 1).font.bold
    for column in (1, 2):
        assert sheet[-1][column] == sum(row[column] for row in sheet[:-1])
    assert sheet[-1][3] == pytest.approx(sum(row[3] for row in sheet[:-1])) == fen / 100
    text = pdf_text(write_campaign_report(demo_db, tmp_path / "r.pdf", "pdf")["path"])
    assert f"高明区51231{wan_figure(500_000)}合计{cases}{records}{wan_figure(fen)}" in text


def add_city_case(db, officers) -> None:
    """A case the city bureau handles itself (no district of its own): 100 records, a fine of 10,000 yuan decided."""
    from workstation.records import Case, Party
    from workstation.store import create_case, save_party

    party = save_party(db, Party(name="佛山市某数据科技有限公司", uscc="91512081MA62K0260E"))
    create_case(db, Case(case_number="", cause="涉嫌非法提供消费者个人信息案", sector="other", agency_id=CITY,
                         status="penalty_decided", filed_on="2026-05-02", party_ids=[party.id],
                         officer_ids=[officers["陈志强"].id, officers["黄丽娟"].id],
                         violations=["illegal_provision_or_leak"], records_other=100, fine_fen=1_000_000))


def test_the_city_bureau_s_own_cases_have_their_row_so_that_table_2_adds_up_to_the_case_total(demo_db, officers,
                                                                                              tmp_path):
    from workstation.stats_export import statistics_rows

    add_city_case(demo_db, officers)
    data = report_data(demo_db)
    stats = data["stats"]
    rows = tables(data)[1][2]
    assert rows[-2] == ("市局本级", 1, 100, wan_figure(1_000_000))
    assert rows[-1][:3] == ("合计", stats["cases"]["total"], stats["infringing_records"]) == ("合计", 37, 18276)
    assert rows[-1][3] == wan_figure(stats["penalties_total_fen"])
    assert "高明区5件、市局本级1件。" in "\n".join(data["text"])
    book = openpyxl.load_workbook(write_campaign_report(demo_db, tmp_path / "r.xlsx", "xlsx")["path"])
    assert [row[:2] for row in book["辖区"].iter_rows(min_row=2, values_only=True)][-2:] == [("市局本级", 1),
                                                                                         ("合计", 37)]
    assert ("辖区", "市局本级", "案件数（件）", 1) in statistics_rows(demo_db)  # the statistics export says the same


def test_a_district_report_has_its_total_too(demo_db):
    data = report_data(demo_db, agency_id=NANHAI)
    assert [r[0] for r in tables(data)[1][2]] == ["南海区", "合计"]
    assert tables(data)[1][2][0][1:] == tables(data)[1][2][1][1:]


def test_a_period_frozen_before_the_total_prints_again_without_it(demo_db):
    data = json.loads(json.dumps(report_data(demo_db)))
    data["format"] = 1  # as frozen by the version before the 合计 row
    assert [r[0] for r in tables(data)[1][2]][-1] == "高明区"
    book = openpyxl.load_workbook(io.BytesIO(render_report(data, "xlsx")[0]))
    assert [c.value for c in book["辖区"]["A"]][-1] == "高明区"


def test_a_table_continued_on_a_new_page_keeps_its_column_heads(demo_db, tmp_path):
    from pypdf import PdfReader

    path = write_campaign_report(demo_db, tmp_path / "r.pdf", "pdf")["path"]
    pages = [page.extract_text().replace(" ", "").replace("\n", "") for page in PdfReader(path).pages]
    for page in (p for p in pages if "区局" in p or "全市合计" in p):
        assert "按期办结" in page  # the evaluation table's heads on each page of its rows


# ---- an agency with nothing in the period


@pytest.mark.parametrize(("code", "own", "short"), [("440604010", False, "石湾镇所"), ("440605", True, "南海区局")])
def test_an_agency_without_records_has_its_row_of_zeros_not_a_table_of_heads_alone(demo_db, tmp_path, code, own,
                                                                                     short):
    agency_id = agency_id_for_code(code)
    period = {"date_from": "2030-01-01", "date_to": "2030-03-31"}  # nothing recorded yet
    data = report_data(demo_db, agency_id=agency_id, own=own, **period)
    assert [(r["short_name"], r["kind"], r["cases"], r["leads"]) for r in data["bureau_table"]] == [
        (short, "agency", 0, 0)]
    write = {"agency_id": agency_id, "own": own, **period}
    document = docx.Document(write_campaign_report(demo_db, tmp_path / "r.docx", "docx", **write)["path"])
    evaluation = next(t for t in document.tables if t.rows[0].cells[0].text == "单位")
    assert [[c.text for c in row.cells] for row in evaluation.rows[1:]] == [
        [short, "0", "0", "0.00", "0", "0", "0", "0", "0"]]
    text = pdf_text(write_campaign_report(demo_db, tmp_path / "r.pdf", "pdf", **write)["path"])
    assert f"{short}000.0000000" in text
    book = openpyxl.load_workbook(write_campaign_report(demo_db, tmp_path / "r.xlsx", "xlsx", **write)["path"])
    assert [row[:3] for row in book["各局明细"].iter_rows(min_row=2, values_only=True)] == [(code, data["bureau_table"][0]["name"], "单位")]
    assert [row[:2] for row in book["各局考评"].iter_rows(min_row=2, values_only=True)] == [(short, 0)]


def test_the_workbook_s_evaluation_table_holds_the_wan_figures_the_pdf_and_docx_print(demo_db, tmp_path):
    with demo_db.atomic():  # 120,500.50 yuan: 12.05005 万元, printed 12.05
        demo_db.execute("UPDATE cases SET fine_fen = 12050050, confiscated_fen = 0 WHERE procedure_kind IS NOT "
                        "'simple' AND id NOT IN (SELECT case_id FROM documents WHERE case_id IS NOT NULL)")
    data = report_data(demo_db)
    assert any(row["penalties_total_fen"] % 10_000 for row in data["bureau_table"])  # not whole in 万元 to 2 places
    printed = [row[3] for row in tables(data)[2][2]]  # table 3's 罚没金额（万元）, as the PDF and DOCX print it
    book = openpyxl.load_workbook(io.BytesIO(render_report(data, "xlsx")[0]))
    sheet = book["各局考评"]
    assert sheet.cell(1, 4).value == "罚没金额（万元）"
    cells = [sheet.cell(row, 4) for row in range(2, sheet.max_row + 1)]
    assert [f"{cell.value:.2f}" for cell in cells] == printed
    assert all(cell.value == round(cell.value, 2) and cell.number_format == "#,##0.00" for cell in cells)
    document = docx.Document(io.BytesIO(render_report(data, "docx")[0]))
    assert [row.cells[3].text for row in document.tables[2].rows[1:]] == printed
    # a period frozen before format 9 keeps its workbook as sent: the amounts to the fen
    old = openpyxl.load_workbook(io.BytesIO(render_report(data | {"format": 8}, "xlsx")[0]))["各局考评"]
    assert old.cell(2, 4).number_format == "#,##0.00####"


def test_the_cases_by_month_are_headed_as_cases_handled_and_table_1_adds_up_to_100_percent(demo_db):
    from workstation.reports.document import SHARES_NOTE, charts, shares_note

    with demo_db.atomic():  # 1 + 1 + 1 cases: half up each would print 33.3% three times (99.9%)
        demo_db.execute("UPDATE cases SET sector = 'other' WHERE id IN (SELECT id FROM cases ORDER BY case_number "
                        "LIMIT 3)")
        demo_db.execute("UPDATE cases SET sector = CASE id WHEN (SELECT id FROM cases ORDER BY case_number LIMIT 1) "
                        "THEN 'education' WHEN (SELECT id FROM cases ORDER BY case_number LIMIT 1 OFFSET 1) THEN "
                        "'microloan' ELSE sector END")
        demo_db.execute("UPDATE cases SET filed_on = '2026-01-05' WHERE id IN (SELECT id FROM cases ORDER BY "
                        "case_number LIMIT 3)")
    data = report_data(demo_db, "2026-01-05", "2026-01-05")
    one, *_rest, month = tables(data)
    shares = [row[2] for row in one[2]]
    assert shares[-1] == "100.0%"
    # equal counts get equal shares (test_hqfix_walkthrough): 99.9% in all, which a note under table 1 says
    assert sorted(shares[:-1]) == sorted(["33.3%", "33.3%", "33.3%", "0.0%", "0.0%"])
    assert sum(int(share.rstrip("%").replace(".", "")) for share in shares[:-1]) == 999
    assert shares_note(data) == SHARES_NOTE
    # the cases by month count the cases handled (filed or decided on the spot): headed as tables 1–3 head them
    assert month[1][1] == "案件数（件）" and charts(data | {"districts": []})[1].caption == "图2  各月案件数（件）"
    assert tables(data | {"format": 8})[-1][1][1] == "立案数（件）"  # a period frozen before: as it was sent
    book = openpyxl.load_workbook(io.BytesIO(render_report(data, "xlsx")[0]))
    assert book["月度"].cell(1, 2).value == "案件数（件）"
    parts = [row[2] for row in book["行业"].iter_rows(min_row=2, max_row=len(data["sectors"]) + 2, values_only=True)]
    assert sum(parts[:-1]) == pytest.approx(0.999) and parts[-1] == 1


def test_a_station_s_report_without_an_agency_is_its_own_agency_s_not_the_city_bureau_s(demo_db, data_dir, tmp_path):
    from workstation.station_role import HEADQUARTERS, set_installation_role
    from workstation.store.base import set_setting

    with demo_db.atomic():
        set_setting(demo_db, "station_agency", NANHAI)
    ours = report_data(demo_db, agency_id=NANHAI)
    result = write_campaign_report(demo_db, tmp_path / "r.docx", "docx")
    text = "\n".join(p.text for p in docx.Document(result["path"]).paragraphs)
    assert "局属各市场监督管理所，局各有关股室：" in text and "各区市场监督管理局" not in text
    assert "佛山市南海区市场监督管理局深入开展" in text and "全市各级市场监管部门" not in text
    assert f"共查办各类侵害消费者个人信息案件{ours['stats']['cases']['total']}件" in text
    lines = [line.strip() for line in text.splitlines()]
    assert "佛山市南海区市场监督管理局" in lines and "佛山市市场监督管理局" not in lines  # signed by its own agency
    # headquarters, with the same agency chosen, reports for the whole city when no agency is given
    set_installation_role(demo_db, data_dir, HEADQUARTERS)
    result = write_campaign_report(demo_db, tmp_path / "hq.docx", "docx")
    text = "\n".join(p.text for p in docx.Document(result["path"]).paragraphs)
    assert "各区市场监督管理局，市局各有关科室：" in text and "全市各级市场监管部门" in text
