"""The statistics export profile: the campaign's figures without any personal data, as CSV or XLSX for a
bureau's own tables or for sharing outside the case files. It holds counts and amounts only — by sector,
status, district, violation, lead status, interview kind, bureau and month — built from
``workstation.stats`` and the labels of the vocabulary; no party, complainant, officer or business name, no
phone or ID number and no free text can reach it. Labels are Chinese content (like the report's workbook).
Both formats open with what was counted (统计期间, 办案机关 — with its offices or its own records only — and 统计时间);
the groups that are tables by nature (辖区, 各局考评, 月度) are written as tables, a row per district, bureau or
month and a column per figure."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from workstation.db import Database
from workstation.evaluation import HEADERS, in_time_rate, period_words
from workstation.i18n import _
from workstation.output import StagedOutput, write_output
from workstation.output_names import output_format
from workstation.progress import CancelToken, ProgressFn, check_cancel
from workstation.records import program_time
from workstation.reports.data import agency_bureau_table
from workstation.reports.text import CITY_OWN
from workstation.sheet_cells import csv_writer, xlsx_row
from workstation.stats import (
    PARTLY_SENT,
    campaign_stats,
    district_figures,
    monthly_in_period,
    refuse_period_not_begun,
    sector_figures,
    stations_as_of,
    stations_in_three,
)
from workstation.store.agencies import districts as district_names
from workstation.vocabulary import label, labels

HEADER = ("分组", "项目", "指标", "数值")
TITLE = "专项行动统计数据（不含个人信息）"
#: the groups written as tables (a row per item, a column per figure) and the head of their first column
TABLES = {"行业": "行业领域", "辖区": "辖区", "各局考评": "单位", "月度": "月份"}
#: the row closing a group: the sum of its items (of 违法行为 a case of several violations counts under each)
TOTAL = "合计"
VIOLATIONS_TOTAL = "合计（一案涉及多项违法行为的分别计数）"
#: the formats of the export, the first written to a name without a format's extension (as the window offers it,
#: ``output_names.output_format``)
FORMATS = ("xlsx", "csv")
CASES, COUNT, YUAN = "案件数（件）", "数量", "金额（元）"
#: the leads decided that were never assigned (``stats`` leads.decided_unassigned), named as the report's workbook does
UNASSIGNED_DECIDED = "其中未经交办、自行登记核查（条）"
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
    # of them, those never assigned (a bureau or office registered and checked them itself), as the report's text and
    # workbook say: so that more decided than assigned reads right; figures counted before it have none (no row)
    (UNASSIGNED_DECIDED, lambda s: s["leads"].get("decided_unassigned")),
    ("按期办结线索（条）", lambda s: s["leads"]["in_time"]),
    # of the decided, those judged in time or late on a T1 counted through a year without holiday data (日历待核实):
    # no row when there are none
    ("按期与否日历待核实线索（条）", lambda s: (s["leads"].get("calendar_unconfirmed") or {}).get("decided")),
    ("行政约谈（次）", lambda s: s["interviews"]),
    ("宣传活动（场）", lambda s: s["publicity"]["campaigns"]),
    ("宣传资料（份）", lambda s: s["publicity"]["flyers"]),
    ("提示短信（条）", lambda s: s["publicity"]["sms"]),
    ("参与人数（人）", lambda s: s["publicity"]["participants"]),
)
# (group, vocabulary of the keys, where the counts are in the statistics, what is counted)
BREAKDOWNS = (
    ("办理状态", "statuses", ("cases", "by_status"), CASES),
    ("违法行为", "violations", ("cases", "by_violation"), CASES),
    ("线索状态", "lead_statuses", ("leads", "by_status"), "线索数（条）"),
    ("约谈类型", "interview_kinds", ("interviews_by_kind",), "约谈数（次）"),
)
#: the breakdowns listed in the order of their vocabulary (the procedure's), as the dashboard's pie of the cases by
#: status and its table of leads by status have them (the statistics give them by count); and of those, the ones
#: listing every key of it, 0 for one without any, as the dashboard's table does (违法行为 has them so already)
IN_ORDER = ("办理状态", "线索状态")
WITH_ZEROS = ("线索状态",)
#: the breakdowns closed by a 合计 row (lead statuses and interview kinds sum to figures of 概况 already)
TOTALLED = ("办理状态", "违法行为")
DISTRICT_FIGURES = (("cases", CASES, 1), ("records", "涉案信息（条）", 1), ("fines_fen", "罚款（元）", 100),
                    ("confiscated_fen", "没收违法所得（元）", 100), ("penalties_total_fen", "罚没合计（元）", 100))
#: the in-time rate of a unit's leads decided (``evaluation.in_time_rate``: "93.5%", "—" for none decided), as the
#: 各局考评 tab and the report's text give it
RATE = "rate"
#: the evaluation table's figures under the heads of the report's table 3 (``reports.data.BUREAU_COLUMNS``),
#: amounts in yuan (the report's 万元 rounded them); after 办结线索, those of them never assigned, as in 概况
BUREAU_FIGURES = (("cases", CASES, 1), ("records", "涉案信息（条）", 1), ("fines_fen", "罚款（元）", 100),
                  ("confiscated_fen", "没收违法所得（元）", 100), ("penalties_total_fen", "罚没合计（元）", 100),
                  ("leads", "受理线索（条）", 1), ("leads_decided", "办结线索（条）", 1),
                  ("leads_decided_unassigned", UNASSIGNED_DECIDED, 1), ("leads_in_time", "按期办结（条）", 1),
                  (RATE, "按期办结率", 1), ("interviews", "行政约谈（次）", 1), ("publicity", "宣传活动（场）", 1),
                  ("participants", "参与人数（人）", 1))
#: the evaluation table's columns: the statistics export's 各局考评 sheet and the tab's CSV (``write_bureau_csv``,
#: under ``bureau_csv_heads``) have these, in this order; the 各局考评 tab on screen (``evaluation.COLUMNS``) has them
#: in the same order less the leads decided without being assigned
BUREAU_KEYS = tuple(key for key, _name, _divisor in BUREAU_FIGURES)


def bureau_csv_heads() -> list[str]:
    """The heads of the 各局考评 tab's CSV file in the window's language (``evaluation.HEADERS``): the unit, then a
    head per column of ``BUREAU_KEYS``; in Chinese those of the statistics export's 各局考评."""
    return [_(HEADERS[key]) for key in ("name", *BUREAU_KEYS)]
