"""Headquarters' figures as the analyst reads them (session 59's audit): the table by month puts each party's penalty
in the month of its own 行政处罚决定书, so that the months add up to the period's total (the report's table 4, the
statistics export's 月度 sheet); a period frozen before its end date compares only the days its report stated; an
agency without any case gets no empty chart by month; the report of an agency warns only of the station data
conflicts on its own records; the status pie's tooltip rounds a share half up as table 1 does."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import move_program_clock
from tests.test_multiparty12 import decided_case
from workstation import records
from workstation.store import agency_id_for_code

GAOMING = agency_id_for_code("440608")  # 高明区局: no case in these tests
NANHAI = agency_id_for_code("440605")  # the agency of make_case's cases


def _at(monkeypatch, day: str) -> None:
    move_program_clock(monkeypatch, dt.datetime.fromisoformat(f"{day}T10:00").replace(tzinfo=records.SHANGHAI))


# 1. each decision in the month of its own date ------------------------------------------------------------------

@pytest.fixture
def split(request, db, data_dir, kept_state):
    """A case decided on 2026-03-10 for the company (¥50,000), its employee's decision (¥5,000) dated 2026-04-01
    (made once, copied into each test: ``kept_state``)."""
    def make():
        decided_case(db, data_dir, request.getfixturevalue("make_case"), employee_warning=False,
                     decided_on="2026-03-10", employee_decided_on="2026-04-01")

    kept_state("split", db, data_dir, make, ("make_case", "officers"))
    return db


def _penalties(months: list[dict]) -> dict[str, int]:
    return {m["month"]: m["penalties_total_fen"] for m in months}


def test_a_later_party_s_penalty_is_in_the_month_of_its_own_decision(split):
    from workstation.stats import campaign_stats, monthly

    assert campaign_stats(split, None, "2026-04-01", "2026-04-30")["penalties_total_fen"] == 500_000
    assert _penalties(monthly(split, date_from="2026-04-01", date_to="2026-04-30")) == {"2026-04": 500_000}
    assert _penalties(monthly(split, date_from="2026-03-01", date_to="2026-04-30")) == {"2026-03": 5_000_000,
                                                                                          "2026-04": 500_000}
    assert _penalties(monthly(split, date_from="2026-03-01", date_to="2026-03-31")) == {"2026-03": 5_000_000}


def test_the_report_s_table_by_month_adds_up_to_its_text_and_table_2(split):
    from workstation.reports import report_data
    from workstation.reports.document import tables

    data = report_data(split, "2026-04-01", "2026-04-30")
    assert data["stats"]["penalties_total_fen"] == 500_000
    months = next(table for table in tables(data) if table.kind == "months")
    assert [row[3] for row in months[2]] == ["0.50", "0.50"]  # 2026年4月 and 合计, in 万元, as table 2 says
    assert sum(d["penalties_total_fen"] for d in data["districts"]) == 500_000


def test_the_statistics_export_s_month_sheet_counts_it_in_its_month(split):
    from workstation.stats_export import statistics_rows

    rows = [row for row in statistics_rows(split, None, "2026-03-01", "2026-04-30") if row[0] == "月度"]
    amounts = {item: value for _group, item, name, value in rows if "罚没" in name}
    assert amounts == {"2026-03": 50_000, "2026-04": 5_000, "合计": 55_000}


# 2. a period frozen before its end date ---------------------------------------------------------------------------

def test_a_case_filed_after_the_day_a_period_was_frozen_is_no_change_to_it(db, make_case, monkeypatch):
    from workstation.reports.campaign import freeze_period
    from workstation.reports.drift import live_changes

    make_case(status="investigating", filed_on="2026-03-02", records_other=10)
    _at(monkeypatch, "2026-11-30")
    freeze_period(db, "2026年度", "2026-01-01", "2026-12-31")  # stated 2026年1月1日至11月30日
    _at(monkeypatch, "2026-12-05")
    make_case(status="investigating", filed_on="2026-12-02", records_other=70)
    assert live_changes(db, "2026年度")["differs"] is False
    # a case of the days it stated, merged since, still is one
    make_case(status="investigating", filed_on="2026-11-20", records_other=5)
    drift = live_changes(db, "2026年度")
    assert drift["cases"] == {"frozen": 1, "live": 2}
    assert not any("12月" in change["row"] for change in drift["changes"])


# 3. no empty chart by month -----------------------------------------------------------------------------------------

def test_an_agency_without_any_case_has_no_chart_by_month(db, make_case):
    from workstation.documents.blocks import Paragraph
    from workstation.reports import report_data
    from workstation.reports.data import FORMAT
    from workstation.reports.document import charts, report_document

    make_case(status="investigating", filed_on="2026-03-02")  # 南海's
    data = report_data(db, None, None, GAOMING)
    assert data["monthly"] == [] and FORMAT >= 19
    assert [chart.caption for chart in charts(data)] == ["图1  各领域案件数（件）"]
    texts = [run.text for block in report_document(data).blocks if isinstance(block, Paragraph) for run in block.runs]
    assert not any(text.startswith("图2") for text in texts) and "图1  各领域案件数（件）" in texts
    # a period frozen before format 19 prints again as it was sent
    assert len(charts({**data, "format": 18})) == 2


# 4. the open conflicts of the agency reported on ------------------------------------------------------------------

def _conflict_on(db, case_id: str, field: str = "records_other", local: str = "333", incoming: str = "350") -> None:
    """An open conflict on a field of the case, as a station's bundle merged here records it."""
    if not db.execute("SELECT 1 FROM stations WHERE id = 'st'").fetchone():
        db.execute("INSERT INTO stations (id, name, sign_key, fingerprint, role, updated_at) "
                   "VALUES ('st', '桂城所', 'k', 'f', 'trusted', '2026-11-20T10:00:00+08:00')")
        db.execute("INSERT INTO bundle_imports (id, bundle_id, station_id, sha256, created_at, imported_at, "
                   "imported_by) VALUES ('imp', 'b', 'st', 'x', '2026-11-20T10:00:00+08:00', "
                   "'2026-11-21T10:00:00+08:00', '')")
    db.execute("INSERT INTO conflicts (id, tbl, record_id, field, local_value, incoming_value, station_id, "
               "import_id, detected_at) VALUES (?, 'cases', ?, ?, ?, ?, 'st', 'imp', '2026-11-21T10:00:00+08:00')",
               [f"{case_id}-{field}", case_id, field, local, incoming])


