"""What a progress report (通报) shows, gathered once from the database into one JSON-serialisable dict: the
title and issuing agency, the period, the campaign figures, the evaluation table, the months, the rows of the
report's tables with their Chinese labels, and the paragraphs. Every writer renders only this dict, which is
what a frozen period stores, so a report sent can be printed again exactly after new cases arrive."""

from __future__ import annotations

import calendar

from workstation.db import Database
from workstation.evaluation import shares, stated_bounds
from workstation.progress import CancelToken, check_cancel
from workstation.records import now
from workstation.reports.text import (
    CITY_OWN,
    campaign_sections,
    campaign_text,
    conflicts_note,
    period_text,
    stations_note,
)
from workstation.stats import (
    bureau_table,
    campaign_stats,
    complaint_scope,
    district_figures,
    monthly_in_period,
    zero_row,
)
from workstation.store.base import fetch_dict
from workstation.vocabulary import label

#: 2: table 2 (by district) has its 合计 row and the tables' column heads are set again on each page a table
#: continues on (a period frozen as format 1 prints again without either, as it was sent).
#: 3: table 3 (the evaluation by bureau) has the same columns in the PDF, the DOCX and the workbook
#: (``BUREAU_COLUMNS``, with 办结线索); a period frozen before prints again with the columns it was sent with.
#: 4: the DOCX has the charts too, as pictures where the PDF draws them, and table 3's narrow columns a little wider
#: in it so that no head loses its closing bracket to a line of its own in Word and LibreOffice; a chart whose bars
#: are at most 2 has its value axis marked 0, 1, 2 (it was marked 0 0 0 0 0 1, steps of 0.2 written as whole
#: numbers). A period frozen before prints again as it was sent.
#: 5: the related complaints that leads group (``stats`` complaints.in_leads) are said after the related total, in
#: the text ("其中已归入线索N宗"; "（已归入线索N宗）" after a district's or office's "其中") and in the workbook's 概况 (其中已归入线索（宗）); a period frozen before keeps its
#: sentence and its workbook has no such row, even when its figures have in_leads.
#: 6: the workbook leaves out the 辖区 sheet when the PDF and DOCX leave out table 2 (a town office's report, an
#: agency's own records alone), and 月度 when they leave out the table by month (no month), where it had the
#: sheet's header alone; a period frozen before keeps those sheets.
#: 7: table 4 (by month) has its 合计 row, as tables 1–3 have; a period frozen before prints again without it.
#: 8: table 3's column heads break between words and before their unit ("案件数" / "（件）", "罚没金额" / "（万元）"),
#: never inside a word ("案件/数", "罚没金/额（万/元）"), its 罚没金额 column wide enough for "（万元）"; a period frozen
#: before prints again with the heads as sent.
#: 9: the workbook's 各局考评 holds table 3's 万元 figures as the PDF and DOCX print them (rounded to two decimals, shown
#: with two); the table and chart by month head their figure 案件数（件） as tables 1–3 do (it counts the cases
#: handled: filed or decided on the spot, never only those filed); table 1's shares add up to 100.0% (largest
#: remainder, ``evaluation.shares``). A period frozen before prints again as it was sent.
#: 10: the workbook's 概况 names the flyers 宣传资料（份） as the text and the publicity log do (it said 发放资料（份）)
#: and counts 参与人数（人）; the text says the participants and, of the interviews, the kinds of party interviewed and
#: how their rectification stands. A period frozen before prints again as it was sent.
#: 11: the workbook's 各局明细 counts each unit's 参与人数（人） after its 宣传活动（场）; a period frozen before has no such
#: column (its rows carry no participants).
#: 12: the workbook's 行业 sheet says under its table, as table 1 does (``document.shares_note``), that its shares do
#: not add up to the 100.0% of its 合计 when they do not; a period frozen before keeps its sheet without the note.
#: 13: a total row of the PDF's and DOCX's tables (合计, 顺德区合计, 全市合计) is kept on the page of the row above it,
#: never alone at the top of a page under the column heads; a period frozen before prints again as it was sent.
#: 14: the report says how recent each station's merged data are (``stations_note``, before 特此通报); a period frozen
#: before has no such note.
#: 15: a period of one whole calendar year (1 January to 31 December) is titled and opened as that year's report
#: (``YEAR_TITLE_LINES``: …专项行动2026年度工作情况的通报), not as a progress report; the text says how many of the
#: leads decided were never assigned (``text.UNASSIGNED_DECIDED``) and the workbook's 概况 counts them. A period
#: frozen before keeps the title and text it was sent with (both stored) and a workbook without that row.
#: 16: a period's fines and confiscation count the decisions made in it and its transfers to the police those made in
#: it, whatever the case's filing date, and the text says so (``text.CASES_COUNTED``); the report notes the station
#: data conflicts still open (``conflicts_note``, before 特此通报). A period frozen before keeps its text as sent.
#: 17: a period whose end is after the day of the report is stated up to that day (``evaluation.stated_bounds``:
#: 2026年1月1日至12月5日, titled as a progress report, not the year's, before the year has ended) and lists no month
#: still to come; a part of a month in table 4, chart 2 and the workbook's 月度 is labelled as that part
#: (``month_label``: 2026年6月15日至30日); table 3 lists every unit, those with nothing in the period with zeros;
#: table 1's shares are each rounded half up (``evaluation.shares``); the attachment is laid out as GB/T 9704 lays
#: one out (附件 flush left in 黑体 on its first line, its title centred on the third; a blank line before the
#: 附件说明). A period frozen before prints again as it was sent.
#: 18: chart 2 by month labels its months short (6月, the year under the month where it changes: the first label drawn
#: and January), only every second, third … where they do not fit side by side, and leaves out the values over its bars
#: where they do not fit (every chart); table 3 keeps counts of up to eight digits on one line in its 涉案信息 column
#: (wider, 单位 narrower: a 合计 row's name broken before 合计); a 万元 amount that rounds to nothing prints <0.01 (not
#: 0.00), in tables 2–4 and the workbook's 各局考评, and a table whose rounded rows do not add up to its rounded total
#: says so under it (``document.AMOUNTS_NOTE``). A period frozen before prints again as it was sent.
#: 19: a report without any month to list (an agency without any case, over no period) has no chart by month, as it
#: has no table by month: its charts are 图1 alone, where an empty 图2 had a stray bar marked 0. A period frozen before
#: prints again as it was sent.
#: 20: the cases reaching the criminal threshold but not transferred are named (``stats.threshold_not_transferred``)
#: in the case list's natural number order (〔2026〕9号 before 〔2026〕10号, where text order named 10003号 first), each
#: district in turn (the five named are of five districts, not all of the district whose prefix sorts first). A period
#: frozen before names the cases it named when it was sent.
#: 21: the workbook charts the cases by district on its 辖区 sheet as the PDF and DOCX print 图2
#: (``workbook.DISTRICT_CHART_FORMAT``). A period frozen before prints again as it was sent.
#: 22: a single day is written as that date alone: a one-day period in the opening line and the period's text
#: (2026年6月30日, not 2026年6月30日至6月30日: ``text.period_text``) and a month of which the period covers one day
#: in table 4 and chart 2 (``month_label``: 2026年6月30日, not 2026年6月30日至30日). A period frozen before keeps the
#: text it stored and prints its months' rows as it was sent.
#: 23: the note on the stations' data (``stations_note``) says a station that sent chosen cases only (``bundle export
#: --case``) sent some of its cases, the rest not yet ("南海区局仅报送了部分案件，其余数据尚未报送"), where it said the
#: report held none of its data ("尚未报送数据，本通报未含其数据") while its figures counted those cases. A period frozen
#: before keeps the note it stored.
#: 24: a case sent to another agency with a 案件移送函 and terminated (``stats.TRANSFERRED_OUT_CASE``) is no longer
#: among the cases, their records and districts (the receiving bureau counts it): the text says how many were sent
#: (移送其他机关, ``text._transferred_out``) and the workbook's 概况 counts them. A period frozen before keeps its text
#: and figures as sent.
#: 25: table 3 sets a figure too wide for its cell at 12 pt (a count of nine or ten digits: 123456789 records, whose
#: ninth digit went to a line of its own) in 10.5 pt or 9 pt (``document.fitted_style``), whole on one line, in the PDF
#: and the DOCX. A period frozen before prints again as it was sent.
FORMAT = 25
#: Table 3 as every format of the report prints it from format 3 on: (column head, key of a ``bureau_table`` row);
#: amounts in 万元 (the workbook's 各局明细 sheet has them in yuan, with each bureau's code and district).
BUREAU_COLUMNS = (("单位", "short_name"), ("案件数（件）", "cases"), ("涉案信息（条）", "records"),
                  ("罚没金额（万元）", "penalties_total_fen"), ("受理线索（条）", "leads"),
                  ("办结线索（条）", "leads_decided"), ("按期办结（条）", "leads_in_time"),
                  ("行政约谈（次）", "interviews"), ("宣传活动（场）", "publicity"))
