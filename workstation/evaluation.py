"""The year-end evaluation table (各局考评) as officers read it: its columns described once — header and cell text
on screen — for the dashboard, over the rows of ``workstation.stats.bureau_table``; the tab's CSV file is the
statistics export's (``stats_export.write_bureau_csv``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workstation.i18n import N_, _, language
from workstation.money import figures
from workstation.records import today
from workstation.vocabulary import shown_label


@dataclass(frozen=True)
class Column:
    """One column: its header (a message id) and the text shown for a row; ``narrow``, the head as the table on
    screen shows it (a message id on two lines, ``NARROW_HEADERS``), the header when none."""

    header: str
    shown: Callable[[dict], str]
    narrow: str = ""


def _count(key: str) -> Column:
    return Column(HEADERS[key], lambda row: f"{row[key]:,}", NARROW_HEADERS[key])


def _money(key: str) -> Column:
    # the head says （元）: the amount alone, "85,000.00", without the ¥ sign
    return Column(HEADERS[key], lambda row: figures(row[key]).removeprefix("¥"), NARROW_HEADERS[key])


def percent(count: int, total: int) -> str:
    """``count`` as a percentage of ``total`` (> 0) with one decimal, rounded half up as the amounts in 万元 are and
    as a spreadsheet's ROUND does ("6.3" for 1 of 16, where float formatting said 6.2), in whole-number arithmetic."""
    tenths = (2000 * count + total) // (2 * total)
    return f"{tenths // 10}.{tenths % 10}"


def share(count: int, total: int) -> str:
    """``count`` as a share of ``total`` for a table: "6.3%" (``percent``), or "—" when ``total`` is 0."""
    return f"{percent(count, total)}%" if total else "—"


def shares(counts: list[int]) -> list[str]:
    """Each count as a share of their sum for a table whose 合计 says 100.0%: "6.3%", each its exact value rounded
    half up to a tenth of a percent on its own (``percent``: 1 of 14 is 7.1%, 2 of 14 14.3%, 4 of 6 66.7%), so that
    each share is its nearest tenth and equal counts get equal shares; "—" each when the sum is 0. The shares may
    then add up to slightly less or more than 100.0% (7.1% + 14.3% + 14.3% + 64.3% = 100.0%, but three counts of 1:
    33.3% each, 99.9%): a note under the table says so (``reports.document.SHARES_NOTE``). No share is bent to make
    up the sum (the largest remainder printed 7.2% for 1 of 14 beside 14.2% for 2 of 14)."""
    total = sum(counts)
    return [share(count, total) for count in counts]


def in_time_rate(row: dict) -> str:
    """Leads decided within T1 as a share of those decided: "90.0%", or "—" when none was decided."""
    return share(row["leads_in_time"], row["leads_decided"])


#: the heads of the report's table 3 (``reports.data.BUREAU_COLUMNS``) where it has the column, its amounts in yuan
HEADERS = {
    "name": N_("Unit"), "cases": N_("Cases (number)"), "records": N_("Infringing records (number)"),
    "fines_fen": N_("Fines (yuan)"), "confiscated_fen": N_("Confiscated (yuan)"),
    "penalties_total_fen": N_("Fines and confiscations (yuan)"), "leads": N_("Leads received (number)"),
    "leads_decided": N_("Leads decided (number)"),
    # of those, the leads a unit registered and checked itself, never assigned (其中未经交办、自行登记核查): a column of
    # the tab's CSV file and of the statistics export's 各局考评 (``stats_export.BUREAU_FIGURES``), not of the screen
    "leads_decided_unassigned": N_("Of which registered and checked without being assigned (number)"),
    "leads_in_time": N_("Leads decided in time (number)"),
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


#: the columns on screen, in the order of the statistics export's 各局考评 (``stats_export.BUREAU_KEYS``) less its
#: leads decided without being assigned
COLUMNS = [
    # the short name as table 3 prints it ("南海区局"; its full name is the cell's tooltip on screen)
    Column(HEADERS["name"], shown_name),
    _count("cases"), _count("records"), _money("fines_fen"), _money("confiscated_fen"),
    _money("penalties_total_fen"), _count("leads"), _count("leads_decided"), _count("leads_in_time"),
    Column(HEADERS["rate"], in_time_rate, NARROW_HEADERS["rate"]),
    _count("interviews"), _count("publicity"), _count("participants"),
]


def far_off(day: str, counted_on: str) -> bool:
    """Whether ``day`` bounds a period only in name: before 1900 (no case of any register is that old) or after the
    year following ``counted_on``'s (the day of the report or the export)."""
    return int(day[:4]) < 1900 or int(day[:4]) > int(counted_on[:4]) + 1


def stated_bounds(date_from: str | None, date_to: str | None, counted_on: str) -> tuple[str | None, str | None]:
    """The bounds of a period as its heading states them: a start by which a script says "no start" (``far_off``
    before ``counted_on``: 0001-01-01) and an end by which it says "no end" (``far_off`` after it: 9999-12-31) are
    none. A period begun whose end is still to come (after ``counted_on``) is stated up to ``counted_on``: what it
    counts so far (2026年1月1日至12月5日, not 至12月31日 on 5 December). A period not begun by ``counted_on`` keeps
    both, as does an end before 1900: the period asked for is stated (2030年1月1日至3月31日), not one up to
    ``counted_on``."""
    if date_from and date_from > counted_on:
        return date_from, date_to
    if date_to and date_to > counted_on:
        date_to = None if far_off(date_to, counted_on) else counted_on
    return None if date_from and far_off(date_from, counted_on) else date_from, date_to


def period_words(date_from: str | None, date_to: str | None, counted_on: str | None = None) -> str:
    """The period in a file's heading: "2026-01-01至2026-06-30", "2026-06-30" (one day), "2026-01-01起", "至2026-06-30", "整个专项行动". A bound
    by which a script says "no start" or "no end" (0001-01-01, 9999-12-31: ``stated_bounds`` on ``counted_on``, the
    day counted, by default the program's today) is none, as the report words it: not "0001-01-01至9999-12-31"."""
    date_from, date_to = stated_bounds(date_from, date_to, counted_on or today())
    if date_from and date_to:
        return date_from if date_from == date_to else f"{date_from}至{date_to}"  # one day: the day alone
    if date_from or date_to:
        return f"{date_from}起" if date_from else f"至{date_to}"
    return "整个专项行动"