#: the months' figures, each headed by the date it counts by: the cases and their records in the month they were filed
#: (a case decided on the spot in that of the decision: ``stats.CASE_DAY``), the fines and confiscation in the month
#: they were decided (``stats._penalties_by_month``) — a case filed in February and fined in October is in both
MONTH_FIGURES = (("cases", "案件数（按立案或当场处罚月份，件）", 1), ("records", "涉案信息（按立案或当场处罚月份，条）", 1),
                 ("penalties_total_fen", "罚没金额（按决定月份，元）", 100))


def in_vocabulary_order(counts: dict[str, int], vocabulary: str, *, every: bool = False) -> dict[str, int]:
    """``counts`` by key in the order of ``vocabulary``, keys it does not know last; with ``every``, each of its keys
    there, with 0 for one not counted."""
    order = list(labels(vocabulary))
    if every:
        counts = dict.fromkeys(order, 0) | counts
    return {key: counts[key] for key in sorted(counts, key=lambda k: (order.index(k) if k in order else len(order), k))}


def _figure(value: int, divisor: int) -> int | float:
    return value / divisor if divisor != 1 else value


def bureau_figure(row: dict, key: str, divisor: int = 1) -> int | float | str:
    """The figure ``key`` of a row of the evaluation table (``BUREAU_FIGURES``): an amount in yuan, a count, or the
    in-time rate as text ("93.5%")."""
    return in_time_rate(row) if key == RATE else _figure(row[key], divisor)


def overview_rows(stats: dict) -> list[tuple[str, str, str, int | float]]:
    """The 概况 rows of ``campaign_stats``' figures (``OVERVIEW``), a figure the statistics do not have left out (not
    written 0): figures counted before ``leads.decided_unassigned`` have no such row."""
    found = [(name, value(stats)) for name, value in OVERVIEW]
    return [("概况", "", name, value) for name, value in found if value is not None]


