"""Statistics and the campaign report as the audit of 2026-12-05 read them: the report's chart by month labels its
months short (6月, the year where it changes) and only as many as fit, never a smear; table 3 keeps a count of seven
or eight digits on one line; a 万元 amount that rounds to nothing prints <0.01, and a table whose rounded rows do not
add up to its rounded total says so under it; the exports from the window write the format their file's name says,
or refuse it; and the dashboard's chart by month leaves out the values over its bars where they do not fit."""

from __future__ import annotations

import csv
import io
import re

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from workstation.documents.blocks import Paragraph
from workstation.errors import WorkstationError
from workstation.reports import data as report_module
from workstation.reports import render_report, report_data
from workstation.reports.charts import LABEL_SIZE, bar_drawing, chart_size
from workstation.reports.document import AMOUNTS_NOTE, charts, report_document, tables

TODAY = "2026-12-05"


@pytest.fixture
def on_the_day(monkeypatch):
    """The report written on 5 December 2026 (its day, as ``records.now`` gives it)."""
    def on(day: str = TODAY) -> None:
        monkeypatch.setattr(report_module, "now", lambda: f"{day}T10:00:00+08:00")
    on()
    return on


def pdf_lines(data: dict) -> list[str]:
    """The lines of text the PDF of ``data`` prints, as a reader copies them out."""
    pdf = render_report(data, "pdf")[0]
    return [line for page in PdfReader(io.BytesIO(pdf)).pages for line in page.extract_text().split("\n")]


# ---- 1. chart 2 by month --------------------------------------------------------------------------------------


def month_chart(data: dict):
    """Chart 2 by month of ``data`` (one district: the chart is by month) drawn as the PDF and the DOCX draw it."""
    from workstation.documents.fonts import resolve_fonts

    chart = charts({**data, "districts": data["districts"][:1]})[1]
    assert chart.caption.startswith("图2  各月")
    return chart, bar_drawing(chart, *chart_size(), resolve_fonts())


def drawn(drawing) -> list[tuple[int, str]]:
    """(bar, text) of each label drawn under a bar, left to right."""
    bars = drawing.contents[0]
    return [(i, name) for i, name in enumerate(bars.categoryAxis.categoryNames) if name]


def assert_side_by_side(drawing) -> None:
    """The labels drawn under the bars leave room between them: none overlaps its neighbour."""
    bars = drawing.contents[0]
    face = bars.categoryAxis.labels.fontName
    room = bars.width / len(bars.categoryAxis.categoryNames)
    shown = drawn(drawing)
    for (a, left), (b, right) in zip(shown, shown[1:], strict=False):
        width = [max(stringWidth(line, face, LABEL_SIZE) for line in text.split("\n")) for text in (left, right)]
        assert (width[0] + width[1]) / 2 < (b - a) * room, (left, right)


def test_the_months_of_a_year_are_labelled_short_with_the_year_under_the_first(demo_db, on_the_day):
    on_the_day("2027-01-10")
    chart, drawing = month_chart(report_data(demo_db, "2026-01-01", "2026-12-31"))
    assert drawn(drawing) == [(0, "1月\n2026年"), *((i, f"{i + 1}月") for i in range(1, 12))]
    assert_side_by_side(drawing)
    # the bars keep their months in full (the data the chart is drawn from)
    assert chart.bars[0][0] == "2026年1月" and chart.bars[-1][0] == "2026年12月"


def test_a_period_across_the_turn_of_the_year_says_the_year_where_it_changes(demo_db, on_the_day):
    on_the_day("2027-03-10")
    _chart, drawing = month_chart(report_data(demo_db, "2026-09-01", "2027-02-28"))
    assert drawn(drawing) == [(0, "9月\n2026年"), (1, "10月"), (2, "11月"), (3, "12月"), (4, "1月\n2027年"),
                              (5, "2月")]