#: The title, a line each as printed: GB/T 9704 7.3.1 wants a title that runs to a second line broken where its
#: words stay whole and its lines are balanced, not where the first line happens to be full ("专项行 / 动").
TITLE_LINES = ("关于打击侵害消费者个人信息违法行为", "专项行动工作进展情况的通报")
TITLE = "".join(TITLE_LINES)
#: The title of a report on one whole calendar year (``calendar_year``), a line each as printed: the year's report an
#: officer signs at its end, not one of its progress; broken after the same first line (``document.title_text``).
YEAR_TITLE_LINES = (TITLE_LINES[0], "专项行动{year}年度工作情况的通报")


def calendar_year(date_from: str | None, date_to: str | None) -> str | None:
    """The year (``"2026"``) when the period is exactly one calendar year, 1 January to 31 December; else None."""
    if date_from and date_to and date_from[:4] == date_to[:4] and date_from[4:] == "-01-01" and \
            date_to[4:] == "-12-31":
        return date_from[:4]
    return None


def _agency(db: Database, agency_id: str | None) -> dict:
    """The agency the report is about (default: the city bureau) as {id, code, name, level, district}."""
    sql = "SELECT id, code, name, level, district FROM agencies WHERE "
    row = fetch_dict(db, sql + "id = ?", [agency_id]) if agency_id else \
        fetch_dict(db, sql + "level = 'city' ORDER BY code LIMIT 1")
    return row or {"id": None, "code": "", "name": "", "level": "city", "district": ""}