def statistics_rows(db: Database, agency_id: str | None = None, date_from: str | None = None,
                    date_to: str | None = None, *, own: bool = False) -> list[tuple[str, str, str, int | float]]:
    """(group, item, figure, value) rows of the export: the overview, each breakdown, the evaluation table by
    bureau (within the agency, as the report's table 3) and the figures per month. Amounts in yuan. With
    ``own``, the agency's own records without its offices' (as ``campaign_stats``)."""
    stats = campaign_stats(db, agency_id, date_from, date_to, own=own)
    rows = overview_rows(stats)
    # by sector, the counts and amounts, as by district; then 合计
    sectors = list(sector_figures(db, agency_id, date_from, date_to, own=own).items())
    sectors.append((TOTAL, {key: sum(figures[key] for _s, figures in sectors) for key, _n, _d in DISTRICT_FIGURES}))
    for sector, figures in sectors:
        rows += [("行业", sector if sector == TOTAL else label("sectors", sector), name,
                  _figure(figures[key], divisor)) for key, name, divisor in DISTRICT_FIGURES]
    for group, vocabulary, path, figure in BREAKDOWNS:
        counts = stats
        for key in path:
            counts = counts[key]
        if group in IN_ORDER:  # the statuses in the procedure's order, as the dashboard has them, not by count
            counts = in_vocabulary_order(counts, vocabulary, every=group in WITH_ZEROS)
        rows += [(group, label(vocabulary, key) if vocabulary else (key or CITY_OWN), figure, count)
                 for key, count in counts.items()]
        if group in TOTALLED:
            total = VIOLATIONS_TOTAL if group == "违法行为" else status_total(counts, stats["cases"]["total"])
            rows.append((group, total, figure, sum(counts.values())))
    districts = _in_district_order(db, _every_district(db, agency_id, own,
                                                       district_figures(db, agency_id, date_from, date_to, own=own)))
    if districts:  # a 合计 row, as the report's table 2 has
        districts.append(("合计", {key: sum(figures[key] for _d, figures in districts)
                                   for key, _name, _divisor in DISTRICT_FIGURES}))
    for district, figures in districts:
        rows += [("辖区", district or CITY_OWN, name, _figure(figures[key], divisor))
                 for key, name, divisor in DISTRICT_FIGURES]
    # the evaluation table within the agency counted, as the report's table 3 has it
    for bureau in agency_bureau_table(db, date_from, date_to, agency_id, own=own):
        rows += [("各局考评", bureau["name"], name, bureau_figure(bureau, key, divisor))
                 for key, name, divisor in BUREAU_FIGURES]
    # every month of the period, as the dashboard and the report list them, then 合计
    months = monthly_in_period(db, agency_id, date_from, date_to, own=own)
    for month in months:
        rows += [("月度", month["month"], name, _figure(month[key], divisor)) for key, name, divisor in MONTH_FIGURES]
    if months:
        rows += [("月度", TOTAL, name, _figure(sum(m[key] for m in months), divisor))
                 for key, name, divisor in MONTH_FIGURES]
    return rows


def status_total(counts: dict[str, int], cases: int) -> str:
    """The name of the 办理状态 group's 合计 row: 合计, or, where it is more than the case total (案件总数 counts the
    cases filed, ``stats.FILED_CASE``; the figures by status show every case of the period), which cases it holds
    that the total does not: "合计（含待立案2件、不予立案1件，不计入案件总数）"."""
    if sum(counts.values()) == cases:
        return TOTAL
    unfiled = [f"{label('statuses', key)}{counts[key]}件" for key in ("pending_filing", "not_filed") if counts.get(key)]
    return f"{TOTAL}（含{'、'.join(unfiled)}，不计入案件总数）" if unfiled else TOTAL