def test_months_that_do_not_fit_side_by_side_are_thinned_never_smeared(demo_db, on_the_day):
    on_the_day("2027-01-10")
    chart, drawing = month_chart(report_data(demo_db, "2024-01-01", "2026-12-31"))
    shown = drawn(drawing)
    assert len(chart.bars) == 36 and 3 <= len(shown) < 36
    assert_side_by_side(drawing)
    steps = {b - a for (a, _l), (b, _r) in zip(shown, shown[1:], strict=False)}
    assert len(steps) == 1  # every n-th month
    texts = [text for _i, text in shown]
    assert texts[0].endswith("\n2024年")  # the first label drawn says its year, as does the first of each year
    years = [text.split("\n")[1] for text in texts if "\n" in text]
    assert years == ["2024年", "2025年", "2026年"]
    # the values over 36 bars do not fit side by side: left out (table 4 has them)
    assert drawing.contents[0].barLabelFormat is None


def test_a_part_of_a_month_is_labelled_short_too(demo_db, on_the_day):
    _chart, drawing = month_chart(report_data(demo_db, "2026-06-15", "2026-07-15"))
    assert [text for _i, text in drawn(drawing)] == ["6月15日至30日\n2026年", "7月1日至15日"]
    assert_side_by_side(drawing)


def test_a_period_frozen_before_keeps_its_month_labels_as_sent(demo_db, on_the_day):
    on_the_day("2027-01-10")
    data = report_data(demo_db, "2026-01-01", "2026-12-31") | {"format": 17}
    _chart, drawing = month_chart(data)
    assert [text for _i, text in drawn(drawing)] == [f"2026年{m}月" for m in range(1, 13)]


# ---- 2. table 3 keeps seven and eight digits on one line ------------------------------------------------------


def test_seven_and_eight_digit_counts_stay_on_one_line_in_table_3(demo_db, on_the_day):
    data = report_data(demo_db, "2026-01-01", "2026-11-30")
    units = [r for r in data["bureau_table"] if r["kind"] == "agency"]
    units[0]["records"], units[1]["records"] = 1234567, 12345678
    lines = pdf_lines(data)
    assert any(re.search(r"(?<!\d)1234567(?!\d)", line) for line in lines)
    assert any(re.search(r"(?<!\d)12345678(?!\d)", line) for line in lines)
    # the 合计 rows and 未交办线索 broken between their words, never a character left alone
    assert "顺德区" in lines and "合计" in lines and "计" not in lines


def test_the_docx_column_of_records_holds_eight_digits_and_the_heads_stay_whole(demo_db, on_the_day):
    from workstation.documents.pdf_layout import style

    data = report_data(demo_db, "2026-01-01", "2026-11-30")
    document = docx.Document(io.BytesIO(render_report(data, "docx")[0]))
    table = next(t for t in document.tables if len(t.columns) == 9)  # table 3
    widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
    padding = 2 * round(1.5 / 25.4 * 1440)  # 1.5 mm each side, in twips
    char = style("cell")["size"] * 20  # one 12 pt Chinese character, in twips; a digit half of it
    assert widths[2] - padding >= 8 * char / 2  # 涉案信息: 12345678
    assert widths[0] - padding >= 4 * char  # 单位: 石湾镇所, 全市合计
    assert widths[3] - padding >= 4 * char  # 罚没金额, （万元）
    assert all(width - padding >= 3 * char for width in widths)  # （件）, （条）


# ---- 3. 万元 that round to nothing, and rows that do not add up -----------------------------------------------------


