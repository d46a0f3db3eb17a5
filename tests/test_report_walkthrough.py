"""What a walkthrough of the 统计 page and the 通报 found: the note on a frozen period's moved figures cut off in the
report dialog and written with ASCII punctuation, a district bureau's report naming its one district, a frozen
whole-campaign period listed as "… 至 …", amounts written three ways, charts of an empty period drawn as blank
axes, the dashboard's districts in another order than the report's, and a table by month without its 合计 and
without the months after the last case."""

from __future__ import annotations

import io

import openpyxl
import pytest

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel

from workstation.i18n import _
from workstation.reports import drift_lines, freeze_period, live_changes, report_data
from workstation.reports.campaign import render_report
from workstation.reports.document import tables
from workstation.reports.text import wan, wan_figure
from workstation.store import list_agencies


def _agency(db, short_name: str) -> str:
    return next(a.id for a in list_agencies(db) if a.short_name == short_name)


def _more_records_in_sanshui(db, more: int) -> None:
    """A case of 三水区 now says ``more`` records more than when the period was frozen (as a merged bundle would)."""
    with db.atomic():
        db.execute("UPDATE cases SET records_other = records_other + ? WHERE id = (SELECT id FROM cases "
                   "WHERE district = '三水区' AND filed_on IS NOT NULL ORDER BY id LIMIT 1)", [more])


# 1. the lines on a frozen period's moved figures --------------------------------------------------------------------

def test_the_lines_on_moved_figures_use_chinese_punctuation(demo_db):
    freeze_period(demo_db, "十二月前")
    before = next(d for d in report_data(demo_db)["districts"] if d["district"] == "三水区")["records"]
    _more_records_in_sanshui(demo_db, 1000)
    lines = drift_lines(live_changes(demo_db, "十二月前"))
    assert f"表2 各辖区案件情况·三水区·涉案信息（条）：{before}→{before + 1000}（+1000）" in lines
    for line in lines:
        assert ": " not in line and "  " not in line and " · " not in line and " → " not in line, line


def test_the_lines_write_amounts_as_the_report_does(demo_db):
    freeze_period(demo_db, "十二月前")
    with demo_db.atomic():
        demo_db.execute("UPDATE cases SET fine_fen = fine_fen + 1000000 WHERE id = (SELECT id FROM cases "
                        "WHERE district = '三水区' AND filed_on IS NOT NULL AND fine_fen IS NOT NULL ORDER BY id "
                        "LIMIT 1)")
    body = [line for line in drift_lines(live_changes(demo_db, "十二月前")) if line.startswith("正文·罚没金额")]
    assert body == ["正文·罚没金额：18.90万元→19.90万元（+1.00万元）"]


# 2. the breakdown of a district bureau's, a town office's and the city's cases ---------------------------------------

def _case_paragraphs(data: dict) -> list[str]:
    return data["sections"][0]["paragraphs"]


def test_a_district_bureau_s_report_breaks_its_cases_down_by_its_offices(read_demo_db):
    paragraphs = _case_paragraphs(report_data(read_demo_db, agency_id=_agency(read_demo_db, "禅城区局")))
    assert "从承办单位看，区局本级5件、祖庙所2件。" in paragraphs
    assert not any(p.startswith("从辖区分布看") for p in paragraphs)


def test_a_town_office_s_report_has_no_breakdown_and_the_city_s_is_by_district(read_demo_db):
    office = _case_paragraphs(report_data(read_demo_db, agency_id=_agency(read_demo_db, "祖庙所")))
    assert not any(p.startswith(("从辖区分布看", "从承办单位看")) for p in office)
    city = _case_paragraphs(report_data(read_demo_db))
    assert "从辖区分布看，南海区9件、顺德区9件、禅城区7件、三水区6件、高明区5件。" in city


# 3. a frozen whole-campaign period in the report dialog --------------------------------------------------------------

@pytest.mark.gui
def test_the_report_dialog_names_a_frozen_whole_campaign_period_as_such(demo_db, prompts, qtbot, english):
    from ui.report_dialog import CampaignReportDialog

    frozen = freeze_period(demo_db, "十二月前")
    freeze_period(demo_db, "上半年", "2026-01-01", "2026-06-30")
    freeze_period(demo_db, "三月以来", "2026-03-01")
    dialog = CampaignReportDialog(demo_db, prompts, (None, None, None), "全部")
    qtbot.addWidget(dialog)
    at = frozen.frozen_at[:10]
    items = {dialog.frozen_list.itemData(i): dialog.frozen_list.itemText(i) for i in range(dialog.frozen_list.count())}
    assert items == {"十二月前": f"十二月前 (whole campaign, frozen on {at})",
                     "上半年": f"上半年 (2026-01-01 to 2026-06-30, frozen on {at})",
                     "三月以来": f"三月以来 (2026-03-01 to {at}, frozen on {at})"}


# 1. the note in the dialog -----------------------------------------------------------------------------------------