def _every_district(db: Database, agency_id: str | None, own: bool, figures: dict[str, dict]) -> dict[str, dict]:
    """``figures`` with a row of zeros for each district the agency counted covers and that had no case, as the
    report's table 2 lists them: the five districts for all agencies or the city bureau (not for its own cases
    only), a district bureau's or town office's own district."""
    found = _agency(db, agency_id)
    if found is None or (found[2] == "city" and not own):
        covered = district_names(db)
    elif found[2] == "city":
        covered = []
    else:
        covered = [db.execute("SELECT district FROM agencies WHERE id = ?", [agency_id]).fetchone()[0]]
    zeros = dict.fromkeys((key for key, _name, _divisor in DISTRICT_FIGURES), 0)
    return figures | {district: dict(zeros) for district in covered if district and district not in figures}


def _in_district_order(db: Database, figures: dict[str, dict]) -> list[tuple[str, dict]]:
    """``district_figures``' items in the order of the report's table 2: by the code of each district's bureau, the
    city bureau's own cases (district "") last."""
    order = [district for (district,) in db.execute("SELECT district FROM agencies WHERE level = 'district' "
                                                    "ORDER BY code")]

    def place(district: str) -> tuple[int, int, str]:
        if not district:
            return 2, 0, ""
        return (0, order.index(district), "") if district in order else (1, 0, district)

    return sorted(figures.items(), key=lambda item: place(item[0]))


def _agency(db: Database, agency_id: str | None) -> tuple[str, str, str] | None:
    """(name, short name, level) of an agency, None for all agencies."""
    if not agency_id:
        return None
    return db.execute("SELECT name, short_name, level FROM agencies WHERE id = ?", [agency_id]).fetchone()


def agency_words(db: Database, agency_id: str | None, own: bool = False) -> str:
    """The agency counted as the export names it: "全部办案机关", "佛山市南海区市场监督管理局（含所辖市场监管所）",
    a town office's name, or with ``own`` "佛山市市场监督管理局（仅本级）"."""
    found = _agency(db, agency_id)
    if found is None:
        return "全部办案机关"
    name, _short, level = found
    if own:
        return f"{name}（仅本级）"
    return {"city": f"{name}（含各区局、市场监管所）", "district": f"{name}（含所辖市场监管所）"}.get(level, name)


def filter_header(db: Database, agency_id: str | None = None, date_from: str | None = None,
                  date_to: str | None = None, *, own: bool = False, counted_at: dt.datetime | None = None
                  ) -> list[tuple[str, str]]:
    """(label, value) lines saying what an export counts: 统计期间, 办案机关 and 统计时间 (Beijing time), and where
    stations' bundles were merged, 站点数据截至 (``stats.stations_as_of``: "大良所 2026-11-20；南海区局、桂城所
    2026-12-02", the oldest first), so that data sent in November are not silently mixed with December's, then the
    stations trusted that have not reported yet ("；尚未报送：高明区局"), so that their districts are not read as
    complete; before them, those that sent chosen cases only (``stats.stations_in_three``), which the figures count, as
    the report's note says it: "；南海区局仅报送了部分案件，其余数据尚未报送"."""
    counted_at = counted_at or program_time()  # the program's clock, Beijing time
    said = stations_words(db, agency_id, own)
    stations = [("站点数据截至", said)]
    # a bound far off (0001-01-01, 9999-12-31) is none, as of the day counted (统计时间)
    return [("统计期间", period_words(date_from, date_to, counted_at.date().isoformat())),
            ("办案机关", agency_words(db, agency_id, own)),
            ("统计时间", counted_at.strftime("%Y-%m-%d %H:%M")), *(stations if said else [])]


def stations_words(db: Database, agency_id: str | None = None, own: bool = False) -> str:
    """The value of an export's 站点数据截至 line (``filter_header``): the stations whose records the agency's figures
    count (``stats.stations_as_of``) by the day of their data, those that sent chosen cases only, those not reported
    yet; '' where no station's bundle was merged (a station's own figures)."""
    days, partial, silent = stations_in_three(stations_as_of(db, agency_id, own, unreported=True), "未命名站点")
    dated = [f"{'、'.join(names)} {day}" for day, names in sorted(days.items())]
    said = dated + ([PARTLY_SENT.format(names="、".join(partial))] if partial else []) + \
        ([f"尚未报送：{'、'.join(silent)}"] if silent else [])
    return "；".join(said)