def _scope(rows: list[dict], agency: dict, agency_id: str | None, own: bool = False) -> list[dict]:
    """The rows of the evaluation table within the report's agency: all for the city, a district's own
    offices and total for a district bureau, the office's row for a town office; with ``own``, the agency's own
    row only."""
    if agency_id and own:
        return [r for r in rows if r["agency_id"] == agency_id and r["kind"] == "agency"]
    if not agency_id or agency["level"] == "city":
        return rows
    if agency["level"] == "district":
        return [r for r in rows if r["district"] == agency["district"] and r["kind"] in ("agency", "district_total")]
    return [r for r in rows if r["agency_id"] == agency_id and r["kind"] == "agency"]


def _addressee(agency: dict, own: bool = False) -> str:
    if agency["level"] == "city":
        return "市局各有关科室：" if own else "各区市场监督管理局，市局各有关科室："
    return "局属各市场监督管理所，局各有关股室：" if agency["level"] == "district" else ""


def _districts(db: Database, table: list[dict], agency_id: str | None, date_from: str | None,
               date_to: str | None, own: bool) -> list[dict]:
    """The rows of table 2: each district the report covers (those table 3 totals, in its order, 0 where there was
    no case), then the cases of no district, the city bureau's own (市局本级), so that its 合计 is the report's case
    total. Each case counts in the district it is in (``stats.district_figures``), as the text's 从辖区分布看, the
    statistics export's 辖区 and ``stats`` count it: a case of the city bureau in a district (a register's
    佛市监… row of 南海区) is Nanhai's here, though table 3 counts it in the city bureau's own row. Empty when table 3
    has neither a district's total nor the city bureau's cases (a town office's report, an agency's own records)."""
    covered = [r["district"] for r in table if r["kind"] == "district_total"]
    if not covered and not any(r["kind"] == "agency" and r["level"] == "city" and r["cases"] for r in table):
        return []
    found = district_figures(db, agency_id, date_from, date_to, own=own)
    zeros = {"cases": 0, "records": 0, "penalties_total_fen": 0}
    order = [*covered, *sorted(d for d in found if d and d not in covered), *([""] if "" in found else [])]
    return [{"district": district or CITY_OWN,
             **{key: found[district][key] if district in found else zeros[key] for key in zeros}}
            for district in order]


