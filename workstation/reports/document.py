"""The progress report as document blocks (``workstation.documents.blocks``), so that the official PDF and
DOCX writers lay it out like every other document (GB/T 9704 page, 小标宋 title, 仿宋 body, "— N —" page
numbers): title, addressee, opening, the four sections, the closing and signature, then the attached tables
(by sector, by district, the evaluation table per bureau, by month) and the room of each chart with its caption
below it (``charts.py`` draws the charts there in the PDF; the DOCX gets them as pictures, ``chart_picture.py``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workstation.documents.blocks import (
    Block,
    Cell,
    Document,
    PageBreak,
    Paragraph,
    Row,
    Run,
    Spacer,
    Table,
    centred_on_date,
    layout,
    width_in_chars,
)
from workstation.documents.fitting import COMPACT_STYLES, SMALL_STYLES
from workstation.money import chinese_date
from workstation.reports.data import (
    BUREAU_COLUMNS,
    TITLE_LINES,
    district_total,
    has_district_total,
    has_format_9,
    has_format_17,
    has_format_18,
    has_format_19,
    has_format_25,
    has_kept_totals,
    has_month_total,
    has_shared_bureau_columns,
    has_whole_chart_steps,
    has_whole_word_heads,
    month_label,
)
from workstation.reports.text import wan_cell, wan_figure, wan_hundredths

#: Body lines of room each chart takes; two charts and their captions fill one page of 22 lines.
CHART_LINES = 9
#: table 3 as printed before format 3 (a period frozen then prints again as it was sent)
BUREAU_WIDTHS_V2 = (0.19, 0.1, 0.12, 0.13, 0.11, 0.13, 0.11, 0.11)
#: table 3's nine columns (``BUREAU_COLUMNS``) across the 156 mm text block: figures of up to six digits with
#: their separators and a district's 合计 row name stay on one line, the heads take three lines of 12 pt
BUREAU_WIDTHS = (0.16, 0.1, 0.11, 0.12, 0.1, 0.1, 0.1, 0.11, 0.1)
#: table 3 in the DOCX from format 4 on. The PDF squeezes a closing bracket into the line it ends; Word and LibreOffice
#: do not, and a 0.1 column holds 0.3 pt less than the three 12 pt characters of its heads' last line ("（件）"), so
#: its "）" went to a fourth line. Those columns are 0.9 pt wider there, taken from 罚没金额, which keeps room for its
#: three characters a line; their heads then take three characters a line as the 0.11 columns' do (受理线/索/（条）,
#: where the PDF has 受理/线索/（条）), still in three lines. The PDF keeps ``BUREAU_WIDTHS``.
BUREAU_WIDTHS_DOCX = (0.16, 0.102, 0.11, 0.11, 0.102, 0.102, 0.102, 0.11, 0.102)
#: table 3's heads from format 8 on, in the PDF and the DOCX alike: each broken where a word or its unit ends, a
#: line of at most three characters but "罚没金额" and "（万元）" of four (``BUREAU_WIDTHS_V8``); the same heads as
#: ``BUREAU_COLUMNS`` once their breaks are taken out
BUREAU_HEADS = ("单位", "案件数\n（件）", "涉案\n信息\n（条）", "罚没金额\n（万元）", "受理\n线索\n（条）",
                "办结\n线索\n（条）", "按期\n办结\n（条）", "行政\n约谈\n（次）", "宣传\n活动\n（场）")
#: table 3's columns from format 8 on: 罚没金额 holds four 12 pt characters between its paddings, the others three
#: (0.1014 of the text block, as ``BUREAU_WIDTHS_DOCX``'s 0.102 columns do in Word)
BUREAU_WIDTHS_V8 = (0.16, 0.1014, 0.1014, 0.13, 0.1014, 0.1014, 0.1014, 0.1014, 0.1014)
#: table 3's columns from format 18 on: 涉案信息 as wide as 罚没金额, room for eight digits (12345678: a count of records
#: runs to millions, whose seventh digit went to a line of its own), taken from 单位, which holds four characters (石湾镇所,
#: 全市合计) and breaks a longer name between its words (``unit_name``: 顺德区 / 合计); the other columns as in format 8
BUREAU_WIDTHS_V18 = (0.1316, 0.1014, 0.13, 0.13, 0.1014, 0.1014, 0.1014, 0.1014, 0.1014)
#: the characters of a unit's name table 3's 单位 holds on one line from format 18 on
UNIT_CHARS = 4
#: the styles a figure of table 3 is set in from format 25 on, the first it fits on one line in (``fitted_style``):
#: 小四 (12 pt) as every cell, else 五号 (10.5 pt), else 小五 (9 pt): a one-page form's cells' steps (``fitting``)
FIGURE_STYLES = ("cell_label", COMPACT_STYLES["cell_label"], SMALL_STYLES["cell_label"])


def fitted_style(text: str, width: float) -> str:
    """The style table 3 sets the figure ``text`` in from format 25 on, in a column ``width`` of the text block wide:
    the first of ``FIGURE_STYLES`` whose size holds it on one line between the cell's paddings (digits half a
    character wide, as both writers' 宋体 draws them), else the smallest. A count of records of nine digits (123456789,
    whose ninth digit went to a line of its own, read as 12345678) is set in 10.5 pt, one of ten in 9 pt; the
    figure stays whole, as `stats` counts it."""
    spec = layout()
    page = spec["page"]
    room = (width * (page["width_mm"] - page["left_mm"] - page["right_mm"])
            - 2 * spec["table"]["cell_padding_mm"]) / 25.4 * 72
    wide = width_in_chars(text)
    return next((style for style in FIGURE_STYLES if wide * spec["styles"][style]["size"] <= room), FIGURE_STYLES[-1])


@dataclass(frozen=True)
class Chart:
    """A bar chart of the report: its caption (printed below it), its bars (label, value) and unit; with
    ``whole_steps`` its value axis is marked at whole numbers only (from format 4 on). From format 18 on (``fitted``)
    the values over its bars are left out where they do not fit side by side (table 4 has them); a chart by month has
    each bar's ``months`` (the month or its part, and the year: ("6月15日至30日", "2026年")), drawn short under the
    bars, only as many as fit (``charts.month_ticks``)."""

    caption: str
    bars: tuple[tuple[str, int], ...]
    unit: str
    whole_steps: bool = False
    months: tuple[tuple[str, str], ...] = ()
    fitted: bool = False


def charts(data: dict) -> list[Chart]:
    """The report's charts: cases by sector, and cases by district (by month for a single office). From format 19 on
    a report without any month to list (an agency without any case, over no period) has no chart by month, as it has
    no table by month (an empty chart was drawn with a stray bar marked 0); a period frozen before, as it was sent."""
    whole, fitted = has_whole_chart_steps(data), has_format_18(data)
    out = [Chart("图1  各领域案件数（件）", tuple((s["label"], s["cases"]) for s in data["sectors"]), "件", whole,
                 fitted=fitted)]
    if len(data["districts"]) > 1:
        out.append(Chart("图2  各区案件数（件）", tuple((d["district"], d["cases"]) for d in data["districts"]),
                         "件", whole, fitted=fitted))
    elif data["monthly"] or not has_format_19(data):
        bars = tuple((month_label(data, m["month"]), m["cases"]) for m in data["monthly"])
        years = [f"{int(m['month'][:4])}年" for m in data["monthly"]]
        out.append(Chart(f"图2  各月{month_cases_head(data)}", bars, "件", whole,
                         months=tuple((label.removeprefix(year), year) for (label, _n), year in zip(bars, years,
                                                                                                    strict=True))
                         if fitted else (), fitted=fitted))
    return out


def month_cases_head(data: dict) -> str:
    """The head of the cases by month: 案件数（件） as tables 1–3 head the cases handled (filed, or decided on the spot
    under the simple procedure, which is never filed); 立案数（件） in a period frozen before format 9, as sent."""
    return "案件数（件）" if has_format_9(data) else "立案数（件）"


def _cell(text: str, bold: bool = False, numeric: bool = False, style: str | None = None) -> Cell:
    style = style or ("cell_label" if numeric else "cell")
    return Cell((Paragraph((Run(text, bold=bold),), style),))


def _table(header: tuple[str, ...], rows: list[tuple], widths: tuple[float, ...], bold_rows: set[int] = frozenset(),
           header_rows: int = 0, kept_totals: bool = False, fitted: bool = False) -> Table:
    """A table of the attachment; with ``header_rows`` 1 its column heads never stand alone at the foot of a page
    and are set again on each page it continues on; with ``kept_totals`` each total row (in bold) stays on the page
    of the row above it, which goes to the next page with it rather than leave it alone under the heads there; with
    ``fitted`` each figure too wide for its column is set smaller, on one line (``fitted_style``)."""
    head = Row(tuple(Cell.of(text, "cell_label") for text in header))
    body = [Row((_cell(str(row[0]), i in bold_rows),
                 *(_cell(str(value), i in bold_rows, numeric=True,
                         style=fitted_style(str(value), width) if fitted else None)
                   for value, width in zip(row[1:], widths[1:], strict=True))),
                keep_with_next=kept_totals and i + 1 in bold_rows)
            for i, row in enumerate(rows)]
    return Table((head, *body), widths, header_rows=header_rows)


def _caption(text: str) -> Paragraph:
    return Paragraph.of(text, "number", keep_with_next=True)


def unit_name(name: str) -> str:
    """A unit's name as table 3's 单位 prints it from format 18 on: one longer than ``UNIT_CHARS`` broken between its
    words (顺德区 / 合计, 未交办 / 线索), not where the cell is full (顺德区合 / 计)."""
    if len(name) <= UNIT_CHARS:
        return name
    if name.endswith("合计"):
        return f"{name.removesuffix('合计')}\n合计"
    return name.replace("未交办", "未交办\n", 1) if name.startswith("未交办") else name


class AttachedTable(tuple):
    """An attached table as both documents print it, unpacked (caption, header, rows, widths, bold rows), with its
    ``kind``: "sectors" (table 1), "districts", "bureau" (the evaluation table) or "months" — the table a note
    under it speaks of (``shares_note``, ``amounts_note``), whatever its number."""

    kind: str

    def __new__(cls, kind: str, caption: str, header: tuple[str, ...], rows: list[tuple], widths: tuple[float, ...],
                bold: set[int]) -> AttachedTable:
        table = super().__new__(cls, (caption, header, rows, widths, bold))
        table.kind = kind
        return table

    def __getnewargs__(self) -> tuple:  # copied and pickled with its kind
        return (self.kind, *self)


def tables(data: dict, bureau_widths: tuple[float, ...] = BUREAU_WIDTHS) -> list[AttachedTable]:
    """Each attached table (``AttachedTable``: its kind, and caption, header, rows, widths, bold rows), as both documents
    print them; table 3 (from format 3 on) with its columns ``bureau_widths`` wide."""
    stats = data["stats"]
    total = stats["cases"]["total"]
    wan = wan_cell if has_format_18(data) else wan_figure  # <0.01 for an amount that rounds to nothing
    out = [AttachedTable("sectors", "表1  各领域案件情况", ("行业领域", "案件数（件）", "占比"),
            [(s["label"], s["cases"], s["share"]) for s in data["sectors"]] +
            [("合计", total, ("100.0%" if has_format_9(data) else "100%") if total else "—")],
            (0.4, 0.3, 0.3), {len(data["sectors"])})]
    if data["districts"]:
        districts = data["districts"] + ([district_total(data["districts"])] if has_district_total(data) else [])
        rows = [(d["district"], d["cases"], d["records"], wan(d["penalties_total_fen"])) for d in districts]
        out.append(AttachedTable("districts", "表2  各辖区案件情况", ("辖区", "案件数（件）", "涉案信息（条）", "罚没金额（万元）"),
                         rows, (0.25, 0.25, 0.25, 0.25),
                         {len(data["districts"])} if has_district_total(data) else set()))
    bold = {i for i, r in enumerate(data["bureau_table"]) if r["kind"] in ("district_total", "total")}
    caption = f"表{len(out) + 1}  各单位工作情况（考评）"
    if has_shared_bureau_columns(data):
        bureau = [tuple(wan(r[key]) if key.endswith("_fen") else r[key] for _head, key in BUREAU_COLUMNS)
                  for r in data["bureau_table"]]
        if has_format_18(data):  # counts of eight digits on one line, a long unit's name broken between its words
            bureau = [(unit_name(row[0]), *row[1:]) for row in bureau]
            out.append(AttachedTable("bureau", caption, BUREAU_HEADS, bureau, BUREAU_WIDTHS_V18, bold))
        elif has_whole_word_heads(data):
            out.append(AttachedTable("bureau", caption, BUREAU_HEADS, bureau, BUREAU_WIDTHS_V8, bold))
        else:  # a period frozen before format 8, as it was sent
            out.append(AttachedTable("bureau", caption, tuple(head for head, _key in BUREAU_COLUMNS), bureau, bureau_widths,
                             bold))
    else:
        bureau = [(r["short_name"], r["cases"], r["records"], wan_figure(r["penalties_total_fen"]), r["leads"],
                   r["leads_in_time"], r["interviews"], r["publicity"]) for r in data["bureau_table"]]
        out.append(AttachedTable("bureau", caption, ("单位", "案件数（件）", "涉案信息（条）", "罚没金额（万元）", "线索（条）",
                                             "按期办结（条）", "约谈（次）", "宣传（场）"), bureau, BUREAU_WIDTHS_V2, bold))
    # a part of a month on two lines in its narrow cell, broken after the month ("2026年6月" / "15日至30日"), not
    # wherever the cell is full ("2026年12月1日至5" / "日")
    months = [(month_label(data, m["month"]).replace("月", "月\n", 1).rstrip("\n"), m["cases"], m["records"],
               wan(m["penalties_total_fen"])) for m in data["monthly"]]
    if months and has_month_total(data):  # as tables 1–3 have theirs (a period frozen before format 7, as sent)
        months.append(("合计", *(sum(m[key] for m in data["monthly"]) for key in ("cases", "records")),
                       wan(sum(m["penalties_total_fen"] for m in data["monthly"]))))
    if months:
        out.append(AttachedTable("months", f"表{len(out) + 1}  各月办案情况",
                         ("月份", month_cases_head(data), "涉案信息（条）", "罚没金额（万元）"), months,
                         (0.25, 0.25, 0.25, 0.25), {len(data["monthly"])} if has_month_total(data) else set()))
    return out


#: under table 1 when its shares do not add up to the 100.0% its 合计 prints (``evaluation.shares``: each rounded half up
#: on its own, so three sectors of one case each print 33.3% three times, 99.9%, and 4, 1 and 1 print 66.7%, 16.7%
#: and 16.7%, 100.1%)
SHARES_NOTE = "注：占比保留一位小数，案件数相同的领域占比相同，各项占比之和可能不等于100%。"


def shares_note(data: dict) -> str:
    """``SHARES_NOTE`` when the shares table 1 prints do not add up to 100.0%, else ''."""
    parts = [s["share"] for s in data["sectors"] if str(s.get("share", "")).endswith("%")]
    if parts and sum(int(p.rstrip("%").replace(".", "")) for p in parts) != 1000:
        return SHARES_NOTE
    return ""


#: under a table of 万元 amounts (tables 2–4, the workbook's 各局考评) whose rows, each rounded to two decimals, do not add
#: up to its total rounded (from format 18 on): three districts of 50 yuan print 0.01 each, their 合计 0.02
AMOUNTS_NOTE = "注：金额以万元为单位四舍五入，分项之和与合计可能略有差异。"


def _sums(table: str, data: dict) -> list[tuple[list[int], int]]:
    """(the parts, their total) in fen of each total row of ``table`` ("districts", "bureau" or "months") as printed:
    table 3's district totals of their units, and its city total of all units as of the district totals and the units
    outside a district (the city bureau's own, 未交办线索)."""
    if table == "districts":
        parts = [d["penalties_total_fen"] for d in data["districts"]]
        return [(parts, sum(parts))] if has_district_total(data) else []
    if table == "months":
        parts = [m["penalties_total_fen"] for m in data["monthly"]]
        return [(parts, sum(parts))] if has_month_total(data) else []
    sums, units, district, subtotals = [], [], [], []
    for row in data["bureau_table"]:
        fen = row["penalties_total_fen"]
        if row["kind"] == "district_total":
            sums.append((district, fen))
            subtotals.append(fen)
            district = []
        elif row["kind"] == "total":
            sums += [(units, fen), (subtotals + district, fen)]
        else:
            units.append(fen)
            district.append(fen)
    return sums


def amounts_note(data: dict, table: str) -> str:
    """``AMOUNTS_NOTE`` when a total of ``table`` ("districts", "bureau" or "months") printed in 万元 is not the sum of
    its rows as printed (an amount printed <0.01 counted as 0.00), from format 18 on; else ''."""
    if not has_format_18(data):
        return ""
    for parts, total in _sums(table, data):
        if sum(wan_hundredths(fen) for fen in parts) != wan_hundredths(total):
            return AMOUNTS_NOTE
    return ""


#: the style of "附件" on the attachment's first page (GB/T 9704 8: 3号黑体, flush left on the first line)
ATTACHMENT_LABEL = "attachment_label"


def title_text(title: str) -> str:
    """The title as printed: the campaign report's title (also that of the periods frozen with it), and that of a
    year's report (``YEAR_TITLE_LINES``), broken after their first line (``TITLE_LINES``, a hard break that both
    writers keep); any other title as it is."""
    if title.startswith(TITLE_LINES[0]) and title != TITLE_LINES[0]:
        return TITLE_LINES[0] + "\n" + title.removeprefix(TITLE_LINES[0])
    return title


def report_document(data: dict, with_charts: bool = True, picture: Callable[[Chart], Block] | None = None,
                    bureau_widths: tuple[float, ...] = BUREAU_WIDTHS) -> Document:
    """The report as blocks; ``with_charts`` gives each chart its caption and above it the chart's room: empty
    for the PDF, which draws the charts there (``charts.ChartOverlay``), or the block ``picture`` makes of the
    chart (the DOCX's pictures). Table 3 has the column widths ``bureau_widths``."""
    blocks: list[Block] = [Paragraph.of(title_text(data["title"]), "title"), Spacer(1)]
    if data.get("addressee"):
        blocks.append(Paragraph.of(data["addressee"], "plain"))
    blocks.append(Paragraph.of(data["opening"]))
    for section in data["sections"]:
        blocks.append(Paragraph.of(section["heading"], "heading1", keep_with_next=True))
        blocks += [Paragraph.of(text) for text in section["paragraphs"]]
    if data.get("conflicts_note"):  # from format 16 on: station data conflicts still open
        blocks.append(Paragraph.of(data["conflicts_note"]))
    if data.get("stations_note"):  # from format 14 on: how recent each station's data are
        blocks.append(Paragraph.of(data["stations_note"]))
    blocks.append(Paragraph.of("特此通报。"))
    attachment = "统计表" + ("及统计图" if with_charts else "")
    gbt = has_format_17(data)  # GB/T 9704's attachment layout; a period frozen before, as it was sent
    if gbt:  # 7.3.4: the 附件说明 one blank line below the text
        blocks.append(Spacer(1))
    blocks.append(Paragraph.of("附件：" + attachment, "body"))
    blocks.append(Spacer(2))
    # the 落款 never stands alone on a page (GB/T 9704 7.3.5): kept with the last lines of the text, back to a
    # sentence, as the official documents keep theirs (the blank lines above it kept too)
    from workstation.documents.compose import keep_with_signature

    keep_with_signature(blocks)
    blocks += [*centred_on_date([Paragraph.of(data["agency"]["name"], "signature", keep_with_next=True),
                                            Paragraph.of(chinese_date(data["generated_at"][:10]), "signature")])]
    if gbt:  # 附件 flush left in 3号黑体 on the first line of its page, its title centred on the third
        blocks += [PageBreak(), Paragraph.of("附件", ATTACHMENT_LABEL, keep_with_next=True),
                   Spacer(1), Paragraph.of(attachment, "title", keep_with_next=True), Spacer(1)]
    else:
        blocks += [PageBreak(), Paragraph.of("附件", "heading1", keep_with_next=True)]
    heads = 1 if has_district_total(data) else 0  # as printed from format 2 on; a period frozen before, as sent
    for table in tables(data, bureau_widths):
        caption, header, rows, widths, bold = table
        # from format 25 on table 3's figures too wide for their cells are set smaller (a period frozen before, as sent)
        fitted = table.kind == "bureau" and has_format_25(data)
        blocks += [_caption(caption), _table(header, rows, widths, bold, heads, has_kept_totals(data), fitted)]
        # table 1's shares do not add up to its 合计, or a table's 万元 rows to its total: said under it
        note = shares_note(data) if table.kind == "sectors" else amounts_note(data, table.kind)
        if note:
            blocks.append(Paragraph.of(note, "plain"))
        blocks.append(Spacer(0.5))
    if with_charts:
        for index, chart in enumerate(charts(data)):
            if index % 2 == 0:
                blocks.append(PageBreak())
            blocks += [picture(chart) if picture else Spacer(CHART_LINES), Paragraph.of(chart.caption, "number")]
    return Document(title=data["title"], blocks=tuple(blocks),
                    metadata={"date": data["generated_at"][:10], "subject": data["period"]["text"]})