def write_bureau_csv(db: Database, rows: list[dict], path: str | Path, date_from: str | None = None,
                     date_to: str | None = None, agency_id: str | None = None, *, own: bool = False,
                     heads: list[str] | None = None) -> Path:
    """Write the evaluation table (``agency_bureau_table``'s ``rows``) as the 各局考评 tab exports it: CSV in UTF-8
    with BOM, its title and period (统计期间) first, the agency counted (办案机关) when one is chosen, the stations whose
    data it counts (站点数据截至, ``stations_words``) where bundles were merged, a blank line, then the table with the
    columns and figures of the statistics export's 各局考评 (``BUREAU_FIGURES``: amounts in yuan with two decimals),
    under ``heads`` (the unit's and each figure's, in the window's language; the export's by default). A name ending
    in another format's extension (考评.xlsx) is refused (``output_names.output_format``)."""
    output_format(path, ("csv",))
    out = io.StringIO(newline="")
    writer = csv_writer(out)  # no text taken for a formula
    writer.writerow(["各局考评表"])
    writer.writerow(["统计期间", period_words(date_from, date_to)])
    if agency_id:
        writer.writerow(["办案机关", agency_words(db, agency_id, own)])
    if said := stations_words(db, agency_id, own):
        writer.writerow(["站点数据截至", said])
    writer.writerow([])
    writer.writerow(heads or [TABLES["各局考评"], *(name for _key, name, _divisor in BUREAU_FIGURES)])
    writer.writerows([row["name"], *(_cell(bureau_figure(row, key, divisor)) for key, _name, divisor in BUREAU_FIGURES)]
                     for row in rows)
    # whole or not at all (a full disk leaves no cut-off table under its name), a refusal with what to do
    return write_output(str(path), ("\ufeff" + out.getvalue()).encode("utf-8"))


def suggested_name(db: Database, agency_id: str | None = None, date_from: str | None = None,
                   date_to: str | None = None, *, own: bool = False, extension: str = "xlsx") -> str:
    """A file name carrying the filter: "统计数据_南海区局_2026-01-01至2026-06-30.xlsx",
    "统计数据_佛山市局本级_整个专项行动.csv", "统计数据_全部办案机关_2026-01-01起.xlsx"."""
    return f"统计数据_{unit_words(db, agency_id, own)}_{period_words(date_from, date_to)}.{extension}"


def unit_words(db: Database, agency_id: str | None = None, own: bool = False) -> str:
    """The agency counted as a file's name says it: "南海区局", "佛山市局本级", "全部办案机关"."""
    found = _agency(db, agency_id)
    return "全部办案机关" if found is None else f"{found[1]}本级" if own else found[1]


def _tables(rows: list[tuple]) -> list[tuple[str, list[str], list[list]]]:
    """(group, head, rows) of each group in the order of ``rows``: a group of ``TABLES`` with a row per item and a
    column per figure; the others with a row per (item, figure) as (item, figure, value)."""
    grouped: dict[str, list[tuple]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row[1:])
    out = []
    for group, items in grouped.items():
        if group not in TABLES:
            out.append((group, list(HEADER[1:]), [list(item) for item in items]))
            continue
        figures = list(dict.fromkeys(figure for _item, figure, _value in items))
        table: dict[str, dict] = {}
        for item, figure, value in items:
            table.setdefault(item, {})[figure] = value
        out.append((group, [TABLES[group], *figures],
                    [[item, *(values.get(figure, 0) for figure in figures)] for item, values in table.items()]))
    return out


def _cell(value) -> str | int:
    return f"{value:.2f}" if isinstance(value, float) else value


def statistics_csv(rows: list[tuple], header: list[tuple[str, str]] | None = None) -> bytes:
    """The rows as CSV in UTF-8 with BOM (Excel and WPS read the Chinese), amounts with two decimals: the title
    and ``header`` (what was counted), then the groups of one row per figure under (分组, 项目, 指标, 数值), then
    each table (辖区, 各局考评, 月度) under its name, a blank line before each part."""
    out = io.StringIO(newline="")
    writer = csv_writer(out)  # an agency or label worded "=…" written as text, not run as a formula
    writer.writerow([TITLE])
    writer.writerows([list(line) for line in header or []])
    tables = _tables(rows)
    writer.writerow([])
    writer.writerow(HEADER)
    for group, _head, items in tables:
        if group not in TABLES:
            writer.writerows([group, *map(_cell, item)] for item in items)
    for group, head, items in tables:
        if group in TABLES:
            writer.writerows([[], [group], head])
            writer.writerows([_cell(value) for value in item] for item in items)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _number_format(value, amount: str, count: str) -> str | None:
    """The number format of a figure of the workbook: an amount's (a float: ``amount``), a count's (an int:
    ``count``), None for another."""
    if isinstance(value, float):
        return amount
    return count if isinstance(value, int) and not isinstance(value, bool) else None