def district_total(districts: list[dict]) -> dict:
    """The 合计 row of table 2: the sum of its district rows (so it always agrees with them)."""
    return {"district": "合计", **{name: sum(d[name] for d in districts)
                                    for name in ("cases", "records", "penalties_total_fen")}}


def has_shared_bureau_columns(data: dict) -> bool:
    """Whether table 3 of ``data`` has the columns of ``BUREAU_COLUMNS`` in every format: from format 3 on."""
    return data.get("format", 1) >= 3


def has_docx_charts(data: dict) -> bool:
    """Whether the DOCX of ``data`` has the charts as pictures, as the PDF has them: from format 4 on."""
    return data.get("format", 1) >= 4


def has_docx_bureau_widths(data: dict) -> bool:
    """Whether table 3 of the DOCX of ``data`` has its own column widths (``document.BUREAU_WIDTHS_DOCX``): from
    format 4 on."""
    return data.get("format", 1) >= 4


def has_whole_chart_steps(data: dict) -> bool:
    """Whether the charts of ``data`` mark their value axis at whole numbers only: from format 4 on."""
    return data.get("format", 1) >= 4


def has_complaints_in_leads(data: dict) -> bool:
    """Whether the workbook of ``data`` says how many related complaints leads group: from format 5 on."""
    return data.get("format", 1) >= 5


def has_only_printed_sheets(data: dict) -> bool:
    """Whether the workbook of ``data`` leaves out the 辖区 and 月度 sheets when the report prints no table by
    district or by month (no rows), as the PDF and DOCX do: from format 6 on."""
    return data.get("format", 1) >= 6


def has_month_total(data: dict) -> bool:
    """Whether the table by month of ``data`` gets its 合计 row: from format 7 on (not in periods frozen before)."""
    return data.get("format", 1) >= 7


def has_whole_word_heads(data: dict) -> bool:
    """Whether table 3 of ``data`` breaks its heads between words only (``document.BUREAU_HEADS``): from format 8
    on."""
    return data.get("format", 1) >= 8


def has_format_9(data: dict) -> bool:
    """Whether ``data`` has the workbook's 万元 rounded as printed and the table by month headed 案件数: from
    format 9 on."""
    return data.get("format", 1) >= 9


def has_format_10(data: dict) -> bool:
    """Whether the workbook of ``data`` names the flyers 宣传资料（份） and counts the participants: from format 10
    on."""
    return data.get("format", 1) >= 10


def has_format_11(data: dict) -> bool:
    """Whether the workbook of ``data`` counts each unit's publicity participants (各局明细): from format 11 on."""
    return data.get("format", 1) >= 11


def has_format_12(data: dict) -> bool:
    """Whether the workbook's 行业 sheet of ``data`` has table 1's note when its shares do not add up to 100.0%:
    from format 12 on."""
    return data.get("format", 1) >= 12


def has_format_15(data: dict) -> bool:
    """Whether the workbook of ``data`` counts the leads decided that were never assigned: from format 15 on."""
    return data.get("format", 1) >= 15


