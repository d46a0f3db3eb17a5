"""Headquarters' walkthrough of the 统计 page: charts that draw only the axes of the last recount, exports that
say which filter they count, the 各局考评 table named as the report's 表3, and the city bureau's own records from
the command line (``--own``)."""

import json
from collections import Counter

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsView

from tests.helpers import beijing_today, run, run_json
from ui.charts import BarChartView, one_line


def _drawn(view: BarChartView) -> Counter:
    """How many graphics items of each kind the chart's scene draws (axis lines, grid lines, label groups)."""
    return Counter(type(item).__name__ for item in view.scene().items() if item.isVisible())


def _axes(view: BarChartView) -> tuple[list, list]:
    chart = view.chart()
    return chart.axes(Qt.Orientation.Horizontal), chart.axes(Qt.Orientation.Vertical)


def _view(qtbot) -> BarChartView:
    view = BarChartView("Cases by district", "Cases")
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    return view


def test_a_bar_chart_recounted_several_times_draws_only_the_last_axes(qtbot):
    last = [("南海区", 1), ("顺德区", 1), ("三水区", 2)]
    fresh = _view(qtbot)
    fresh.set_data(last)
    qtbot.wait(1)
    view = _view(qtbot)
    first = None
    for pairs in ([("南海区", 3), ("顺德区", 1)], [("南海区", 0), ("顺德区", 0)], [("禅城区", 12)],
                  [("南海区", 1), ("顺德区", 1), ("三水区", 2)]):
        view.set_data(pairs)
        qtbot.wait(1)
        # the same pair of axes throughout, given the new categories and range: none removed and added anew
        first = first or _axes(view)
        assert _axes(view) == first
    assert view.viewportUpdateMode() == QGraphicsView.ViewportUpdateMode.FullViewportUpdate
    horizontal, vertical = _axes(view)
    assert len(horizontal) == 1 and len(vertical) == 1
    # nothing of the earlier recounts' axes (labels, ticks, grid lines) is left drawn: the scene is a fresh chart's
    assert _drawn(view) == _drawn(fresh)
    assert [one_line(c) for c in horizontal[0].categories()] == ["南海区", "顺德区", "三水区"]
    assert (vertical[0].min(), vertical[0].max()) == (0, 3)
    assert horizontal[0].isVisible() and vertical[0].isVisible()
    series = view.chart().series()
    assert len(series) == 1 and series[0].attachedAxes() == [horizontal[0], vertical[0]]
    assert view.shown() == [("南海区", 1.0), ("顺德区", 1.0), ("三水区", 2.0)]


def test_a_period_without_figures_hides_the_axes_and_a_later_one_shows_them_again(qtbot):
    view = BarChartView("Cases by month", "Cases")
    qtbot.addWidget(view)
    view.set_data([("2026-01", 4)])
    view.set_data([("2026-01", 0)])
    horizontal, vertical = _axes(view)
    assert len(horizontal) == 1 and len(vertical) == 1
    assert not horizontal[0].isVisible() and not vertical[0].isVisible() and view.has_no_data()
    assert horizontal[0].categories() == [] and view.chart().series() == []
    view.set_data([("2026-02", 5), ("2026-03", 1)])
    horizontal, vertical = _axes(view)
    assert len(horizontal) == 1 and [one_line(c) for c in horizontal[0].categories()] == ["2026-02", "2026-03"]
    assert vertical[0].max() == 6 and not view.has_no_data()


# ---- the city bureau's own records from the command line (--own) --------------------------------------------

CITY, NANHAI = "440600", "440605"


def test_stats_own_counts_only_the_agency_s_own_records_as_the_window_s_entry_does(demo_db, data_dir, capsys):
    from workstation.stats import campaign_stats
    from workstation.store import agency_id_for_code

    city = agency_id_for_code(CITY)
    whole = run_json(capsys, "--data-dir", data_dir, "stats", "--agency", CITY)
    own = run_json(capsys, "--data-dir", data_dir, "stats", "--agency", CITY, "--own")
    assert whole["cases"]["total"] == 36
    assert own == json.loads(json.dumps(campaign_stats(demo_db, city, own=True)))
    assert own["cases"]["total"] == 0 and own["interviews"] == 5