def statistics_workbook(rows: list[tuple], header: list[tuple[str, str]] | None = None) -> bytes:
    """The rows as an XLSX workbook: one sheet per group, numbers as numbers, amounts with two decimals and counts
    with thousands separators (``_number_format``); the 概况 sheet opens with the title and ``header`` (what was
    counted), the tables have a row per item and a column per figure."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    # amounts in yuan with two decimals, counts with thousands separators (1,640,000), as the report's workbook
    # writes them
    from workstation.reports.workbook import COUNT as COUNT_FORMAT
    from workstation.reports.workbook import YUAN as AMOUNT_FORMAT

    book = Workbook()
    book.remove(book.active)
    for group, head, items in _tables(rows):
        sheet = book.create_sheet(group)
        if group == "概况" and header:
            # each text stored as text (``xlsx_row``): an agency or label worded "=…" is no formula
            sheet.append(xlsx_row(sheet, [TITLE]))
            sheet.cell(1, 1).font = Font(bold=True)
            for line in header:
                sheet.append(xlsx_row(sheet, line))
            sheet.append([])
        sheet.append(xlsx_row(sheet, head))
        first = sheet.max_row
        for cell in sheet[first]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = f"A{first + 1}"
        # the figures' columns (a table's after its first, the others' 数值): a label (a district, bureau, month, item
        # or figure named) is never formatted as a number, whatever it reads like
        figures = range(2, len(head) + 1) if group in TABLES else (len(HEADER) - 1,)
        for item in items:
            sheet.append(xlsx_row(sheet, item))
            for column in figures:
                if number_format := _number_format(item[column - 1], AMOUNT_FORMAT, COUNT_FORMAT):
                    sheet.cell(sheet.max_row, column).number_format = number_format
        sheet.column_dimensions["A"].width = 24 if group in TABLES else 44
        for column in range(2, len(head) + 1):
            sheet.column_dimensions[sheet.cell(first, column).column_letter].width = 18 if group in TABLES else 22
    book.properties.creator = "案卷工作站"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_statistics(db: Database, path: str | Path, fmt: str | None = None, agency_id: str | None = None,
                      date_from: str | None = None, date_to: str | None = None, *, own: bool = False,
                      progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> Path:
    """Write the statistics without personal data to ``path`` (whole or not at all) as ``fmt`` — csv or xlsx,
    by default from the file's extension (xlsx when it names neither: 统计, 统计.bak); an extension of another
    document format (统计.pdf), or naming another than ``fmt``, is refused (``output_names.output_format``). The
    folder is checked before anything is counted; ``progress`` hears of the counting and the writing, and ``cancel``
    set meanwhile raises ``Cancelled`` with no file written (not even in part). A period not begun is refused
    (``stats.refuse_period_not_begun``): it has nothing to count, and an all-zero file would read as counted."""
    fmt = output_format(path, FORMATS, fmt)
    refuse_period_not_begun(date_from)
    report = progress or (lambda done, total, message: None)
    staged = StagedOutput(str(path))
    try:
        report(0, 3, _("Counting the statistics"))
        rows = statistics_rows(db, agency_id, date_from, date_to, own=own)
        header = filter_header(db, agency_id, date_from, date_to, own=own)
        check_cancel(cancel)
        writing = _("Writing {file}").format(file=staged.target.name)
        report(1, 3, writing)
        data = statistics_csv(rows, header) if fmt == "csv" else statistics_workbook(rows, header)
        return staged.put(data, cancel, lambda step: report(1 + step, 3, writing))
    finally:
        staged.discard()