@pytest.mark.gui
def test_the_note_on_moved_figures_is_shown_whole_above_the_next_row(demo_db, prompts, qtbot):
    from ui.report_dialog import CampaignReportDialog

    freeze_period(demo_db, "十二月前")
    _more_records_in_sanshui(demo_db, 1000)
    dialog = CampaignReportDialog(demo_db, prompts, (None, None, None), "全部")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.frozen.setChecked(True)
    dialog.frozen_list.setCurrentIndex(dialog.frozen_list.findData("十二月前"))
    assert "三水区·涉案信息（条）" in dialog.drift.text()
    box = dialog.drift_box

    def bottom_of_note() -> int:
        return box.mapTo(dialog, box.rect().bottomLeft()).y()

    def top_of_next_row() -> int:
        return dialog.freeze.mapTo(dialog, dialog.freeze.rect().topLeft()).y()

    # the dialog grows to make room for the note (once its layout has run): the row after it starts below it ...
    qtbot.waitUntil(lambda: top_of_next_row() > bottom_of_note())
    # ... and the whole note is in sight: no line cut off, nothing to scroll to
    assert dialog.drift.height() >= dialog.drift.heightForWidth(dialog.drift.width())
    assert box.viewport().height() >= dialog.drift.height()
    assert box.verticalScrollBar().maximum() == 0
    assert dialog.buttons.geometry().bottom() <= dialog.height()
    assert dialog.height() <= dialog.screen().availableGeometry().height()


@pytest.mark.gui
def test_a_note_longer_than_a_third_of_the_screen_scrolls(demo_db, prompts, qtbot):
    from ui.report_dialog import DRIFT_SCREEN_SHARE, CampaignReportDialog

    freeze_period(demo_db, "十二月前")
    dialog = CampaignReportDialog(demo_db, prompts, (None, None, None), "全部")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.frozen.setChecked(True)
    dialog._compared("十二月前", "说明" * 4000)  # a note far taller than the screen (an altered period's reason)
    cap = dialog.screen().availableGeometry().height() // DRIFT_SCREEN_SHARE
    assert dialog.drift_box.minimumHeight() == cap
    qtbot.waitUntil(lambda: dialog.drift_box.verticalScrollBar().maximum() > 0)
    assert dialog.height() <= dialog.screen().availableGeometry().height()


# 4. one style of amounts; an empty period ----------------------------------------------------------------------------

@pytest.fixture
def page(demo_db, make_window):
    window = make_window(demo_db)
    window.navigation.setCurrentRow(4)
    return window.stats_page


@pytest.mark.gui
def test_the_dashboard_writes_the_amount_as_the_report_does(page, demo_db):
    tile = page.findChild(QLabel, "figure_penalties").text()
    headline = page.findChild(QLabel, "stats_headline").text()
    assert tile == wan(189_000_00) == "18.90万元"
    assert tile in headline and "¥" not in headline
    assert "罚没金额18.90万元" in report_data(demo_db)["text"][1]


@pytest.mark.gui
def test_the_charts_of_a_period_without_cases_say_so(page, qtbot):
    page.whole.setChecked(False)
    page.date_from.setDate(QDate(2020, 1, 1))
    page.date_to.setDate(QDate(2020, 3, 31))
    qtbot.waitUntil(lambda: page.findChild(QLabel, "figure_cases").text() == "0")
    for key, chart in page.overview.charts.items():
        assert chart.has_no_data(), key
        assert chart.findChild(QLabel, "chart_no_data").text() == _("No data for this period")
        # no axis drawn (a pie has none; a bar chart keeps its pair hidden for the next recount)
        assert not any(axis.isVisible() for axis in chart.chart().axes()) and chart.shown() == [], key
    page.whole.setChecked(True)
    qtbot.waitUntil(lambda: page.findChild(QLabel, "figure_cases").text() == "36")
    assert not any(chart.has_no_data() for chart in page.overview.charts.values())


# 5. the report and the dashboard agree ---------------------------------------------------------------------------

@pytest.mark.gui
def test_the_dashboard_lists_the_districts_in_the_report_s_order(page, demo_db):
    report = [(d["district"], float(d["cases"])) for d in report_data(demo_db)["districts"] if d["cases"]]
    assert page.overview.charts["district"].shown() == report
    assert [name for name, _cases in report] == ["禅城区", "南海区", "顺德区", "三水区", "高明区"]


def test_the_table_by_month_has_its_total_row(read_demo_db):
    data = report_data(read_demo_db, "2026-01-01", "2026-06-30")
    caption, _head, rows, _widths, bold = tables(data)[-1]
    assert caption == "表4  各月办案情况"
    total = data["stats"]["cases"]["total"]
    assert rows[-1] == ("合计", total, data["stats"]["infringing_records"],
                        wan_figure(data["stats"]["penalties_total_fen"]))
    assert [r[0] for r in rows[:-1]] == [f"2026年{n}月" for n in range(1, 7)]
    assert bold == {6}
    book = openpyxl.load_workbook(io.BytesIO(render_report(data, "xlsx")[0]))
    assert [c.value for c in book["月度"][book["月度"].max_row]] == [
        "合计", total, data["stats"]["infringing_records"], data["stats"]["penalties_total_fen"] / 100]


def test_a_period_frozen_before_keeps_its_table_by_month_without_a_total(read_demo_db):
    data = report_data(read_demo_db, "2026-01-01", "2026-06-30") | {"format": 6}
    _caption, _head, rows, _widths, bold = tables(data)[-1]
    assert rows[-1][0] == "2026年6月" and bold == set()


def test_the_whole_campaign_lists_every_month_up_to_the_day_of_the_report(read_demo_db):
    data = report_data(read_demo_db)
    months = [m["month"] for m in data["monthly"]]
    assert months[-1] == data["generated_at"][:7]
    first = int(months[0][:4]) * 12 + int(months[0][5:7]) - 1
    assert months == [f"{(first + i) // 12:04d}-{(first + i) % 12 + 1:02d}" for i in range(len(months))]
    assert sum(m["cases"] for m in data["monthly"]) == 36
