"""The year-end evaluation table (各局考评) as officers read it: its columns described once — header, cell text
on screen and value in a CSV file — for the dashboard and the export, over the rows of
``workstation.stats.bureau_table``."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workstation.i18n import N_, _, language
from workstation.money import figures, yuan_input
from workstation.output import write_output
from workstation.records import today
from workstation.sheet_cells import csv_writer
from workstation.vocabulary import shown_label


@dataclass(frozen=True)
class Column:
    """One column: its header (a message id), the text shown for a row and the value written to CSV; ``narrow``, the
    head as the table on screen shows it (a message id on two lines, ``NARROW_HEADERS``), the header when none."""

    header: str
    shown: Callable[[dict], str]
    exported: Callable[[dict], str | int]
    narrow: str = ""


def _count(key: str) -> Column:
    return Column(HEADERS[key], lambda row: f"{row[key]:,}", lambda row: row[key], NARROW_HEADERS[key])


def _money(key: str) -> Column:
    # the head says （元）: the amount alone, "85,000.00", without the ¥ sign
    return Column(HEADERS[key], lambda row: figures(row[key]).removeprefix("¥"), lambda row: yuan_input(row[key]),
                  NARROW_HEADERS[key])


def percent(count: int, total: int) -> str:
    """``count`` as a percentage of ``total`` (> 0) with one decimal, rounded half up as the amounts in 万元 are and
    as a spreadsheet's ROUND does ("6.3" for 1 of 16, where float formatting said 6.2), in whole-number arithmetic."""
    tenths = (2000 * count + total) // (2 * total)
    return f"{tenths // 10}.{tenths % 10}"


def share(count: int, total: int) -> str:
    """``count`` as a share of ``total`` for a table: "6.3%" (``percent``), or "—" when ``total`` is 0."""
    return f"{percent(count, total)}%" if total else "—"


