"""How the live figures of a frozen report period compare with the frozen ones. A bundle merged after a period was
frozen may bring cases, leads or interviews of that period: the report printed again stays as it was sent (its
figures are the frozen ones), and the analyst is told which figures of which tables now differ, and by how much.

The live figures are gathered as the frozen ones were (the same dates, agency and scope), up to the last day the
frozen report stated: a period frozen without an end date ("截至" the day it was frozen), or before its end date (a
year frozen on 30 November, stated 至11月30日), is gathered up to the day it was frozen. A row missing on one side
counts as zeros, so a month or a bureau without any record does not count as a change."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from workstation.db import Database
from workstation.i18n import _, ngettext
from workstation.progress import CancelToken, ProgressFn, no_progress
from workstation.reports.data import BUREAU_COLUMNS, has_shared_bureau_columns, report_data
from workstation.reports.document import tables
from workstation.reports.text import wan
from workstation.store.report_periods import get_report_period
from workstation.vocabulary import label

#: The report's body (its paragraphs), where a figure is not in a table.
BODY = "正文"
#: The figures the body says, as (path in ``campaign_stats``, the name the analyst reads).
BODY_FIGURES = (("cases.total", "案件数（件）"), ("infringing_records", "涉案侵权信息（条）"),
                ("penalties_total_fen", "罚没金额"), ("cases.transferred_to_police", "移送公安机关案件（件）"),
                ("cases.transferred_out", "移送其他机关案件（件）"),
                ("complaints.imported", "导入投诉举报（宗）"), ("complaints.related", "涉及个人信息的投诉举报（宗）"),
                ("complaints.in_leads", "已归入线索的投诉举报（宗）"), ("leads.total", "受理线索（条）"),
                ("leads.assigned", "已交办线索（条）"), ("leads.decided", "已核查办结线索（条）"),
                ("leads.decided_unassigned", "未经交办、自行登记核查的办结线索（条）"),
                ("leads.in_time", "按期办结线索（条）"), ("interviews", "行政约谈（次）"),
                ("publicity.campaigns", "宣传活动（场）"), ("publicity.flyers", "宣传资料（份）"),
                ("publicity.sms", "提示短信（条）"), ("publicity.participants", "参与人数（人）"))
#: The figures of tables 2 and 4 (by district, by month).
ROW_FIGURES = (("cases", "案件数（件）"), ("records", "涉案信息（条）"), ("penalties_total_fen", "罚没金额"))
#: The headline: (key in the result, path in ``campaign_stats``).
HEADLINE = (("cases", "cases.total"), ("records", "infringing_records"), ("penalties_total_fen", "penalties_total_fen"))


def _get(stats: dict, path: str):
    value = stats
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _captions(data: dict) -> dict[str, str]:
    """{"sectors", "districts", "bureau", "months": the caption of that table as ``data``'s report prints it, with one
    space after its number where the print has two ("表2 各辖区案件情况"): in a line of text two spaces read as a gap}."""
    printed = [" ".join(caption.split()) for caption, *_rest in tables(data)]
    kinds = ["sectors", *(["districts"] if data["districts"] else []), "bureau",
             *(["months"] if data["monthly"] else [])]
    return dict(zip(kinds, printed, strict=True))


def _compare(where: str, row: str, figures, frozen: dict, live: dict, out: list[dict]) -> None:
    """Add to ``out`` each figure (key, name) of ``figures`` that differs between the rows (a missing value is 0)."""
    for key, name in figures:
        before, after = frozen.get(key) or 0, live.get(key) or 0
        if before != after:
            out.append({"table": where, "row": row, "figure": name, "key": key, "frozen": before, "live": after})


def _rows(rows: list[dict], key) -> dict:
    return {key(r): r for r in rows}


def _bureau_key(row: dict) -> tuple:
    return row["kind"], row.get("agency_id"), row.get("short_name")


def _tables_compared(frozen: dict, live: dict, captions: dict[str, str], out: list[dict]) -> None:
    sectors = ({s["key"]: s for s in frozen["sectors"]}, {s["key"]: s for s in live["sectors"]})
    for key in dict.fromkeys([*sectors[0], *sectors[1]]):
        name = (sectors[0].get(key) or sectors[1].get(key))["label"]
        _compare(captions["sectors"], name, (("cases", "案件数（件）"),), sectors[0].get(key, {}),
                 sectors[1].get(key, {}), out)
    districts = (_rows(frozen["districts"], lambda d: d["district"]), _rows(live["districts"], lambda d: d["district"]))
    for key in dict.fromkeys([*districts[0], *districts[1]]):
        _compare(captions["districts"], key, ROW_FIGURES, districts[0].get(key, {}), districts[1].get(key, {}), out)
    bureaus = (_rows(frozen["bureau_table"], _bureau_key), _rows(live["bureau_table"], _bureau_key))
    if not any(key[0] == "unassigned" for key in bureaus[0]):
        # a period frozen before the 未交办线索 row (or without such leads): its leads show in 全市合计's difference
        bureaus = (bureaus[0], {key: row for key, row in bureaus[1].items() if key[0] != "unassigned"})
    columns = tuple((key, head.removesuffix("（万元）")) for head, key in BUREAU_COLUMNS[1:]
                    if key != "leads_decided" or has_shared_bureau_columns(frozen))
    for key in dict.fromkeys([*bureaus[0], *bureaus[1]]):
        _compare(captions["bureau"], key[2] or "", columns, bureaus[0].get(key, {}), bureaus[1].get(key, {}), out)
    months = (_rows(frozen["monthly"], lambda m: m["month"]), _rows(live["monthly"], lambda m: m["month"]))
    for key in sorted({*months[0], *months[1]}):
        name = f"{int(key[:4])}年{int(key[5:7])}月"
        _compare(captions["months"], name, ROW_FIGURES, months[0].get(key, {}), months[1].get(key, {}), out)


#: How many SQLite virtual-machine steps pass between two looks at the cancel token while the figures are gathered.
CANCEL_STEPS = 20_000


@contextmanager
def interruptible(db: Database, cancel: CancelToken | None) -> Iterator[None]:
    """The queries run inside stop as soon as ``cancel`` is set (SQLite's progress handler aborts the one running),
    coming out as ``Cancelled``: gathering a city's figures is a few long queries, not many short steps."""
    if cancel is None:
        yield
        return
    from workstation.db import driver

    db.conn.set_progress_handler(lambda: 1 if cancel.cancelled else 0, CANCEL_STEPS)
    try:
        yield
    except driver.OperationalError:
        cancel.check()  # "interrupted": the query stopped for the cancel
        raise
    finally:
        db.conn.set_progress_handler(None, 0)
    cancel.check()


def _stated_end(period: dict, frozen_on: str) -> str:
    """The last day whose figures a period frozen on ``frozen_on`` stated: its end, or ``frozen_on`` when it has none
    or the period had begun but not ended by then (``evaluation.stated_bounds``: a year frozen on 30 November states
    2026年1月1日至11月30日, and a case filed on 2 December is no change to it); a period not begun by then, its end."""
    date_from, date_to = period["from"], period["to"]
    if date_to is None or ((date_from is None or date_from <= frozen_on) and date_to > frozen_on):
        return frozen_on
    return date_to


def live_changes(db: Database, period_label: str, *, progress: ProgressFn = no_progress,
                 cancel: CancelToken | None = None) -> dict:
    """How the live figures of the frozen period ``period_label`` differ from its frozen ones: {"differs", "cases",
    "records", "penalties_total_fen" (each {"frozen", "live"}), "tables" (the captions of the tables, or 正文,
    where a figure differs, in the report's order), "changes" ([{"table", "row", "figure", "key", "frozen",
    "live"}], amounts in fen)}. Nothing is written. Progress in three steps (reading the frozen figures,
    gathering the live ones, comparing); a cancel stops it at once with ``Cancelled`` and no result."""
    def step(done: int, message: str) -> None:
        progress(done, 3, message)
        if cancel is not None:
            cancel.check()

    step(0, _("Reading the frozen figures of report period {label}").format(label=period_label))
    frozen = get_report_period(db, period_label).snapshot
    period = frozen["period"]
    step(1, _("Gathering the live figures of report period {label}").format(label=period_label))
    with interruptible(db, cancel):
        live = report_data(db, period["from"], _stated_end(period, frozen["generated_at"][:10]),
                           period.get("agency_id"), own=bool(period.get("own")))
    step(2, _("Comparing the live figures with the frozen ones"))
    changes: list[dict] = []
    body = [(path, name) for path, name in BODY_FIGURES if _get(frozen["stats"], path) is not None]
    _compare(BODY, "", body, {path: _get(frozen["stats"], path) for path, _name in body},
             {path: _get(live["stats"], path) for path, _name in body}, changes)
    violations = (frozen["stats"]["cases"].get("by_violation", {}), live["stats"]["cases"].get("by_violation", {}))
    _compare(BODY, "", [(key, f"{label('violations', key)}（件）") for key in dict.fromkeys([*violations[0],
                                                                                            *violations[1]])],
             violations[0], violations[1], changes)
    captions = {**_captions(live), **_captions(frozen)}  # as the frozen report numbers them, where it has them
    _tables_compared(frozen, live, captions, changes)
    result = {key: {"frozen": _get(frozen["stats"], path), "live": _get(live["stats"], path)} for key, path in HEADLINE}
    progress(3, 3, _("Done"))
    return {"period": period_label, "differs": bool(changes), **result,
            "tables": list(dict.fromkeys(change["table"] for change in changes)), "changes": changes}


def _signed(delta: int) -> str:
    return f"+{delta}" if delta > 0 else f"−{-delta}"


def _amount_delta(before: int, after: int) -> str:
    """The difference of two amounts in the unit they are written in: in 万元 when either is (13.3万元→13.8万元 moved
    by +0.50万元, not +5000元), rounded as they are (two decimals; finer when that would read 0), else in yuan."""
    delta = after - before
    sign = "+" if delta > 0 else "−"
    if max(before, after) < 1_000_000:
        return sign + wan(abs(delta))
    size = abs(delta)
    places = 2
    while places < 6 and (size * 10 ** places + 500_000) // 1_000_000 == 0:
        places += 1  # 30元 moved: +0.003万元, not +0万元
    scaled = (size * 10 ** places + 500_000) // 1_000_000  # 万元 × 10**places, rounded half up
    whole, decimals = divmod(scaled, 10 ** places)
    return f"{sign}{whole}.{decimals:0{places}d}万元"  # two decimals, as the amounts (text.wan)


def drift_summary(drift: dict) -> str:
    """One paragraph saying that the live figures of the period differ from the frozen ones, by how much in cases
    and amounts, in which tables, and that the report printed keeps the frozen figures ("" when none differs)."""
    if not drift["differs"]:
        return ""
    parts = []
    cases, records, fen = drift["cases"], drift["records"], drift["penalties_total_fen"]
    if cases["live"] != cases["frozen"]:
        parts.append(_("cases: {frozen} → {live} ({delta})").format(
            frozen=cases["frozen"], live=cases["live"], delta=_signed(cases["live"] - cases["frozen"])))
    if records["live"] != records["frozen"]:
        parts.append(_("infringing records: {frozen} → {live} ({delta})").format(
            frozen=records["frozen"], live=records["live"], delta=_signed(records["live"] - records["frozen"])))
    if fen["live"] != fen["frozen"]:
        parts.append(_("fines and confiscations: {frozen} → {live} ({delta})").format(
            frozen=wan(fen["frozen"]), live=wan(fen["live"]),
            delta=_amount_delta(fen["frozen"], fen["live"])))
    figures = _(", ").join(parts) if parts else _("the case count and the amounts are unchanged")
    return ngettext("The live figures of report period {label} now differ from the frozen ones (records merged or "
                    "changed since it was frozen): {figures}; {n} figure differs, in {tables}. The report is printed "
                    "with the frozen figures, exactly as it was sent.",
                    "The live figures of report period {label} now differ from the frozen ones (records merged or "
                    "changed since it was frozen): {figures}; {n} figures differ, in {tables}. The report is printed "
                    "with the frozen figures, exactly as it was sent.", len(drift["changes"])).format(
        label=drift["period"], figures=figures, n=len(drift["changes"]), tables="、".join(drift["tables"]))


def drift_lines(drift: dict) -> list[str]:
    """One line per figure that differs, in Chinese as the report's tables are, with Chinese punctuation: where
    (table, row and figure joined by ·), then frozen→live (difference), amounts as the report's text writes them
    ("表2 各辖区案件情况·三水区·涉案信息（条）：3137→4137（+1000）")."""
    lines = []
    for change in drift["changes"]:
        before, after = change["frozen"], change["live"]
        if change["key"].endswith("_fen"):
            values = f"{wan(before)}→{wan(after)}（{_amount_delta(before, after)}）"
        else:
            values = f"{before}→{after}（{_signed(after - before)}）"
        where = "·".join(part for part in (change["table"], change["row"], change["figure"]) if part)
        lines.append(f"{where}：{values}")
    return lines