def test_an_agency_s_report_warns_only_of_conflicts_on_its_own_records(db, make_case):
    from workstation.reports import report_data
    from workstation.stats import campaign_stats

    _conflict_on(db, make_case(status="investigating", filed_on="2026-03-02").id)
    assert report_data(db, None, None, GAOMING)["conflicts_note"] == ""
    assert campaign_stats(db, GAOMING)["open_conflicts"] == 0
    assert "尚有1项站点数据冲突未处理" in report_data(db, None, None, NANHAI)["conflicts_note"]
    assert campaign_stats(db, NANHAI)["open_conflicts"] == 1
    assert campaign_stats(db)["open_conflicts"] == 1  # the city counts all
    assert campaign_stats(db, agency_id_for_code("440600"))["open_conflicts"] == 1
    assert campaign_stats(db, agency_id_for_code("440600"), own=True)["open_conflicts"] == 0  # the city's own cases
    assert campaign_stats(db, agency_id_for_code("440605011"))["open_conflicts"] == 0  # a 南海 office's, not the bureau's


def test_a_conflict_that_would_give_a_case_to_the_agency_is_one_of_its_own(db, make_case):
    from workstation.stats import campaign_stats

    case = make_case(status="investigating", filed_on="2026-03-02")
    _conflict_on(db, case.id, "agency_id", f'"{NANHAI}"', f'"{GAOMING}"')  # a station moved it to 高明区局
    assert campaign_stats(db, GAOMING)["open_conflicts"] == 1
    assert campaign_stats(db, NANHAI)["open_conflicts"] == 1
    assert campaign_stats(db, agency_id_for_code("440606"))["open_conflicts"] == 0  # 顺德区局


# 5. the pie's shares rounded half up ------------------------------------------------------------------------------

@pytest.mark.gui
def test_the_pie_s_tooltip_rounds_a_share_as_table_1_does(qtbot, chinese):
    from ui.charts import PieChartView

    view = PieChartView("案件状态")
    qtbot.addWidget(view)
    view.set_data([("已送达", 1), ("已结案", 15)])
    series = view.chart().series()[0]
    assert view.tip(series.slices()[0]) == "已送达：1件（6.3%）"  # 1 of 16: 6.25%, as table 1 and 考评 print it


def test_the_command_line_report_of_an_agency_warns_only_of_its_own_conflicts(db, data_dir, make_case, capsys,
                                                                              tmp_path, english):
    from tests.helpers import run

    _conflict_on(db, make_case(status="investigating", filed_on="2026-03-02").id)
    code, _out, err = run(capsys, "--data-dir", data_dir, "report", "campaign", "--agency", "440608",
                          "-o", str(tmp_path / "gaoming.pdf"))
    assert code == 0, err
    assert "conflict" not in err.lower()
    code, _out, err = run(capsys, "--data-dir", data_dir, "report", "campaign", "--agency", "440605",
                          "-o", str(tmp_path / "nanhai.pdf"))
    assert code == 0, err
    assert "conflict" in err.lower()