def has_format_17(data: dict) -> bool:
    """Whether ``data`` labels a part of a month as that part and lays out its attachment as GB/T 9704 does: from
    format 17 on."""
    return data.get("format", 1) >= 17


def has_format_18(data: dict) -> bool:
    """Whether ``data`` labels chart 2's months short and only as many as fit, keeps table 3's counts on one line, prints
    <0.01 for a 万元 amount that rounds to nothing and notes rounded rows not adding up: from format 18 on."""
    return data.get("format", 1) >= 18


def has_format_19(data: dict) -> bool:
    """Whether ``data`` leaves out the chart by month when it has no month to list: from format 19 on."""
    return data.get("format", 1) >= 19


def has_format_25(data: dict) -> bool:
    """Whether table 3 of ``data`` sets a figure too wide for its cell smaller, on one line: from format 25 on."""
    return data.get("format", 1) >= 25


def stated_period(data: dict) -> tuple[str | None, str | None]:
    """The bounds of ``data``'s period as its text states them (``evaluation.stated_bounds`` on the day of the
    report): an end still to come is the day of the report."""
    period = data["period"]
    return stated_bounds(period.get("from"), period.get("to"), data["generated_at"][:10])


def has_format_22(data: dict) -> bool:
    """Whether ``data`` labels a month of which its period covers one day as that day alone: from format 22 on."""
    return data.get("format", 1) >= 22


def month_label(data: dict, month: str) -> str:
    """A month ("2026-06") of the table and chart by month: "2026年6月"; from format 17 on a month the period
    (``stated_period``) covers in part, as that part: "2026年6月15日至30日", "2026年7月1日至15日"; from format 22 on
    one day of it as that day alone: "2026年6月30日" (it read 2026年6月30日至30日)."""
    year, number = int(month[:4]), int(month[5:7])
    whole = f"{year}年{number}月"
    if (day := one_day_part(data, month)) is not None:
        return f"{whole}{int(day[8:])}日"
    part = month_part(data, month)
    if part is None:
        return whole
    return f"{whole}{int(part[0][8:])}日至{int(part[1][8:])}日"


def one_day_part(data: dict, month: str) -> str | None:
    """The day ("2026-06-30") a month ("2026-06") of ``data`` is labelled as, alone, from format 22 on
    (``month_label``, ``workbook.sheet_month``): the period covers that one day of it; None otherwise."""
    part = month_part(data, month)
    return part[0] if part is not None and part[0] == part[1] and has_format_22(data) else None


def month_part(data: dict, month: str) -> tuple[str, str] | None:
    """(first day, last day) of the part of ``month`` ("2026-06") the period (``stated_period``) covers, from format
    17 on, when that is not the whole month; None for a whole month or an earlier format."""
    if not has_format_17(data):
        return None
    first, last = stated_period(data)
    days = calendar.monthrange(int(month[:4]), int(month[5:7]))[1]
    start = first if first and first[:7] == month else f"{month}-01"
    end = last if last and last[:7] == month else f"{month}-{days:02d}"
    return None if (start[8:], end[8:]) == ("01", f"{days:02d}") else (start, end)


def has_kept_totals(data: dict) -> bool:
    """Whether the tables of ``data`` keep each total row on the page of the row above it: from format 13 on."""
    return data.get("format", 1) >= 13


#: How the text names a district bureau's own cases beside those of its offices.
DISTRICT_OWN = "区局本级"


def case_units(agency: dict, table: list[dict], own: bool) -> dict[str, int] | None:
    """How the report's text breaks its cases down (``campaign_sections``' ``units``): None (by district) for the
    city; for a district bureau with its offices, {区局本级 or the office's short name: cases} from its rows of
    the evaluation table; none ({}) for a town office or an agency's own records."""
    if agency["level"] == "city" and not own:
        return None
    if agency["level"] != "district" or own:
        return {}
    return {DISTRICT_OWN if r["level"] == "district" else r["short_name"]: r["cases"]
            for r in table if r["kind"] == "agency"}


