"""The statistics export profile: the campaign's figures without any personal data, as CSV or XLSX for a
bureau's own tables or for sharing outside the case files. It holds counts and amounts only — by sector,
status, district, violation, lead status, interview kind, bureau and month — built from
``workstation.stats`` and the labels of the vocabulary; no party, complainant, officer or business name, no
phone or ID number and no free text can reach it. Labels are Chinese content (like the report's workbook)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from workstation.db import Database
from workstation.i18n import _
from workstation.output import StagedOutput
from workstation.progress import CancelToken, ProgressFn
from workstation.reports.text import CITY_OWN
from workstation.stats import bureau_table, campaign_stats, monthly
from workstation.vocabulary import label

HEADER = ("分组", "项目", "指标", "数值")
FORMATS = ("csv", "xlsx")
CASES, COUNT, YUAN = "案件数（件）", "数量", "金额（元）"
OVERVIEW = (
    ("案件总数（件）", lambda s: s["cases"]["total"]),
    ("涉案侵权信息（条）", lambda s: s["infringing_records"]),
    ("罚款（元）", lambda s: s["fines_fen"] / 100),
    ("没收违法所得（元）", lambda s: s["confiscated_fen"] / 100),
    ("罚没合计（元）", lambda s: s["penalties_total_fen"] / 100),
    ("其中简易程序（件）", lambda s: s["cases"].get("simple_procedure", 0)),
    ("简易程序罚款（元）", lambda s: s["cases"].get("simple_fines_fen", 0) / 100),
    ("移送公安机关（件）", lambda s: s["cases"]["transferred_to_police"]),
    ("导入投诉举报（宗）", lambda s: s["complaints"]["imported"]),
    ("涉个人信息投诉（宗）", lambda s: s["complaints"]["related"]),
    ("其中已归入线索（宗）", lambda s: s["complaints"]["in_leads"]),
    ("其中未成线索（宗）", lambda s: s["complaints"]["related"] - s["complaints"]["in_leads"]),
    ("受理线索（条）", lambda s: s["leads"]["total"]),
    ("交办线索（条）", lambda s: s["leads"]["assigned"]),
    ("办结线索（条）", lambda s: s["leads"]["decided"]),
    ("按期办结线索（条）", lambda s: s["leads"]["in_time"]),
    ("行政约谈（次）", lambda s: s["interviews"]),
    ("宣传活动（场）", lambda s: s["publicity"]["campaigns"]),
    ("发放资料（份）", lambda s: s["publicity"]["flyers"]),
    ("提示短信（条）", lambda s: s["publicity"]["sms"]),
)
# (group, vocabulary of the keys, where the counts are in the statistics, what is counted)
BREAKDOWNS = (
    ("行业", "sectors", ("cases", "by_sector"), CASES),
    ("办理状态", "statuses", ("cases", "by_status"), CASES),
    ("辖区", None, ("cases", "by_district"), CASES),
    ("违法行为", "violations", ("cases", "by_violation"), CASES),
    ("线索状态", "lead_statuses", ("leads", "by_status"), "线索数（条）"),
    ("约谈类型", "interview_kinds", ("interviews_by_kind",), "约谈数（次）"),
)
BUREAU_FIGURES = (("cases", CASES, 1), ("records", "涉案信息（条）", 1), ("fines_fen", "罚款（元）", 100),
                  ("confiscated_fen", "没收违法所得（元）", 100), ("penalties_total_fen", "罚没合计（元）", 100),
                  ("leads", "受理线索（条）", 1), ("leads_decided", "办结线索（条）", 1),
                  ("leads_in_time", "按期办结（条）", 1), ("interviews", "行政约谈（次）", 1),
                  ("publicity", "宣传活动（场）", 1))
MONTH_FIGURES = (("cases", "立案数（件）", 1), ("records", "涉案信息（条）", 1), ("penalties_total_fen", "罚没金额（元）", 100))


def _figure(value: int, divisor: int) -> int | float:
    return value / divisor if divisor != 1 else value


def statistics_rows(db: Database, agency_id: str | None = None, date_from: str | None = None,
                    date_to: str | None = None, *, own: bool = False) -> list[tuple[str, str, str, int | float]]:
    """(group, item, figure, value) rows of the export: the overview, each breakdown, the evaluation table by
    bureau (every agency's figures, whatever ``agency_id``) and the figures per month. Amounts in yuan. With
    ``own``, the agency's own records without its offices' (as ``campaign_stats``)."""
    stats = campaign_stats(db, agency_id, date_from, date_to, own=own)
    rows: list[tuple[str, str, str, int | float]] = [("概况", "", name, value(stats)) for name, value in OVERVIEW]
    for group, vocabulary, path, figure in BREAKDOWNS:
        counts = stats
        for key in path:
            counts = counts[key]
        rows += [(group, label(vocabulary, key) if vocabulary else (key or CITY_OWN), figure, count)
                 for key, count in counts.items()]
    for bureau in bureau_table(db, date_from, date_to):
        rows += [("各局考评", bureau["name"], name, _figure(bureau[key], divisor))
                 for key, name, divisor in BUREAU_FIGURES]
    for month in monthly(db, agency_id, date_from, date_to, own=own):
        rows += [("月度", month["month"], name, _figure(month[key], divisor)) for key, name, divisor in MONTH_FIGURES]
    return rows


def statistics_csv(rows: list[tuple]) -> bytes:
    """The rows as CSV in UTF-8 with BOM (Excel and WPS read the Chinese), amounts with two decimals."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows([*row[:3], f"{row[3]:.2f}" if isinstance(row[3], float) else row[3]] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def statistics_workbook(rows: list[tuple]) -> bytes:
    """The rows as an XLSX workbook: one sheet per group, numbers as numbers, amounts with two decimals."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    sheets = {}
    for group, item, figure, value in rows:
        sheet = sheets.get(group)
        if sheet is None:
            sheet = sheets[group] = book.create_sheet(group)
            sheet.append(HEADER[1:])
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 44, 22
            sheet.freeze_panes = "A2"
        sheet.append([item, figure, value])
        if isinstance(value, float):
            sheet.cell(sheet.max_row, 3).number_format = "#,##0.00"
    book.properties.creator = "案卷工作站"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_statistics(db: Database, path: str | Path, fmt: str | None = None, agency_id: str | None = None,
                      date_from: str | None = None, date_to: str | None = None, *, own: bool = False,
                      progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> Path:
    """Write the statistics without personal data to ``path`` (whole or not at all) as ``fmt`` — csv or xlsx,
    by default from the file's extension (xlsx when it has neither). The folder is checked before anything is
    counted; ``progress`` hears of the counting and the writing, and ``cancel`` set meanwhile raises ``Cancelled``
    with no file written (not even in part)."""
    fmt = fmt or ("csv" if str(path).lower().endswith(".csv") else "xlsx")
    report = progress or (lambda done, total, message: None)
    staged = StagedOutput(str(path))
    try:
        report(0, 3, _("Counting the statistics"))
        rows = statistics_rows(db, agency_id, date_from, date_to, own=own)
        _check(cancel)
        writing = _("Writing {file}").format(file=staged.target.name)
        report(1, 3, writing)
        data = statistics_csv(rows) if fmt == "csv" else statistics_workbook(rows)
        _check(cancel)
        staged.write(data)
        report(2, 3, writing)
        _check(cancel)  # the last moment to stop: the file is put in place whole below
        written = staged.finish()
        report(3, 3, writing)
        return written
    finally:
        staged.discard()


def _check(cancel: CancelToken | None) -> None:
    if cancel is not None:
        cancel.check()
