"""HQ's lead figures explained where they are shown: more leads can be decided (办结) than assigned (交办), as a
bureau or office registers and checks some itself without handing them to anyone. The report already says how many
(``stats`` leads.decided_unassigned); the statistics export (its 概况 and its 各局考评 table) and the 统计 page's
card of the leads decided now say it too, counted as the report counts it, and figures without it show nothing."""

from __future__ import annotations

import csv
import io

import openpyxl

YEAR = {"date_from": "2026-01-01", "date_to": "2026-12-31"}
UNASSIGNED = "其中未经交办、自行登记核查（条）"
NANHAI = "440605"


def _lead_checked_by_nanhai_itself(db) -> None:
    """A lead 南海区局 registered by hand and decided itself, never assigned (交办) to anyone."""
    from workstation.leads_workflow import decide_lead
    from workstation.records import Lead
    from workstation.store import agency_id_for_code, save_lead

    lead = save_lead(
        db,
        Lead(source="12345", received_at="2026-09-01T09:00:00+08:00", agency_id=agency_id_for_code(NANHAI)),
    ).id
    decide_lead(db, lead, "not_file", on="2026-09-03", reason="未发现违法行为")


def _sheet_rows(path, name: str) -> list[list]:
    return [[cell.value for cell in row] for row in openpyxl.load_workbook(path)[name].iter_rows()]


def test_the_export_says_how_many_leads_decided_were_never_assigned_in_total_and_per_unit(demo_db, tmp_path):
    from workstation.stats import campaign_stats
    from workstation.stats_export import export_statistics

    _lead_checked_by_nanhai_itself(demo_db)
    leads = campaign_stats(demo_db, **YEAR)["leads"]
    assert (leads["assigned"], leads["decided"], leads["decided_unassigned"]) == (31, 29, 1)
    export_statistics(demo_db, tmp_path / "统计.xlsx", **YEAR)
    overview = [row[1:3] for row in _sheet_rows(tmp_path / "统计.xlsx", "概况")]
    decided = overview.index(["办结线索（条）", 29])
    assert overview[decided - 1] == ["交办线索（条）", 31]
    assert overview[decided + 1] == [UNASSIGNED, 1]  # right after the leads decided
    bureaus = _sheet_rows(tmp_path / "统计.xlsx", "各局考评")
    head = bureaus[0]
    assert head[head.index("办结线索（条）") + 1] == UNASSIGNED
    column = {row[0]: row[head.index(UNASSIGNED)] for row in bureaus[1:]}
    decided_by_unit = {row[0]: row[head.index("办结线索（条）")] for row in bureaus[1:]}
    assert column["佛山市南海区市场监督管理局"] == 1 and column["南海区合计"] == 1 and column["全市合计"] == 1
    assert sum(value for unit, value in column.items() if unit.endswith("合计") and unit != "全市合计") == 1
    # every other unit decided only leads assigned to it
    assert {unit: value for unit, value in column.items() if value and not unit.endswith("合计")} == {
        "佛山市南海区市场监督管理局": 1
    }
    assert decided_by_unit["全市合计"] == 29
    # the CSV has the row too, after the leads decided
    export_statistics(demo_db, tmp_path / "统计.csv", **YEAR)
    lines = list(csv.reader(io.StringIO((tmp_path / "统计.csv").read_bytes().decode("utf-8-sig"))))
    names = [line[2] for line in lines if line[:1] == ["概况"]]
    assert names[names.index("办结线索（条）") + 1] == UNASSIGNED
    assert ["概况", "", UNASSIGNED, "1"] in lines


def test_the_units_never_assigned_leads_add_up_to_the_total_counted_alike(demo_db):
    from workstation.stats import bureau_table, campaign_stats

    before = bureau_table(demo_db, **YEAR)
    assert before[-1]["leads_decided_unassigned"] == 0  # the demo's leads were all assigned
    _lead_checked_by_nanhai_itself(demo_db)
    rows = bureau_table(demo_db, **YEAR)
    units = [row for row in rows if row["kind"] in ("agency", "unassigned")]
    total = campaign_stats(demo_db, **YEAR)["leads"]["decided_unassigned"]
    assert (
        sum(row["leads_decided_unassigned"] for row in units)
        == rows[-1]["leads_decided_unassigned"]
        == total
        == 1
    )


def test_figures_counted_without_the_never_assigned_leads_still_export_without_that_row(
    demo_db, tmp_path, monkeypatch
):
    """Figures that have no such number (as counted before it was) show no row rather than a 0."""
    import workstation.stats_export as stats_export
    from workstation.stats import campaign_stats

    def without_it(*args, **kwargs):
        stats = campaign_stats(*args, **kwargs)
        stats["leads"].pop("decided_unassigned")
        return stats

    _lead_checked_by_nanhai_itself(demo_db)
    monkeypatch.setattr(stats_export, "campaign_stats", without_it)
    stats_export.export_statistics(demo_db, tmp_path / "统计.csv", **YEAR)
    lines = list(csv.reader(io.StringIO((tmp_path / "统计.csv").read_bytes().decode("utf-8-sig"))))
    overview = {line[2]: line[3] for line in lines if line[:1] == ["概况"]}
    assert overview["办结线索（条）"] == "29" and overview["按期办结线索（条）"] == "29"
    assert UNASSIGNED not in overview


def test_the_statistics_page_says_how_many_leads_decided_were_never_assigned(demo_db, qtbot, english):
    from ui.dashboard_overview import LEADS_TIP, OverviewTab
    from workstation.stats import campaign_stats, monthly_in_period

    tab = OverviewTab()
    qtbot.addWidget(tab)
    note = tab.findChild(type(tab.figures["leads_decided"]), "figure_leads_decided_note")
    tab.show_stats(campaign_stats(demo_db, **YEAR), monthly_in_period(demo_db, **YEAR), "2026")
    assert note.isHidden() and tab.figures["leads_decided"].toolTip() == LEADS_TIP  # every lead was assigned
    _lead_checked_by_nanhai_itself(demo_db)
    stats = campaign_stats(demo_db, **YEAR)
    tab.show_stats(stats, monthly_in_period(demo_db, **YEAR), "2026")
    assert tab.figures["leads_assigned"].text() == "31 of 32" and tab.figures["leads_decided"].text() == "29"
    assert not note.isHidden()
    assert note.text() == "of which 1 registered and checked without being assigned"
    tip = tab.figures["leads_decided"].toolTip()
    assert tip.startswith(LEADS_TIP)
    assert (
        "Leads decided without ever being assigned: 1. A bureau or office registered and checked them itself"
        in tip
    )
    assert "Leads decided without ever being assigned" not in tab.figures["leads_assigned"].toolTip()
    # figures without the number (counted before it was) show no line, not "of which 0"
    stats["leads"].pop("decided_unassigned")
    tab.show_stats(stats, monthly_in_period(demo_db, **YEAR), "2026")
    assert note.isHidden() and tab.figures["leads_decided"].toolTip() == LEADS_TIP
