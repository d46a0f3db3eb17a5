"""The lists and the sector chart on a 1,024×700 laptop: the case list's and the 约谈 register's key columns within
the table's width (the long texts elided, whole as tooltips; sector and district, the case list's least important
columns, last), columns the officer drags kept (across a restart for the case list), and each sector's name drawn
whole on the chart."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui.case_list_page import CaseListPage
from ui.charts import one_line, two_lines
from ui.column_fit import MINIMUM_SHARE
from workstation.vocabulary import labels

pytestmark = pytest.mark.gui

# number, party, cause, status, filed on, records, fines
CASE_KEY_COLUMNS = (0, 1, 2, 5, 6, 7, 8)


def shown_at(window, width: int, height: int, row: int = 0):
    window.resize(width, height)
    window.show()
    window.navigation.setCurrentRow(row)
    QApplication.processEvents()
    assert window.width() == width  # no page makes the window wider than the laptop's screen


def case_list_at(window, width: int, height: int) -> CaseListPage:
    shown_at(window, width, height)
    window.case_tabs.setCurrentWidget(window.case_list)
    QApplication.processEvents()
    return window.case_list


def within(view, column: int) -> bool:
    header = view.horizontalHeader()
    start = header.sectionViewportPosition(column)
    return 0 <= start and start + header.sectionSize(column) <= view.viewport().width()


def test_the_key_columns_of_the_case_list_fit_a_1024_pixel_window(make_window, demo_db):
    page = case_list_at(make_window(demo_db), 1024, 700)
    table, header = page.table, page.table.horizontalHeader()
    for column in CASE_KEY_COLUMNS:
        assert within(table, column), header.model().headerData(column, Qt.Orientation.Horizontal)
    assert header.sectionSize(1) >= MINIMUM_SHARE and header.sectionSize(2) >= MINIMUM_SHARE
    # the party and cause elided show whole as tooltips; sector and district come after every key column
    assert page.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == page.model.index(0, 1).data()
    assert min(header.visualIndex(3), header.visualIndex(4)) > max(header.visualIndex(c) for c in CASE_KEY_COLUMNS)
    for column in range(header.count()):  # no header cut off
        assert header.sectionSize(column) >= header.sectionSizeHint(column), column
    # the whole sector, status and case number of every row loaded
    sectors = max(labels("sectors").values(), key=table.fontMetrics().horizontalAdvance)
    assert header.sectionSize(3) > table.fontMetrics().horizontalAdvance(sectors)
    widest = max((page.model.index(r, 0).data() for r in range(page.model.rowCount())),
                 key=table.fontMetrics().horizontalAdvance)
    assert header.sectionSize(0) > table.fontMetrics().horizontalAdvance(widest)
    # the search box shows its hint whole (the full one is its tooltip)
    search = page.search
    assert search.fontMetrics().horizontalAdvance(search.placeholderText()) < search.width() - 20
    assert search.placeholderText() in search.toolTip() or len(search.placeholderText()) < len(search.toolTip())


def test_every_column_of_the_case_list_fits_a_wide_window_with_party_and_cause_wider(make_window, demo_db):
    page = case_list_at(make_window(demo_db), 1600, 1000)
    header = page.table.horizontalHeader()
    assert all(within(page.table, column) for column in range(header.count()))
    assert header.sectionSize(2) > 300  # the room a wide window has goes to the long texts
    assert sum(header.sectionSize(c) for c in range(header.count())) == page.table.viewport().width()


def test_a_case_list_column_the_officer_drags_is_kept_and_restored(make_window, demo_db):
    window = make_window(demo_db)
    page = case_list_at(window, 1024, 700)
    header = page.table.horizontalHeader()
    header.resizeSection(1, 200)  # as the officer drags the party column
    window.resize(1300, 800)
    QApplication.processEvents()
    assert header.sectionSize(1) == 200  # not fitted again
    cause = header.sectionSize(2)
    assert cause > MINIMUM_SHARE and all(within(page.table, c) for c in CASE_KEY_COLUMNS)
    window.save_geometry()  # as on closing

    again = case_list_at(make_window(demo_db), 1024, 700)
    restored = again.table.horizontalHeader()
    assert restored.sectionSize(1) == 200
    assert again.fitter.dragged == {1}
    assert all(within(again.table, c) for c in CASE_KEY_COLUMNS)  # the cause gave the room


def test_a_header_saved_by_the_earlier_layout_takes_the_fitted_one(make_window, demo_db):
    window = make_window(demo_db)
    header = window.case_list.table.horizontalHeader()
    with window.case_list.fitter.quiet():  # the earlier layout: columns in model order, fixed widths, last stretched
        for column in range(header.count()):
            header.moveSection(header.visualIndex(column), column)
        for column, width in enumerate((170, 260, 280, 90, 70, 80, 90, 70)):
            header.resizeSection(column, max(width, header.sectionSizeHint(column)))
        header.setStretchLastSection(True)
    window.settings.setValue("cases/header", header.saveState())  # no "cases/dragged" then
    window.settings.sync()

    page = case_list_at(make_window(demo_db), 1024, 700)
    assert all(within(page.table, c) for c in CASE_KEY_COLUMNS)
    assert page.fitter.dragged == set()
    assert not page.table.horizontalHeader().stretchLastSection()


def test_the_interview_register_shows_follow_up_and_state_in_a_1024_pixel_window(make_window, demo_db):
    window = make_window(demo_db)
    page = window.interviews_page
    shown_at(window, 1024, 700, row=2)
    view, header = page.view, page.view.horizontalHeader()
    assert page.model.rowCount() > 0
    names = {header.model().headerData(c, Qt.Orientation.Horizontal): c for c in range(header.count())}
    for name in ("约谈日期", "类型", "约谈主题", "被约谈方", "整改期限", "跟进", "状态"):
        assert within(view, names[name]), name
    follow_up = names["跟进"]
    assert page.model.index(0, follow_up).data(Qt.ItemDataRole.ToolTipRole) == page.model.index(0, follow_up).data()
    header.resizeSection(follow_up, 200)  # dragged by the officer: kept when the register is reloaded
    page.refresh()
    QApplication.processEvents()
    assert header.sectionSize(follow_up) == 200
    assert within(view, names["状态"])


def sector_labels_drawn(chart_view) -> list[str]:
    """The texts the chart draws on its category axis, a two-line label read as one line."""
    scene = chart_view.scene()
    texts = [item.toGraphicsObject().toPlainText() for item in scene.items() if item.type() == 8]  # text items
    return [t.replace("\n", "").replace("\u2028", "") for t in texts]


def test_every_sector_name_is_drawn_whole_on_the_chart_in_a_1024_pixel_window(make_window, demo_db):
    window = make_window(demo_db)
    shown_at(window, 1024, 700, row=4)
    chart = window.stats_page.overview.charts["sector"]
    QApplication.processEvents()
    sectors = [name for name, _count in chart.shown()]
    assert "房地产租售" in sectors and len(sectors) >= 4
    drawn = sector_labels_drawn(chart)
    assert not any(text.endswith("...") or text.endswith("…") for text in drawn)
    assert all(name in drawn for name in sectors)


def test_a_long_category_label_breaks_in_two_and_reads_back_whole():
    assert two_lines("房地产租售") == "房地产<br>租售"
    assert two_lines("南海区") == "南海区"
    assert two_lines("Real estate rental") == "Real estate <br>rental"
    assert two_lines("Education") == "Education"  # a word is not broken
    for label in ("房地产租售", "教育培训", "2025-12", "A&B <x> c", "其他"):
        assert one_line(two_lines(label)) == label