def test_stats_export_and_the_report_take_own_too(demo_db, data_dir, capsys, tmp_path):
    from workstation.reports.campaign import list_periods

    target = tmp_path / "本级.csv"
    run_json(capsys, "--data-dir", data_dir, "stats", "export", "-o", target, "--agency", CITY, "--own")
    with target.open(encoding="utf-8-sig", newline="") as fh:
        text = fh.read()
    assert "佛山市市场监督管理局（仅本级）" in text
    run_json(capsys, "--data-dir", data_dir, "report", "campaign", "-o", tmp_path / "通报.xlsx", "--agency", CITY,
             "--own", "--freeze", "市局本级")
    assert [p["label"] for p in list_periods(demo_db)] == ["市局本级"]
    from workstation.store.report_periods import get_report_period

    snapshot = get_report_period(demo_db, "市局本级").snapshot
    assert snapshot["period"]["own"] and snapshot["stats"]["cases"]["total"] == 0


@pytest.mark.parametrize("argv", [("stats", "--own"), ("stats", "export", "-o", "x.csv", "--own"),
                                  ("report", "campaign", "-o", "x.pdf", "--own")])
def test_own_without_an_agency_is_refused_saying_what_to_give(demo_db, data_dir, capsys, tmp_path, argv):
    argv = [str(tmp_path / a) if a.startswith("x.") else a for a in argv]
    code, out, err = run(capsys, "--data-dir", data_dir, *argv)
    assert code != 0 and "--own" in err and "--agency" in err and "Traceback" not in err
    assert not any(tmp_path.glob("x.*"))


# ---- the statistics export says what it counts --------------------------------------------------------------

def _csv(path) -> list[list[str]]:
    import csv

    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _table(rows: list[list[str]], group: str) -> list[list[str]]:
    """The rows of a table of the CSV: those after the line naming the group, up to the next blank line."""
    start = rows.index([group]) + 1
    end = next((i for i in range(start, len(rows)) if not rows[i]), len(rows))
    return rows[start:end]


def test_the_export_names_its_period_agency_and_time_and_writes_tables_as_tables(demo_db, tmp_path):
    from openpyxl import load_workbook

    from workstation.stats import bureau_table, district_figures
    from workstation.stats_export import export_statistics, suggested_name
    from workstation.store import agency_id_for_code

    nanhai = agency_id_for_code(NANHAI)
    assert suggested_name(demo_db, nanhai, "2026-01-01", "2026-06-30") == "统计数据_南海区局_2026-01-01至2026-06-30.xlsx"
    assert suggested_name(demo_db, agency_id_for_code(CITY), own=True, extension="csv") == \
        "统计数据_佛山市局本级_整个专项行动.csv"
    assert suggested_name(demo_db) == "统计数据_全部办案机关_整个专项行动.xlsx"

    rows = _csv(export_statistics(demo_db, tmp_path / "南海.csv", agency_id=nanhai, date_from="2026-01-01",
                                  date_to="2026-06-30"))
    header = {row[0]: row[1] for row in rows[1:4]}
    assert header["统计期间"] == "2026-01-01至2026-06-30"
    assert header["办案机关"] == "佛山市南海区市场监督管理局（含所辖市场监管所）"
    assert header["统计时间"][:10] == beijing_today().isoformat() and len(header["统计时间"]) == 16
    # 辖区 carries the amounts beside the cases
    districts = _table(rows, "辖区")
    assert districts[0] == ["辖区", "案件数（件）", "涉案信息（条）", "罚款（元）", "没收违法所得（元）", "罚没合计（元）"]
    expected = district_figures(demo_db, nanhai, "2026-01-01", "2026-06-30")
    assert [row[0] for row in districts[1:]] == [*expected, "合计"]
    assert districts[1][5] == districts[-1][5] == f"{expected['南海区']['penalties_total_fen'] / 100:.2f}"
    # 各局考评: a row per bureau of 南海 (its offices and its total, as its report's 表3: no other district, no
    # 全市合计), a column per figure, under the heads of the report's 表3
    bureaus = _table(rows, "各局考评")
    assert bureaus[0][:4] == ["单位", "案件数（件）", "涉案信息（条）", "罚款（元）"] and "受理线索（条）" in bureaus[0]
    table = [row for row in bureau_table(demo_db, "2026-01-01", "2026-06-30") if row["district"] == "南海区"]
    assert [row[0] for row in bureaus[1:]] == [row["name"] for row in table]
    assert bureaus[-1][:2] == ["南海区合计", str(table[-1]["cases"])] and table[-1]["kind"] == "district_total"

    book = load_workbook(export_statistics(demo_db, tmp_path / "全市.xlsx", agency_id=agency_id_for_code(CITY),
                                           own=True))
    overview = [[cell.value for cell in row] for row in book["概况"].iter_rows()]
    assert overview[1][:2] == ["统计期间", "整个专项行动"]
    assert overview[2][:2] == ["办案机关", "佛山市市场监督管理局（仅本级）"]
    sheet = book["各局考评"]
    head = [cell.value for cell in sheet[1]]
    # the city bureau's own records: its own row alone
    assert head[:2] == ["单位", "案件数（件）"] and sheet.max_row == 2
    assert sheet.cell(2, 1).value == "佛山市市场监督管理局"


