"""The progress report's figures as an Excel workbook (openpyxl) for the bureaus' own tables: sheets 概况,
行业, 辖区, 各局考评 and 月度 with the same rows as the printed tables, numbers as numbers, amounts in yuan
with two decimals, a bar chart of cases by sector and, from format 21 (``DISTRICT_CHART_FORMAT``) on, one of cases by district on 辖区 where the
PDF and DOCX have chart 2 by district (``DISTRICT_CHART_FORMAT``), each titled as they title it; like the printed table 2, 辖区 is left out when there is no
district row (a town office, an agency's own records alone), and 月度 when there is no month, as table 4 is (a
period frozen before format 6 has them, header only). 概况 says of the related complaints how many leads group (from format 5 on), names the flyers 宣传资料（份） as the
text and the publicity log do and counts 参与人数（人） (from format 10 on; 发放资料（份） before). 各局考评 has the printed
table 3's columns (``data.BUREAU_COLUMNS``, amounts in 万元 as there), and 各局明细 each bureau's code, kind,
district and amounts in yuan, with each unit's 参与人数（人） after its 宣传活动（场） from format 11 on (a period
frozen before format 3 has the one sheet 各局考评 it was sent with, the detailed one). Under 行业's table, from format 12
on, the note table 1 has when its shares do not add up to 100.0%; in 概况, from format 15 on, how many of the leads
decided were never assigned. From format 18 on 各局考评 writes <0.01 for an amount that rounds to nothing, as table 3
prints it, and under it table 3's note when its rounded rows do not add up. The same data give the same bytes (fixed document
properties and zip dates)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from workstation.reports.data import (
    BUREAU_COLUMNS,
    district_total,
    has_complaints_in_leads,
    has_district_total,
    has_format_9,
    has_format_10,
    has_format_11,
    has_format_12,
    has_format_15,
    has_format_17,
    has_format_18,
    has_month_total,
    has_only_printed_sheets,
    has_shared_bureau_columns,
    month_part,
    one_day_part,
)
from workstation.reports.document import amounts_note, charts, month_cases_head, shares_note
from workstation.reports.text import UNDER_A_HUNDREDTH, wan_cell, wan_figure
from workstation.sheet_cells import xlsx_row

AUTHOR = "案卷工作站"
YUAN = "#,##0.00"
WAN = "#,##0.00####"  # 万元 with the yuan and fen kept
COUNT = "#,##0"
#: the format from which the workbook has the chart by district (a period frozen before keeps its sector chart alone)
DISTRICT_CHART_FORMAT = 21
#: the format from which 概况 counts the cases sent to another agency (移送其他机关, ``reports.data.FORMAT`` 24)
TRANSFERRED_OUT_FORMAT = 24
KIND_LABELS = {"agency": "单位", "district_total": "区合计", "unassigned": "未交办", "total": "全市合计"}


def chart_title(caption: str) -> str:
    """A chart's title in the workbook: the caption the PDF and DOCX print under it (``document.charts``) without the
    figure's number ("图2  各区案件数（件）": "各区案件数（件）"), as the workbook numbers no figure."""
    return " ".join(caption.split()[1:])


def _bar_chart(sheet, caption: str, rows: int, anchor: str) -> None:
    """A bar chart on ``sheet`` titled as ``caption`` (``chart_title``) of the figures in its column 2 (headed in row
    1) of the ``rows`` rows under the heads, labelled by its column 1."""
    chart = BarChart()
    chart.title = chart_title(caption)
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=rows + 1), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=rows + 1))
    sheet.add_chart(chart, anchor)