def test_a_small_amount_prints_less_than_0_01_not_0_00(demo_db, on_the_day):
    data = report_data(demo_db, "2026-01-01", "2026-11-30")
    unit = next(r for r in data["bureau_table"] if r["kind"] == "agency")
    unit["penalties_total_fen"] = 1000  # 10 yuan
    data["districts"][0]["penalties_total_fen"] = 4999
    data["monthly"][0]["penalties_total_fen"] = 1
    printed = {caption: rows for caption, _head, rows, _widths, _bold in tables(data)}
    bureau = next(rows for caption, rows in printed.items() if "考评" in caption)
    assert next(row for row in bureau if row[0] == unit["short_name"])[3] == "<0.01"
    assert next(rows for caption, rows in printed.items() if "辖区" in caption)[0][3] == "<0.01"
    assert next(rows for caption, rows in printed.items() if "各月" in caption)[0][3] == "<0.01"
    assert not any(row[3] == "<0.01" and row[0] == "合计" for rows in printed.values() for row in rows
                   if len(row) > 3 and data["stats"]["penalties_total_fen"] >= 5000)
    sheet = openpyxl.load_workbook(io.BytesIO(render_report(data, "xlsx")[0]))["各局考评"]
    cells = {row[0]: row[3] for row in sheet.iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert cells[unit["short_name"]] == "<0.01"
    assert cells["全市合计"] == pytest.approx(data["bureau_table"][-1]["penalties_total_fen"] / 1_000_000, abs=0.005)


def blocks_text(data: dict) -> list[str]:
    return [b.text for b in report_document(data).blocks if isinstance(b, Paragraph)]


def test_a_table_whose_rounded_rows_do_not_add_up_says_so_under_it(demo_db, on_the_day):
    data = report_data(demo_db, "2026-06-01", "2026-07-31")
    assert AMOUNTS_NOTE == "注：金额以万元为单位四舍五入，分项之和与合计可能略有差异。"
    assert AMOUNTS_NOTE not in blocks_text(data)  # the demo's amounts add up
    # three districts of 50 yuan each: 0.01 + 0.01 + 0.01 printed, 0.02 (150 yuan) their 合计
    for district in data["districts"][:3]:
        district["penalties_total_fen"] = 5_000
    for district in data["districts"][3:]:
        district["penalties_total_fen"] = 0
    rows = next(rows for caption, _h, rows, _w, _b in tables(data) if "辖区" in caption)
    assert [row[3] for row in rows[:3]] == ["0.01"] * 3 and rows[-1] == ("合计", *rows[-1][1:3], "0.02")
    texts = blocks_text(data)
    caption = next(i for i, text in enumerate(texts) if "各辖区案件情况" in text)
    following = next(i for i, text in enumerate(texts) if "考评" in text and text.startswith("表"))
    assert texts.index(AMOUNTS_NOTE) in range(caption, following)
    printed = "".join(line for line in pdf_lines(data) if not re.fullmatch(r"— \d+ —", line))  # page numbers left out
    assert AMOUNTS_NOTE in printed.replace(" ", "")


def test_table_3_and_its_sheet_say_so_when_its_units_do_not_add_up_to_a_total(demo_db, on_the_day):
    data = report_data(demo_db, "2026-06-01", "2026-07-31")
    rows = data["bureau_table"]
    start = next(i for i, r in enumerate(rows) if r["kind"] == "district_total")  # the first district's units
    first_units = [r for r in rows[:start] if r["kind"] == "agency"][:3]
    for r in rows:
        r["penalties_total_fen"] = 0
    for r in first_units:
        r["penalties_total_fen"] = 5_000
    rows[start]["penalties_total_fen"] = rows[-1]["penalties_total_fen"] = 15_000
    texts = blocks_text(data)
    caption = next(i for i, text in enumerate(texts) if "考评" in text and text.startswith("表"))
    assert AMOUNTS_NOTE in texts[caption:caption + 2]
    sheet = openpyxl.load_workbook(io.BytesIO(render_report(data, "xlsx")[0]))["各局考评"]
    assert AMOUNTS_NOTE in [row[0] for row in sheet.iter_rows(values_only=True)]


def test_the_note_of_table_3_s_sheet_spans_the_table_under_a_blank_row(demo_db, on_the_day):
    from workstation.reports.data import BUREAU_COLUMNS

    data = report_data(demo_db, "2026-06-01", "2026-07-31")
    rows = data["bureau_table"]
    for r in rows:
        r["penalties_total_fen"] = 5_000 if r["kind"] == "agency" else 0
    sheet = openpyxl.load_workbook(io.BytesIO(render_report(data, "xlsx")[0]))["各局考评"]
    last = sheet.max_row
    assert sheet.cell(last, 1).value == AMOUNTS_NOTE and sheet.cell(last, 1).alignment.wrap_text
    assert all(cell is None for cell in next(sheet.iter_rows(min_row=last - 1, max_row=last - 1, values_only=True)))
    assert [str(r) for r in sheet.merged_cells.ranges] == [f"A{last}:{chr(64 + len(BUREAU_COLUMNS))}{last}"]


def test_each_table_says_which_it_is(demo_db, on_the_day):
    data = report_data(demo_db, "2026-06-01", "2026-07-31")
    assert [table.kind for table in tables(data)] == ["sectors", "districts", "bureau", "months"]
    caption, _header, _rows, _widths, _bold = tables(data)[1]  # unpacked as before
    assert caption == "表2  各辖区案件情况"
    office = {**data, "districts": [], "monthly": []}
    assert [(table.kind, table[0]) for table in tables(office)] == [
        ("sectors", "表1  各领域案件情况"), ("bureau", "表2  各单位工作情况（考评）")]


def test_a_period_frozen_before_prints_its_amounts_as_sent(demo_db, on_the_day):
    data = report_data(demo_db, "2026-06-01", "2026-07-31") | {"format": 17}
    data["districts"][0]["penalties_total_fen"] = 1_000
    for district in data["districts"][1:]:
        district["penalties_total_fen"] = 5_000
    rows = next(rows for caption, _h, rows, _w, _b in tables(data) if "辖区" in caption)
    assert rows[0][3] == "0.00"
    assert AMOUNTS_NOTE not in blocks_text(data)


# ---- 4. the exports write the format their name says, or refuse ------------------------------------------------


@pytest.fixture
def out(tmp_path):
    """An empty folder for the exports."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("name", ["g.pdf", "g.txt", "g.xls", "统计.docx"])
def test_the_statistics_export_refuses_a_name_of_another_format(demo_db, out, name, english):
    from workstation.stats_export import export_statistics

    with pytest.raises(WorkstationError) as refused:
        export_statistics(demo_db, out / name)
    assert str(out / name) in refused.value.message
    assert "XLSX" in refused.value.message and "CSV" in refused.value.message and ".xlsx" in refused.value.message
    assert list(out.iterdir()) == []


def test_the_statistics_export_writes_the_format_its_name_says(demo_db, out, english):
    from workstation.stats_export import export_statistics

    assert export_statistics(demo_db, out / "g.CSV").read_bytes().startswith("\ufeff".encode())
    assert export_statistics(demo_db, out / "g").read_bytes().startswith(b"PK")  # no extension: XLSX
    with pytest.raises(WorkstationError) as refused:  # a format asked for that the name contradicts
        export_statistics(demo_db, out / "h.xlsx", "csv")
    assert "h.xlsx" in refused.value.message and ".csv" in refused.value.message
    assert not (out / "h.xlsx").exists()


def test_the_evaluation_table_is_written_as_csv_only(demo_db, out, english):
    from workstation.stats import bureau_table
    from workstation.stats_export import write_bureau_csv

    with pytest.raises(WorkstationError) as refused:
        write_bureau_csv(demo_db, bureau_table(demo_db), out / "b.xlsx")
    assert str(out / "b.xlsx") in refused.value.message and ".csv" in refused.value.message
    assert list(out.iterdir()) == []


@pytest.fixture
def page(demo_db, make_window):
    window = make_window(demo_db)
    window.navigation.setCurrentRow(4)
    return window.stats_page


def test_the_window_adds_the_extension_to_a_name_typed_without_one(page, prompts, out, english):
    names = iter([str(out / "g"), str(out / "通报（2026.1-6月）")])
    prompts.save_file = lambda parent, title, name, filters: next(names)
    page.export_statistics()
    page.export_statistics()
    assert prompts.errors == []
    assert (out / "g.xlsx").read_bytes().startswith(b"PK")
    assert (out / "通报（2026.1-6月）.xlsx").read_bytes().startswith(b"PK")
    prompts.save_file = lambda parent, title, name, filters: str(out / "b")
    page.bureaus.export()
    assert prompts.errors == []
    with open(out / "b.csv", encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh)) == ["各局考评表"]


@pytest.mark.parametrize("name", ["g.pdf", "g.txt"])
def test_the_window_refuses_a_name_of_another_format_and_writes_nothing(page, prompts, out, english, name):
    prompts.save_file = lambda parent, title, _name, filters: str(out / name)
    page.export_statistics()
    assert len(prompts.errors) == 1 and name in prompts.errors[0] and "XLSX" in prompts.errors[0]
    prompts.save_file = lambda parent, title, _name, filters: str(out / "b.xlsx")
    page.bureaus.export()
    assert len(prompts.errors) == 2 and "b.xlsx" in prompts.errors[1] and ".csv" in prompts.errors[1]
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("name", ["统计.bak", "x.v2", "通报2026.H1"])
def test_a_name_whose_dot_names_no_format_is_written_by_the_core_as_by_the_command_line(demo_db, data_dir, out,
                                                                                       capsys, english, name):
    """One rule in both: only an extension of a document or table format (.pdf, .docx, .txt…) says a format; a
    dot in a name before anything else (统计.bak, x.v2, 通报2026.H1) is part of the name, written as asked."""
    from tests.helpers import run
    from workstation.stats_export import export_statistics

    assert export_statistics(demo_db, out / name).read_bytes().startswith(b"PK")  # no format said: XLSX
    assert export_statistics(demo_db, out / f"csv-{name}", "csv").read_bytes().startswith("\ufeff".encode())
    (out / name).unlink()
    code, said, err = run(capsys, "--data-dir", data_dir, "stats", "export", "-o", out / name)
    # its progress said between a start and an end line naming the file (s65), nothing else
    assert code == 0 and len(err.splitlines()) == 2 and all(str(out / name) in line for line in err.splitlines()), err
    assert (out / name).read_bytes().startswith(b"PK")


def test_the_command_line_refuses_a_document_extension_in_its_own_words(demo_db, data_dir, out, capsys, english):
    from tests.helpers import run

    code, said, err = run(capsys, "--data-dir", data_dir, "stats", "export", "-o", out / "统计.txt")
    assert (code, said) == (1, "")
    assert err == (f"Error: {out / '统计.txt'} ends in .txt, but this command writes XLSX、CSV only: end the file's "
                   "name in .xlsx.\n")
    assert list(out.iterdir()) == []


def test_the_window_adds_the_extension_to_a_name_whose_dot_names_no_format(page, prompts, out, english):
    names = iter([str(out / "统计.bak"), str(out / "通报2026.H1")])
    prompts.save_file = lambda parent, title, name, filters: next(names)
    page.export_statistics()
    page.export_statistics()
    assert prompts.errors == []
    assert (out / "统计.bak.xlsx").read_bytes().startswith(b"PK")
    assert (out / "通报2026.H1.xlsx").read_bytes().startswith(b"PK")
    prompts.save_file = lambda parent, title, name, filters: str(out / "考评.v2")
    page.bureaus.export()
    assert prompts.errors == []
    with open(out / "考评.v2.csv", encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh)) == ["各局考评表"]
    assert sorted(p.name for p in out.iterdir()) == ["统计.bak.xlsx", "考评.v2.csv", "通报2026.H1.xlsx"]


# ---- 5. the dashboard's values over the bars ---------------------------------------------------------------------


def value_texts(view) -> list[str]:
    """The values written over the bars that a user sees."""
    found = []
    for item in view.scene().items():
        if item.type() == 8 and item.isVisible():
            text = item.toGraphicsObject().toPlainText()
            if text.isdigit():
                found.append(text)
    return found


@pytest.mark.gui
def test_the_values_over_the_bars_are_left_out_where_they_do_not_fit(qtbot):
    from PySide6.QtWidgets import QApplication

    from ui.charts import BarChartView

    view = BarChartView("各月案件数（件）", "案件数")
    qtbot.addWidget(view)
    pairs = [(f"2025年{m}月", 200 + m) for m in range(1, 13)] + [(f"2026年{m}月", 230 + m) for m in range(1, 13)]
    view.resize(1500, 300)
    view.show()
    view.set_data(pairs)
    qtbot.wait(20)
    QApplication.processEvents()
    assert sorted(value_texts(view)) == sorted(str(value) for _label, value in pairs)
    view.resize(480, 300)  # a 1,024-pixel window's chart and narrower: 24 values of three digits overlap there
    qtbot.wait(20)
    QApplication.processEvents()
    assert value_texts(view) == []
    assert view.tip(0).endswith("201")  # the tooltip still gives each bar's value
    view.resize(1500, 300)
    qtbot.wait(20)
    QApplication.processEvents()
    assert len(value_texts(view)) == 24