def test_a_bound_far_off_is_no_bound_in_the_export_s_period_as_in_the_report(demo_db, data_dir, capsys, tmp_path):
    """`stats export --from 0001-01-01 --to 9999-12-31` said 统计期间 0001-01-01至9999-12-31, where the report of the
    same period says 截至<its day>: the bounds by which a script says "no start" and "no end" are none."""
    import datetime as dt

    from workstation.evaluation import period_words
    from workstation.stats import bureau_table
    from workstation.stats_export import filter_header, suggested_name, write_bureau_csv

    target = tmp_path / "统计.csv"
    run_json(capsys, "--data-dir", data_dir, "stats", "export", "--from", "0001-01-01", "--to", "9999-12-31",
             "-o", target)
    assert _csv(target)[1] == ["统计期间", "整个专项行动"]
    run_json(capsys, "--data-dir", data_dir, "stats", "export", "--from", "2026-01-01", "--to", "9999-12-31",
             "-o", target, "--force")
    assert _csv(target)[1] == ["统计期间", "2026-01-01起"]
    assert suggested_name(demo_db, None, "0001-01-01", "9999-12-31") == "统计数据_全部办案机关_整个专项行动.xlsx"
    # far off as of the day counted (统计时间): an end in the year after it is a real end, counted up to that day
    # (as the report states a period not ended: 截至 its day), the one after that none
    counted = dt.datetime(2026, 12, 2, 9, 30)
    assert filter_header(demo_db, None, "1899-12-31", "2027-12-31", counted_at=counted)[0] == \
        ("统计期间", "至2026-12-02")
    assert filter_header(demo_db, None, "1900-01-01", "2028-01-01", counted_at=counted)[0] == \
        ("统计期间", "1900-01-01起")
    assert period_words("0001-01-01", "9999-12-31", "2026-12-02") == "整个专项行动"
    written = write_bureau_csv(demo_db, bureau_table(demo_db), tmp_path / "考评.csv", "0001-01-01", "9999-12-31")
    assert _csv(written)[1] == ["统计期间", "整个专项行动"]


def test_the_export_s_districts_run_in_the_report_s_order_with_its_total(demo_db):
    from workstation.reports import report_data
    from workstation.stats_export import statistics_rows

    rows = statistics_rows(demo_db)
    districts = list(dict.fromkeys(item for group, item, _name, _value in rows if group == "辖区"))
    report = report_data(demo_db)["districts"]
    assert districts == [*(d["district"] for d in report), "合计"]  # by district code, 市局本级 last if any
    cases = {item: value for group, item, name, value in rows if group == "辖区" and name == "案件数（件）"}
    assert cases["合计"] == sum(d["cases"] for d in report) == 36
    assert [cases[d["district"]] for d in report] == [d["cases"] for d in report]