def shares(counts: list[int]) -> list[str]:
    """Each count as a share of their sum for a table whose 合计 says 100%: "6.3%", in tenths of a percent rounded by
    the largest remainder (the tenths that rounding down leaves over go to the largest remainders, a tie to the
    smaller count, as rounding it half up alone would), so that the shares shown add up to exactly 100.0%; "—" each
    when the sum is 0. Equal counts always get the same share: a tenth left over goes to all of them or to none, so
    where only equal counts could take it — three counts of 1: 33.3% each — the shares add up to as near 100.0% as
    equal shares can, slightly less or more (a note under table 1 says so: ``reports.document.SHARES_NOTE``). Each
    share is its exact value rounded down or up, never further; of the ways to add up (as near as can be) to 100.0%,
    the one whose shares are nearest to the exact ones (``_rounded_up``)."""
    total = sum(counts)
    if not total:
        return ["—"] * len(counts)
    tenths = [1000 * count // total for count in counts]
    groups: dict[int, list[int]] = {}  # the rows of each count: they take a tenth together or not at all
    for i, count in enumerate(counts):
        groups.setdefault(count, []).append(i)
    for count in _rounded_up(groups, total, 1000 - sum(tenths)):
        for i in groups[count]:
            tenths[i] += 1
    return [f"{t // 10}.{t % 10}%" for t in tenths]


def _rounded_up(groups: dict[int, list[int]], total: int, left: int) -> list[int]:
    """The counts of ``groups`` (count: its rows) whose rows round up a tenth, when rounding every share of ``total``
    down leaves ``left`` tenths over: those whose rows add up to ``left`` if any do, else to the nearest number; of
    these, the choice whose shares stray least from the exact ones in all (the largest remainders: without equal
    counts, the usual largest remainder method), a tie to the smaller counts. A count whose share is exact in tenths
    never rounds up. Worked out over the numbers of rows, which are at most as many as the counts."""
    # each count that may round up, in the order the largest remainder serves them: its rows, and what rounding them
    # up adds to the distance from the exact shares (the remainder r of each row goes, total - r comes)
    order = sorted((count for count in groups if 1000 * count % total), key=lambda c: (-(1000 * c % total), c))

    def rank(option: tuple[int, tuple[bool, ...]]) -> tuple:
        # the least distance; on a tie the choice taking the counts served first
        distance, choice = option
        return distance, [not taken for taken in choice]

    best: dict[int, tuple[int, tuple[bool, ...]]] = {0: (0, ())}  # rows rounded up: (added distance, choice)
    for count in order:
        rows, cost = len(groups[count]), len(groups[count]) * (total - 2 * (1000 * count % total))
        step: dict[int, tuple[int, tuple[bool, ...]]] = {}
        for up, (distance, choice) in best.items():
            for taken, option in ((up, (distance, (*choice, False))), (up + rows, (distance + cost, (*choice, True)))):
                if taken not in step or rank(option) < rank(step[taken]):
                    step[taken] = option
        best = step
    up = min(best, key=lambda rows: (abs(rows - left), best[rows][0], rows))
    return [count for count, taken in zip(order, best[up][1], strict=True) if taken]


def in_time_rate(row: dict) -> str:
    """Leads decided within T1 as a share of those decided: "90.0%", or "—" when none was decided."""
    return share(row["leads_in_time"], row["leads_decided"])


#: the heads of the report's table 3 (``reports.data.BUREAU_COLUMNS``) where it has the column, its amounts in yuan
HEADERS = {
    "name": N_("Unit"), "cases": N_("Cases (number)"), "records": N_("Infringing records (number)"),
    "fines_fen": N_("Fines (yuan)"), "confiscated_fen": N_("Confiscated (yuan)"),
    "penalties_total_fen": N_("Fines and confiscations (yuan)"), "leads": N_("Leads received (number)"),
    "leads_decided": N_("Leads decided (number)"), "leads_in_time": N_("Leads decided in time (number)"),
    "rate": N_("In-time rate"), "interviews": N_("Administrative interviews (number)"),
    "publicity": N_("Publicity activities (number)"),
    # the people the unit's publicity reached, named as the publicity log names them (``store.publicity.FIGURES``:
    # 参与人数（人）) and placed as the statistics export's 各局考评 and the workbook's 各局明细 place it
    "participants": N_("Participants (people)"),
}
#: the heads on screen, each its unit (or its second words) on a second line, so that the figures need not be as wide
#: as their heads and the table fits a 1,024-pixel window in English too (its full heads are the heads' tooltips):
#: in Chinese the heads of ``HEADERS``, broken before their unit ("案件数" over "（件）")
NARROW_HEADERS = {
    "cases": N_("Cases\n(no.)"), "records": N_("Records\n(no.)"), "fines_fen": N_("Fines\n(yuan)"),
    "confiscated_fen": N_("Confiscated\n(yuan)"), "penalties_total_fen": N_("Total\n(yuan)"),
    "leads": N_("Leads\n(no.)"), "leads_decided": N_("Decided\n(no.)"), "leads_in_time": N_("In time\n(no.)"),
    "rate": N_("In-time\nrate"), "interviews": N_("Interv.\n(no.)"), "publicity": N_("Publicity\n(no.)"),
    "participants": N_("Participants\n(people)"),  # as the publicity log names them
}

def shown_name(row: dict) -> str:
    """The unit of a row as the table shows it: the short name table 3 prints ("南海区局", "禅城区合计", "全市合计"); in
    English (``WORKSTATION_LANG=en``) a total names its district in English ("Chancheng District total", "City
    total"), while a bureau keeps its name."""
    if language() == "en" and row.get("kind") == "district_total":
        return _("{district} total").format(district=shown_label("districts", row["district"]))
    if language() == "en" and row.get("kind") == "total":
        return _("City total")
    if language() == "en" and row.get("kind") == "unassigned":
        return _("Leads not assigned yet")
    return row["short_name"]


COLUMNS = [
    # the short name as table 3 prints it ("南海区局"; its full name is the cell's tooltip on screen); the CSV keeps
    # the Chinese names
    Column(HEADERS["name"], shown_name, lambda row: row["name"]),
    _count("cases"), _count("records"), _money("fines_fen"), _money("confiscated_fen"),
    _money("penalties_total_fen"), _count("leads"), _count("leads_decided"), _count("leads_in_time"),
    Column(HEADERS["rate"], in_time_rate, in_time_rate, NARROW_HEADERS["rate"]),
    _count("interviews"), _count("publicity"), _count("participants"),
]


def far_off(day: str, counted_on: str) -> bool:
    """Whether ``day`` bounds a period only in name: before 1900 (no case of any register is that old) or after the
    year following ``counted_on``'s (the day of the report or the export)."""
    return int(day[:4]) < 1900 or int(day[:4]) > int(counted_on[:4]) + 1


def stated_bounds(date_from: str | None, date_to: str | None, counted_on: str) -> tuple[str | None, str | None]:
    """The bounds of a period as its heading states them: a start by which a script says "no start" (``far_off``
    before ``counted_on``: 0001-01-01) and an end by which it says "no end" (``far_off`` after it: 9999-12-31) are
    none. A period not begun by ``counted_on`` keeps both, as does an end before 1900: the period asked for is
    stated (2030年1月1日至3月31日), not one up to ``counted_on``."""
    if date_from and date_from > counted_on:
        return date_from, date_to
    return (None if date_from and far_off(date_from, counted_on) else date_from,
            None if date_to and date_to > counted_on and far_off(date_to, counted_on) else date_to)


def period_words(date_from: str | None, date_to: str | None, counted_on: str | None = None) -> str:
    """The period in a file's heading: "2026-01-01至2026-06-30", "2026-01-01起", "至2026-06-30", "整个专项行动". A bound
    by which a script says "no start" or "no end" (0001-01-01, 9999-12-31: ``stated_bounds`` on ``counted_on``, the
    day counted, by default the program's today) is none, as the report words it: not "0001-01-01至9999-12-31"."""
    date_from, date_to = stated_bounds(date_from, date_to, counted_on or today())
    if date_from and date_to:
        return f"{date_from}至{date_to}"
    if date_from or date_to:
        return f"{date_from}起" if date_from else f"至{date_to}"
    return "整个专项行动"


def write_bureau_csv(rows: list[dict], path: str | Path, date_from: str | None = None,
                     date_to: str | None = None, *, agency: str | None = None) -> Path:
    """Write the evaluation table to ``path`` as CSV (UTF-8 with BOM, so that Excel and WPS read the Chinese),
    amounts in yuan with two decimals: its title and period (统计期间) first, the agency counted (办案机关, as the
    statistics export words it) when ``agency`` is given, a blank line, then the table."""
    buffer = io.StringIO(newline="")
    writer = csv_writer(buffer)  # no text taken for a formula
    writer.writerow(["各局考评表"])
    writer.writerow(["统计期间", period_words(date_from, date_to)])
    if agency:
        writer.writerow(["办案机关", agency])
    writer.writerow([])
    writer.writerow([_(c.header) for c in COLUMNS])
    writer.writerows([[c.exported(row) for c in COLUMNS] for row in rows])
    # whole or not at all (a full disk leaves no cut-off table under its name), a refusal with what to do
    return write_output(str(path), buffer.getvalue().encode("utf-8-sig"))