def _yuan(fen: int) -> float:
    return fen / 100


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list], formats: dict[int, str],
           widths: list[int]):
    """A sheet with a bold header row frozen above ``rows``; ``formats`` maps column numbers (from 1) to
    number formats."""
    sheet = book.create_sheet(title)
    # each text stored as text (``xlsx_row``): a title, unit or district worded "=…" is no formula
    sheet.append(xlsx_row(sheet, header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    for column, number_format in formats.items():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = number_format
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _overview(book: Workbook, data: dict) -> None:
    stats = data["stats"]
    cases, leads = stats["cases"], stats["leads"]
    rows = [
        ["标题", data["title"]], ["单位", data["agency"]["name"]], ["统计期间", data["period"]["text"]],
        ["生成时间", data["generated_at"][:19].replace("T", " ")],
        ["案件总数（件）", cases["total"]], ["涉案侵权信息（条）", stats["infringing_records"]],
        ["罚款（元）", _yuan(stats["fines_fen"])], ["没收违法所得（元）", _yuan(stats["confiscated_fen"])],
        ["罚没合计（元）", _yuan(stats["penalties_total_fen"])], ["移送公安机关（件）", cases["transferred_to_police"]],
        # sent to another agency with a 案件移送函, not among the cases (format 24 on: figures gathered before have none)
        *([["移送其他机关（件）", cases.get("transferred_out", 0)]] if data.get("format", 1) >= TRANSFERRED_OUT_FORMAT
          else []),
        # an agency's imported complaints are its related ones again (only those have a district): the city's only
        *([["导入投诉举报（宗）", stats["complaints"]["imported"]]]
          if data["period"].get("complaint_scope", "city") == "city" else []),
        ["涉个人信息投诉（宗）", stats["complaints"]["related"]],
        *([["其中已归入线索（宗）", stats["complaints"]["in_leads"]]] if has_complaints_in_leads(data) else []),
        ["受理线索（条）", leads["total"]], ["交办线索（条）", leads["assigned"]],
        ["办结线索（条）", leads.get("decided", 0)],
        # of them, those never assigned (a bureau or office registered and checked them itself), as the text says
        *([["其中未经交办、自行登记核查（条）", leads.get("decided_unassigned", 0)]] if has_format_15(data) else []),
        ["按期办结（条）", leads.get("in_time", 0)],
        ["行政约谈（次）", stats["interviews"]], ["宣传活动（场）", stats["publicity"]["campaigns"]],
        # named as the text and the publicity log name them from format 10 on, with the participants
        ["宣传资料（份）" if has_format_10(data) else "发放资料（份）", stats["publicity"]["flyers"]],
        ["提示短信（条）", stats["publicity"]["sms"]],
        *([["参与人数（人）", stats["publicity"].get("participants", 0)]] if has_format_10(data) else []),
    ]
    sheet = _sheet(book, "概况", ["项目", "数值"], rows, {}, [24, 80])
    for _name, value in sheet.iter_rows(min_row=2, max_col=2):
        if isinstance(value.value, float):
            value.number_format = YUAN
        elif isinstance(value.value, int):
            value.number_format = COUNT
        value.alignment = Alignment(horizontal="left", wrap_text=True)
    sheet.append([])
    # from format 14 on, how recent each station's data are, as the printed report says under its sections
    # and from format 16 on the station data conflicts still open
    for paragraph in [*data["text"], *(data[note] for note in ("conflicts_note", "stations_note") if data.get(note))]:
        sheet.append(xlsx_row(sheet, ["", paragraph]))
        sheet.cell(sheet.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")


def _note_under(sheet, note: str, columns: int, height: float | None = None) -> None:
    """``note`` under the table of ``sheet`` as the printed report has it under its table: after a blank row, across
    the table's ``columns`` first columns, wrapped; its row ``height`` points high when given (else as the
    spreadsheet sizes it)."""
    sheet.append([])
    sheet.append(xlsx_row(sheet, [note]))
    row = sheet.max_row
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    sheet.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    if height is not None:
        sheet.row_dimensions[row].height = height


def _sectors(book: Workbook, data: dict) -> None:
    total = data["stats"]["cases"]["total"]
    # from format 9 on the shares as table 1 prints them (adding up to 100.0%), else each case count's own
    printed = has_format_9(data) and total
    rows = [[s["label"], s["cases"], (int(s["share"].rstrip("%").replace(".", "")) / 1000 if printed else
                                      s["cases"] / total if total else 0)] for s in data["sectors"]]
    sheet = _sheet(book, "行业", ["行业领域", "案件数（件）", "占比"], rows + [["合计", total, 1 if total else 0]],
                   {2: COUNT, 3: "0.0%"}, [16, 14, 10])
    _bar_chart(sheet, charts(data)[0].caption, len(rows), "E2")  # 图1, of the sectors' rows (not 合计)
    if has_format_12(data) and (note := shares_note(data)):  # under the table, as under table 1
        _note_under(sheet, note, 3, height=45)  # the three columns hold the note in two or three lines


def _districts(book: Workbook, data: dict) -> None:
    total = [district_total(data["districts"])] if data["districts"] and has_district_total(data) else []
    sheet = _sheet(book, "辖区", ["辖区", "案件数（件）", "涉案信息（条）", "罚没金额（元）"],
                   [[d["district"], d["cases"], d["records"], _yuan(d["penalties_total_fen"])]
                    for d in data["districts"] + total], {2: COUNT, 3: COUNT, 4: YUAN}, [12, 14, 16, 16])
    if total:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    # chart 2 by district where the PDF and DOCX have it (more than one district), of the districts' rows (not 合计)
    if has_district_chart(data) and len(data["districts"]) > 1:
        _bar_chart(sheet, charts(data)[1].caption, len(data["districts"]), "F2")


def has_district_chart(data: dict) -> bool:
    """Whether the workbook of ``data`` charts the cases by district: from ``DISTRICT_CHART_FORMAT`` on."""
    return data.get("format", 1) >= DISTRICT_CHART_FORMAT


def sheet_month(data: dict, month: str) -> str:
    """A month of 月度 as the sheet writes it: "2026-06"; from format 17 on a month the period covers in part, as that
    part, as table 4 labels it (``data.month_label``): "2026-06-15至2026-06-30"; from format 22 on one day alone:
    "2026-06-30"."""
    if (day := one_day_part(data, month)) is not None:
        return day
    part = month_part(data, month)
    return month if part is None else f"{part[0]}至{part[1]}"


def _months(book: Workbook, data: dict) -> None:
    """月度, with its 合计 row as the printed table by month has it (from format 7 on); a part of a month labelled as
    that part (from format 17 on, ``sheet_month``)."""
    months = [{**m, "month": sheet_month(data, m["month"])} for m in data["monthly"]]
    total = [{"month": "合计", **{key: sum(m[key] for m in months) for key in ("cases", "records",
                                                                          "penalties_total_fen")}}] \
        if months and has_month_total(data) else []
    sheet = _sheet(book, "月度", ["月份", month_cases_head(data), "涉案信息（条）", "罚没金额（元）"],
                   [[m["month"], m["cases"], m["records"], _yuan(m["penalties_total_fen"])] for m in months + total],
                   {2: COUNT, 3: COUNT, 4: YUAN}, [24 if has_format_17(data) else 12, 14, 16, 16])
    if total:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)


def _bold_totals(sheet, data: dict) -> None:
    for number, r in enumerate(data["bureau_table"], 2):
        if r["kind"] in ("district_total", "total"):
            for cell in sheet[number]:
                cell.font = Font(bold=True)


#: the column each unit's publicity participants add to 各局明细 from format 11 on, after 宣传活动（场）; 各局考评 stays
#: the printed table 3, whose nine columns already fill the text block at 12 pt
PARTICIPANTS = ("参与人数（人）", "participants")


def _wan(fen: int, data: dict) -> float | str:
    """An amount of 各局考评 as table 3 prints it: in 万元 rounded to two decimals (from format 9 on), <0.01 for one that
    rounds to nothing (from format 18 on, stored as that text); before format 9 in 万元 unrounded."""
    if not has_format_9(data):
        return fen / 1_000_000
    if has_format_18(data) and wan_cell(fen) == UNDER_A_HUNDREDTH:
        return UNDER_A_HUNDREDTH
    return float(wan_figure(fen))


def _evaluation(book: Workbook, data: dict) -> None:
    """各局考评 with the columns of the printed table 3, and under it table 3's note on its rounded rows (from format
    18 on, ``document.amounts_note``)."""
    # from format 9 on the 万元 figure the PDF and DOCX print (two decimals, half up), shown with two
    printed = has_format_9(data)
    rows = [[_wan(r[key], data) if key.endswith("_fen") else r[key] for _head, key in BUREAU_COLUMNS]
            for r in data["bureau_table"]]
    amount = YUAN if printed else WAN
    formats = {index: amount if key.endswith("_fen") else COUNT
               for index, (_head, key) in enumerate(BUREAU_COLUMNS, 1) if index > 1}
    sheet = _sheet(book, "各局考评", [head for head, _key in BUREAU_COLUMNS], rows, formats,
                   [14, *[13] * (len(BUREAU_COLUMNS) - 1)])
    for row in sheet.iter_rows(min_row=2):
        for cell in row[1:]:
            if cell.value == UNDER_A_HUNDREDTH:  # a text among the figures, set right as they are
                cell.alignment = Alignment(horizontal="right")
    _bold_totals(sheet, data)
    if note := amounts_note(data, "bureau"):  # under the table, as under table 3
        _note_under(sheet, note, len(BUREAU_COLUMNS))


def _bureaus(book: Workbook, data: dict, title: str) -> None:
    people = has_format_11(data)  # each unit's publicity participants from format 11 on
    rows = [[r["code"], r["name"], KIND_LABELS.get(r["kind"], r["kind"]), r["district"], r["cases"], r["records"],
             _yuan(r["fines_fen"]), _yuan(r["confiscated_fen"]), _yuan(r["penalties_total_fen"]), r["leads"],
             r["leads_decided"], r["leads_in_time"], r["interviews"], r["publicity"],
             *([r.get("participants", 0)] if people else [])] for r in data["bureau_table"]]
    header = ["单位代码", "单位", "类别", "所属区", "案件数（件）", "涉案信息（条）", "罚款（元）", "没收违法所得（元）",
              "罚没合计（元）", "受理线索（条）", "办结线索（条）", "按期办结（条）", "行政约谈（次）", "宣传活动（场）",
              *([PARTICIPANTS[0]] if people else [])]
    last = len(header)
    formats = {5: COUNT, 6: COUNT, 7: YUAN, 8: YUAN, 9: YUAN} | {c: COUNT for c in range(10, last + 1)}
    sheet = _sheet(book, title, header, rows, formats, [12, 44, 10, 10, *[13] * (last - 4)])
    _bold_totals(sheet, data)


def campaign_workbook(data: dict) -> bytes:
    """The report's workbook as XLSX bytes."""
    book = Workbook()
    book.remove(book.active)
    _overview(book, data)
    _sectors(book, data)
    if data["districts"] or not has_only_printed_sheets(data):
        _districts(book, data)
    if has_shared_bureau_columns(data):
        _evaluation(book, data)
        _bureaus(book, data, "各局明细")
    else:
        _bureaus(book, data, "各局考评")
    if data["monthly"] or not has_only_printed_sheets(data):
        _months(book, data)
    day = dt.datetime.fromisoformat(data["generated_at"][:10])
    book.properties.creator = book.properties.lastModifiedBy = AUTHOR
    book.properties.title = data["title"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        book.properties.created = book.properties.modified = day
        ExcelWriter(book, archive).save()
    from workstation.documents.docx_writer import fixed_zip_dates

    return fixed_zip_dates(out.getvalue())
