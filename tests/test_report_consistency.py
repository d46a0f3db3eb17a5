"""The campaign figures agree wherever they are shown: the report's text by district and its table 2, the
dashboard's and ``stats --json``'s cases by district, also after a case is handed to another agency."""

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from workstation.i18n import _
from workstation.reports import report_data
from workstation.stats import campaign_stats
from workstation.store import agency_id_for_code, get_case, list_cases, update_case

NANHAI, SHUNDE, CITY = (agency_id_for_code(c) for c in ("440605", "440606", "440600"))


def test_a_case_handed_to_another_bureau_counts_in_its_district_in_the_text_and_table_2(demo_db):
    nanhai_case = next(c for c in list_cases(demo_db) if c.district == "南海区")
    moved = update_case(demo_db, replace(get_case(demo_db, nanhai_case.id), agency_id=SHUNDE))
    assert moved.district == "顺德区"
    data = report_data(demo_db)
    table_2 = {d["district"]: d["cases"] for d in data["districts"]}
    assert table_2["南海区"] == 8 and table_2["顺德区"] == 10
    assert data["stats"]["cases"]["by_district"] == {"顺德区": 10, "南海区": 8, "禅城区": 7, "三水区": 6, "高明区": 5}
    assert "从辖区分布看，顺德区10件、南海区8件、禅城区7件、三水区6件、高明区5件。" in data["text"]
    # the bureau's own filter counts the case, and in its own district only
    assert campaign_stats(demo_db, SHUNDE)["cases"]["by_district"] == {"顺德区": 10}
    # handed to the city bureau, it is the city bureau's own (市局本级), as table 2 says
    update_case(demo_db, replace(get_case(demo_db, nanhai_case.id), agency_id=CITY))
    data = report_data(demo_db)
    assert {d["district"]: d["cases"] for d in data["districts"]}["市局本级"] == 1
    assert "高明区5件、市局本级1件。" in "\n".join(data["text"])


def test_editing_a_case_without_changing_its_agency_keeps_its_district(demo_db):
    case = next(c for c in list_cases(demo_db) if c.district == "三水区")
    edited = update_case(demo_db, replace(get_case(demo_db, case.id), facts="补充的案件事实。"))
    assert edited.district == "三水区"


def decide_three_leads_one_in_time(db) -> None:
    from workstation.leads_workflow import decide_lead

    # the demo's 28 leads decided in time, and the three still open: two decided after their T1 (due 2026-11-20
    # and 2026-11-25), the last one the day it was assigned
    leads = db.execute("SELECT id, assigned_on FROM leads WHERE status = 'assigned' ORDER BY received_at").fetchall()
    assert len(leads) == 3
    for lead_id, _start in leads[:2]:
        decide_lead(db, lead_id, "not_file", on="2026-11-30", reason="无违法事实")
    decide_lead(db, leads[2][0], "not_file", on=leads[2][1], reason="无违法事实")


def test_the_dashboard_says_the_in_time_rate_as_the_evaluation_tab_and_the_report_do(demo_db, make_window):
    decide_three_leads_one_in_time(demo_db)
    window = make_window(demo_db)
    window.navigation.setCurrentRow(4)
    page = window.stats_page
    page.refresh()
    assert page.findChild(QLabel, "figure_leads_in_time").text() == "29 (93.5%)"
    model = page.bureaus.model
    total = model.rowCount() - 1
    rate_column = next(c for c in range(model.columnCount())
                       if model.headerData(c, Qt.Orientation.Horizontal) == _("In-time rate"))
    assert model.data(model.index(total, rate_column)) == "93.5%"
    assert "按期办结率93.5%" in "\n".join(report_data(demo_db)["text"])