def test_the_export_lists_every_district_the_agency_covers_with_zeros_where_there_was_no_case(demo_db):
    # April 2026 of the demo: one case, in 禅城区; the report's table 2 lists all five districts, so does the export
    from workstation.reports import report_data
    from workstation.stats import district_figures
    from workstation.stats_export import statistics_rows
    from workstation.store import agency_id_for_code

    def cases(rows):
        return {item: value for group, item, name, value in rows if group == "辖区" and name == "案件数（件）"}

    april = cases(statistics_rows(demo_db, None, "2026-04-01", "2026-04-30"))
    assert list(april) == ["禅城区", "南海区", "顺德区", "三水区", "高明区", "合计"]
    assert april == {"禅城区": 1, "南海区": 0, "顺德区": 0, "三水区": 0, "高明区": 0, "合计": 1}
    report = report_data(demo_db, "2026-04-01", "2026-04-30")["districts"]
    assert [d["district"] for d in report] == list(april)[:-1]
    fines = {item: value for group, item, name, value in statistics_rows(demo_db, None, "2026-04-01", "2026-04-30")
             if group == "辖区" and name == "罚款（元）"}
    # no case of 南海区 was filed in April, but a decision on one filed before was made then: its fine counts in April
    assert fines["南海区"] == district_figures(demo_db, None, "2026-04-01", "2026-04-30")["南海区"]["fines_fen"] / 100 == 3000
    # a district bureau's export: its own district, even without a case; the city bureau's own cases: no district
    assert cases(statistics_rows(demo_db, agency_id_for_code("440606"), "2026-04-01", "2026-04-30")) == \
        {"顺德区": 0, "合计": 0}
    assert cases(statistics_rows(demo_db, agency_id_for_code(CITY), "2026-04-01", "2026-04-30", own=True)) == {}


def test_a_district_bureau_s_export_lists_its_own_units_not_another_district_s(demo_db):
    from workstation.stats_export import statistics_rows
    from workstation.store import agency_id_for_code

    shunde = agency_id_for_code("440606")
    units = list(dict.fromkeys(item for group, item, _name, _value in statistics_rows(demo_db, shunde)
                               if group == "各局考评"))
    assert units[-1] == "顺德区合计" and "全市合计" not in units
    assert not [unit for unit in units if "南海" in unit]
    own = list(dict.fromkeys(item for group, item, _name, _value in statistics_rows(demo_db, shunde, own=True)
                             if group == "各局考评"))
    assert own == ["佛山市顺德区市场监督管理局"]


@pytest.fixture
def page(demo_db, make_window):
    window = make_window(demo_db)
    window.navigation.setCurrentRow(4)
    return window.stats_page


def test_the_page_offers_a_file_name_carrying_its_filter_and_the_file_says_it(page, prompts, tmp_path, monkeypatch):
    from PySide6.QtCore import QDate

    from workstation.store import agency_id_for_code

    page.agency.setCurrentIndex(page.agency.findData(agency_id_for_code(NANHAI)))
    page.whole.setChecked(False)
    page.date_from.setDate(QDate(2026, 1, 1))
    page.date_to.setDate(QDate(2026, 6, 30))
    page.refresh()
    offered = []
    target = tmp_path / "out.csv"
    monkeypatch.setattr(prompts, "save_file", lambda parent, title, name, filters: offered.append(name) or
                        str(target))
    page.export_statistics()
    assert offered == ["统计数据_南海区局_2026-01-01至2026-06-30.xlsx"]
    assert prompts.errors == []
    header = {row[0]: row[1] for row in _csv(target)[1:3]}
    assert header == {"统计期间": "2026-01-01至2026-06-30", "办案机关": "佛山市南海区市场监督管理局（含所辖市场监管所）"}


# ---- the 各局考评 tab ------------------------------------------------------------------------------------------

#: the Chinese of the table's new heads, as the catalogue has them (set here too, so that these tests read the
#: Chinese before the catalogue is compiled again)
HEADS = {"Unit": "单位", "Cases (number)": "案件数（件）", "Infringing records (number)": "涉案信息（条）",
         "Leads received (number)": "受理线索（条）", "Leads decided (number)": "办结线索（条）",
         "Leads decided in time (number)": "按期办结（条）", "Administrative interviews (number)": "行政约谈（次）",
         "Publicity activities (number)": "宣传活动（场）", "Participants (people)": "参与人数（人）",
         # the heads on screen, on two lines
         "Cases\n(no.)": "案件数\n（件）", "Records\n(no.)": "涉案信息\n（条）", "Fines\n(yuan)": "罚款\n（元）",
         "Confiscated\n(yuan)": "没收违法所得\n（元）", "Total\n(yuan)": "罚没合计\n（元）",
         "Leads\n(no.)": "受理线索\n（条）", "Decided\n(no.)": "办结线索\n（条）", "In time\n(no.)": "按期办结\n（条）",
         "In-time\nrate": "按期办结率", "Interv.\n(no.)": "行政约谈\n（次）", "Publicity\n(no.)": "宣传活动\n（场）",
         "Participants\n(people)": "参与人数\n（人）"}