def has_district_total(data: dict) -> bool:
    """Whether table 2 of ``data`` gets its 合计 row: from format 2 on (not in periods frozen before)."""
    return data.get("format", 1) >= 2


def agency_bureau_table(db: Database, date_from: str | None = None, date_to: str | None = None,
                        agency_id: str | None = None, *, own: bool = False) -> list[dict]:
    """The rows of the evaluation table (``stats.bureau_table``) within an agency (``_scope``), as table 3 of its
    report and the statistics export list them; a town office, or an agency's own records, with nothing in the
    period: its own row of zeros, not a table of column heads alone."""
    own = bool(agency_id and own)
    return _scope(bureau_table(db, date_from, date_to), _agency(db, agency_id), agency_id, own) or \
        ([zero_row(db, agency_id)] if agency_id else [])


def report_data(db: Database, date_from: str | None = None, date_to: str | None = None,
                agency_id: str | None = None, *, own: bool = False, cancel: CancelToken | None = None) -> dict:
    """Everything the campaign progress report of a period shows, for the whole city or one agency with its
    offices — with ``own``, the agency's own records only, as the city bureau reports on its own work (dates are
    ISO strings; either bound may be open). ``cancel`` is heard between the figures gathered and while the cases
    reaching the criminal threshold are weighed (``campaign_stats``): ``Cancelled``."""
    own = bool(agency_id and own)
    generated_at = now()
    agency = _agency(db, agency_id)
    stats = campaign_stats(db, agency_id, date_from, date_to, own=own, cancel=cancel)
    check_cancel(cancel)
    complaints = complaint_scope(db, agency_id, own)
    table = agency_bureau_table(db, date_from, date_to, agency_id, own=own)
    check_cancel(cancel)
    scope = "全市各级市场监管部门" if agency["level"] == "city" and not own else agency["name"]
    when = period_text(date_from, date_to, generated_at[:10])
    # a whole calendar year ended by the day of the report: the year's report, not one of its progress (a year not
    # ended is stated up to that day, ``stated_bounds``: its progress so far)
    year = calendar_year(*stated_bounds(date_from, date_to, generated_at[:10]))
    work = f"{year}年度工作" if year else "工作进展"
    data = {
        "format": FORMAT,
        "title": "".join(YEAR_TITLE_LINES).format(year=year) if year else TITLE,
        "agency": agency,
        "addressee": _addressee(agency, own),
        "period": {"from": date_from, "to": date_to, "agency_id": agency_id, "agency_code": agency["code"],
                   "own": own, "text": when, "complaint_scope": complaints},
        "generated_at": generated_at,
        "opening": f"{when}，{scope}深入开展打击侵害消费者个人信息违法行为专项行动，现将{work}情况通报如下。",
        "stats": stats,
        "sections": campaign_sections(stats, complaints, case_units(agency, table, own)),
        "sectors": [{"key": key, "label": label("sectors", key), "cases": count, "share": part}
                    for (key, count), part in zip(stats["cases"]["by_sector"].items(),
                                                  shares(list(stats["cases"]["by_sector"].values())), strict=True)],
        "violations": [{"key": key, "label": label("violations", key), "cases": count}
                       for key, count in stats["cases"]["by_violation"].items()],
        "districts": _districts(db, table, agency_id, date_from, date_to, own),
        "bureau_table": table,
    }
    check_cancel(cancel)
    # every month of the period, as the dashboard and the statistics export list them (stats.monthly_in_period)
    data["monthly"] = monthly_in_period(db, agency_id, date_from, date_to, own=own, until=generated_at[:10])
    check_cancel(cancel)
    data["text"] = campaign_text(data)
    # how recent the stations' data merged here are, said under the sections (``stats.stations_as_of``)
    data["stations_note"] = stations_note(stats["stations"])
    # the station data conflicts still open here: the figures count the copy that came first (``stats.open_conflicts``)
    data["conflicts_note"] = conflicts_note(stats.get("open_conflicts", 0))
    return data
