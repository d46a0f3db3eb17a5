"""The 统计 page with large fonts and merged stations: the 各局考评 tab keeps its units' names whole (scrolling
sideways), the small tables under the charts show every row, the tallest bar leaves a line for its value, the charts
say why they are empty, the tab, its CSV and the statistics export have the same columns, and the line
站点数据截至 names every station whose records are counted."""

import csv

import pytest

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QApplication, QLabel

NANHAI, SHUNDE, GAOMING = "440605", "440606", "440608"


@pytest.fixture
def font_points() -> int:
    """The size of ``large_font`` (conftest) here."""
    return 14


def _stats_page(window, width: int = 1366, height: int = 768):
    window.resize(width, height)
    window.show()
    window.navigation.setCurrentRow(4)
    QApplication.processEvents()
    return window.stats_page


def _csv(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


# 1. the unit's name -------------------------------------------------------------------------------------------------

def test_the_unit_names_stay_whole_at_14_points_and_the_table_scrolls_sideways(demo_db, make_window, large_font,
                                                                                 chinese):
    page = _stats_page(make_window(demo_db))
    page.tabs.setCurrentWidget(page.bureaus)
    QApplication.processEvents()
    view, model = page.bureaus.view, page.bureaus.model
    header = view.horizontalHeader()
    bold = QFont(view.font())
    bold.setBold(True)
    widest = max(QFontMetricsF(bold).horizontalAdvance(model.index(row, 0).data()) for row in range(model.rowCount()))
    assert "禅城区合计" in [model.index(row, 0).data() for row in range(model.rowCount())]
    assert header.sectionSize(0) >= widest
    # wider than the view: the rest reached by scrolling sideways, the last column whole at the end
    assert header.length() > view.viewport().width()
    assert view.horizontalScrollBar().maximum() >= header.length() - view.viewport().width()


def test_the_unit_column_still_takes_the_spare_width_in_a_wide_window(demo_db, make_window, chinese):
    page = _stats_page(make_window(demo_db), 1600, 900)
    page.tabs.setCurrentWidget(page.bureaus)
    QApplication.processEvents()
    view = page.bureaus.view
    header = view.horizontalHeader()
    assert header.length() == view.viewport().width()
    assert view.horizontalScrollBar().maximum() == 0


# 2. the small tables -----------------------------------------------------------------------------------------------

def test_the_small_tables_show_every_row_at_14_points(demo_db, make_window, large_font, chinese):
    page = _stats_page(make_window(demo_db))
    overview = page.overview
    for table in (overview.violations, overview.records, overview.lead_statuses):
        assert table.rowCount() >= 3, table.objectName()
        rows = sum(table.rowHeight(row) for row in range(table.rowCount()))
        assert table.viewport().height() >= rows, table.objectName()
        assert table.verticalScrollBar().maximum() == 0, table.objectName()
        last = table.rowCount() - 1
        assert table.rowViewportPosition(0) == 0, table.objectName()
        assert table.rowViewportPosition(last) + table.rowHeight(last) <= table.viewport().height(), table.objectName()
    assert overview.lead_statuses.rowCount() == 5 and overview.lead_statuses.height() > 150


# 3. the tallest bar's value ----------------------------------------------------------------------------------------

def test_the_tallest_bar_leaves_a_line_of_the_font_for_its_value(qtbot, large_font):
    from ui.charts import BarChartView

    view = BarChartView("Cases by month (number)", "Cases")
    qtbot.addWidget(view)
    view.resize(600, 260)
    view.show()
    view.set_data([("6月", 2), ("7月", 3), ("8月", 7), ("9月", 1)])
    QApplication.processEvents()
    chart = view.chart()
    series = chart.series()[0]
    bars = series.barSets()[0]
    assert series.isLabelsVisible()
    top = chart.mapToPosition(QPointF(2, 7), series)
    line = QFontMetricsF(bars.labelFont()).height()
    assert top.y() - chart.plotArea().top() >= line


def test_the_value_scale_keeps_its_ticks_whole():
    from ui.charts import value_scale

    assert value_scale(7) == (8, 2)
    assert value_scale(7, room=1.3) == (10, 2)  # 7 × 1.3 = 9.1
    assert value_scale(0) == (1, 1)


# 4. why a chart is empty -------------------------------------------------------------------------------------------

def test_an_empty_chart_says_whether_the_unit_or_the_period_has_no_data(demo_db, qtbot, english):
    from ui.dashboard_overview import OverviewTab
    from workstation.i18n import _
    from workstation.stats import campaign_stats, monthly_in_period
    tab = OverviewTab()
    qtbot.addWidget(tab)
    office = demo_db.execute("SELECT a.id FROM agencies a WHERE a.level = 'town' AND NOT EXISTS (SELECT 1 FROM "
                             "cases c WHERE c.agency_id = a.id) ORDER BY a.code").fetchone()[0]
    stats = campaign_stats(demo_db, office)
    tab.show_stats(stats, monthly_in_period(demo_db, office), "整个专项行动", every_district=False, in_period=False)
    texts = {key: chart.findChild(QLabel, "chart_no_data").text() for key, chart in tab.charts.items()}
    assert set(texts.values()) == {_("No data for the selected unit")}, texts
    assert all(chart.has_no_data() for chart in tab.charts.values())
    assert tab.charts["sector"].accessibleDescription() == _("No data for the selected unit")
    stats = campaign_stats(demo_db, office, "2020-01-01", "2020-03-31")
    tab.show_stats(stats, [], "2020", every_district=False, in_period=True)
    assert tab.charts["month"].findChild(QLabel, "chart_no_data").text() == \
        _("No data for the selected unit and period")
    stats = campaign_stats(demo_db, None, "2020-01-01", "2020-03-31")
    tab.show_stats(stats, [], "2020", every_district=True, in_period=True)
    assert tab.charts["district"].findChild(QLabel, "chart_no_data").text() == _("No data for this period")


# 5. the same columns on the tab, in its CSV and in the export -----------------------------------------------------

def test_the_tab_its_csv_and_the_export_have_the_same_columns(demo_db, make_window, prompts, tmp_path, chinese):
    from workstation.i18n import _
    from workstation.stats_export import export_statistics

    page = _stats_page(make_window(demo_db))
    target = tmp_path / "考评.csv"
    prompts.save_file = lambda parent, title, name, filters: str(target)
    page.bureaus.export()
    assert prompts.errors == []
    written = _csv(target)
    start = next(i for i, row in enumerate(written) if row and row[0] == "单位")
    tab_head, tab_rows = written[start], written[start + 1:]
    exported = tmp_path / "统计.csv"
    export_statistics(demo_db, exported)
    lines = _csv(exported)
    begin = lines.index(["各局考评"]) + 1
    end = next((i for i in range(begin, len(lines)) if not lines[i]), len(lines))
    assert tab_head == lines[begin]
    assert "按期办结率" in tab_head and "其中未经交办、自行登记核查（条）" in tab_head
    assert tab_rows == lines[begin + 1:end]
    # the table on screen: its columns all in the file, with the same figures; the note says what is the same
    model = page.bureaus.model
    shown = [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
             for c in range(model.columnCount())]
    assert set(shown) <= set(tab_head) and set(tab_head) - set(shown) == {"其中未经交办、自行登记核查（条）"}
    total = model.rowCount() - 1
    values = {head: model.index(total, c).data() for c, head in enumerate(shown)}
    assert values["按期办结率"] == tab_rows[-1][tab_head.index("按期办结率")]
    assert values["案件数（件）"] == tab_rows[-1][tab_head.index("案件数（件）")]
    note = next(label.text() for label in page.bureaus.findChildren(QLabel) if "各局考评" in label.text())
    assert note == _("Each bureau and office counts its own records; the district and city totals add them up. "
                     "The table lists the units of the agency chosen above with the figures of its report's table "
                     "3 and of the statistics export's sheet \"{sheet}\"; its CSV file has that sheet's columns, "
                     "which also count the leads decided without being assigned.").format(sheet="各局考评")
    assert tab_rows[-1][0] == "全市合计"


# 6. the stations whose records are counted ------------------------------------------------------------------------

def _merged_from_two_stations(db) -> None:
    """HQ merged 南海站's and 顺德站's bundles; 南海站's carried a case of 顺德区局 (the demo's first)."""
    from workstation.store import agency_id_for_code

    for station, name, code, made in (("st-nh", "南海站", NANHAI, "2026-11-20T10:00:00+08:00"),
                                      ("st-sd", "顺德站", SHUNDE, "2026-12-08T10:00:00+08:00")):
        db.execute("INSERT INTO stations (id, name, agency_id, sign_key, fingerprint, role, updated_at) "
                   "VALUES (?, ?, ?, 'k', ?, 'trusted', ?)", [station, name, agency_id_for_code(code), station, made])
        db.execute("INSERT INTO bundle_imports (id, bundle_id, station_id, sha256, created_at, imported_at, "
                   "imported_by, scope) VALUES (?, ?, ?, ?, ?, ?, '', 'all')",
                   [f"imp-{station}", f"b-{station}", station, station, made, made])
    case = db.execute("SELECT id FROM cases WHERE agency_id = ? ORDER BY id",
                      [agency_id_for_code(SHUNDE)]).fetchone()[0]
    db.execute("INSERT INTO sync_base (tbl, record_id, row_json, station_id, updated_at) "
               "VALUES ('cases', ?, '{}', 'st-nh', '2026-11-20T10:00:00+08:00')", [case])


def test_the_stations_named_are_those_whose_records_are_counted(demo_db):
    from workstation.stats import campaign_stats, stations_as_of, stations_as_of_text
    from workstation.stats_export import filter_header
    from workstation.store import agency_id_for_code

    _merged_from_two_stations(demo_db)
    shunde = agency_id_for_code(SHUNDE)
    assert [s["station"] for s in stations_as_of(demo_db, shunde)] == ["南海站", "顺德站"]
    text = stations_as_of_text(campaign_stats(demo_db, shunde)["stations"])
    assert "南海站" in text and "顺德站" in text
    header = dict(filter_header(demo_db, shunde))
    assert header["站点数据截至"] == "南海站 2026-11-20；顺德站 2026-12-08"
    # 高明区局: neither station sent any of its records
    assert stations_as_of(demo_db, agency_id_for_code(GAOMING)) == []
    # 南海区局: its own station only (顺德站 sent nothing of it)
    assert [s["station"] for s in stations_as_of(demo_db, agency_id_for_code(NANHAI))] == ["南海站"]


def test_the_page_and_the_tab_s_csv_name_the_stations_counted(demo_db, make_window, prompts, tmp_path, qtbot,
                                                             chinese):
    from workstation.store import agency_id_for_code

    _merged_from_two_stations(demo_db)
    page = _stats_page(make_window(demo_db))
    shunde = agency_id_for_code(SHUNDE)
    page.agency.setCurrentIndex(page.agency.findData(shunde))
    qtbot.waitUntil(lambda: page.bureaus.agency_id == shunde)
    label = page.findChild(QLabel, "stats_stations")
    assert "顺德站" in label.text() and "南海站" in label.text() and label.isVisible()
    target = tmp_path / "考评.csv"
    prompts.save_file = lambda parent, title, name, filters: str(target)
    page.bureaus.export()
    assert prompts.errors == []
    header = {row[0]: row[1] for row in _csv(target)[1:6] if len(row) == 2}
    assert header["站点数据截至"] == "南海站 2026-11-20；顺德站 2026-12-08"
    assert header["统计期间"] == "整个专项行动" and header["办案机关"].startswith("佛山市顺德区市场监督管理局")