@pytest.fixture
def heads(monkeypatch):
    from workstation import i18n

    if i18n.language() == "zh_CN":
        for message, chinese in HEADS.items():
            monkeypatch.setitem(i18n._catalogue, message, chinese)

def _evaluation_at(window, width: int):
    from PySide6.QtWidgets import QApplication

    window.resize(width, 700)
    window.show()
    window.navigation.setCurrentRow(4)
    page = window.stats_page
    page.tabs.setCurrentWidget(page.bureaus)
    QApplication.processEvents()
    return page.bureaus


@pytest.mark.parametrize("language", ["chinese", "english"])
def test_the_evaluation_table_fits_1024_pixels_and_gives_the_spare_width_to_the_unit(make_window, demo_db, heads,
                                                                                   request, language):
    from workstation.i18n import _

    request.getfixturevalue(language)  # the heads in that language, before the window reads them
    window = make_window(demo_db)
    tab = _evaluation_at(window, 1024)
    view, header = tab.view, tab.view.horizontalHeader()
    last = tab.model.columnCount() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= view.viewport().width()
    # every bureau's and office's name shown whole (a total's, long in English, whole on hovering it)
    names = [view.fontMetrics().horizontalAdvance(tab.model.index(r, 0).data()) for r in range(tab.model.rowCount())
             if tab.model.records[r]["kind"] == "agency"]
    assert names and max(names) < header.sectionSize(0)
    # each head's full words ("Cases (number)" for "Cases" over "(no.)") on hovering it
    tips = [tab.model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) for c in range(last + 1)]
    assert tips[1] == _("Cases (number)") and all(tips)
    tab = _evaluation_at(window, 1366)
    header = tab.view.horizontalHeader()
    # the unit's column takes what is left over; 宣传活动 is as wide as it needs, no wider
    assert header.sectionSize(0) > header.sectionSize(last)
    assert header.sectionSize(last) <= max(header.sectionSizeHint(last), tab.view.sizeHintForColumn(last)) + 1


def test_the_evaluation_table_uses_the_heads_of_the_report_s_table_3_and_no_yuan_sign(heads, page, demo_db, prompts,
                                                                                      tmp_path):
    from workstation.reports.data import BUREAU_COLUMNS
    from workstation.stats import bureau_table

    model = page.bureaus.model
    heads = [model.headerData(c, Qt.Orientation.Horizontal).replace("\n", "") for c in range(model.columnCount())]
    for head, _key in BUREAU_COLUMNS[1:]:
        if "万元" not in head:
            assert head in heads
    assert heads[0] == "单位"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "案件数\n（件）"
    rows = bureau_table(demo_db)
    last = len(rows) - 1
    assert model.data(model.index(last, 5)) == "189,000.00"
    nanhai = next(i for i, row in enumerate(rows) if row["name"] == "佛山市南海区市场监督管理局")
    assert model.data(model.index(nanhai, 0)) == "南海区局"
    assert model.data(model.index(nanhai, 0), Qt.ItemDataRole.ToolTipRole) == "佛山市南海区市场监督管理局"

    offered = []
    target = tmp_path / "考评.csv"
    prompts.save_file = lambda parent, title, name, filters: offered.append(name) or str(target)
    page.bureaus.export()
    assert offered == ["各局考评_整个专项行动.csv"]
    written = _csv(target)
    assert written[:3] == [["各局考评表"], ["统计期间", "整个专项行动"], []]
    assert written[3][:4] == ["单位", "案件数（件）", "涉案信息（条）", "罚款（元）"] and "宣传活动（场）" in written[3]
    assert written[-1][:2] == ["全市合计", "36"] and written[-1][5] == "189000.00"


def test_the_evaluation_table_of_far_off_bounds_is_exported_as_the_whole_campaign(page, prompts, tmp_path):
    offered = []
    target = tmp_path / "考评.csv"
    prompts.save_file = lambda parent, title, name, filters: offered.append(name) or str(target)
    page.bureaus.set_period("0001-01-01", "9999-12-31")
    page.bureaus.export()
    assert offered == ["各局考评_整个专项行动.csv"]
    assert _csv(target)[1] == ["统计期间", "整个专项行动"]
